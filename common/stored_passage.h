// What a passage's document stores (the article fields a result shows, the
// passage text, its word order) and how it is packed into the value kStored.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace naba::schema {

/** A passage's words in order: at each position the rank of its term in the
 *  vocabulary (kNoRank: a stop word), and the names (position, rank) that
 *  start at a word, beside its own term. */
struct WordOrder {
  static constexpr std::uint16_t kNoRank = 0xffff;
  std::vector<std::uint16_t> ranks;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> names;
};

/** Packs @p order (2 bytes a number); "" if it does not fit (a passage of
 *  more than 65,535 words, a vocabulary of more than 65,534 terms). */
std::string encode_word_order(const WordOrder& order);
/** Unpacks; nullopt for a malformed value. */
std::optional<WordOrder> decode_word_order(std::string_view value);

/** What a passage's document stores: the article fields a result shows, and
 *  the passage. */
struct StoredPassage {
  std::string id, title, date, source, url, text;
  std::size_t index = 0, paragraph = 0;
  /** In an index without body positions: the passage's words in order
   *  (encode_word_order), so that a phrase is checked without analysing the
   *  text again. */
  std::string word_order{};
};

/** Stores @p p in @p doc (the value kStored); returns its size in bytes. */
std::size_t store(const StoredPassage& p, Xapian::Document& doc);
/** What store() stored, or what an index made before held in the data. */
StoredPassage stored_passage(const Xapian::Document& doc);
/** The passage's text, and its word order ("" if it has none). */
std::string stored_text(const Xapian::Document& doc);
std::string stored_word_order(const Xapian::Document& doc);

}  // namespace naba::schema
