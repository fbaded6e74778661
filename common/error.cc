#include "naba/error.h"

namespace naba {

// The key function: Error's vtable and type info live in libnaba only, so
// catch (const naba::Error&) works across the library boundary.
Error::~Error() = default;

const char* error_code_name(Error::Code code) noexcept {
  switch (code) {
    case Error::Code::io:
      return "io";
    case Error::Code::not_found:
      return "not_found";
    case Error::Code::locked:
      return "locked";
    case Error::Code::corrupt:
      return "corrupt";
    case Error::Code::bad_query:
      return "bad_query";
    case Error::Code::bad_argument:
      return "bad_argument";
    case Error::Code::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace naba
