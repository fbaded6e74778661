// naba serve: cpp-httplib set up with naba's guards (limits, token, CORS,
// percent-encoding), a log line per request, and the routes.
#include "server/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "naba/error.h"
#include "server/http_error.h"
#include "server/request_checks.h"
#include "server/routes.h"

namespace naba::server {
namespace {

thread_local std::chrono::steady_clock::time_point request_start;

// Answered before routing: bad percent-encoding, a missing token, CORS preflights.
httplib::Server::HandlerResponse guard(const Context& ctx, const httplib::Request& req,
                                       httplib::Response& res) {
  request_start = std::chrono::steady_clock::now();
  res.set_header("X-Content-Type-Options", "nosniff");
  if (!ctx.options.cors.empty()) {
    res.set_header("Access-Control-Allow-Origin", ctx.options.cors);
    res.set_header("Vary", "Origin");
    if (req.method == "OPTIONS") {
      res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE");
      res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  if (!valid_percent_encoding(req.target)) {
    set_error(res, 400, "bad_request", "the URL has a '%' not followed by two hex digits");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (!ctx.options.token.empty() && req.path.starts_with("/api/") &&
      !bearer_matches(req.get_header_value("Authorization"), ctx.options.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    set_error(res, 401, "unauthorized", "this server needs Authorization: Bearer TOKEN");
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start)
          .count();
  std::fprintf(stderr, "%s %s %d %.2fms\n", log_safe(req.method).c_str(),
               log_safe(req.path).c_str(), res.status, ms);
}

void configure(httplib::Server& http, Context& ctx, unsigned threads) {
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(Limits::kBodyBytes);
  // Headers and body go out in separate writes: without this, Nagle's algorithm holds
  // the body back until the client's delayed ACK, 40 ms on Linux.
  http.set_tcp_nodelay(true);
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);
  http.set_keep_alive_timeout(5);
  http.set_keep_alive_max_count(1000);
  http.set_pre_routing_handler([&ctx](const auto& req, auto& res) { return guard(ctx, req, res); });
  http.set_logger(log_request);
  // What httplib answers itself (no route, a body too large, a bad request
  // line) gets a JSON body too.
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404:
        return set_error(res, 404, "not_found", "no such page or route");
      case 413:
        return set_error(res, 413, "too_large", "the request is too large");
      case 414:
        return set_error(res, 414, "too_large", "the URL is too long");
      default:
        return set_error(res, res.status, "bad_request", "the request is malformed");
    }
  });
  http.set_exception_handler([](const auto&, auto& res, std::exception_ptr) {
    set_error(res, 500, "internal", "internal error");
  });
  add_search_routes(http, ctx);
  add_manage_routes(http, ctx);
  add_page_routes(http);
}

}  // namespace

void serve(const ServerOptions& options, const std::function<void(int port)>& on_listening) {
  if (options.port < 0 || options.port > 65535)
    throw Error(Error::Code::bad_argument, "--port takes 0 to 65535");
  unsigned threads =
      options.threads ? options.threads : std::max(2u, 2 * std::thread::hardware_concurrency());
  Context ctx(options);
  httplib::Server http;
  configure(http, ctx, threads);

  // SIGINT and SIGTERM stop the server from a thread of its own (stop() is
  // not safe in a signal handler); blocked before the workers start, so they
  // inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const int port = options.port == 0
                       ? http.bind_to_any_port(options.host)
                       : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0)
    throw Error(Error::Code::io, "cannot listen on " + options.host + ":" +
                                     std::to_string(options.port) +
                                     " (in use, or not an address of this machine)");
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    http.stop();
  });
  on_listening(port);
  http.listen_after_bind();
  // Stopped other than by a signal (cannot happen now): wake the stopper.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
}

}  // namespace naba::server
