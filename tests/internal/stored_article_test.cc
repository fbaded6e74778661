// What an article's document stores (common/stored_article.h): its shape, read
// to rank its passages, and its fields and body, read for the results shown.
#include <doctest/doctest.h>

#include "common/schema.h"
#include "common/stored_article.h"

using naba::schema::ArticleShape;
using naba::schema::WordOrder;

TEST_CASE("a word order survives encoding, and a damaged one is refused") {
  WordOrder order;
  order.ranks = {3, WordOrder::kNoRank, 0, 7, 3};
  order.names = {{0, 9}, {3, 8}};
  CHECK(order.terms() == 6);  // four words with a term, two names
  const std::string packed = naba::schema::encode_word_order(order);
  auto back = naba::schema::decode_word_order(packed);
  REQUIRE(back.has_value());
  CHECK(back->ranks == order.ranks);
  CHECK(back->names == order.names);
  CHECK_FALSE(naba::schema::decode_word_order(packed.substr(0, packed.size() - 1)).has_value());
  CHECK_FALSE(naba::schema::decode_word_order(packed.substr(0, 6)).has_value());
}

TEST_CASE("an article's shape survives encoding with what writing adds") {
  ArticleShape shape;
  shape.id = "a:1";
  shape.vocabulary = {naba::schema::term_hash("الرقه"), naba::schema::term_hash("سوري"), 7};
  shape.title.ranks = {1, 0};
  shape.passages.push_back({0, 120, 0, {{0, 2, WordOrder::kNoRank}, {{1, 2}}}});
  shape.passages.push_back({121, 300, 1, {{1}, {}}});
  auto back = naba::schema::decode_shape(
      naba::schema::with_written(naba::schema::encode_shape(shape), "story 9", 42));
  REQUIRE(back.has_value());
  CHECK(back->id == "a:1");
  CHECK(back->vocabulary == shape.vocabulary);
  CHECK(back->title.ranks == shape.title.ranks);
  REQUIRE(back->passages.size() == 2);
  CHECK(back->passages[0].end == 120);
  CHECK(back->passages[1].start == 121);
  CHECK(back->passages[1].paragraph == 1);
  CHECK(back->passages[0].words.ranks == shape.passages[0].words.ranks);
  CHECK(back->passages[0].words.names == shape.passages[0].words.names);
  CHECK(back->story == "story 9");
  CHECK(back->ingest == 42);
  CHECK(back->rank_of(naba::schema::term_hash("سوري")) == 1);
  CHECK(back->rank_of(naba::schema::term_hash("دمشق")) == WordOrder::kNoRank);
}

TEST_CASE("a damaged shape is refused, never read past its end") {
  ArticleShape shape;
  shape.id = "x";
  shape.vocabulary = {1, 2};
  shape.passages.push_back({0, 10, 0, {{0, 1}, {}}});
  const std::string data = naba::schema::encode_shape(shape);
  for (std::size_t cut = 0; cut < data.size(); ++cut) {
    auto back = naba::schema::decode_shape(data.substr(0, cut));
    if (back) CHECK(back->passages.size() <= 1);  // a cut may only drop whole fields
  }
  CHECK_FALSE(naba::schema::decode_shape("not a shape").has_value());
  CHECK_FALSE(naba::schema::decode_shape("1:x8:12345670:1:5").has_value());
}

TEST_CASE("a shape is deflated by naba, so Xapian stores it as it is, and read back") {
  ArticleShape shape;
  shape.id = "a:2";
  for (std::uint32_t h = 0; h < 300; ++h) shape.vocabulary.push_back(h * 2654435761u);
  for (std::uint32_t p = 0; p < 20; ++p) {
    naba::schema::PassageShape passage{p * 100, p * 100 + 90, p, {}};
    for (std::uint16_t w = 0; w < 60; ++w) passage.words.ranks.push_back((w * 7 + p) % 300);
    shape.passages.push_back(passage);
  }
  const std::string data = naba::schema::with_written(naba::schema::encode_shape(shape), "s", 5);
  CHECK(data.front() == 'z');
  CHECK(data.size() < 300 * 4 + 20 * 60 * 2);  // smaller than its fields' bytes
  auto back = naba::schema::decode_shape(data);
  REQUIRE(back.has_value());
  CHECK(back->vocabulary == shape.vocabulary);
  REQUIRE(back->passages.size() == 20);
  CHECK(back->passages[19].words.ranks == shape.passages[19].words.ranks);
  CHECK(back->passages[19].end == 1990);
  CHECK(back->story == "s");
  CHECK(back->ingest == 5);

  std::string damaged = data;
  damaged[data.size() / 2] ^= 0x5a;  // inside the deflated fields: their checksum fails
  CHECK_FALSE(naba::schema::decode_shape(damaged).has_value());
}

TEST_CASE("the shapes of indexes written before shapes were deflated are still read") {
  // id "x", one hash, no title, no passages; then story and ingest.
  auto back = naba::schema::decode_shape("1:x4:abcd0:1:01:s1:7");
  REQUIRE(back.has_value());
  CHECK(back->id == "x");
  CHECK(back->vocabulary.size() == 1);
  CHECK(back->story == "s");
  CHECK(back->ingest == 7);
}

TEST_CASE("an article's fields and body are stored deflated and read back") {
  naba::schema::StoredArticle a{"id-1", "عنوان",       "2017-03-01",
                                "ANT",  "https://x/y", std::string(5000, 'x') + "نص عربي"};
  Xapian::Document doc;
  std::size_t size = naba::schema::store(a, doc);
  CHECK(size < a.body.size() / 4);  // deflated
  auto back = naba::schema::stored_article(doc);
  CHECK(back.id == a.id);
  CHECK(back.title == a.title);
  CHECK(back.date == a.date);
  CHECK(back.source == a.source);
  CHECK(back.url == a.url);
  CHECK(back.body == a.body);
  CHECK(naba::schema::stored_article(Xapian::Document()).body.empty());
}
