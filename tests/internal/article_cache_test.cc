// The articles a search ranks stay valid while it holds them, and what results
// show of them is inflated once (searcher/analysis_cache.h): the cache is
// bounded between searches only, by the memory its shapes take.
#include <doctest/doctest.h>
#include <xapian.h>

#include <memory>
#include <vector>

#include "common/schema.h"
#include "common/stored_article.h"
#include "searcher/analysis_cache.h"

using naba::detail::ArticleCache;

// A document whose shape has @p words words in one passage.
static Xapian::Document shaped(std::size_t words) {
  naba::schema::ArticleShape shape;
  shape.passages.push_back({0, 10, 0, {}});
  for (std::size_t i = 0; i < words; ++i) {
    shape.vocabulary.push_back(static_cast<std::uint32_t>(i));
    shape.passages[0].words.ranks.push_back(static_cast<std::uint16_t>(i));
  }
  Xapian::Document doc;
  doc.add_value(naba::schema::kShapeSlot, naba::schema::encode_shape(shape));
  return doc;
}

TEST_CASE("articles from get() stay valid past the budget, until bound() is called") {
  ArticleCache cache;
  const Xapian::Document doc = shaped(50);
  const Xapian::docid many = 2000;
  std::vector<ArticleCache::Article*> held;
  for (Xapian::docid did = 1; did <= many; ++did) held.push_back(&cache.get(did, doc));
  held.front()->shape.id = "still here";
  const std::size_t budget = cache.bytes() / 4;  // a search held four times the budget
  for (Xapian::docid did = 1; did <= many; ++did) REQUIRE(&cache.get(did, doc) == held[did - 1]);
  CHECK(cache.get(1, doc).shape.id == "still here");
  CHECK(cache.get(2, doc).shape.vocabulary.size() == 50);
  const std::size_t one = ArticleCache::footprint(held.back()->shape);  // every article's
  cache.bound(budget);  // between searches: three quarters are forgotten, held ones with them
  CHECK(cache.bytes() <= budget);
  CHECK(cache.bytes() > budget - one);
  std::size_t kept = 0;
  for (Xapian::docid did = 1; did <= many; ++did) {
    const std::size_t before = cache.bytes();
    cache.get(did, doc);
    kept += cache.bytes() == before;  // not read again
  }
  CHECK(kept > many / 8);
  CHECK(kept < many / 2);
  cache.forget();
  CHECK(cache.bytes() == 0);
}

TEST_CASE("a budget that holds every article a batch searches forgets none") {
  ArticleCache cache;
  const Xapian::Document small = shaped(20), large = shaped(400);
  for (Xapian::docid did = 1; did <= 500; ++did) cache.get(did, did % 2 ? small : large);
  const std::size_t all = cache.bytes();
  CHECK(all == 250 * (ArticleCache::footprint(cache.get(1, small).shape) +
                      ArticleCache::footprint(cache.get(2, large).shape)));
  for (int round = 0; round < 3; ++round) {  // the batch run again, bound between searches
    for (Xapian::docid did = 1; did <= 500; ++did) {
      cache.get(did, did % 2 ? small : large);
      cache.bound(all);
    }
    CHECK(cache.bytes() == all);
  }
  cache.bound(all / 2);
  CHECK(cache.bytes() <= all / 2);
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
  cache.bound(ArticleCache::kShapeBudget, 1);   // one shown article is within the bound
  CHECK(article.shown);
  auto& other = cache.get(2, doc);
  cache.shown(other, doc);
  cache.bound(ArticleCache::kShapeBudget, 1);  // two are past it: the shapes stay, one shown goes
  CHECK(&cache.get(1, doc) == &article);
  CHECK(&cache.get(2, doc) == &other);
  CHECK(!article.shown + !other.shown == 1);
  auto& forgotten = article.shown ? other : article;
  CHECK(cache.shown(forgotten, doc).fields().url == "https://x/y");  // read again when shown again
}

TEST_CASE("an article forgotten past the budget is no longer among the shown ones") {
  ArticleCache cache;
  const Xapian::Document doc = shaped(10);
  for (Xapian::docid did = 1; did <= 3; ++did) cache.shown(cache.get(did, doc), doc);
  cache.bound(0);  // all forgotten, what they showed with them
  CHECK(cache.bytes() == 0);
  auto& again = cache.get(1, doc);
  CHECK_FALSE(again.shown);
  cache.shown(again, doc);
  cache.shown(cache.get(2, doc), doc);
  cache.shown(cache.get(3, doc), doc);
  cache.bound(ArticleCache::kShapeBudget, 1);  // forgets two of three shown, nothing freed twice
  int shown = 0;
  for (Xapian::docid did = 1; did <= 3; ++did) shown += cache.get(did, doc).shown != nullptr;
  CHECK(shown == 1);
  cache.bound(ArticleCache::kShapeBudget, 0);
  for (Xapian::docid did = 1; did <= 3; ++did) CHECK_FALSE(cache.get(did, doc).shown);
}

TEST_CASE("searches that show more articles than the bound keep most of those they show again") {
  ArticleCache cache;
  const Xapian::Document doc = shaped(10);
  const std::size_t most_shown = 300;
  std::size_t read_again = 0;
  for (int round = 0; round < 2; ++round)  // a batch of 40 searches showing 10 each, run twice
    for (Xapian::docid did = 1; did <= 400; ++did) {
      auto& article = cache.get(did, doc);
      read_again += round == 1 && !article.shown;
      cache.shown(article, doc);
      if (did % 10 == 0) cache.bound(ArticleCache::kShapeBudget, most_shown);
    }
  CHECK(read_again > 0);
  CHECK(read_again < 250);  // forgetting the oldest first would read all 400 again
}

TEST_CASE("articles are kept while they come from one database, forgotten for another") {
  ArticleCache cache;
  const Xapian::Document doc = shaped(10);
  cache.read_from("uuid-a");
  auto& article = cache.get(1, doc);
  article.shape.id = "read from a";
  cache.read_from("uuid-a");  // a new commit of the same database
  CHECK(&cache.get(1, doc) == &article);
  CHECK(cache.get(1, doc).shape.id == "read from a");
  cache.read_from("uuid-a:uuid-b");  // another shard answers: ids are numbered otherwise
  CHECK(cache.bytes() == 0);
  CHECK(cache.get(1, doc).shape.id.empty());
}

TEST_CASE("passages analysed for several searchers are found only in the database they came from") {
  naba::detail::SharedAnalyses shared;
  const auto key = naba::detail::passage_key(7, 2);
  auto tokens = std::make_shared<const std::vector<naba::Token>>(1);
  shared.add("db-a", key, tokens);
  CHECK(shared.find("db-a", key) == tokens);
  // Shards numbered anew (one stopped answering): document 7 is another one now.
  CHECK(shared.find("db-a,db-b", key) == nullptr);
  shared.add("db-b", key, std::make_shared<const std::vector<naba::Token>>(3));
  CHECK(shared.find("db-a", key) == nullptr);  // forgotten, not kept beside
  REQUIRE(shared.find("db-b", key) != nullptr);
  CHECK(shared.find("db-b", key)->size() == 3);
}
