/** @file error.h
 *  The one error type naba's libraries throw.
 */
#pragma once

#include <stdexcept>
#include <string>

namespace naba {

/** Thrown by every naba library call that fails; no Xapian or ICU exception
 *  crosses the API. */
class Error : public std::runtime_error {
 public:
  enum class Code {
    io,            ///< a file or index could not be read or written
    not_found,     ///< no index (or article) where one was expected
    locked,        ///< another process holds the index's write lock
    corrupt,       ///< the index is damaged or not a naba index
    bad_query,     ///< the query text does not parse
    bad_argument,  ///< an option value is out of range or malformed
    internal,      ///< anything else
  };
  Error(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Code code() const noexcept { return code_; }

 private:
  Code code_;
};

}  // namespace naba
