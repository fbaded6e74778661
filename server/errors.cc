// JSON errors, and routes that answer JSON.
#include <httplib.h>

#include "server/http_error.h"
#include "server/request_checks.h"
#include "server/routes.h"

namespace naba::server {

int status_of(const Error& e) {
  switch (e.code()) {
    case Error::Code::bad_query:
    case Error::Code::bad_argument:
      return 400;
    case Error::Code::not_found:
      // No index (yet) is the server's trouble, not the request's.
      return std::string_view(e.what()).starts_with("no index at") ? 503 : 404;
    case Error::Code::locked:
      return 409;
    case Error::Code::io:
    case Error::Code::corrupt:
      return 503;
    default:
      return 500;
  }
}

void set_error(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.status = status;
  res.set_content(json::dump({{"error", {{"code", code}, {"message", message}}}}),
                  "application/json");
}

httplib::Server::Handler json_route(
    std::function<json::Json(const httplib::Request&, httplib::Response&)> route) {
  return [route = std::move(route)](const httplib::Request& req, httplib::Response& res) {
    try {
      json::Json out = route(req, res);
      res.set_content(json::dump(out), "application/json");
    } catch (const HttpError& e) {
      set_error(res, e.status, e.code, e.what());
    } catch (const Error& e) {
      set_error(res, status_of(e), error_code_name(e.code()), e.what());
    } catch (const std::exception& e) {
      set_error(res, 500, "internal", e.what());
    }
  };
}

std::string text_param(const httplib::Request& req, const char* name, std::size_t max_bytes) {
  if (!req.has_param(name)) return {};
  std::string v = req.get_param_value(name);
  if (v.size() > max_bytes)
    throw HttpError(413, "too_large",
                    std::string(name) + " is over " + std::to_string(max_bytes) + " bytes");
  if (!valid_utf8(v)) throw HttpError(400, "bad_parameter", std::string(name) + " is not UTF-8");
  return v;
}

}  // namespace naba::server
