// The stored-passage codec (common/stored_passage.h): what a passage's document
// stores for showing it, and the word order phrases are checked against.
#include <doctest/doctest.h>

#include "common/stored_passage.h"

using naba::schema::WordOrder;

TEST_CASE("a word order survives encoding, and a damaged one is refused") {
  WordOrder order;
  order.ranks = {3, WordOrder::kNoRank, 0, 7, 3};
  order.names = {{0, 9}, {3, 8}};
  const std::string packed = naba::schema::encode_word_order(order);
  REQUIRE_FALSE(packed.empty());
  auto back = naba::schema::decode_word_order(packed);
  REQUIRE(back.has_value());
  CHECK(back->ranks == order.ranks);
  CHECK(back->names == order.names);
  CHECK_FALSE(naba::schema::decode_word_order(packed.substr(0, packed.size() - 1)).has_value());
}

TEST_CASE("a stored passage reads back field for field, Arabic and empty fields included") {
  naba::schema::StoredPassage p{
      "ANT-1", "سوريا: عنوان", "2018-03-01", "bbc", "", "نص المقطع\nسطر", 2, 5};
  p.word_order = "\x01\x02";
  Xapian::Document doc;
  CHECK(naba::schema::store(p, doc) > p.text.size());
  auto q = naba::schema::stored_passage(doc);
  CHECK(q.id == p.id);
  CHECK(q.title == p.title);
  CHECK(q.date == p.date);
  CHECK(q.source == p.source);
  CHECK(q.url.empty());
  CHECK(q.text == p.text);
  CHECK(q.index == 2);
  CHECK(q.paragraph == 5);
  CHECK(q.word_order == p.word_order);
  CHECK(naba::schema::stored_text(doc) == p.text);
}
