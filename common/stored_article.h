// What an article's document stores (docs/design.md, "The index"):
// - its shape, in the value kShapeSlot: the passages' spans and their words in
//   order, as ranks in the article's vocabulary, given by term hashes. It is
//   all a search reads to rank an article's passages, match phrases in them
//   and count them.
// - its fields, and each passage's text and word spans, deflated one by one, in
//   the value kStoredPassages: read only for the passages shown.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace naba::schema {

/** Words in order: at each position the rank of its term in the article's
 *  vocabulary (kNoRank: a stop word), and the names (position, rank) that
 *  start at a word, beside its own term. */
struct WordOrder {
  static constexpr std::uint16_t kNoRank = 0xffff;
  std::vector<std::uint16_t> ranks;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> names;

  /** The terms counted (words with a term, and names): a document length. */
  std::size_t terms() const;
};

/** Packs @p order (a rank in one byte when all fit, else two); "" if it does
 *  not fit (more than 65,535 words). */
std::string encode_word_order(const WordOrder& order);
/** Unpacks; nullopt for a malformed value. */
std::optional<WordOrder> decode_word_order(std::string_view value);

/** A term's hash in the vocabulary (FNV-1a, 32 bits): an article's few
 *  hundred terms collide about once in ten million articles. */
std::uint32_t term_hash(std::string_view term);

/** One passage: a byte range of the body, its paragraph, its words. */
struct PassageShape {
  std::uint32_t start = 0, end = 0, paragraph = 0;
  WordOrder words;
};

/** What ranking and phrase matching read of an article. */
struct ArticleShape {
  /** The hashes of its word terms (body, title, names), in term order: a
   *  term's rank is its place here. */
  std::vector<std::uint32_t> vocabulary;
  WordOrder title;
  std::vector<PassageShape> passages;
  std::string id;
  /** Added when written: its story and ingest number. */
  std::string story;
  std::uint64_t ingest = 0;

  /** The rank of the term with hash @p hash, or WordOrder::kNoRank. */
  std::uint16_t rank_of(std::uint32_t hash) const;
};

/** An article's shape as stored (without story and ingest), nothing deflated. */
std::string encode_shape(const ArticleShape& shape);
/** @p data with the story and ingest number that writing adds. */
std::string with_written(std::string data, std::string_view story, std::uint64_t ingest);
/** Unpacks what encode_shape() wrote, and the shapes of indexes written before;
 *  nullopt for data that is no shape. */
std::optional<ArticleShape> decode_shape(std::string_view data);
/** The shape of an article's document: the value kShapeSlot, or the document
 *  data in an index of format 2 or 3. */
std::optional<ArticleShape> read_shape(const Xapian::Document& doc);

/** Where a passage's words are in its text (bytes from the passage's start):
 *  [start, end) at each word position, and the end of each name, in the
 *  order of its WordOrder::names. Highlights are drawn from them. */
struct WordSpans {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> words;
  std::vector<std::uint32_t> name_ends;
};

/** Packs the spans of an article's passages (varints); "" for none. */
std::string encode_spans(const std::vector<WordSpans>& passages);
/** Unpacks; empty for a malformed value. */
std::vector<WordSpans> decode_spans(std::string_view packed);

/** What a result shows of an article besides its passages. */
struct StoredFields {
  std::string id, title, date, source, url;
};

/** A passage's text, and where its words are (none when it was stored
 *  without them: too many words). */
struct StoredPassage {
  std::string text;
  WordSpans spans;
  bool has_spans = false;
};

/** Stores @p fields, and each passage of @p body (@p shape gives their byte
 *  ranges) with its word spans (@p spans, by passage, or none), in the value
 *  kStoredPassages: each passage deflated on its own, so that showing one
 *  inflates only that one. Returns the value's size in bytes. */
std::size_t store(const StoredFields& fields, std::string_view body, const ArticleShape& shape,
                  const std::vector<WordSpans>& spans, Xapian::Document& doc);

/** What store() stored, read passage by passage: the fields at once, a passage
 *  inflated when first asked for. Reads indexes written before (the whole
 *  article in one value, kStored) too, with @p shape's passage ranges. */
class StoredArticle {
 public:
  StoredArticle(const Xapian::Document& doc, const ArticleShape& shape);
  StoredArticle(const StoredArticle&) = delete;  // its passages are views of its value
  StoredArticle& operator=(const StoredArticle&) = delete;
  const StoredFields& fields() const { return fields_; }
  std::size_t passages() const { return passages_.size(); }
  /** Passage @p n ({} past the last, or when damaged). */
  const StoredPassage& passage(std::size_t n);

 private:
  StoredFields fields_;
  std::string value_;                                   // as stored (kStoredPassages)
  std::vector<std::string_view> deflated_;              // each passage in value_
  std::vector<std::optional<StoredPassage>> passages_;  // inflated when first asked for
};

}  // namespace naba::schema
