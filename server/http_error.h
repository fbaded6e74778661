// The API's errors: {"error": {"code", "message"}} with an HTTP status.
#pragma once

#include <stdexcept>
#include <string>

#include "naba/error.h"

namespace httplib {
struct Response;
}

namespace naba::server {

/** Thrown by a route: answered as its status and a JSON error. */
struct HttpError : std::runtime_error {
  int status;
  std::string code;
  HttpError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
};

/** The HTTP status of a library error: 400 for a bad query or argument, 404
 *  for something not there, 409 for a taken lock, 503 when the index cannot
 *  be read (none yet, a damaged one, a shard down). */
int status_of(const Error& e);

/** Sets @p res to the JSON error. */
void set_error(httplib::Response& res, int status, const std::string& code,
               const std::string& message);

}  // namespace naba::server
