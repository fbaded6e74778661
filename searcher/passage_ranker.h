// Passage ranking (docs/ranking.md), in memory over an article's shape: which
// of its passages match the query, their BM25, lead and entity boosts and
// query coverage, plus the article's own BM25. Xapian picks the candidate
// articles; this ranks them and their passages.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/stored_article.h"
#include "searcher/query_parser.h"

namespace naba::detail {

/** What ranking needs of the whole index (schema's metadata). */
struct CorpusStats {
  double articles = 1;
  double passage_length = 1;        // average, in terms, its title's included
  double passages_per_article = 1;  // average
  /** Of the index whose @p parts (its shards, or itself) are in @p db. */
  static CorpusStats of(const Xapian::Database& db, const std::vector<Xapian::Database>& parts);
};

/** An article ranked: its score (its best passage's) and its passages (number,
 *  score), best first; the passages that match the query, or all of them
 *  (scored 0 but for the article's BM25) when none does, as when only a field
 *  such as title: matched. */
struct RankedArticle {
  double score = 0;
  std::vector<std::pair<std::size_t, double>> passages;
};

/** One query compiled for ranking the passages of many articles. */
class PassageRanker {
 public:
  /** @p q and @p db outlive this. */
  PassageRanker(const ParsedQuery& q, const Xapian::Database& db, const CorpusStats& stats);
  RankedArticle rank(const schema::ArticleShape& article) const;

 private:
  // The query as a tree: Xapian's operators, as they match and weight a document.
  struct Node {
    enum class Kind { term, all, any, all_but, first_plus, phrase, always, never };
    Kind kind = Kind::always;
    std::size_t term = 0;                 // Kind::term: its entry in terms_
    const PhraseCheck* phrase = nullptr;  // Kind::phrase: checked in the passage (if known)
    std::size_t phrase_index = 0;
    bool weigh_first_only = false;  // OP_FILTER
    bool max = false;               // OP_MAX
    std::vector<Node> children;
  };
  struct Term {
    std::string text;
    std::uint32_t hash = 0;
    double passage_idf = 0;  // Xapian's BM25 termweight
    double article_idf = 0;  // the article BM25's
  };
  struct Passage;  // one passage being scored
  Node compile(const Xapian::Query& q);
  std::pair<bool, double> match(const Node& n, const Passage& p) const;
  double term_weight(const Term& t, double tf, double length) const;

  const ParsedQuery& query_;
  CorpusStats stats_;
  std::vector<Term> terms_;
  double query_idf_ = 0;  // its terms' article idf, summed
  std::vector<const PhraseCheck*> phrases_;
  std::vector<std::uint32_t> names_;  // hashes of the names of a names-only query
  Node root_;
};

}  // namespace naba::detail
