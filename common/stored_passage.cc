#include "common/stored_passage.h"

#include <algorithm>
#include <cstdlib>

#include "common/schema.h"

namespace naba::schema {
namespace {

// Fields are netstrings: "<length>:<bytes>".
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out.push_back(':');
  out.append(field);
}

std::string_view take(std::string_view& in) {
  auto colon = in.find(':');
  if (colon == std::string_view::npos) return {};
  auto size = std::strtoul(std::string(in.substr(0, colon)).c_str(), nullptr, 10);
  in.remove_prefix(colon + 1);
  auto field = in.substr(0, std::min<std::size_t>(size, in.size()));
  in.remove_prefix(field.size());
  return field;
}

// Netstrings: the article fields, the text, the passage and paragraph
// numbers, then the word order (if any).
std::string pack(const StoredPassage& p) {
  std::string out;
  for (std::string_view f :
       {std::string_view(p.id), std::string_view(p.title), std::string_view(p.date),
        std::string_view(p.source), std::string_view(p.url), std::string_view(p.text)})
    put(out, f);
  put(out, std::to_string(p.index));
  put(out, std::to_string(p.paragraph));
  if (!p.word_order.empty()) put(out, p.word_order);
  return out;
}

std::string_view field(std::string_view packed, int n) {
  for (int i = 0; i < n; ++i) take(packed);
  return take(packed);
}

// Packed as pack() does: the value kStored, or the document data in indexes
// made before it.
std::string packed(const Xapian::Document& doc) {
  std::string stored = doc.get_value(kStored);
  return stored.empty() ? doc.get_data() : stored;
}

}  // namespace

std::size_t store(const StoredPassage& p, Xapian::Document& doc) {
  const std::string value = pack(p);
  doc.add_value(kStored, value);
  return value.size();
}

StoredPassage stored_passage(const Xapian::Document& doc) {
  const std::string all = packed(doc);
  std::string_view in = all;
  StoredPassage p;
  for (std::string* f : {&p.id, &p.title, &p.date, &p.source, &p.url, &p.text})
    *f = std::string(take(in));
  p.index = std::strtoul(std::string(take(in)).c_str(), nullptr, 10);
  p.paragraph = std::strtoul(std::string(take(in)).c_str(), nullptr, 10);
  p.word_order = std::string(take(in));
  return p;
}

std::string stored_text(const Xapian::Document& doc) {
  return std::string(field(packed(doc), 5));
}

std::string stored_word_order(const Xapian::Document& doc) {
  return std::string(field(packed(doc), 8));
}

// Little-endian 16-bit numbers: the word count, the ranks, then (position,
// rank) pairs for the names.
std::string encode_word_order(const WordOrder& order) {
  if (order.ranks.size() > 0xffff) return {};
  std::string out;
  out.reserve(2 * (1 + order.ranks.size() + 2 * order.names.size()));
  auto put16 = [&](std::uint16_t n) {
    out.push_back(static_cast<char>(n & 0xff));
    out.push_back(static_cast<char>(n >> 8));
  };
  put16(static_cast<std::uint16_t>(order.ranks.size()));
  for (auto rank : order.ranks) put16(rank);
  for (auto [position, rank] : order.names) put16(position), put16(rank);
  return out;
}

std::optional<WordOrder> decode_word_order(std::string_view value) {
  if (value.size() < 2 || value.size() % 2) return std::nullopt;
  auto get16 = [&](std::size_t i) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(value[2 * i]) |
                                      static_cast<unsigned char>(value[2 * i + 1]) << 8);
  };
  const std::size_t numbers = value.size() / 2, words = get16(0);
  if (numbers < 1 + words || (numbers - 1 - words) % 2) return std::nullopt;
  WordOrder order;
  order.ranks.reserve(words);
  for (std::size_t i = 1; i <= words; ++i) order.ranks.push_back(get16(i));
  for (std::size_t i = 1 + words; i < numbers; i += 2)
    order.names.emplace_back(get16(i), get16(i + 1));
  return order;
}

}  // namespace naba::schema
