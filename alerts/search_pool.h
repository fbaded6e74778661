// The searches of one alert run, each alert over its batch of new articles
// in one part of the index (alerts/parts.h), on one thread per core while the
// caller delivers the results in order.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "naba/alerts.h"
#include "naba/search.h"

namespace naba::alerts {

/** One alert's search: its parsed query over its batch of one part. */
struct AlertSearch {
  const Alert* alert;
  Query query;
  SearchOptions options;
  std::size_t part = 0;  // which of the pool's paths
  SearchResults found{};
};

/** Searches @p searches in order, each thread with a Searcher of its own per
 *  part (Xapian objects are never shared by threads), the threads sharing
 *  their passage analyses per part, while the caller takes the results in
 *  the same order. */
class SearchPool {
 public:
  SearchPool(const std::vector<std::string>& part_paths, std::vector<AlertSearch>& searches);
  ~SearchPool();
  SearchPool(const SearchPool&) = delete;
  SearchPool& operator=(const SearchPool&) = delete;

  /** The results of search @p i, once searched; rethrows a search's failure. */
  SearchResults take(std::size_t i);

 private:
  void work();

  const std::vector<std::string> paths_;
  std::vector<AlertSearch>& searches_;
  std::atomic<std::size_t> next_{0};
  std::mutex mutex_;
  std::condition_variable searched_;
  std::vector<char> ready_;  // guarded by mutex_
  std::exception_ptr failure_;
  std::vector<PassageAnalysisCache> analyses_;  // by part: passages are cached by document id
  std::vector<std::thread> threads_;
};

}  // namespace naba::alerts
