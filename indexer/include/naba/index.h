/** @file index.h
 *  A naba index: open or create it, add, replace and remove articles, commit,
 *  and what it holds.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "naba/corpus.h"
#include "naba/export.h"

namespace naba {

/** Where an index lives when no path is given: $NABA_DB if set, else
 *  $XDG_DATA_HOME/naba/index, else ~/.local/share/naba/index. */
NABA_API std::string default_index_path();

/** What an index holds. */
struct IndexStats {
  std::size_t articles = 0;
  /** Indexed units: each article is split into passages (see passages.h). */
  std::size_t passages = 0;
  /** Groups of articles with the same or nearly the same text. */
  std::size_t stories = 0;
  /** Distinct sources. */
  std::size_t sources = 0;
  /** Dates as YYYY-MM-DD; empty when no article has a date. */
  std::string first_date{}, last_date{};
  /** Size of the index on disk: the files in its folder; for a stub file or a
   *  folder of shards, those of its local shards (remote shards count 0). */
  std::uint64_t bytes = 0;
  /** UTC time of the last commit, ISO-8601; empty if never committed. */
  std::string last_commit{};
  /** The analyzer version (Analyzer::version()) the index was made with;
   *  empty for an index made before naba recorded it. */
  std::string analyzer{};
};

/** Reads the statistics of the index at @p path as of its last commit,
 *  without taking the write lock (safe while a writer works). Throws
 *  Error(not_found) when there is no index, Error(corrupt) when it cannot be
 *  read. */
NABA_API IndexStats index_stats(const std::string& path);

/** Returns if @p path holds an index: a folder made by Index or index_sharded,
 *  or a stub file listing shards. Throws Error(not_found) "no index at PATH"
 *  otherwise (a missing path, an empty folder, any other folder or file), and
 *  Error(bad_argument) for a stub file with a bad line. Creates and changes
 *  nothing: every naba command but `naba index` checks this first. */
NABA_API void require_index(const std::string& path);

/** Counts reported while indexing. */
struct IndexProgress {
  std::size_t articles = 0;   ///< articles written (added or replaced)
  std::size_t passages = 0;   ///< passages written
  std::size_t bytes = 0;      ///< input bytes consumed
  std::size_t committed = 0;  ///< articles safely committed
};

/** An index open for writing: adds, replaces and removes articles.
 *
 *  One writer per index at a time, across processes: opening an index that
 *  another Index holds gives Error(locked) naming the holder's pid, or waits
 *  when Options::wait_for_lock is set. Changes become visible to searches
 *  (and durable) at commit(); every Options::batch_size articles a commit
 *  happens on its own.
 *
 *  Thread safety: not thread-safe; use an Index from one thread at a time (it
 *  may move between threads). Searchers in other threads or processes may
 *  search the same index meanwhile: they see each commit when it completes.
 */
class NABA_API Index {
 public:
  /** How an Index writes. */
  struct Options {
    /** Wait for another writer to finish instead of failing at once. */
    bool wait_for_lock = false;
    /** Articles per commit: an interrupted run loses at most one batch. */
    std::size_t batch_size = 1000;
    /** Called after each commit that wrote articles (e.g. to run alerts
     *  over the batch that just landed: naba index --alerts). */
    std::function<void()> on_commit;
    /** Keep the word positions of passage and title text in a new index, so
     *  phrases are matched from them. Without them (the default) the index is
     *  about 40% smaller and faster to write, and a phrase is checked against
     *  the word order stored with each passage (or title) that holds all its
     *  words;
     *  positions are needed for phrase search over remote shards (naba index
     *  --positions, --shards). An existing index keeps the choice it was
     *  created with. */
    bool positions = false;
  };

  /** Opens the index at @p path (a folder) for writing, creating it and its
   *  folder if needed. Throws Error(locked) if another writer holds it,
   *  Error(io) if it cannot be created or opened. */
  explicit Index(const std::string& path);
  /** Same, with @p options. */
  Index(const std::string& path, Options options);
  /** Commits what is pending and releases the lock (errors are swallowed
   *  here: call commit() to see them). */
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;
  /** A moved-from Index may only be destroyed or assigned to. */
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;

  /** Adds @p article, or replaces the article with the same id. Returns the
   *  number of passages written. Throws Error(bad_argument) for an empty or
   *  overlong id (see kMaxIdBytes), Error(io) if the write fails. */
  std::size_t add(const Article& article);

  /** Adds every article @p reader yields, analysing on one thread while
   *  writing on this one, committing every batch (and first what is
   *  pending). @p progress (optional) is called after each article. */
  void add_all(CorpusReader& reader,
               const std::function<void(const IndexProgress&)>& progress = nullptr);

  /** Removes the article with @p id; false if there was none. */
  bool remove(const std::string& id);

  /** Makes every change so far durable and visible to new searches. Throws
   *  Error(io) saying the disk is full, before writing the commit, when the
   *  disk has less free space than twice the values it would write (the
   *  stored passages; and 1 MiB): glass would end the process
   *  (std::terminate) if the disk filled while it writes them. After an
   *  Error(io), nothing more is committed, here or when the Index is
   *  destroyed. */
  void commit();

  /** Counts so far. */
  const IndexProgress& progress() const;

  /** What the index holds now, uncommitted changes included. */
  IndexStats stats() const;

  /** The folder this index lives in. */
  const std::string& path() const;

 private:
  friend IndexProgress index_sharded(const std::string&, std::size_t, CorpusReader&, Options,
                                     const std::function<void(const IndexProgress&)>&);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace naba
