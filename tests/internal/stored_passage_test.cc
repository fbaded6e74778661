// The stored-passage codec (common/stored_passage.h): what a passage's document
// stores for showing it, and the word order phrases are checked against.
#include <doctest/doctest.h>

#include "common/schema.h"
#include "common/stored_passage.h"

using naba::schema::WordOrder;

namespace {

// A netstring, as the stored passage packs its fields.
std::string net(const std::string& field) {
  return std::to_string(field.size()) + ":" + field;
}

// Numbers as encode_word_order() packs them: 16 bits, little-endian.
std::string packed16(std::initializer_list<unsigned> numbers) {
  std::string out;
  for (unsigned n : numbers) {
    out.push_back(static_cast<char>(n & 0xff));
    out.push_back(static_cast<char>(n >> 8));
  }
  return out;
}

// Every field of @p got is @p want's.
void check_same(const naba::schema::StoredPassage& got, const naba::schema::StoredPassage& want) {
  CHECK(got.id == want.id);
  CHECK(got.title == want.title);
  CHECK(got.date == want.date);
  CHECK(got.source == want.source);
  CHECK(got.url == want.url);
  CHECK(got.text == want.text);
  CHECK(got.index == want.index);
  CHECK(got.paragraph == want.paragraph);
  CHECK(got.word_order == want.word_order);
}

}  // namespace

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
  check_same(naba::schema::stored_passage(doc), p);
  CHECK(naba::schema::stored_text(doc) == p.text);
}

TEST_CASE("a word order of 65,535 words is kept, one of 65,536 is refused") {
  WordOrder order;
  order.ranks.assign(0xffff, 0);
  for (std::size_t i = 0; i < order.ranks.size(); ++i)
    order.ranks[i] = static_cast<std::uint16_t>(i % 0xffff);
  order.ranks.back() = WordOrder::kNoRank;
  order.names = {{0xfffe, 0xfffd}};
  const std::string packed = naba::schema::encode_word_order(order);
  CHECK(packed.size() == 2 * (1 + 0xffff + 2));
  auto back = naba::schema::decode_word_order(packed);
  REQUIRE(back.has_value());
  CHECK(back->ranks == order.ranks);
  CHECK(back->names == order.names);

  order.ranks.push_back(1);  // 65,536 words: the count no longer fits 16 bits
  CHECK(naba::schema::encode_word_order(order).empty());
}

TEST_CASE("an empty word order and the smallest ones decode exactly") {
  auto empty = naba::schema::decode_word_order(packed16({0}));
  REQUIRE(empty.has_value());
  CHECK(empty->ranks.empty());
  CHECK(empty->names.empty());
  CHECK(naba::schema::encode_word_order(WordOrder{}) == packed16({0}));

  auto two = naba::schema::decode_word_order(packed16({2, 0x1234, WordOrder::kNoRank, 1, 0}));
  REQUIRE(two.has_value());
  CHECK(two->ranks == std::vector<std::uint16_t>{0x1234, WordOrder::kNoRank});
  REQUIRE(two->names.size() == 1);
  CHECK(two->names[0] == std::pair<std::uint16_t, std::uint16_t>{1, 0});
}

TEST_CASE("malformed word orders are refused, not read past their end") {
  using naba::schema::decode_word_order;
  CHECK_FALSE(decode_word_order("").has_value());                      // no count
  CHECK_FALSE(decode_word_order(std::string(1, '\x01')).has_value());  // half a number
  CHECK_FALSE(decode_word_order(packed16({1, 5}) + "x").has_value());  // odd size
  CHECK_FALSE(decode_word_order(packed16({3, 1, 2})).has_value());     // fewer words than counted
  CHECK_FALSE(decode_word_order(packed16({0xffff})).has_value());      // a count and nothing else
  CHECK_FALSE(decode_word_order(packed16({1, 7, 0})).has_value());     // half a name
  CHECK_FALSE(decode_word_order(packed16({0, 1, 2, 3})).has_value());  // a name and a half
}

TEST_CASE("a passage stored in the document data (indexes made before the value) still reads") {
  Xapian::Document doc;
  doc.set_data(net("old-1") + net("عنوان قديم") + net("2017-05-02") + net("aljazeera") +
               net("https://example.org/a") + net("نص قديم") + net("3") + net("1"));
  check_same(naba::schema::stored_passage(doc), {"old-1", "عنوان قديم", "2017-05-02", "aljazeera",
                                                 "https://example.org/a", "نص قديم", 3, 1});
  CHECK(naba::schema::stored_text(doc) == "نص قديم");
  CHECK(naba::schema::stored_word_order(doc).empty());

  // Once stored as a value, the value wins over the data.
  naba::schema::StoredPassage now{"new-1", "", "", "", "", "نص جديد", 0, 0};
  now.word_order = packed16({0});
  naba::schema::store(now, doc);
  CHECK(naba::schema::stored_passage(doc).id == "new-1");
  CHECK(naba::schema::stored_text(doc) == "نص جديد");
  CHECK(naba::schema::stored_word_order(doc) == packed16({0}));
}

TEST_CASE("a damaged stored passage gives empty or cut fields, never a read past its end") {
  Xapian::Document nothing;
  check_same(naba::schema::stored_passage(nothing), {});
  CHECK(naba::schema::stored_text(nothing).empty());

  Xapian::Document garbage;
  garbage.add_value(naba::schema::kStored, "no colon at all");
  check_same(naba::schema::stored_passage(garbage), {});

  Xapian::Document cut;  // the title says 50 bytes, 5 follow
  cut.add_value(naba::schema::kStored, net("id-9") + "50:short");
  check_same(naba::schema::stored_passage(cut), {"id-9", "short", "", "", "", "", 0, 0});
  CHECK(naba::schema::stored_text(cut).empty());
}
