// Article-level evidence for passage ranking: BM25 of a query over a whole
// article, from the postings of its passages (docs/ranking.md).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace naba::detail {

class ArticleScorer {
 public:
  explicit ArticleScorer(const Xapian::Database& db) : db_(db) {}

  /** BM25 (k1 1.2, b 0.75) of @p query's word terms (prefixed field and filter terms
   *  are left out) over each article in @p ids, an article being all its passages. */
  std::vector<double> score(const Xapian::Query& query, const std::vector<std::string>& ids);

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
