// The query language: words, "phrases", AND OR NOT -word ( ), title: source:
// date:A..B. Query text goes through the same Analyzer as the articles did.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "naba/analyzer.h"

namespace naba::detail {

struct ParsedQuery {
  Xapian::Query query;
  /** Excluded at the top level (-word, NOT word): no passage of an article
   *  that matches one of these is returned. */
  std::vector<Xapian::Query> excluded;
  /** Terms whose occurrences are highlighted (positive words and phrases). */
  std::set<std::string> highlight_terms;
};

/** Parses @p text; throws Error(bad_query) saying what is wrong and where. */
ParsedQuery parse_query(std::string_view text, Analyzer& analyzer);

}  // namespace naba::detail
