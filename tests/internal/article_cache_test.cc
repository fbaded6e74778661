// The articles a search ranks stay valid while it holds them, and what results
// show of them is inflated once (searcher/analysis_cache.h): the cache is
// bounded between searches only.
#include <doctest/doctest.h>
#include <xapian.h>

#include <vector>

#include "common/stored_article.h"
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

TEST_CASE("an article's stored fields are read once, and forgotten past their own bound") {
  naba::detail::ArticleCache cache;
  naba::schema::ArticleShape shape;
  shape.passages.push_back({0, 13, 0, {}});
  Xapian::Document doc;
  doc.set_data(naba::schema::encode_shape(shape));
  naba::schema::store({"id-1", "عنوان", "2017-03-01", "ANT", "https://x/y"}, "نص عربي", shape, {},
                      doc);
  auto& article = cache.get(1, doc);
  auto& shown = cache.shown(article, doc);
  CHECK(shown.fields().title == "عنوان");
  CHECK(shown.passage(0).text == "نص عربي");
  CHECK(&cache.shown(article, doc) == &shown);  // not read again
  cache.bound(20000, 1);                        // one shown article is within the bound
  CHECK(article.shown);
  const Xapian::Document empty;
  cache.shown(cache.get(2, empty), empty);
  cache.bound(20000, 1);  // two are past it: the shapes stay, the shown fields go
  CHECK(&cache.get(1, doc) == &article);
  CHECK_FALSE(article.shown);
  CHECK(cache.shown(article, doc).fields().url == "https://x/y");  // read again when shown again
}
