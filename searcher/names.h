// Names at query time: the gazetteer's names (found by the analyzer) and the
// user's aliases (naba::Aliases), as the Xapian query and the highlighter see them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "naba/aliases.h"
#include "naba/analyzer.h"

namespace naba::detail {

/** A spelling as indexed: its terms by word, "" for a stop word. */
using TermSequence = std::vector<std::string>;

/** One name and every way the index may hold it. */
struct NameGroup {
  /** The gazetteer term (~الرقه): it stands for all built-in spellings. */
  std::string term;
  /** Extra words that term may stand for in text (قسد vs قوات سوريا الديمقراطية). */
  std::uint32_t slack = 0;
  /** The user's spellings, each as the analyzer indexes it. */
  std::vector<TermSequence> spellings;
};

/** A name found in analysed query text: tokens [first, first + count). */
struct NameMatch {
  std::size_t first = 0, count = 0;
  NameGroup group;
};

/** The names a query may use: the gazetteer plus one index's user aliases. */
class NameTable {
 public:
  NameTable() = default;
  NameTable(const Aliases& aliases, Analyzer& analyzer);

  /** The longest name that starts at tokens[i], if any. */
  std::optional<NameMatch> match_at(const std::vector<Token>& tokens, std::size_t i,
                                    const Analyzer& analyzer) const;

 private:
  std::vector<NameGroup> groups_;
  std::unordered_map<std::string, std::size_t> by_term_;  // gazetteer term → group
  // User spellings by their first term: (spelling, group).
  std::unordered_map<std::string, std::vector<std::pair<TermSequence, std::size_t>>> by_first_;
};

/** The terms of @p text as indexed ("" for stop words inside); a text that
 *  is one gazetteer name becomes the name's term. */
TermSequence indexed_terms(const Analyzer& analyzer, std::string_view text);

}  // namespace naba::detail
