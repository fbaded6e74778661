#include "searcher/facets.h"

#include <algorithm>
#include <map>
#include <optional>

#include "common/schema.h"
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
  if (value.size() >= 6) out.append("-").append(value, 4, 2);
  if (value.size() >= 8) out.append("-").append(value, 6, 2);
  return out;
}

// A field counted by name: its value slot and its filter term.
struct NamedField {
  Xapian::valueno slot;
  std::string (*term)(std::string_view);
};

std::optional<NamedField> named_field(const std::string& facet) {
  if (facet == "source") return NamedField{schema::kSourceName, schema::source_term};
  if (facet == "category") return NamedField{schema::kCategoryName, schema::category_term};
  return std::nullopt;
}

// By filter term (case-folded, as SearchOptions::source and category match),
// shown as first seen, most first.
std::vector<FacetCount> by_name(const Xapian::ValueCountMatchSpy& spy, const NamedField& field) {
  std::map<std::string, FacetCount> names;
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
    FacetCount& c = names[field.term(*v)];
    if (c.value.empty()) c.value = *v;
    c.count += v.get_termfreq();
  }
  std::vector<FacetCount> out;
  for (const auto& [term, count] : names) out.push_back(count);
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

}  // namespace

void check_facets(const std::vector<std::string>& facets) {
  for (const auto& f : facets)
    if (!named_field(f) && bucket_length(f) == 0)
      throw Error(
          Error::Code::bad_argument,
          "unknown facet '" + f + "' (facets: source, category, date:day, date:month, date:year)");
}

// Xapian's match spies see every matching article (one document each), in
// the time left; over remote shards too.
std::vector<Facet> count_facets(const Xapian::Database& db, const Xapian::Query& query,
                                const std::vector<std::string>& facets, const Deadline& deadline) {
  std::vector<Facet> out;
  if (facets.empty()) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  deadline.limit(enquire);
  // A spy for each value slot asked, the dates' counting every matching article.
  Xapian::ValueCountMatchSpy by_day(schema::kDate);
  std::map<Xapian::valueno, Xapian::ValueCountMatchSpy> by_slot;
  enquire.add_matchspy(&by_day);
  for (const auto& name : facets)
    if (auto field = named_field(name); field && !by_slot.count(field->slot))
      enquire.add_matchspy(&by_slot.try_emplace(field->slot, field->slot).first->second);
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  // Past the deadline, phrase checks stopped matching (searcher/deadline.h): not complete.
  const bool complete = mset.get_matches_lower_bound() == mset.get_matches_upper_bound() &&
                        by_day.get_total() == mset.get_matches_lower_bound() && !deadline.passed();

  for (const auto& name : facets) {
    Facet f{name, {}, complete};
    if (auto field = named_field(name)) {
      f.counts = by_name(by_slot.at(field->slot), *field);
    } else {
      std::map<std::string, std::size_t> buckets;
      for (auto v = by_day.values_begin(); v != by_day.values_end(); ++v)
        buckets[(*v).substr(0, bucket_length(name))] += v.get_termfreq();
      for (const auto& [value, count] : buckets) f.counts.push_back({iso_bucket(value), count});
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace naba::detail
