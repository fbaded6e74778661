#include "common/stored_article.h"

#include <libdeflate.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "common/schema.h"

namespace naba::schema {
namespace {

// Fields are netstrings: "<length>:<bytes>".
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out.push_back(':');
  out.append(field);
}

// The next netstring of @p in; nullopt if @p in holds none.
std::optional<std::string_view> take(std::string_view& in) {
  auto colon = in.find(':');
  std::size_t size = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(in.data(), in.data() + colon, size).ec != std::errc() ||
      size > in.size() - colon - 1)
    return std::nullopt;
  auto field = in.substr(colon + 1, size);
  in.remove_prefix(colon + 1 + size);
  return field;
}

template <typename N>
std::optional<N> number(std::optional<std::string_view> field) {
  N n{};
  if (!field || std::from_chars(field->data(), field->data() + field->size(), n).ec != std::errc())
    return std::nullopt;
  return n;
}

// @p raw in zlib's format after its size (4 bytes, little-endian), for
// inflating in one call. libdeflate, not zlib: it inflates in about half the
// instructions (docs/performance.md), and reads what zlib wrote.
std::string deflated(std::string_view raw, int level) {
  struct Free {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  thread_local std::unique_ptr<libdeflate_compressor, Free> compressors[13];  // by level
  auto& compressor = compressors[level];
  if (!compressor) compressor.reset(libdeflate_alloc_compressor(level));
  std::string out(4 + libdeflate_zlib_compress_bound(compressor.get(), raw.size()), '\0');
  for (int byte = 0; byte < 4; ++byte) out[byte] = static_cast<char>(raw.size() >> (8 * byte));
  out.resize(4 + libdeflate_zlib_compress(compressor.get(), raw.data(), raw.size(), out.data() + 4,
                                          out.size() - 4));
  return out;
}

// What deflated() deflated; nullopt if @p in is damaged.
std::optional<std::string> inflated(std::string_view in) {
  if (in.size() < 4) return std::nullopt;
  std::size_t size = 0;
  for (int byte = 0; byte < 4; ++byte)
    size |= std::size_t{static_cast<unsigned char>(in[byte])} << (8 * byte);
  if (size / 1032 > in.size()) return std::nullopt;  // more than deflate can expand to
  thread_local std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)>
      decompressor(libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
  std::string out(size, '\0');
  if (libdeflate_zlib_decompress(decompressor.get(), in.data() + 4, in.size() - 4, out.data(), size,
                                 nullptr) != LIBDEFLATE_SUCCESS)
    return std::nullopt;
  return out;
}

}  // namespace

std::size_t WordOrder::terms() const {
  return names.size() +
         static_cast<std::size_t>(std::count_if(ranks.begin(), ranks.end(),
                                                [](std::uint16_t r) { return r != kNoRank; }));
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

std::uint32_t term_hash(std::string_view term) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : term) h = (h ^ c) * 16777619u;
  return h;
}

std::uint16_t ArticleShape::rank_of(std::uint32_t hash) const {
  auto it = std::find(vocabulary.begin(), vocabulary.end(), hash);
  return it == vocabulary.end() ? WordOrder::kNoRank
                                : static_cast<std::uint16_t>(it - vocabulary.begin());
}

// Netstrings: the article id, the vocabulary (4 bytes a hash, little-endian),
// the title's word order, the passage count, then per passage "start end
// paragraph" and its word order; all deflated, behind kDeflatedShape. Writing
// appends the story and the ingest number, not deflated. Xapian would deflate
// the data with zlib itself; deflated already, it is stored as it is, and
// read back without zlib. Indexes written before are read as they are.
namespace {

constexpr char kDeflatedShape = 'z';  // the data of older indexes starts with a digit

std::string encode_fields(const ArticleShape& shape) {
  std::string out, hashes;
  put(out, shape.id);
  hashes.reserve(4 * shape.vocabulary.size());
  for (std::uint32_t h : shape.vocabulary)
    for (int byte = 0; byte < 4; ++byte) hashes.push_back(static_cast<char>(h >> (8 * byte)));
  put(out, hashes);
  put(out, encode_word_order(shape.title));
  put(out, std::to_string(shape.passages.size()));
  for (const auto& p : shape.passages) {
    put(out,
        std::to_string(p.start) + " " + std::to_string(p.end) + " " + std::to_string(p.paragraph));
    put(out, encode_word_order(p.words));
  }
  return out;
}

// The fields of encode_fields(), taken from the start of @p in.
std::optional<ArticleShape> decode_fields(std::string_view& in) {
  ArticleShape shape;
  auto id = take(in);
  if (!id) return std::nullopt;
  shape.id = std::string(*id);
  auto hashes = take(in);
  if (!hashes || hashes->size() % 4) return std::nullopt;
  shape.vocabulary.reserve(hashes->size() / 4);
  for (std::size_t i = 0; i < hashes->size(); i += 4) {
    std::uint32_t h = 0;
    for (int byte = 0; byte < 4; ++byte)
      h |= std::uint32_t{static_cast<unsigned char>((*hashes)[i + byte])} << (8 * byte);
    shape.vocabulary.push_back(h);
  }
  auto title = take(in);
  if (!title) return std::nullopt;
  if (!title->empty()) shape.title = decode_word_order(*title).value_or(WordOrder{});
  auto count = number<std::size_t>(take(in));
  if (!count || *count > in.size()) return std::nullopt;
  shape.passages.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    auto span = take(in), words = take(in);
    if (!span || !words) return std::nullopt;
    PassageShape p;
    const char *at = span->data(), *end = at + span->size();
    for (std::uint32_t* n : {&p.start, &p.end, &p.paragraph}) {
      auto [next, ec] = std::from_chars(at, end, *n);
      if (ec != std::errc()) return std::nullopt;
      at = next + (next < end);
    }
    if (!words->empty()) p.words = decode_word_order(*words).value_or(WordOrder{});
    shape.passages.push_back(std::move(p));
  }
  return shape;
}

}  // namespace

