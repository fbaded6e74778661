// Article-level evidence for passage ranking: BM25 of a query over a whole
// article, and how much of the query each of its passages covers, from the
// postings of its passages (docs/ranking.md).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace naba::detail {

class ArticleScorer {
 public:
  explicit ArticleScorer(const Xapian::Database& db) : db_(db) {}

  struct Evidence {
    /** BM25 (k1 1.2, b 0.75) of the query over each article, in the order of the ids. */
    std::vector<double> article_bm25;
    /** For each passage of those articles that matches a query word: the share of
     *  the query words' summed IDF that it matches (0 to 1). */
    std::unordered_map<Xapian::docid, double> coverage;
  };

  /** Evidence for @p query's word terms (prefixed field and filter terms are left
   *  out) over each article in @p ids, an article being all its passages. */
  Evidence score(const Xapian::Query& query, const std::vector<std::string>& ids);

 private:
  double average_article_length();

  const Xapian::Database& db_;
  double average_length_ = 0;  // computed on first use
};

}  // namespace naba::detail
