// Aliases and alerts over HTTP: GET lists, POST adds (a JSON body), DELETE
// removes; POST /api/alerts/NAME/run runs one alert.
#include "naba/alerts.h"
#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/index.h"
#include "server/http_error.h"
#include "server/request_checks.h"
#include "server/routes.h"

namespace naba::server {
namespace {

using json::Json;

// The body as a JSON object; 400 otherwise.
Json body_object(const httplib::Request& req) {
  Json body = Json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    throw HttpError(400, "bad_body", "the body must be a JSON object");
  return body;
}

// A string member of @p body ("" when absent); 400 when it is no string.
std::string member(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string()) throw HttpError(400, "bad_body", std::string(name) + " must be a string");
  return it->get<std::string>();
}

// The NAME in a path /api/.../NAME: decoded, UTF-8.
std::string path_name(const httplib::Request& req) {
  std::string name = req.matches[1];
  if (!valid_utf8(name)) throw HttpError(400, "bad_parameter", "the name is not UTF-8");
  return name;
}

Json list_aliases(Context& ctx) {
  require_index(ctx.options.db);
  Aliases aliases(ctx.options.db);
  thread_local const Analyzer analyzer;
  Json out = Json::array();
  for (const auto& a : aliases.entries()) {
    auto e = analyzer.entity(analyzer.name_term(a.name));
    out.push_back(json::alias(a, e ? &e->id : nullptr));
  }
  return {{"aliases", std::move(out)}};
}

Json add_alias(const httplib::Request& req, Context& ctx) {
  Json body = body_object(req);
  std::vector<std::string> spellings;
  if (auto it = body.find("spellings"); it != body.end() && it->is_array())
    for (const auto& s : *it) {
      if (!s.is_string()) throw HttpError(400, "bad_body", "spellings must be strings");
      spellings.push_back(s.get<std::string>());
    }
  const std::string name = member(body, "name");
  if (name.empty() || spellings.empty())
    throw HttpError(400, "bad_body",
                    "give a name and its spellings: {\"name\":..,\"spellings\":[..]}");
  std::lock_guard lock(ctx.writes);
  require_index(ctx.options.db);
  Aliases aliases(ctx.options.db);
  return {{"name", name}, {"added", aliases.add(name, spellings)}};
}

Json remove_alias(const httplib::Request& req, Context& ctx) {
  const std::string name = path_name(req);
  std::vector<std::string> spellings;
  for (std::size_t i = 0; i < req.get_param_value_count("spelling"); ++i) {
    spellings.push_back(req.get_param_value("spelling", i));
    if (!valid_utf8(spellings.back()))
      throw HttpError(400, "bad_parameter", "spelling is not UTF-8");
  }
  std::lock_guard lock(ctx.writes);
  require_index(ctx.options.db);
  Aliases aliases(ctx.options.db);
  return {{"name", name}, {"removed", aliases.remove(name, spellings)}};
}

Json list_alerts(Context& ctx) {
  Alerts alerts(ctx.options.db);
  Json out = Json::array();
  for (const auto& a : alerts.list()) out.push_back(json::alert(a));
  return {{"alerts", std::move(out)}};
}

Json add_alert(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  Json body = body_object(req);
  Alert a;
  a.name = member(body, "name");
  a.query = member(body, "query");
  a.source = member(body, "source");
  a.since = member(body, "since");
  if (a.name.empty() || a.query.empty())
    throw HttpError(400, "bad_body", "give a name and a query: {\"name\":..,\"query\":..}");
  if (auto why = too_costly(a.query)) throw HttpError(400, "query_too_costly", *why);
  std::lock_guard lock(ctx.writes);
  Alerts alerts(ctx.options.db);
  alerts.add(a);
  const std::size_t matches = alerts.count_matches(a);
  for (const auto& saved : alerts.list())
    if (saved.name == a.name) a = saved;
  res.status = 201;
  return {{"alert", json::alert(a)}, {"matches_now", matches}};
}

Json remove_alert(const httplib::Request& req, Context& ctx) {
  const std::string name = path_name(req);
  std::lock_guard lock(ctx.writes);
  Alerts alerts(ctx.options.db);
  if (!alerts.remove(name)) throw HttpError(404, "not_found", "no alert named '" + name + "'");
  return {{"removed", name}};
}

Json run_alert(const httplib::Request& req, Context& ctx) {
  const std::string name = path_name(req);
  AlertRunOptions options;
  options.names = {name};
  options.dry_run = req.has_param("dry_run") && req.get_param_value("dry_run") != "0" &&
                    req.get_param_value("dry_run") != "false";
  Json matches = Json::array();
  std::lock_guard lock(ctx.writes);
  Alerts alerts(ctx.options.db);
  AlertRunStats s = alerts.run(options, [&](const AlertDelivery& d) {
    for (const auto& r : d.matches) matches.push_back(json::alert_match(d.alert->name, r));
  });
  return {{"alert", name},
          {"dry_run", options.dry_run},
          {"articles", s.articles},
          {"matches", std::move(matches)}};
}

}  // namespace

void add_manage_routes(httplib::Server& http, Context& ctx) {
  http.Get("/api/aliases", json_route([&ctx](const auto&, auto&) { return list_aliases(ctx); }));
  http.Post("/api/aliases",
            json_route([&ctx](const auto& req, auto&) { return add_alias(req, ctx); }));
  http.Delete(R"(/api/aliases/(.+))",
              json_route([&ctx](const auto& req, auto&) { return remove_alias(req, ctx); }));
  http.Get("/api/alerts", json_route([&ctx](const auto&, auto&) { return list_alerts(ctx); }));
  http.Post("/api/alerts",
            json_route([&ctx](const auto& req, auto& res) { return add_alert(req, res, ctx); }));
  http.Delete(R"(/api/alerts/([^/]+))",
              json_route([&ctx](const auto& req, auto&) { return remove_alert(req, ctx); }));
  http.Post(R"(/api/alerts/([^/]+)/run)",
            json_route([&ctx](const auto& req, auto&) { return run_alert(req, ctx); }));
}

}  // namespace naba::server
