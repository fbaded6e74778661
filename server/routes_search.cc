// GET /api/search, /api/analyze, /api/stats and /healthz.
#include <thread>

#include "naba/analyzer.h"
#include "naba/index.h"
#include "server/http_error.h"
#include "server/request_checks.h"
#include "server/routes.h"

namespace naba::server {
namespace {

using json::Json;

std::size_t count_param(const httplib::Request& req, const char* name, std::size_t fallback,
                        std::size_t min, std::size_t max) {
  if (!req.has_param(name)) return fallback;
  auto n = parse_count(req.get_param_value(name), min, max);
  if (!n)
    throw HttpError(400, "bad_parameter",
                    std::string(name) + " takes a whole number from " + std::to_string(min) +
                        " to " + std::to_string(max));
  return *n;
}

bool flag_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return false;
  const std::string v = req.get_param_value(name);
  if (v == "1" || v == "true" || v.empty()) return true;
  if (v == "0" || v == "false") return false;
  throw HttpError(400, "bad_parameter", std::string(name) + " takes 1, 0, true or false");
}

std::vector<std::string> facet_list(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at <= s.size() && !s.empty();) {
    std::size_t comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    if (comma > at) out.push_back(s.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

SearchOptions search_options(const httplib::Request& req, unsigned search_ms) {
  SearchOptions o;
  o.limit = count_param(req, "n", 10, 1, Limits::kMaxResults);
  o.offset = count_param(req, "offset", 0, 0, Limits::kMaxOffset);
  o.passages = count_param(req, "passages", 1, 1, Limits::kMaxPassages);
  o.source = text_param(req, "source");
  o.category = text_param(req, "category");
  o.since = text_param(req, "since", 10);
  o.until = text_param(req, "until", 10);
  const std::string sort = text_param(req, "sort", 20);
  if (sort == "date")
    o.sort = SortOrder::date;
  else if (!sort.empty() && sort != "relevance")
    throw HttpError(400, "bad_parameter", "sort takes relevance or date");
  o.all_duplicates = flag_param(req, "all_duplicates");
  o.correct = !flag_param(req, "as_written");
  o.facets = facet_list(text_param(req, "facets", 200));
  o.time_limit_ms = search_ms;
  return o;
}

Json search(const httplib::Request& req, Context& ctx) {
  const std::string q = text_param(req, "q", Limits::kQueryBytes);
  if (q.find_first_not_of(" \t\r\n") == std::string::npos)
    throw HttpError(400, "bad_query", "give a query: /api/search?q=WORDS");
  if (auto why = too_costly(q)) throw HttpError(400, "query_too_costly", *why);
  const SearchOptions options = search_options(req, ctx.options.search_ms);
  auto searcher = ctx.searchers.lease();
  try {
    return json::search_results(searcher->search(q, options));
  } catch (const Error& e) {
    if (e.code() == Error::Code::io || e.code() == Error::Code::corrupt) searcher.discard();
    throw;
  }
}

// The rows of naba analyze.
Json analyze(const httplib::Request& req) {
  const std::string text = text_param(req, "text", Limits::kQueryBytes);
  thread_local const Analyzer analyzer;
  Json rows = Json::array();
  for (const auto& t : analyzer.analyze(text)) {
    auto entity = t.known_name ? analyzer.entity(t.term) : std::nullopt;
    rows.push_back({{"original", text.substr(t.start, t.end - t.start)},
                    {"normalised", t.normalized},
                    {"term", t.term},
                    {"position", t.position},
                    {"start", codepoint_offset(text, t.start)},
                    {"end", codepoint_offset(text, t.end)},
                    {"stopword", t.stopword},
                    {"name", entity ? Json(entity->id) : Json(nullptr)},
                    {"entity", t.entity.empty() ? Json(nullptr) : Json(t.entity)}});
  }
  return {{"text", text}, {"rows", std::move(rows)}};
}

}  // namespace

void add_search_routes(httplib::Server& http, Context& ctx) {
  http.Get("/api/search", json_route([&ctx](const auto& req, auto&) { return search(req, ctx); }));
  http.Get("/api/analyze", json_route([](const auto& req, auto&) { return analyze(req); }));
  http.Get("/api/stats", json_route([&ctx](const auto&, auto&) {
             return json::stats(index_stats(ctx.options.db));
           }));
  // Not under /api: no token, for load balancers; says only whether the index reads.
  http.Get("/healthz", json_route([&ctx](const auto&, auto& res) -> Json {
             try {
               ctx.searchers.lease()->last_ingest();
               return {{"status", "ok"}};
             } catch (const Error& e) {
               res.status = 503;
               return {{"status", "unavailable"}};
             }
           }));
}

}  // namespace naba::server
