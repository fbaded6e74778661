// Facets: counts of the matching articles by source and by date bucket.
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
 *  An index holds passages, several per article. Xapian's match spies
 *  (ValueCountMatchSpy) see every matching passage before the match collapses
 *  them by article (measured on the sample: 2,357 passages seen for 401
 *  articles), so they would count passages. Articles are counted instead from
 *  a match collapsed by article id, one document each, read in one fetch (one
 *  round trip per remote shard and chunk, so facets work over xapian-tcpsrv
 *  too). At most Facet::kMaxArticles articles are read, and none once
 *  @p deadline has passed (Xapian's time limit on the match, checked again
 *  between chunks of documents read): the facets are then not complete. */
std::vector<Facet> count_facets(const Xapian::Database& db, const Xapian::Query& query,
                                const std::vector<std::string>& facets, const Deadline& deadline);

}  // namespace naba::detail