std::string encode_shape(const ArticleShape& shape) {
  std::string out(1, kDeflatedShape);
  put(out, deflated(encode_fields(shape), 6));
  return out;
}

std::string with_written(std::string data, std::string_view story, std::uint64_t ingest) {
  put(data, story);
  put(data, std::to_string(ingest));
  return data;
}

std::optional<ArticleShape> decode_shape(std::string_view in) {
  std::optional<ArticleShape> shape;
  if (!in.empty() && in.front() == kDeflatedShape) {
    in.remove_prefix(1);
    auto blob = take(in);
    std::optional<std::string> fields = blob ? inflated(*blob) : std::nullopt;
    if (!fields) return std::nullopt;
    std::string_view view = *fields;
    shape = decode_fields(view);
  } else {
    shape = decode_fields(in);
  }
  if (!shape) return std::nullopt;
  if (auto story = take(in)) {
    shape->story = std::string(*story);
    shape->ingest = number<std::uint64_t>(take(in)).value_or(0);
  }
  return shape;
}

namespace {

void put_varint(std::string& out, std::uint32_t n) {
  for (; n >= 0x80; n >>= 7) out.push_back(static_cast<char>((n & 0x7f) | 0x80));
  out.push_back(static_cast<char>(n));
}

std::optional<std::uint32_t> take_varint(std::string_view& in) {
  std::uint32_t n = 0;
  for (int shift = 0; shift < 35 && !in.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    n |= std::uint32_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) return n;
  }
  return std::nullopt;
}

}  // namespace

// Per passage: the word count, each word's start (from the previous word's
// end) and length, then the name count and each name's end.
std::string encode_spans(const std::vector<WordSpans>& passages) {
  std::string out;
  for (const auto& p : passages) {
    put_varint(out, static_cast<std::uint32_t>(p.words.size()));
    std::uint32_t last = 0;
    for (auto [start, end] : p.words) {
      put_varint(out, start - std::min(start, last));
      put_varint(out, end - std::min(end, start));
      last = std::max(last, end);
    }
    put_varint(out, static_cast<std::uint32_t>(p.name_ends.size()));
    for (std::uint32_t end : p.name_ends) put_varint(out, end);
  }
  return out;
}

std::vector<WordSpans> decode_spans(std::string_view in) {
  std::vector<WordSpans> passages;
  while (!in.empty()) {
    WordSpans p;
    auto words = take_varint(in);
    if (!words || *words > in.size()) return {};
    std::uint32_t last = 0;
    for (std::uint32_t i = 0; i < *words; ++i) {
      auto gap = take_varint(in), length = take_varint(in);
      if (!gap || !length) return {};
      std::uint32_t start = last + *gap;
      p.words.emplace_back(start, start + *length);
      last = std::max(last, start + *length);
    }
    auto names = take_varint(in);
    if (!names || *names > in.size()) return {};
    for (std::uint32_t i = 0; i < *names; ++i) {
      auto end = take_varint(in);
      if (!end) return {};
      p.name_ends.push_back(*end);
    }
    passages.push_back(std::move(p));
  }
  return passages;
}

// The fields as netstrings, deflated at the fastest level: the one writer
// thread deflates every article (zlib's default level took twice as long for
// 8% less).
std::size_t store(const StoredArticle& a, Xapian::Document& doc) {
  std::string packed;
  for (const std::string* f : {&a.id, &a.title, &a.date, &a.source, &a.url, &a.body, &a.spans})
    put(packed, *f);
  const std::string value = deflated(packed, 1);
  doc.add_value(kStored, value);
  return value.size();
}

StoredArticle stored_article(const Xapian::Document& doc) {
  const std::optional<std::string> packed = inflated(doc.get_value(kStored));
  if (!packed) return {};
  std::string_view in = *packed;
  StoredArticle a;
  for (std::string* f : {&a.id, &a.title, &a.date, &a.source, &a.url, &a.body, &a.spans})
    *f = std::string(take(in).value_or(""));
  return a;
}

}  // namespace naba::schema
