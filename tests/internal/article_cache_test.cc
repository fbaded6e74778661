// The articles a search ranks stay valid while it holds them
// (searcher/analysis_cache.h): the cache is bounded between searches only.
#include <doctest/doctest.h>
#include <xapian.h>

#include <vector>

#include "searcher/analysis_cache.h"

TEST_CASE("articles from get() stay valid past the bound, until bound() is called") {
  naba::detail::ArticleCache cache;
  const Xapian::Document doc;
  const Xapian::docid many = 25000;  // more than the default bound, as 100 results x 3 candidates
                                     // over a batch of queries once held
  std::vector<naba::detail::ArticleCache::Article*> held;
  for (Xapian::docid did = 1; did <= many; ++did) held.push_back(&cache.get(did, doc));
  held.front()->shape.id = "still here";
  for (Xapian::docid did = 1; did <= many; ++did) REQUIRE(&cache.get(did, doc) == held[did - 1]);
  CHECK(cache.get(1, doc).shape.id == "still here");
  cache.bound();  // between searches
  CHECK(cache.get(1, doc).shape.id.empty());
}
