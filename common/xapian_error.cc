#include "common/xapian_error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace naba::xapian_error {

bool is_disk_full(const Xapian::Error& e) {
  const char* why = e.get_error_string();
  return why && (std::strcmp(why, std::strerror(ENOSPC)) == 0 ||
                 std::strcmp(why, std::strerror(EDQUOT)) == 0);
}

Error translate(const Xapian::Error& e, const std::string& doing) {
  using Code = Error::Code;
  // Xapian's exception classes have no virtual functions: their kind is
  // get_type(), the class name.
  const std::string_view type = e.get_type();
  const std::string what = doing + ": " + e.get_description();
  if (is_disk_full(e))
    return Error(Code::io, doing + ": the disk is full (no space left on device)");
  if (type == "DatabaseLockError") return Error(Code::locked, what);
  if (type == "DatabaseNotFoundError") return Error(Code::not_found, what);
  if (type == "DatabaseCorruptError" || type == "DatabaseVersionError")
    return Error(Code::corrupt, what);
  if (type == "DatabaseModifiedError")
    return Error(Code::io, doing + ": the index kept changing (a writer committed); try again");
  if (type == "QueryParserError") return Error(Code::bad_query, what);
  if (type == "InvalidArgumentError" || type == "RangeError")
    return Error(Code::bad_argument, what);
  if (type == "AssertionError" || type == "InvalidOperationError" || type == "UnimplementedError")
    return Error(Code::internal, what);
  return Error(Code::io, what);  // other database, network and file errors
}

void rethrow_translated(const std::string& doing) {
  try {
    throw;
  } catch (const Xapian::Error& e) {
    throw translate(e, doing);
  } catch (const std::filesystem::filesystem_error& e) {
    const bool full = e.code() == std::errc::no_space_on_device;
    throw Error(Error::Code::io,
                doing + ": " +
                    (full ? std::string("the disk is full (no space left on device)")
                          : e.code().message() + " (" + e.path1().string() + ")"));
  }
}

}  // namespace naba::xapian_error
