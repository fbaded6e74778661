// Inside naba: a search with the query parsed once and the documents it looks
// at restricted by a Xapian query (the alerts restrict each search to the
// batch of new articles, with exactly the semantics of naba search).
#pragma once

#include <xapian.h>

#include <string_view>

#include "naba/search.h"
#include "query_parser.h"

namespace naba::detail {

struct SearcherAccess {
  /** Searcher::search with @p parsed = parse_query(@p text), among the
   *  documents @p within matches (exclusions are looked up there too).
   *  Unlike Searcher::search, it does not look for a newer commit first (a
   *  batch belongs to a commit already seen; many searches share it). */
  static SearchResults search(Searcher& searcher, const ParsedQuery& parsed, std::string_view text,
                              const SearchOptions& options, const Xapian::Query& within);
};

}  // namespace naba::detail
