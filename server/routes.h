// The routes of naba serve, by family; server.cc adds the guards around them.
#pragma once

#include <httplib.h>

#include <functional>
#include <mutex>
#include <string>

#include "server/json_out.h"
#include "server/searcher_pool.h"
#include "server/server.h"

namespace naba::server {

/** What the routes share. */
struct Context {
  ServerOptions options;
  SearcherPool searchers;
  /** Alias and alert changes, one at a time: their file locks (aliases.lock,
   *  SQLite's) keep other processes out, not other threads of this one. */
  std::mutex writes;
  explicit Context(ServerOptions o) : options(std::move(o)), searchers(options.db) {}
};

/** @p route wrapped: its JSON answered with status 200 (or the one it sets),
 *  its errors (HttpError, naba::Error, anything else) as JSON errors. */
httplib::Server::Handler json_route(
    std::function<json::Json(const httplib::Request&, httplib::Response&)> route);

/** A text parameter: empty when absent; HttpError 413 over @p max_bytes, 400
 *  when not UTF-8. */
std::string text_param(const httplib::Request& req, const char* name, std::size_t max_bytes = 1000);

/** GET /api/search, /api/analyze, /api/stats, /healthz. */
void add_search_routes(httplib::Server& http, Context& ctx);
/** GET/POST/DELETE /api/aliases and /api/alerts, POST /api/alerts/NAME/run. */
void add_manage_routes(httplib::Server& http, Context& ctx);
/** The web page (/, /alerts, its script and style) and /api/openapi.json,
 *  embedded: no path reaches the file system. */
void add_page_routes(httplib::Server& http);

}  // namespace naba::server
