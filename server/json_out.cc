#include "server/json_out.h"

#include <cmath>

namespace naba::json {
namespace {

// Scores with six decimals, as naba has always printed them.
double six_decimals(double x) {
  return std::round(x * 1e6) / 1e6;
}

Json highlights(const PassageHit& p) {
  Json out = Json::array();
  for (const auto& h : p.highlights)
    out.push_back({codepoint_offset(p.text, h.start), codepoint_offset(p.text, h.end)});
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

Json search_results(const SearchResults& r) {
  Json results = Json::array();
  for (const auto& res : r.results) {
    Json passages = Json::array();
    for (const auto& p : res.passages)
      passages.push_back({{"index", p.index},
                          {"paragraph", p.paragraph},
                          {"text", p.text},
                          {"score", six_decimals(p.score)},
                          {"highlights", highlights(p)}});
    results.push_back({{"rank", res.rank},
                       {"id", res.id},
                       {"title", res.title},
                       {"date", res.date},
                       {"source", res.source},
                       {"url", res.url},
                       {"score", six_decimals(res.score)},
                       {"duplicates", res.duplicates},
                       {"passages", std::move(passages)}});
  }
  Json out = {{"query", r.query},
              {"total", r.total},
              {"total_exact", r.total_exact},
              {"results", std::move(results)},
              {"warnings", r.warnings}};
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
  return {{"articles", s.articles}, {"passages", s.passages},      {"stories", s.stories},
          {"sources", s.sources},   {"first_date", s.first_date},  {"last_date", s.last_date},
          {"bytes", s.bytes},       {"last_commit", s.last_commit}};
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
