// The one story matcher (indexer/story_finder.h), in each of its three uses:
// over the writer's own database (Index::add), over a committed index and
// this run's articles (Index::add_all), over shards (index_sharded).
#include <doctest/doctest.h>

#include <xapian.h>

#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "common/schema.h"
#include "indexer/minhash.h"
#include "indexer/story_finder.h"
#include "tests/test_helpers.h"

namespace {

using naba::indexer::StoryFinder;
using naba::minhash::Signature;

// The signature of a text of @p count words, word i hashed as @p first + i;
// @p edited: its last word changed (the same story, nearly the same text).
Signature text(std::uint64_t first, bool edited = false, std::size_t count = 200) {
  std::vector<std::uint64_t> words(count);
  std::iota(words.begin(), words.end(), first);
  if (edited) words.back() = 7;
  return *naba::minhash::signature_of(words);
}

// An article as the index writer stores it for story lookup: its id term, and
// on its (first) passage its id, story, signature and band terms.
void put(Xapian::WritableDatabase& db, const std::string& id, const std::string& story,
         const Signature& sig) {
  namespace schema = naba::schema;
  Xapian::Document doc;
  doc.add_boolean_term(std::string(schema::kId) + id);
  doc.add_value(schema::kArticleId, id);
  doc.add_value(schema::kStoryId, story);
  doc.add_value(schema::kSignature, naba::minhash::encode(sig));
  for (std::size_t band = 0; band < naba::minhash::kLookupBands; ++band)
    doc.add_boolean_term(naba::minhash::band_term(sig, band));
  db.add_document(doc);
}

void remove(Xapian::WritableDatabase& db, const std::string& id) {
  db.delete_document(std::string(naba::schema::kId) + id);
}

}  // namespace

TEST_CASE("story finder: the articles of one run") {
  StoryFinder stories = StoryFinder::of_shards({});  // no earlier articles
  CHECK(stories.story_of("a", text(1000)) == "a");
  CHECK(stories.story_of("b", text(1000, true)) == "a");  // a near copy joins a's story
  CHECK(stories.story_of("c", text(5000)) == "c");        // an unrelated text starts its own
  CHECK(stories.story_of("d", std::nullopt) == "d");      // no words: its own story

  SUBCASE("a copy of a copy keeps the first article's story") {
    CHECK(stories.story_of("e", text(1000)) == "a");
  }
  SUBCASE("an article re-indexed with other text leaves its story") {
    CHECK(stories.story_of("c", text(9000)) == "c");
    CHECK(stories.story_of("f", text(5000)) == "f");  // c's old text is gone
    CHECK(stories.story_of("g", text(9000, true)) == "c");
  }
  SUBCASE("an article re-indexed without words leaves its story") {
    CHECK(stories.story_of("a", std::nullopt) == "a");
    CHECK(stories.story_of("h", text(1000)) == "a");  // b, a's copy, still holds it
    CHECK(stories.story_of("b", text(9000)) == "b");
    CHECK(stories.story_of("i", text(1000)) == "a");  // h still does
  }
}

TEST_CASE("story finder: committed articles, and this run's not committed yet") {
  naba::test::TempDir dir("stories");
  const std::string path = dir / "index";
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  put(db, "old", "old-story", text(1000));
  put(db, "other", "other", text(5000));
  db.commit();

  StoryFinder stories = StoryFinder::of_committed(path);
  CHECK_FALSE(stories.is_new("old"));
  CHECK(stories.is_new("new"));
  CHECK(stories.story_of("new", text(1000, true)) == "old-story");  // a committed article's story
  CHECK_FALSE(stories.is_new("new"));                               // now an article of this run

  // This run's articles count before they are committed.
  CHECK(stories.story_of("run1", text(20000)) == "run1");
  CHECK(stories.story_of("run2", text(20000, true)) == "run1");

  // A committed article re-indexed in this run with other text: its old text
  // no longer tells a story, although the index as committed still holds it.
  CHECK(stories.story_of("other", text(30000)) == "other");
  CHECK(stories.story_of("copy", text(5000)) == "copy");

  // The writer commits the run's first articles: the finder reads them from
  // the index now and forgets them, with the same stories.
  put(db, "new", "old-story", text(1000, true));
  put(db, "run1", "run1", text(20000));
  put(db, "run2", "run1", text(20000, true));
  remove(db, "other");
  put(db, "other", "other", text(30000));
  db.commit();
  stories.forget_committed(4);
  CHECK_FALSE(stories.is_new("run1"));
  CHECK(stories.story_of("run3", text(20000)) == "run1");
  CHECK(stories.story_of("copy2", text(30000, true)) == "other");
  CHECK(stories.story_of("copy3", text(5000, true)) == "copy");  // "copy" is not committed yet
}

TEST_CASE("story finder: the writer's own database, uncommitted articles included") {
  naba::test::TempDir dir("stories");
  Xapian::WritableDatabase db(dir / "index", Xapian::DB_CREATE_OR_OPEN);
  StoryFinder stories = StoryFinder::of_writer(db);
  CHECK(stories.story_of("a", text(1000)) == "a");
  put(db, "a", "a", text(1000));  // written, not committed
  CHECK(stories.story_of("b", text(1000, true)) == "a");
  CHECK(stories.story_of("c", text(5000)) == "c");
  CHECK(stories.story_of("d", std::nullopt) == "d");

  // Re-indexing deletes the article first: its old text tells no story.
  remove(db, "a");
  CHECK(stories.story_of("a", text(9000)) == "a");
  CHECK(stories.story_of("e", text(1000)) == "e");
}

TEST_CASE("story finder: the shards' earlier articles") {
  naba::test::TempDir dir("stories");
  {
    Xapian::WritableDatabase shard0(dir / "shard-0", Xapian::DB_CREATE_OR_OPEN);
    put(shard0, "x", "x-story", text(1000));
    shard0.commit();
    Xapian::WritableDatabase shard1(dir / "shard-1", Xapian::DB_CREATE_OR_OPEN);
    put(shard1, "y", "y", text(5000));
    shard1.commit();
  }
  // shard-2 does not exist yet: a new shard holds nothing.
  StoryFinder stories = StoryFinder::of_shards({dir / "shard-0", dir / "shard-1", dir / "shard-2"});
  CHECK(stories.story_of("n1", text(1000, true)) == "x-story");
  CHECK(stories.story_of("n2", text(5000, true)) == "y");
  CHECK(stories.story_of("n3", text(9000)) == "n3");
  // y re-indexed with other text: its old text tells no story.
  CHECK(stories.story_of("y", text(30000)) == "y");
  CHECK(stories.story_of("n4", text(5000)) == "y");  // n2, y's old copy, still holds it
}
