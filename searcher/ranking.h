// How passages and articles rank (docs/ranking.md): BM25 over passages, the
// lead boost, the entity boost, and articles ranked by their best passage.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "naba/analyzer.h"

namespace naba::detail {

/** BM25 over passages: k1 and b chosen on the dev sets (docs/ranking.md). */
Xapian::BM25Weight passage_weight();

/** An article ranks by its best passage, lead-weighted. (Adding a share of its
 *  other passages' weights was measured and hurt: long articles won.) A few
 *  passages per article are fetched so a lead passage can overtake. */
inline constexpr Xapian::doccount kPassagesPerArticle = 3;

/** The gazetteer names (terms prefixed "~") in a passage's document, sorted,
 *  with their wdf. */
using NameCounts = std::vector<std::pair<std::string, Xapian::termcount>>;
NameCounts name_counts(const Xapian::Document& doc);

/** How much a passage is about @p names (1: not at all): their further
 *  mentions in it and their presence in its article's @p title. */
double entity_boost(const NameCounts& counts, const std::vector<Token>& title,
                    const std::vector<std::string>& names);

/** The passage number stored in the document at @p it. */
std::size_t passage_number(const Xapian::MSetIterator& it);

/** A passage's score: its weight, lead-weighted, times the boost for the
 *  names (if any) that it is about. */
double passage_score(const Xapian::MSetIterator& it, std::size_t passage, double name_boost);

/** An article, by its best passage. */
struct Candidate {
  Xapian::MSetIterator best;
  double score = 0;
};

/** The articles among @p mset's passages, best first (by score, or newest
 *  first). Equal scores are ordered by article id, never by docid: docids
 *  depend on how the index is split into shards, results must not
 *  (docs/scaling.md). */
template <typename Score>
std::vector<Candidate> rank_articles(const Xapian::MSet& mset, bool by_score, Score score_of) {
  std::vector<Candidate> ranked;
  std::unordered_map<std::string, std::size_t> index_of;  // article id → entry in ranked
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    double score = score_of(it);
    auto [entry, first] = index_of.try_emplace(it.get_collapse_key(), ranked.size());
    if (first)
      ranked.push_back({it, score});
    else if (by_score && score > ranked[entry->second].score)
      ranked[entry->second] = {it, score};
  }
  auto id = [](const Candidate& c) { return c.best.get_collapse_key(); };
  if (by_score) {
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : id(a) < id(b);
    });
  } else {  // by date (newest first), then the best passage's weight
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Candidate& a, const Candidate& b) {
      auto ka = a.best.get_sort_key(), kb = b.best.get_sort_key();
      if (ka != kb) return ka > kb;
      double wa = a.best.get_weight(), wb = b.best.get_weight();
      return wa != wb ? wa > wb : id(a) < id(b);
    });
  }
  return ranked;
}

}  // namespace naba::detail
