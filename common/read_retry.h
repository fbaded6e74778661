// How a reader survives a writer's commits: the read-retry policy.
#pragma once

#include <xapian.h>

// In naba::schema, beside the reader it guards (schema::open_reader).
namespace naba::schema {

/** Runs @p read; when a writer's commits overtake it (DatabaseModifiedError,
 *  or a block glass recycled mid-read, reported as corrupt), calls @p renew
 *  and runs it again, at most 20 times in all; the last error is thrown, and
 *  a DatabaseOpeningError at once (no index there: trying again changes
 *  nothing). A reader that had such an error is spent (read again, it can
 *  answer wrongly without an error), so @p renew gives the next read a new
 *  one. */
template <typename Read, typename Renew>
auto retry_read(Read read, Renew renew) -> decltype(read()) {
  constexpr int kAttempts = 20;
  for (int attempt = 1;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseOpeningError&) {
      throw;
    } catch (const Xapian::DatabaseError&) {
      if (attempt == kAttempts) throw;
      renew();
    }
  }
}

}  // namespace naba::schema
