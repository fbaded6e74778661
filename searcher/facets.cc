#include "searcher/facets.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/schema.h"
#include "common/stored_passage.h"
#include "naba/error.h"

namespace naba::detail {
namespace {

// The length of a date value's prefix that makes the bucket: YYYYMMDD cut.
std::size_t bucket_length(const std::string& facet) {
  if (facet == "date:day") return 8;
  if (facet == "date:month" || facet == "date") return 6;
  if (facet == "date:year") return 4;
  return 0;
}

// "YYYYMM" → "YYYY-MM" (and "YYYYMMDD" → "YYYY-MM-DD").
std::string iso_bucket(const std::string& value) {
  std::string out = value.substr(0, 4);
  if (value.size() >= 6) out += "-" + value.substr(4, 2);
  if (value.size() >= 8) out += "-" + value.substr(6, 2);
  return out;
}

}  // namespace

void check_facets(const std::vector<std::string>& facets) {
  for (const auto& f : facets)
    if (f != "source" && bucket_length(f) == 0)
      throw Error(Error::Code::bad_argument,
                  "unknown facet '" + f +
                      "' (facets: source, date:day, date:month, date:year; the index keeps no "
                      "category)");
}

std::vector<Facet> count_facets(const Xapian::Database& db, const Xapian::Query& query,
                                const std::vector<std::string>& facets, const Deadline& deadline) {
  std::vector<Facet> out;
  if (facets.empty()) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_collapse_key(schema::kArticleId, 1);
  enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
  if (deadline.set) enquire.set_time_limit(deadline.seconds_left());
  Xapian::MSet mset = enquire.get_mset(0, Facet::kMaxArticles);
  bool complete = mset.size() < Facet::kMaxArticles;

  // By filter term (case-folded, as SearchOptions::source matches), shown as first seen.
  std::unordered_map<std::string, FacetCount> sources;
  std::map<std::string, std::size_t> days;  // YYYYMMDD, in order
  bool want_sources = std::find(facets.begin(), facets.end(), "source") != facets.end();
  constexpr Xapian::doccount kChunk = 256;  // documents fetched at once
  for (Xapian::doccount at = 0; at < mset.size(); at += kChunk) {
    if (deadline.passed()) {
      complete = false;
      break;
    }
    auto begin = mset[at], end = at + kChunk < mset.size() ? mset[at + kChunk] : mset.end();
    mset.fetch(begin, end);  // one round trip per remote shard, not one per document
    for (auto it = begin; it != end; ++it) {
      Xapian::Document doc = it.get_document();
      if (std::string day = doc.get_value(schema::kDate); !day.empty()) ++days[day];
      if (!want_sources) continue;
      if (std::string source = schema::stored_passage(doc).source; !source.empty()) {
        FacetCount& c = sources[schema::source_term(source)];
        if (c.value.empty()) c.value = std::move(source);
        ++c.count;
      }
    }
  }

  for (const auto& name : facets) {
    Facet f{name, {}, complete};
    if (name == "source") {
      for (const auto& [term, count] : sources) f.counts.push_back(count);
      std::sort(f.counts.begin(), f.counts.end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
    } else {
      std::map<std::string, std::size_t> buckets;
      for (const auto& [day, count] : days) buckets[day.substr(0, bucket_length(name))] += count;
      for (const auto& [value, count] : buckets) f.counts.push_back({iso_bucket(value), count});
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace naba::detail
