// Articles read for ranking, and passages analysed for highlighting, by
// document id (never reused): saved alerts rank and show the same new
// articles for many queries. The analyses may be shared by the Searchers of
// several threads over one index.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/stored_article.h"
#include "naba/analyzer.h"
#include "naba/search.h"

namespace naba {
namespace detail {

/** A passage: its document and its number in the article. */
inline std::uint64_t passage_key(Xapian::docid did, std::size_t passage) {
  return std::uint64_t{did} << 32 | passage;
}

class SharedAnalyses {
 public:
  using Tokens = std::shared_ptr<const std::vector<Token>>;
  Tokens find(std::uint64_t passage) {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(passage);
    return it == tokens_.end() ? nullptr : it->second;
  }
  void add(std::uint64_t passage, Tokens tokens) {
    std::lock_guard lock(mutex_);
    if (tokens_.size() > 100000) tokens_.clear();
    tokens_.emplace(passage, std::move(tokens));
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, Tokens> tokens_;
};

/** One Searcher's articles: their shapes, once read; forgotten when a new
 *  commit is seen (an article may have been re-indexed... under a new
 *  document id, but a deleted one's id is never reused: forgetting bounds
 *  the memory). */
class ArticleCache {
 public:
  struct Article {
    schema::ArticleShape shape;
    std::unordered_map<std::size_t, SharedAnalyses::Tokens> tokens;  // by passage
    std::unique_ptr<schema::StoredArticle> shown;
  };
  /** Valid until the next bound() or forget(): a search holds many. */
  Article& get(Xapian::docid did, const Xapian::Document& doc) {
    auto [entry, fresh] = articles_.try_emplace(did);
    if (fresh) entry->second.shape = schema::read_shape(doc).value_or(schema::ArticleShape{});
    return entry->second;
  }
  /** What a result shows of @p article, read once, each passage inflated once:
   *  saved alerts show each new article for many queries, and inflating it
   *  again was a fifth of a run. */
  schema::StoredArticle& shown(Article& article, const Xapian::Document& doc) {
    if (!article.shown) {
      article.shown = std::make_unique<schema::StoredArticle>(doc, article.shape);
      ++shown_;
    }
    return *article.shown;
  }
  /** Forgets them all past @p most articles, and the shown ones past
   *  @p most_shown (a few KB each); called between searches, never while one
   *  holds articles from get(). */
  void bound(std::size_t most = 20000, std::size_t most_shown = 2000) {
    if (articles_.size() > most) return forget();
    if (shown_ <= most_shown) return;
    for (auto& [did, article] : articles_) article.shown.reset();
    shown_ = 0;
  }
  void forget() {
    articles_.clear();
    shown_ = 0;
  }

 private:
  std::unordered_map<Xapian::docid, Article> articles_;
  std::size_t shown_ = 0;
};

}  // namespace detail

struct PassageAnalysisCache::Impl : detail::SharedAnalyses {};

}  // namespace naba
