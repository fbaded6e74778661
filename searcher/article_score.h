// Article-level evidence for passage ranking: BM25 of a query over a whole
// article, and how much of the query each of its passages covers, from the
// postings of its passages (docs/ranking.md).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace naba::detail {

class ArticleScorer {
 public:
  explicit ArticleScorer(const Xapian::Database& db) : db_(db) {}

  struct Evidence {
    /** BM25 (k1 1.2, b 0.75) of the query over each article, in the order of the ids. */
    std::vector<double> article_bm25;
    /** Each passage of those articles, by docid: the summed IDF of the query
     *  words it has over the same sum for its article's best passage (in (0, 1];
     *  1 for the passages that cover the most of the query, and for a passage
     *  with none of the words, which only a field such as title: can match). */
    std::vector<std::pair<Xapian::docid, double>> coverage;

    /** The coverage of passage @p docid; 1 for a passage of another article. */
    double coverage_of(Xapian::docid docid) const;
  };

  /** Evidence for @p query's word terms (prefixed field and filter terms are left
   *  out) over each article in @p ids, an article being all its passages. */
  Evidence score(const Xapian::Query& query, const std::vector<std::string>& ids);

  /** Forgets what it read of the articles (after a reopen). */
  void forget() { articles_.clear(); }

 private:
  struct Article {
    std::vector<Xapian::docid> passages;
    double length = 0;  // words
  };
  double average_article_length();
  const Article& article(const std::string& id);

  const Xapian::Database& db_;
  double average_length_ = 0;  // computed on first use
  // By article id: many searches (saved alerts) score the same articles.
  std::unordered_map<std::string, Article> articles_;
};

}  // namespace naba::detail
