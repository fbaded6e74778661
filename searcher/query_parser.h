// The query language: words, "phrases", AND OR NOT -word ( ), title: source:
// date:A..B. Query text goes through the same Analyzer as the articles did.
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "naba/analyzer.h"
#include "naba/search.h"
#include "searcher/names.h"
#include "searcher/phrase_source.h"

namespace naba::detail {

struct ParsedQuery {
  Xapian::Query query;
  /** Excluded at the top level (-word, NOT word): no passage of an article
   *  that matches one of these is returned. */
  std::vector<Xapian::Query> excluded;
  /** Terms whose occurrences are highlighted (positive words and phrases);
   *  a name's term marks every word of a mention, however many. */
  std::set<std::string> highlight_terms;
  /** User spellings of several words, highlighted where they occur in a row. */
  std::set<TermSequence> highlight_sequences;
  /** The gazetteer names the query asks for (positive), and whether it asks
   *  for nothing else: then passages about them rank first. */
  std::vector<std::string> names;
  bool only_names = false;
  /** The phrases over passage words, by the description of their subquery
   *  of query: ranking checks them in each passage of a matching article. */
  std::map<std::string, PhraseCheck> phrases;
  /** What the searcher should tell the user: an unknown field searched as
   *  words, a word searched as another. */
  std::vector<std::string> warnings;
  /** Words searched as the nearest word the index holds (HoldsTerm). */
  std::vector<Correction> corrections;
};

/** Whether the index holds a term. Given to parse_query, a plain word of the
 *  query (not quoted, not excluded) that the index does not hold, and that
 *  the lexicon has not seen, is searched as the nearest word in both
 *  (analyzers/spelling.h). */
using HoldsTerm = std::function<bool(const std::string& term)>;

/** How a phrase is matched: by Xapian from word positions, or (an index
 *  without them) from the word order of each passage or title by
 *  PhraseSource, which a remote shard cannot run: then phrases are refused. */
enum class Phrases { positions, text, refused };

/** How phrases over passage words, and over title words (title:"..."), are
 *  matched. */
struct PhraseModes {
  Phrases body = Phrases::positions, title = Phrases::positions;
};

/** How phrases are matched in @p db (schema::has_body_positions,
 *  has_title_positions); @p remote: some of its shards are remote. */
PhraseModes phrases_in(const Xapian::Database& db, bool remote = false);

/** Parses @p text, finding names (gazetteer and @p names' user aliases);
 *  throws Error(bad_query) saying what is wrong and where. */
ParsedQuery parse_query(std::string_view text, Analyzer& analyzer,
                        const NameTable& names = NameTable(), PhraseModes phrases = {},
                        const HoldsTerm& holds = {});

}  // namespace naba::detail
