// What an article's document stores (common/stored_article.h): its shape, read
// to rank its passages, and its fields and body, read for the results shown.
#include <doctest/doctest.h>
#include <zlib.h>

#include "common/schema.h"
#include "common/stored_article.h"
#include "indexer/document_builder.h"
#include "naba/analyzer.h"
#include "naba/corpus.h"

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
  CHECK(packed.size() == 1 + 2 + 5 + 2 * 4);  // ranks in one byte each

  WordOrder wide;  // a rank past one byte: all take two
  wide.ranks = {300, WordOrder::kNoRank, 254, 255};
  const std::string wide_packed = naba::schema::encode_word_order(wide);
  CHECK(wide_packed.size() == 1 + 2 + 4 * 2);
  auto wide_back = naba::schema::decode_word_order(wide_packed);
  REQUIRE(wide_back.has_value());
  CHECK(wide_back->ranks == wide.ranks);
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

namespace {

// What naba's deflated() made, as indexes written before hold it: the size
// (4 bytes, little-endian), then zlib's format.
std::string deflated_as_before(const std::string& raw) {
  uLongf size = compressBound(raw.size());
  std::string out(4 + size, '\0');
  for (int byte = 0; byte < 4; ++byte) out[byte] = static_cast<char>(raw.size() >> (8 * byte));
  REQUIRE(compress(reinterpret_cast<Bytef*>(out.data() + 4), &size,
                   reinterpret_cast<const Bytef*>(raw.data()), raw.size()) == Z_OK);
  out.resize(4 + size);
  return out;
}

std::string netstring(const std::string& s) {
  return std::to_string(s.size()) + ":" + s;
}

}  // namespace

TEST_CASE("a shape is stored as it is in its value, read from there, damage refused") {
  ArticleShape shape;
  shape.id = "a:2";
  for (std::uint32_t h = 0; h < 300; ++h) shape.vocabulary.push_back(h * 2654435761u);
  for (std::uint32_t p = 0; p < 20; ++p) {
    naba::schema::PassageShape passage{p * 100, p * 100 + 90, p, {}};
    for (std::uint16_t w = 0; w < 60; ++w) passage.words.ranks.push_back((w * 7 + p) % 300);
    shape.passages.push_back(passage);
  }
  const std::string data = naba::schema::with_written(naba::schema::encode_shape(shape), "s", 5);
  CHECK(data.front() == 'r');
  // Nothing deflated: the word orders are there as they are.
  CHECK(data.find(naba::schema::encode_word_order(shape.passages[19].words)) != std::string::npos);
  Xapian::Document doc;
  doc.add_value(naba::schema::kShapeSlot, data);
  CHECK(doc.get_data().empty());
  auto back = naba::schema::read_shape(doc);
  REQUIRE(back.has_value());
  CHECK(back->vocabulary == shape.vocabulary);
  REQUIRE(back->passages.size() == 20);
  CHECK(back->passages[19].words.ranks == shape.passages[19].words.ranks);
  CHECK(back->passages[19].end == 1990);
  CHECK(back->story == "s");
  CHECK(back->ingest == 5);
  CHECK_FALSE(naba::schema::decode_shape(data.substr(0, 41)).has_value());  // cut in the hashes
}

TEST_CASE("the shapes of indexes written with every field deflated are still read") {
  // id "x", one hash, a title of two words (ranks 0 and none, 2 bytes each), one
  // passage without words; then story and ingest.
  const std::string title("\x02\x00\x00\x00\xff\xff", 6);
  const std::string fields = "1:x4:abcd6:" + title + "1:15:0 9 00:";
  auto back = naba::schema::decode_shape(
      std::string("z").append(netstring(deflated_as_before(fields))) + "1:s1:7");
  REQUIRE(back.has_value());
  CHECK(back->id == "x");
  REQUIRE(back->vocabulary.size() == 1);
  CHECK(back->vocabulary[0] == ('a' | 'b' << 8 | 'c' << 16 | std::uint32_t{'d'} << 24));
  CHECK(back->title.ranks == std::vector<std::uint16_t>{0, WordOrder::kNoRank});
  REQUIRE(back->passages.size() == 1);
  CHECK(back->passages[0].end == 9);
  CHECK(back->story == "s");
  CHECK(back->ingest == 7);
}

