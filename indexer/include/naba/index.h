/** @file index.h
 *  Writing articles into a naba index, and what an index holds.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "naba/corpus.h"

namespace naba {

/** Where an index lives when no path is given: $NABA_DB if set, else
 *  $XDG_DATA_HOME/naba/index, else ~/.local/share/naba/index. */
std::string default_index_path();

/** What an index holds. */
struct IndexStats {
  std::size_t articles = 0;
  std::size_t passages = 0;
  /** Groups of articles with the same or nearly the same text. */
  std::size_t stories = 0;
  std::size_t sources = 0;
  /** Dates as YYYY-MM-DD; empty when no article has a date. */
  std::string first_date, last_date;
  /** Size of the index on disk. */
  std::uint64_t bytes = 0;
  /** UTC time of the last commit, ISO-8601; empty if never committed. */
  std::string last_commit;
};

/** Reads the statistics of the index at @p path. Throws Error(not_found). */
IndexStats index_stats(const std::string& path);

/** Counts reported while indexing. */
struct IndexProgress {
  std::size_t articles = 0;   ///< articles written (added or replaced)
  std::size_t passages = 0;   ///< passages written
  std::size_t bytes = 0;      ///< input bytes consumed
  std::size_t committed = 0;  ///< articles safely committed
};

/** Adds articles to an index, creating it if needed. One writer per index at
 *  a time: a second one gets Error(locked) naming the holder's pid, or waits
 *  when asked to. Not thread-safe: use from one thread. */
class IndexWriter {
 public:
  struct Options {
    /** Wait for another writer to finish instead of failing at once. */
    bool wait_for_lock = false;
    /** Articles per commit: an interrupted run loses at most one batch. */
    std::size_t batch_size = 1000;
    /** Called after each commit that wrote articles (e.g. to run alerts
     *  over the batch that just landed: naba index --alerts). */
    std::function<void()> on_commit;
  };

  explicit IndexWriter(const std::string& path);
  IndexWriter(const std::string& path, Options options);
  /** Commits what is pending (errors are swallowed here: call commit()). */
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  /** Adds @p article, or replaces the article with the same id. Returns the
   *  number of passages written. */
  std::size_t add(const Article& article);

  /** Adds every article @p reader yields, analysing on one thread while
   *  writing on this one, committing every batch. @p progress (optional) is
   *  called after each article. */
  void add_all(CorpusReader& reader,
               const std::function<void(const IndexProgress&)>& progress = nullptr);

  /** Removes the article with @p id; false if there was none. */
  bool remove(const std::string& id);

  /** Makes every change so far durable and visible to new searches. */
  void commit();

  /** Counts so far. */
  const IndexProgress& progress() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace naba
