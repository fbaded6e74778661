// The searches of one alert run, each alert over its batch of new articles,
// on one thread per core while the caller delivers the results in order.
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

/** One alert's search: its parsed query over its batch. */
struct AlertSearch {
  const Alert* alert;
  Query query;
  SearchOptions options;
  SearchResults found{};
};

/** Searches @p searches in order, each thread with a Searcher of its own
 *  (Xapian objects are never shared by threads) and all sharing their passage
 *  analyses, while the caller takes the results in the same order. */
class SearchPool {
 public:
  SearchPool(const std::string& index_path, std::vector<AlertSearch>& searches);
  ~SearchPool();
  SearchPool(const SearchPool&) = delete;
  SearchPool& operator=(const SearchPool&) = delete;

  /** The results of search @p i, once searched; rethrows a search's failure. */
  SearchResults take(std::size_t i);

 private:
  void work();

  const std::string index_path_;
  std::vector<AlertSearch>& searches_;
  std::atomic<std::size_t> next_{0};
  std::mutex mutex_;
  std::condition_variable searched_;
  std::vector<char> ready_;  // guarded by mutex_
  std::exception_ptr failure_;
  PassageAnalysisCache analyses_;
  std::vector<std::thread> threads_;
};

}  // namespace naba::alerts
