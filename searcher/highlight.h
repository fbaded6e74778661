// Highlighting: the matches of a query in a passage's original text.
#pragma once

#include <vector>

#include "naba/analyzer.h"
#include "naba/search.h"
#include "searcher/query_parser.h"

namespace naba::detail {

/** Marks every match of @p q in a passage analysed as @p tokens: a word, a
 *  whole name however many words it has, a user's spelling of several words. */
std::vector<Span> highlight(const std::vector<Token>& tokens, const ParsedQuery& q);

}  // namespace naba::detail
