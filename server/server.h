// naba serve: the HTTP/JSON API and the web page over one index
// (docs/server.md). A small library on libnaba's public API, on cpp-httplib.
#pragma once

#include <functional>
#include <string>

namespace naba::server {

struct ServerOptions {
  /** An index folder, a folder of shards or a stub file. */
  std::string db;
  std::string host = "127.0.0.1";
  /** 0: any free port (the one bound is given to on_listening). */
  int port = 8080;
  /** Worker threads (each with its own Searcher); 0: two per core. */
  unsigned threads = 0;
  /** When not empty, every /api route needs "Authorization: Bearer TOKEN". */
  std::string token;
  /** When not empty, the one origin sent in Access-Control-Allow-Origin. */
  std::string cors;
  /** One search's time limit, in ms (SearchOptions::time_limit_ms). Tests
   *  set it tiny, to see a search cut short on a small index. */
  unsigned search_ms = 100;
};

/** Serves until SIGINT or SIGTERM; @p on_listening is called with the port
 *  once it is bound. Throws Error(io) when the address cannot be bound,
 *  Error(bad_argument) for bad options. */
void serve(const ServerOptions& options, const std::function<void(int port)>& on_listening);

}  // namespace naba::server
