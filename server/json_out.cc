#include "server/json_out.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace naba::json {
namespace {

// Scores with six decimals, as naba has always printed them.
double six_decimals(double x) {
  return std::round(x * 1e6) / 1e6;
}

// An object with room for @p keys: keys are added to a vector (ordered_json),
// whose growth would copy the keys written so far.
Json object_of(std::size_t keys) {
  Json out = Json::object();
  out.get_ref<Json::object_t&>().reserve(keys);
  return out;
}

// [start, end) pairs in code points, counted in one walk over the text (the
// highlights come in order; one out of order is counted from the start).
Json highlights(const PassageHit& p) {
  const std::string_view text = p.text;
  std::size_t byte = 0, codepoints = 0;
  auto at = [&](std::size_t b) {
    b = std::min(b, text.size());
    if (b < byte) byte = codepoints = 0;
    codepoints += codepoint_offset(text.substr(byte), b - byte);
    byte = b;
    return codepoints;
  };
  Json out = Json::array();
  for (const auto& h : p.highlights) {
    Json pair = Json::array();
    pair.push_back(at(h.start));
    pair.push_back(at(h.end));
    out.push_back(std::move(pair));
  }
  return out;
}

Json facets(const std::vector<Facet>& all) {
  Json out = Json::object();
  for (const auto& f : all) {
    Json counts = Json::array();
    for (const auto& c : f.counts) counts.push_back({{"value", c.value}, {"count", c.count}});
    out[f.name] = std::move(counts);
  }
  return out;
}

}  // namespace

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Objects are built key by key, their room reserved: an initializer list
// makes each pair an array first (docs/server.md, "Overhead").
Json search_results(const SearchResults& r) {
  Json results = Json::array();
  for (const auto& res : r.results) {
    Json passages = Json::array();
    for (const auto& p : res.passages) {
      Json passage = object_of(5);
      passage["index"] = p.index;
      passage["paragraph"] = p.paragraph;
      passage["text"] = p.text;
      passage["score"] = six_decimals(p.score);
      passage["highlights"] = highlights(p);
      passages.push_back(std::move(passage));
    }
    Json result = object_of(9);
    result["rank"] = res.rank;
    result["id"] = res.id;
    result["title"] = res.title;
    result["date"] = res.date;
    result["source"] = res.source;
    result["url"] = res.url;
    result["score"] = six_decimals(res.score);
    result["duplicates"] = res.duplicates;
    result["passages"] = std::move(passages);
    results.push_back(std::move(result));
  }
  Json out = object_of(11);
  out["query"] = r.query;
  out["total"] = r.total;
  out["total_exact"] = r.total_exact;
  out["results"] = std::move(results);
  out["warnings"] = r.warnings;
  if (!r.corrections.empty()) {
    Json corrections = Json::array();
    for (const auto& c : r.corrections) {
      Json correction = object_of(2);
      correction["word"] = c.word;
      correction["searched"] = c.searched;
      corrections.push_back(std::move(correction));
    }
    out["corrections"] = std::move(corrections);
  }
  if (!r.missing_shards.empty()) {
    out["partial"] = true;
    out["missing_shards"] = r.missing_shards;
  }
  if (!r.facets.empty()) {
    out["facets"] = facets(r.facets);
    bool complete = true;
    for (const auto& f : r.facets) complete = complete && f.complete;
    out["facets_complete"] = complete;
  }
  if (r.cut_short) out["cut_short"] = true;
  return out;
}

Json stats(const IndexStats& s) {
  return {{"articles", s.articles}, {"passages", s.passages},       {"stories", s.stories},
          {"sources", s.sources},   {"first_date", s.first_date},   {"last_date", s.last_date},
          {"bytes", s.bytes},       {"last_commit", s.last_commit}, {"analyzer", s.analyzer}};
}

Json alert(const Alert& a) {
  return {{"name", a.name},
          {"query", a.query},
          {"source", a.source},
          {"since", a.since},
          {"created", a.created},
          {"last_run", a.last_run},
          {"delivered", a.delivered},
          {"webhook", a.channel.webhook},
          {"exec", a.channel.exec},
          {"digest", a.channel.digest},
          {"pending", a.pending},
          {"last_success", a.last_success},
          {"last_failure", a.last_failure},
          {"failure", a.failure},
          {"failing", a.failing}};
}

Json alert_match(const std::string& alert, const SearchResult& r) {
  const PassageHit& p = r.passages.front();
  return {{"alert", alert},
          {"id", r.id},
          {"title", r.title},
          {"date", r.date},
          {"source", r.source},
          {"url", r.url},
          {"score", six_decimals(r.score)},
          {"paragraph", p.paragraph},
          {"passage", p.text},
          {"highlights", highlights(p)}};
}

Json alias(const Alias& a, const std::string* gazetteer_id) {
  return {{"name", a.name},
          {"spellings", a.spellings},
          {"gazetteer", gazetteer_id ? Json(*gazetteer_id) : Json(nullptr)}};
}

}  // namespace naba::json
