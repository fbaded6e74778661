/** @file error.h
 *  The one error type naba's libraries throw.
 */
#pragma once

#include <stdexcept>
#include <string>

#include "naba/export.h"

namespace naba {

/** Thrown by every naba library call that fails; no Xapian, ICU or simdjson
 *  exception crosses the API (std::bad_alloc may). what() is a message for
 *  people; code() says what kind of failure it is, for programs. */
class NABA_API Error : public std::runtime_error {
 public:
  /** What kind of failure. */
  enum class Code {
    io,            ///< a file or index could not be read or written
    not_found,     ///< no index (or article) where one was expected
    locked,        ///< another process holds the index's write lock
    corrupt,       ///< the index is damaged or not a naba index
    bad_query,     ///< the query text does not parse
    bad_argument,  ///< an option value is out of range or malformed
    internal,      ///< anything else
  };
  /** An error of kind @p code with @p message (what() returns it). */
  Error(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ~Error() override;
  Error(const Error&) = default;
  Error& operator=(const Error&) = default;
  /** What kind of failure this is. */
  Code code() const noexcept { return code_; }

 private:
  Code code_;
};

/** The name of @p code as written in the enum, e.g. "not_found". */
NABA_API const char* error_code_name(Error::Code code) noexcept;

}  // namespace naba
