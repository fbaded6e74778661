// Facets: counts of the matching articles by source, category and date bucket.
#pragma once

#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

#include "naba/search.h"
#include "searcher/deadline.h"

namespace naba::detail {

/** Throws Error(bad_argument) unless every name in @p facets is one
 *  SearchOptions::facets takes. */
void check_facets(const std::vector<std::string>& facets);

/** Counts the articles matching @p query in @p db by each of @p facets.
 *
 *  Xapian's ValueCountMatchSpy counts them over every matching article (one
 *  document each; the date, source and category values), also over remote shards, in a
 *  match without weights limited to the time @p deadline leaves: the facets
 *  are then not complete. */
std::vector<Facet> count_facets(const Xapian::Database& db, const Xapian::Query& query,
                                const std::vector<std::string>& facets, const Deadline& deadline);

}  // namespace naba::detail
