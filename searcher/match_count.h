// Counting the articles a query matches, exactly, without ranking them.
#pragma once

#include <xapian.h>

#include <optional>

#include "searcher/deadline.h"

namespace naba::detail {

/** The number of documents of @p db that @p query matches, from a bitmap per
 *  term over its posting list, combined as the query's operators combine
 *  them (OR, SYNONYM, AND, FILTER, AND_NOT, AND_MAYBE, SCALE_WEIGHT): about a
 *  third of the cost of Xapian's match without weights, which walks each
 *  posting once per branch that holds its term (docs/performance.md). Other
 *  subqueries (phrases, value ranges, posting sources) are listed by Xapian's
 *  match, each once.
 *
 *  Returns nothing when @p deadline passes first. For a local database: over
 *  a remote one each posting list would be a round trip. */
std::optional<Xapian::doccount> count_matches(const Xapian::Database& db,
                                              const Xapian::Query& query,
                                              const Deadline& deadline);

}  // namespace naba::detail
