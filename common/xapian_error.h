// The one place where Xapian's exceptions (and the file system's) become
// naba::Error: every library call that touches Xapian runs through
// with_translated_errors(), so the same failure gets the same code everywhere.
#pragma once

#include <xapian.h>

#include <string>

#include "naba/error.h"

namespace naba::xapian_error {

/** Whether @p e reports a full disk or quota (ENOSPC, EDQUOT). Xapian keeps
 *  the errno private; get_error_string() is strerror() of exactly it. */
bool is_disk_full(const Xapian::Error& e);

/** The naba::Error for @p e, met while @p doing ("opening index /x",
 *  "searching /x"). The code depends only on the kind of failure:
 *  lock → locked; no database → not_found; corrupt or wrong version →
 *  corrupt; a full disk, the network, a file, a revision overtaken → io;
 *  a bad query → bad_query; an invalid argument → bad_argument. */
Error translate(const Xapian::Error& e, const std::string& doing);

/** Called inside a catch block: rethrows the exception being handled as a
 *  naba::Error (Xapian errors through translate(), file system errors as io);
 *  naba::Error and anything else (std::bad_alloc) go on as they are. */
[[noreturn]] void rethrow_translated(const std::string& doing);

/** Runs @p f; what it throws leaves as a naba::Error (rethrow_translated). */
template <typename F>
auto with_translated_errors(const std::string& doing, F f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    rethrow_translated(doing);
  }
}

}  // namespace naba::xapian_error
