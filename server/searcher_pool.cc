#include "server/searcher_pool.h"

namespace naba::server {

SearcherPool::Lease::~Lease() {
  if (!s_) return;
  std::lock_guard lock(pool_.mutex_);
  pool_.idle_.push_back(std::move(s_));
}

SearcherPool::Lease SearcherPool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(s));
    }
  }
  return Lease(*this, std::make_unique<Searcher>(index_));  // opened outside the lock
}

}  // namespace naba::server
