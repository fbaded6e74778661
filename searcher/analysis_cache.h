// Articles read for ranking, and passages analysed for highlighting, by
// document id (never reused): saved alerts rank and show the same new
// articles for many queries. The analyses may be shared by the Searchers of
// several threads over one index.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
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

/** Passages analysed, by passage_key in the database @p uuid (ArticleCache's):
 *  document ids name other documents in another database, or in shards
 *  numbered anew when one stops answering, so another uuid forgets them all. */
class SharedAnalyses {
 public:
  using Tokens = std::shared_ptr<const std::vector<Token>>;
  Tokens find(const std::string& uuid, std::uint64_t passage) {
    std::lock_guard lock(mutex_);
    if (uuid != uuid_) return nullptr;
    auto it = tokens_.find(passage);
    return it == tokens_.end() ? nullptr : it->second;
  }
  void add(const std::string& uuid, std::uint64_t passage, Tokens tokens) {
    std::lock_guard lock(mutex_);
    if (tokens_.size() > 100000 || uuid != uuid_) tokens_.clear(), uuid_ = uuid;
    tokens_.emplace(passage, std::move(tokens));
  }

 private:
  std::mutex mutex_;
  std::string uuid_;
  std::unordered_map<std::uint64_t, Tokens> tokens_;
};

/** One Searcher's articles: their shapes, once read, some forgotten at
 *  random past a memory budget. Glass keeps no block cache, so a shape read
 *  again is two B-tree blocks copied by the kernel: most of a short query's
 *  time (docs/performance.md). They are kept across commits: naba adds and
 *  deletes documents, never changes one, and Xapian never gives a deleted
 *  one's id to another (an article re-indexed gets a new id). */
class ArticleCache {
 public:
  /** Shapes kept between searches (footprint()): the candidates of all 2,000
   *  queries of bench/'s latency set on the shared corpus take 79 MB. */
  static constexpr std::size_t kShapeBudget = std::size_t{128} << 20;
  /** Articles whose shown passages are kept (a few KB each). */
  static constexpr std::size_t kShownBudget = 10000;

  struct Article {
    schema::ArticleShape shape;
    std::unordered_map<std::size_t, SharedAnalyses::Tokens> tokens;  // by passage
    std::unique_ptr<schema::StoredArticle> shown;
    std::size_t bytes = 0;        // footprint() of its shape when read
    std::size_t place = 0;        // in held_
    std::size_t shown_place = 0;  // in shown_, while shown
  };
  /** What an article's shape takes in memory, near enough to bound the cache. */
  static std::size_t footprint(const schema::ArticleShape& shape) {
    const auto words = [](const schema::WordOrder& w) {
      return w.ranks.capacity() * sizeof(w.ranks[0]) + w.names.capacity() * sizeof(w.names[0]);
    };
    std::size_t bytes = sizeof(Article) + 5 * sizeof(void*)  // its node in the map, its place
                        + shape.vocabulary.capacity() * sizeof(shape.vocabulary[0]) +
                        words(shape.title) + shape.id.capacity() + shape.story.capacity() +
                        shape.passages.capacity() * sizeof(schema::PassageShape);
    for (const auto& passage : shape.passages) bytes += words(passage.words);
    return bytes;
  }

  /** Valid until the next bound() or forget(): a search holds many. */
  Article& get(Xapian::docid did, const Xapian::Document& doc) {
    if (auto known = articles_.find(did); known != articles_.end()) return known->second;
    // Read first: a read that throws (a commit overtook the reader) keeps nothing.
    auto shape = schema::read_shape(doc).value_or(schema::ArticleShape{});
    Article& article = articles_[did];
    article.shape = std::move(shape);
    bytes_ += article.bytes = footprint(article.shape);
    article.place = held_.size();
    held_.push_back(did);
    return article;
  }
  /** What a result shows of @p article, read once, each passage inflated once:
   *  saved alerts show each new article for many queries, and inflating it
   *  again was a fifth of a run. */
  schema::StoredArticle& shown(Article& article, const Xapian::Document& doc) {
    if (!article.shown) {
      article.shown = std::make_unique<schema::StoredArticle>(doc, article.shape);
      article.shown_place = shown_.size();
      shown_.push_back(&article);
    }
    return *article.shown;
  }
  /** Forgets articles drawn at random past @p most_bytes of shapes, and what
   *  is shown of articles drawn at random past @p most_shown of them (a search
   *  adds at most its candidates and results, so each forgets as few); called
   *  between searches, never while one holds articles from get(). At random,
   *  not the least recently used: searches that keep coming back to more
   *  articles than fit (a batch run again) still find most of them, where LRU
   *  finds none. */
  void bound(std::size_t most_bytes = kShapeBudget, std::size_t most_shown = kShownBudget) {
    while (bytes_ > most_bytes) forget_one(held_[next_random() % held_.size()]);
    while (shown_.size() > most_shown) unshow(*shown_[next_random() % shown_.size()]);
  }
  /** Forgets them all unless they were read from the database @p uuid (all
   *  its parts' UUIDs): a new database behind the index's path, or shards
   *  that answer and shards that do not, number the articles otherwise.
   *  True if it forgot them. */
  bool read_from(const std::string& uuid) {
    if (uuid == uuid_) return false;
    forget();
    uuid_ = uuid;
    return true;
  }
  void forget() {
    articles_.clear();
    held_.clear();
    shown_.clear();
    bytes_ = 0;
  }
  std::size_t bytes() const { return bytes_; }
  /** The UUID of the database its articles are numbered by (read_from()). */
  const std::string& uuid() const { return uuid_; }

  /** The cache of the search running on this thread, for the phrase checks
   *  deep in Xapian's match (PhraseSource), which has no way to pass it (as
   *  Deadline::of_thread()); null when none. */
  static ArticleCache*& of_thread() {
    thread_local ArticleCache* current = nullptr;
    return current;
  }
  /** Sets of_thread() for a scope. */
  struct OnThread {
    ArticleCache* before;
    explicit OnThread(ArticleCache& cache) : before(of_thread()) { of_thread() = &cache; }
    ~OnThread() { of_thread() = before; }
    OnThread(const OnThread&) = delete;
    OnThread& operator=(const OnThread&) = delete;
  };

 private:
  void forget_one(Xapian::docid did) {
    const auto entry = articles_.find(did);
    const std::size_t place = entry->second.place;
    bytes_ -= entry->second.bytes;
    if (entry->second.shown) unshow(entry->second);
    articles_.erase(entry);
    const Xapian::docid last = held_.back();  // takes its place
    held_[place] = last;
    held_.pop_back();
    if (last != did) articles_.at(last).place = place;
  }
  void unshow(Article& article) {
    article.shown.reset();
    Article* last = shown_.back();  // takes its place
    shown_[article.shown_place] = last;
    last->shown_place = article.shown_place;
    shown_.pop_back();
  }
  std::uint64_t next_random() {  // xorshift64: the same runs forget the same articles
    random_ ^= random_ << 13, random_ ^= random_ >> 7, random_ ^= random_ << 17;
    return random_;
  }

  std::string uuid_;  // of the database the articles were read from
  std::unordered_map<Xapian::docid, Article> articles_;
  std::vector<Xapian::docid> held_;  // the documents in articles_, in no order
  std::size_t bytes_ = 0;            // footprint() of the shapes held
  std::vector<Article*> shown_;      // the articles with what they show read
  std::uint64_t random_ = 0x9e3779b97f4a7c15;
};

}  // namespace detail

struct PassageAnalysisCache::Impl : detail::SharedAnalyses {};

}  // namespace naba
