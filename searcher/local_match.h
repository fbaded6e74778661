// Matching a local index without Xapian's matcher: the candidate articles by
// BM25 and the exact count of matches, from one pass over each query term's
// postings (docs/performance.md).
#pragma once

#include <xapian.h>

#include <optional>
#include <utility>
#include <vector>

#include "searcher/deadline.h"

namespace naba::detail {

/** Xapian::BM25Weight's parameters, for both ways of matching. */
struct BM25Params {
  double k1 = 1.2, b = 0.75, min_normlen = 0.5;  // k2 = 0, k3 = 1
  Xapian::BM25Weight xapian() const { return Xapian::BM25Weight(k1, 0, 1, b, min_normlen); }
};

/** BM25's length normalisation of each document, by docid: the part of a
 *  posting's weight that depends on its document alone, k1 * (max(length /
 *  average length, min_normlen) * b + (1 - b)). PostingIterator::get_doclength()
 *  looks each length up in the B-tree (half the cost of a match), and working
 *  this out per posting was a third of the rest of naba's posting loop. One
 *  pass over the database's length list, about 10 ms for the shared corpus. */
class LengthNorms {
 public:
  LengthNorms(const Xapian::Database& db, const BM25Params& bm25);
  const BM25Params& bm25() const { return bm25_; }
  double operator[](Xapian::docid did) const { return norms_[did]; }

 private:
  BM25Params bm25_;
  std::vector<double> norms_;
};

/** The documents a query matches in a local database, with their weights.
 *
 *  Each term's postings are read once into a bitmap (and its BM25 weights,
 *  computed as Xapian::BM25Weight computes them), then combined as the
 *  query's operators combine them: OR, AND, FILTER, AND_NOT and AND_MAYBE.
 *  Xapian's match reads each posting once per branch that names its term
 *  (the ranked words' OR(any, all) names each twice) and again for the exact
 *  count. Phrases, value ranges and posting sources are listed by Xapian's
 *  match, each once, and weighted as Xapian weighs them (a phrase by its
 *  words; the others not at all). */
class LocalMatch {
 public:
  /** Nothing when @p deadline passes first, or when weighted and the query
   *  holds an operator weighted otherwise (SYNONYM, AND_MAYBE, ...): run
   *  Xapian's match then. Weighted by BM25 with @p norms (of @p db); without
   *  them, unweighted: every query is counted. */
  static std::optional<LocalMatch> run(const Xapian::Database& db, const Xapian::Query& query,
                                       const Deadline& deadline, const LengthNorms* norms);

  /** How many documents match. */
  Xapian::doccount count() const { return count_; }

  /** The best @p k documents (of a weighted match), by weight, equal weights
   *  by docid, as Xapian orders them. */
  using Weighted = std::pair<double, Xapian::docid>;
  std::vector<Weighted> top(std::size_t k);

 private:
  Xapian::doccount count_ = 0;
  std::vector<Weighted> matches_;  // weighted; the first sorted_ in order
  std::size_t sorted_ = 0;
};

/** The number of documents of a local @p db that @p query matches; nothing
 *  if @p deadline passes first. */
inline std::optional<Xapian::doccount> count_matches(const Xapian::Database& db,
                                                     const Xapian::Query& query,
                                                     const Deadline& deadline) {
  auto m = LocalMatch::run(db, query, deadline, nullptr);
  return m ? std::optional(m->count()) : std::nullopt;
}

}  // namespace naba::detail
