// Inside naba: a search with the query parsed once and the documents it looks
// at restricted by a Xapian query (the alerts restrict each search to the
// batch of new articles, with exactly the semantics of naba search).
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "naba/analyzer.h"
#include "naba/search.h"
#include "searcher/query_parser.h"

namespace naba::detail {

/** Analysed passages by document id, shared by the searchers of several
 *  threads over one commit (saved alerts highlight the same new passages). */
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

struct SearcherAccess {
  /** Lets @p searcher use and fill @p shared when it highlights a passage. */
  static void share_analyses(Searcher& searcher, std::shared_ptr<SharedAnalyses> shared);

  /** Searcher::search with @p parsed = parse_query(@p text), among the
   *  documents @p within matches (exclusions are looked up there too).
   *  Unlike Searcher::search, it does not look for a newer commit first (a
   *  batch belongs to a commit already seen; many searches share it). */
  static SearchResults search(Searcher& searcher, const ParsedQuery& parsed, std::string_view text,
                              const SearchOptions& options, const Xapian::Query& within);
};

}  // namespace naba::detail
