// Analysed passages by document id, shared by the Searchers of several
// threads over one commit (saved alerts highlight the same new passages).
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "naba/analyzer.h"
#include "naba/search.h"

namespace naba {
namespace detail {

class SharedAnalyses {
 public:
  using Tokens = std::shared_ptr<const std::vector<Token>>;
  Tokens find(Xapian::docid did) {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(did);
    return it == tokens_.end() ? nullptr : it->second;
  }
  void add(Xapian::docid did, Tokens tokens) {
    std::lock_guard lock(mutex_);
    tokens_.emplace(did, std::move(tokens));
  }

 private:
  std::mutex mutex_;
  std::unordered_map<Xapian::docid, Tokens> tokens_;
};

}  // namespace detail

struct PassageAnalysisCache::Impl : detail::SharedAnalyses {};

}  // namespace naba
