// Highlighting: the matches of a query in a passage's original text.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "common/stored_article.h"

#include "naba/analyzer.h"
#include "naba/search.h"
#include "searcher/query_parser.h"

namespace naba::detail {

/** Marks every match of @p q in a passage analysed as @p tokens: a word, a
 *  whole name however many words it has, a user's spelling of several words. */
std::vector<Span> highlight(const std::vector<Token>& tokens, const ParsedQuery& q);

/** What a query highlights, as vocabulary hashes (schema::term_hash). */
struct HighlightHashes {
  explicit HighlightHashes(const ParsedQuery& q);
  std::unordered_set<std::uint32_t> terms;
  std::vector<std::vector<std::uint32_t>> sequences;
};

/** The same marks, drawn from a passage's stored @p words and @p spans, its
 *  article's @p vocabulary giving each rank's hash: no analysis. */
std::vector<Span> highlight(const schema::WordOrder& words, const schema::WordSpans& spans,
                            const std::vector<std::uint32_t>& vocabulary, const HighlightHashes& q);

}  // namespace naba::detail