TEST_CASE("the shapes of format 3, in the document data, hashes first, are still read") {
  // "y", the hashes as they are, then the other fields deflated (their hashes
  // field empty): id "x", a title of two words, one passage of three words.
  WordOrder title, words;
  title.ranks = {0, WordOrder::kNoRank};
  words.ranks = {1, 0, 1};
  const std::string fields = netstring("x") + netstring("") +
                             netstring(naba::schema::encode_word_order(title)) + netstring("1") +
                             netstring("0 9 0") + netstring(naba::schema::encode_word_order(words));
  const std::string data =
      std::string("y") + netstring("abcdefgh") + netstring(deflated_as_before(fields)) + "1:s1:7";
  Xapian::Document doc;
  doc.set_data(data);
  auto back = naba::schema::read_shape(doc);
  REQUIRE(back.has_value());
  CHECK(back->id == "x");
  REQUIRE(back->vocabulary.size() == 2);
  CHECK(back->vocabulary[1] == ('e' | 'f' << 8 | 'g' << 16 | std::uint32_t{'h'} << 24));
  CHECK(back->title.ranks == title.ranks);
  REQUIRE(back->passages.size() == 1);
  CHECK(back->passages[0].words.ranks == words.ranks);
  CHECK(back->story == "s");
  CHECK(back->ingest == 7);

  std::string damaged = data;
  damaged[data.size() - 12] ^= 0x5a;  // inside the deflated fields: their checksum fails
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

TEST_CASE("an article's fields and passages are stored, each passage deflated on its own") {
  const std::string body = std::string(3000, 'x') + "\nنص عربي\n" + std::string(3000, 'y');
  ArticleShape shape;
  shape.passages.push_back({0, 3000, 0, {}});
  shape.passages.push_back({3001, 3001 + 13, 1, {}});  // نص عربي: 13 bytes
  shape.passages.push_back({3015, static_cast<std::uint32_t>(body.size()), 2, {}});
  shape.vocabulary = {1, 2};
  std::vector<naba::schema::WordSpans> spans(3);
  spans[1].words = {{0, 4}, {5, 13}};
  spans[1].name_ends = {13};
  Xapian::Document doc;
  const std::size_t size = naba::schema::store(
      {"id-1", "عنوان", "2017-03-01", "ANT", "https://x/y"}, body, shape, spans, doc);
  CHECK(size < body.size() / 20);  // deflated
  const std::string value = doc.get_value(naba::schema::kStoredPassages);
  CHECK(value.size() == size);
  CHECK(value.find("https://x/y") != std::string::npos);  // but not the fields

  naba::schema::StoredArticle back(doc, shape);
  CHECK(back.fields().id == "id-1");
  CHECK(back.fields().title == "عنوان");
  CHECK(back.fields().date == "2017-03-01");
  CHECK(back.fields().source == "ANT");
  CHECK(back.fields().url == "https://x/y");
  REQUIRE(back.passages() == 3);
  const auto& middle = back.passage(1);
  CHECK(middle.text == "نص عربي");
  CHECK(middle.has_spans);
  CHECK(middle.spans.words == spans[1].words);
  CHECK(middle.spans.name_ends == spans[1].name_ends);
  CHECK(&back.passage(1) == &middle);  // inflated once
  CHECK(back.passage(0).text == std::string(3000, 'x'));
  CHECK(back.passage(2).text == std::string(3000, 'y'));
  CHECK(back.passage(3).text.empty());  // past the last

  Xapian::Document without_words;  // an article stored without its word spans
  naba::schema::store({"id-2", "", "", "", ""}, body, shape, {}, without_words);
  naba::schema::StoredArticle plain(without_words, shape);
  CHECK(plain.passage(1).text == "نص عربي");
  CHECK_FALSE(plain.passage(1).has_spans);

  naba::schema::StoredArticle none(Xapian::Document(), shape);
  CHECK(none.fields().id.empty());
  CHECK(none.passage(0).text.empty());
}

TEST_CASE("a damaged passage reads as empty, and the others are still read") {
  ArticleShape shape;
  shape.passages.push_back({0, 5, 0, {}});
  shape.passages.push_back({6, 11, 1, {}});
  Xapian::Document doc;
  naba::schema::store({"id-1", "t", "", "", ""}, "alpha\nomega", shape, {}, doc);
  std::string value = doc.get_value(naba::schema::kStoredPassages);
  value[value.size() - 3] ^= 0x5a;  // inside the last passage's checksum
  doc.add_value(naba::schema::kStoredPassages, value);
  naba::schema::StoredArticle back(doc, shape);
  CHECK(back.fields().title == "t");
  CHECK(back.passage(0).text == "alpha");
  CHECK(back.passage(1).text.empty());
}

TEST_CASE("the stored articles of format 3, their fields deflated too, are still read") {
  ArticleShape shape;
  shape.passages.push_back({0, 5, 0, {}});
  std::string fields, passage;
  for (const char* field : {"id-3", "t", "2017-03-01", "ANT", "https://x/y"})
    fields += netstring(field);
  passage = netstring("alpha");
  Xapian::Document doc;
  doc.add_value(naba::schema::kStoredPassages,
                netstring(deflated_as_before(fields)) + netstring(deflated_as_before(passage)));
  naba::schema::StoredArticle back(doc, shape);
  CHECK(back.fields().id == "id-3");
  CHECK(back.fields().url == "https://x/y");
  REQUIRE(back.passages() == 1);
  CHECK(back.passage(0).text == "alpha");
}

TEST_CASE("an article stored whole, as indexes written before hold it, is read by passage") {
  ArticleShape shape;
  shape.vocabulary = {1};
  shape.passages.push_back({0, 5, 0, {}});
  shape.passages.push_back({6, 11, 1, {}});
  std::vector<naba::schema::WordSpans> spans(2);
  spans[1].words = {{0, 5}};
  std::string packed;
  for (const std::string& field :
       std::vector<std::string>{"id-1", "t", "2017-03-01", "ANT", "https://x/y", "alpha\nomega",
                                naba::schema::encode_spans(spans)})
    packed += netstring(field);
  Xapian::Document doc;
  doc.add_value(naba::schema::kStored, deflated_as_before(packed));
  naba::schema::StoredArticle back(doc, shape);
  CHECK(back.fields().url == "https://x/y");
  CHECK(back.passage(0).text == "alpha");
  CHECK(back.passage(1).text == "omega");
  CHECK(back.passage(1).has_spans);
  CHECK(back.passage(1).spans.words == spans[1].words);
}

TEST_CASE("an article's text is stored once, by whichever indexing thread comes first") {
  const naba::Article article{.id = "a1", .title = "عنوان", .body = "فقرة أولى\nفقرة ثانية"};
  naba::Analyzer analyzer;
  naba::indexer::Prepared p = naba::indexer::prepare(article, analyzer, {});
  CHECK(p.value_bytes == 0);
  CHECK(p.doc.get_value(naba::schema::kStoredPassages).empty());
  naba::indexer::store_text(p);  // the reader thread, when the writer is behind
  const std::size_t bytes = p.value_bytes;
  const std::string stored = p.doc.get_value(naba::schema::kStoredPassages);
  CHECK(bytes > stored.size());
  naba::indexer::store_text(p);  // the writer, which stores whatever is not stored yet
  CHECK(p.value_bytes == bytes);
  CHECK(p.doc.get_value(naba::schema::kStoredPassages) == stored);
}
