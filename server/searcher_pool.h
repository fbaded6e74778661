// A pool of Searchers over one index, one per worker thread at a time: a
// Searcher is not thread-safe, and opening one per request would cost an
// index open each time. Each search reopens its Searcher at the latest
// commit (SearchOptions::reopen), so the pool sees what naba index commits.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "naba/search.h"

namespace naba::server {

class SearcherPool {
 public:
  explicit SearcherPool(std::string index) : index_(std::move(index)) {}

  /** A Searcher lent to one thread; back to the pool when it goes. */
  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> s) : pool_(pool), s_(std::move(s)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Searcher& operator*() { return *s_; }
    Searcher* operator->() { return s_.get(); }
    /** Drops the Searcher instead of returning it (after an error reading the index). */
    void discard() { s_.reset(); }

   private:
    SearcherPool& pool_;
    std::unique_ptr<Searcher> s_;
  };

  /** An idle Searcher, or a new one. Throws what Searcher's constructor does
   *  (Error(not_found) when there is no index yet). */
  Lease lease();

 private:
  std::string index_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> idle_;
};

}  // namespace naba::server
