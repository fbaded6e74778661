// What a Searcher keeps of the passages it ranks: their stored text and
// analysis, the facts ranking reads of them, their articles' titles, this
// search's scores and article evidence. One owner, with one way to forget per
// search (begin_search) and one per reopen (forget_documents).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/schema.h"
#include "common/stored_passage.h"
#include "naba/analyzer.h"
#include "naba/search.h"
#include "searcher/analysis_cache.h"
#include "searcher/article_score.h"
#include "searcher/query_parser.h"
#include "searcher/ranking.h"

namespace naba::detail {

class RankingState {
 public:
  /** @p db and @p analyzer belong to the Searcher and outlive this. */
  RankingState(const Xapian::Database& db, Analyzer& analyzer) : analyzer_(analyzer), scorer_(db) {}

  /** A passage read, by document id (never reused): saved alerts show the
   *  same new passages for many queries. */
  struct Passage {
    schema::StoredPassage stored;
    std::string story;
    std::uint64_t ingest = 0;       // its article's ingest number (0: none)
    SharedAnalyses::Tokens tokens;  // once highlighted
  };
  Passage& passage(const Xapian::MSetIterator& it);

  /** @p it's passage analysed, shared with other threads' Searchers if any. */
  const std::vector<Token>& tokens(const Xapian::MSetIterator& it);
  void share_analyses(std::shared_ptr<SharedAnalyses> shared) { shared_ = std::move(shared); }

  /** Forgets this search's scores; @p one_batch: the search looks at one batch
   *  of new articles, whose facts are worth keeping for the next. */
  void begin_search(bool one_batch);
  /** After a reopen: an article may have been re-indexed (new passages, title). */
  void forget_documents();

  /** The evidence for every article among @p mset's passages (by relevance only). */
  void gather_evidence(const Xapian::Query& q, const Xapian::MSet& mset, bool by_score);

  /** A passage's score: lead-weighted, boosted for names, scaled by its query
   *  coverage, plus its article's BM25 (docs/ranking.md). */
  double score(const Xapian::MSetIterator& it, const ParsedQuery& q);

 private:
  double weighted(const Xapian::MSetIterator& it, const std::vector<std::string>* names);
  const std::vector<Token>& title_of(const Xapian::MSetIterator& it);

  Analyzer& analyzer_;
  std::shared_ptr<SharedAnalyses> shared_;  // with other threads' Searchers
  std::unordered_map<Xapian::docid, Passage> passages_;
  // What ranking reads of a passage beyond its weight, by document id.
  struct Facts {
    std::optional<std::size_t> passage;  // its number in the article (the lead boost)
    std::optional<NameCounts> names;     // for the entity boost
  };
  std::unordered_map<Xapian::docid, Facts> facts_;
  // Analysed titles by article id, for the entity boost: every passage of an
  // article shares one analysis.
  std::unordered_map<std::string, std::vector<Token>> titles_;
  // Article-level evidence (docs/ranking.md, "Article evidence"): a passage's
  // score adds its article's BM25 over the whole text, so the article that
  // covers more of the query elsewhere wins a tie between equally good
  // passages. Reranks the fetched candidates only.
  ArticleScorer scorer_;
  std::unordered_map<std::string, double> article_bonus_;  // article id → its BM25
  // Each passage's share of the query, relative to its article's best passage
  // (docs/ranking.md, "Query coverage").
  ArticleScorer::Evidence evidence_;
  // This search's passage scores by document id (ranking and highlighting
  // both need them).
  std::unordered_map<Xapian::docid, double> scores_;
};

}  // namespace naba::detail
