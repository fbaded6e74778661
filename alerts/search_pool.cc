#include "alerts/search_pool.h"

#include <algorithm>
#include <optional>

namespace naba::alerts {

SearchPool::SearchPool(const std::vector<std::string>& part_paths,
                       std::vector<AlertSearch>& searches)
    : paths_(part_paths), searches_(searches), ready_(searches.size()), analyses_(paths_.size()) {
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
    std::vector<std::optional<Searcher>> searchers(paths_.size());  // opened when first needed
    for (std::size_t i; (i = next_++) < searches_.size();) {
      AlertSearch& s = searches_[i];
      if (!searchers[s.part]) {
        searchers[s.part].emplace(paths_[s.part]);
        searchers[s.part]->share_analyses(analyses_[s.part]);
      }
      s.found = searchers[s.part]->search(s.query, s.options);
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
