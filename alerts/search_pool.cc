#include "alerts/search_pool.h"

#include <algorithm>

namespace naba::alerts {

SearchPool::SearchPool(const std::string& index_path, std::vector<AlertSearch>& searches)
    : index_path_(index_path), searches_(searches), ready_(searches.size()) {
  std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  if (searches.size() < 64) threads = 1;
  for (std::size_t t = 0; t < threads && !searches.empty(); ++t)
    threads_.emplace_back([this] { work(); });
}

SearchPool::~SearchPool() {
  next_ = searches_.size();  // the caller stopped early: stop too
  for (auto& t : threads_) t.join();
}

SearchResults SearchPool::take(std::size_t i) {
  std::unique_lock lock(mutex_);
  searched_.wait(lock, [&] { return ready_[i] || failure_; });
  if (!ready_[i]) std::rethrow_exception(failure_);
  return std::move(searches_[i].found);
}

void SearchPool::work() {
  try {
    Searcher searcher(index_path_);
    searcher.share_analyses(analyses_);
    for (std::size_t i; (i = next_++) < searches_.size();) {
      AlertSearch& s = searches_[i];
      s.found = searcher.search(s.query, s.options);
      std::lock_guard lock(mutex_);
      ready_[i] = true;
      searched_.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::current_exception();
    next_ = searches_.size();
    searched_.notify_all();
  }
}

}  // namespace naba::alerts
