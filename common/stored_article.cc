#include "common/stored_article.h"

#include <libdeflate.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <memory>

#include "common/schema.h"

namespace naba::schema {
namespace {

// Leads what is stored as it is, nothing deflated (format 4): a shape, and the
// fields of a stored article.
constexpr char kAsIs = 'r';

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

namespace {

constexpr char kNarrow = 'n', kWide = 'w';
constexpr unsigned char kNarrowNoRank = 0xff;

void put16(std::string& out, std::uint16_t n) {
  out.push_back(static_cast<char>(n & 0xff));
  out.push_back(static_cast<char>(n >> 8));
}

std::uint16_t get16(std::string_view in, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(in[at]) |
                                    static_cast<unsigned char>(in[at + 1]) << 8);
}

// The word count, the ranks (@p rank_bytes each), then (position, rank)
// pairs for the names, little-endian 16-bit numbers.
std::optional<WordOrder> decode_numbers(std::string_view in, std::size_t rank_bytes) {
  if (in.size() < 2) return std::nullopt;
  const std::size_t words = get16(in, 0), names_at = 2 + words * rank_bytes;
  if (in.size() < names_at || (in.size() - names_at) % 4) return std::nullopt;
  WordOrder order;
  order.ranks.resize(words);  // filled in place: every candidate's shape is decoded
  if (rank_bytes == 2) {
    for (std::size_t i = 0; i < words; ++i) order.ranks[i] = get16(in, 2 + 2 * i);
  } else {
    for (std::size_t i = 0; i < words; ++i) {
      const auto narrow = static_cast<unsigned char>(in[2 + i]);
      order.ranks[i] = narrow == kNarrowNoRank ? WordOrder::kNoRank : narrow;
    }
  }
  for (std::size_t at = names_at; at < in.size(); at += 4)
    order.names.emplace_back(get16(in, at), get16(in, at + 2));
  return order;
}

// The word orders of shapes written before kShape: all numbers 2 bytes.
std::optional<WordOrder> decode_wide(std::string_view in) {
  return decode_numbers(in, 2);
}

}  // namespace

// kNarrow, ranks in one byte each, when every rank fits (most articles have
// under 255 terms: half the bytes to inflate for every candidate); kWide
// otherwise, 2 bytes a rank.
std::string encode_word_order(const WordOrder& order) {
  if (order.ranks.size() > 0xffff) return {};
  const bool narrow = std::all_of(order.ranks.begin(), order.ranks.end(), [](std::uint16_t r) {
    return r < kNarrowNoRank || r == WordOrder::kNoRank;
  });
  std::string out(1, narrow ? kNarrow : kWide);
  out.reserve(3 + (narrow ? 1 : 2) * order.ranks.size() + 4 * order.names.size());
  put16(out, static_cast<std::uint16_t>(order.ranks.size()));
  for (auto rank : order.ranks)
    narrow ? out.push_back(static_cast<char>(rank == WordOrder::kNoRank ? kNarrowNoRank : rank))
           : put16(out, rank);
  for (auto [position, rank] : order.names) put16(out, position), put16(out, rank);
  return out;
}

std::optional<WordOrder> decode_word_order(std::string_view value) {
  if (value.empty() || (value.front() != kNarrow && value.front() != kWide)) return std::nullopt;
  return decode_numbers(value.substr(1), value.front() == kNarrow ? 1 : 2);
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
// paragraph" and its word order; behind kAsIs, nothing deflated. Writing
// appends the story and the ingest number. It is the value kShapeSlot, which
// glass stores as it is (it deflates document data with zlib when that makes it
// smaller, and inflating was most of reading a shape: its ranks are a byte each,
// and deflate saved only 16% of them). Shapes written before, in the document
// data, are still read: kShape's hashes as they are, then the rest deflated;
// kDeflatedShape, all deflated; or a digit, nothing deflated.
namespace {

constexpr char kShape = 'y';          // format 3
constexpr char kDeflatedShape = 'z';  // before kShape; older ones start with a digit

std::string packed_hashes(const std::vector<std::uint32_t>& vocabulary) {
  std::string hashes;
  hashes.reserve(4 * vocabulary.size());
  for (std::uint32_t h : vocabulary)
    for (int byte = 0; byte < 4; ++byte) hashes.push_back(static_cast<char>(h >> (8 * byte)));
  return hashes;
}

std::optional<std::vector<std::uint32_t>> unpacked_hashes(std::string_view hashes) {
  if (hashes.size() % 4) return std::nullopt;
  std::vector<std::uint32_t> vocabulary;
  if constexpr (std::endian::native == std::endian::little) {  // as stored: one copy
    vocabulary.resize(hashes.size() / 4);
    if (!hashes.empty()) std::memcpy(vocabulary.data(), hashes.data(), hashes.size());
    return vocabulary;
  }
  vocabulary.reserve(hashes.size() / 4);
  for (std::size_t i = 0; i < hashes.size(); i += 4) {
    std::uint32_t h = 0;
    for (int byte = 0; byte < 4; ++byte)
      h |= std::uint32_t{static_cast<unsigned char>(hashes[i + byte])} << (8 * byte);
    vocabulary.push_back(h);
  }
  return vocabulary;
}

// @p hashes: the vocabulary's field (empty behind kShape, which has them first).
std::string encode_fields(const ArticleShape& shape, std::string_view hashes) {
  std::string out;
  put(out, shape.id);
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

// The fields of encode_fields(), taken from the start of @p in; @p written_before:
// a shape from before kShape, its word orders wide and untagged.
std::optional<ArticleShape> decode_fields(std::string_view& in, bool written_before) {
  auto word_order = written_before ? decode_wide : decode_word_order;
  ArticleShape shape;
  auto id = take(in);
  if (!id) return std::nullopt;
  shape.id = std::string(*id);
  auto hashes = take(in);
  auto vocabulary = hashes ? unpacked_hashes(*hashes) : std::nullopt;
  if (!vocabulary) return std::nullopt;
  shape.vocabulary = std::move(*vocabulary);
  auto title = take(in);
  if (!title) return std::nullopt;
  if (!title->empty()) shape.title = word_order(*title).value_or(WordOrder{});
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
    if (!words->empty()) p.words = word_order(*words).value_or(WordOrder{});
    shape.passages.push_back(std::move(p));
  }
  return shape;
}

}  // namespace

std::string encode_shape(const ArticleShape& shape) {
  return kAsIs + encode_fields(shape, packed_hashes(shape.vocabulary));
}

std::string with_written(std::string data, std::string_view story, std::uint64_t ingest) {
  put(data, story);
  put(data, std::to_string(ingest));
  return data;
}

std::optional<ArticleShape> read_shape(const Xapian::Document& doc) {
  const std::string value = doc.get_value(kShapeSlot);
  return decode_shape(value.empty() ? doc.get_data() : value);
}

std::optional<ArticleShape> decode_shape(std::string_view in) {
  const char tag = in.empty() ? '\0' : in.front();
  std::optional<ArticleShape> shape;
  std::optional<std::vector<std::uint32_t>> vocabulary;  // kShape's, ahead of the rest
  if (tag == kAsIs) {
    in.remove_prefix(1);
    shape = decode_fields(in, false);
  } else if (tag == kShape || tag == kDeflatedShape) {
    in.remove_prefix(1);
    if (tag == kShape) {
      auto hashes = take(in);
      if (!hashes || !(vocabulary = unpacked_hashes(*hashes))) return std::nullopt;
    }
    auto blob = take(in);
    std::optional<std::string> fields = blob ? inflated(*blob) : std::nullopt;
    if (!fields) return std::nullopt;
    std::string_view view = *fields;
    shape = decode_fields(view, tag == kDeflatedShape);
  } else {  // a digit: nothing deflated, word orders wide
    shape = decode_fields(in, true);
  }
  if (!shape) return std::nullopt;
  if (vocabulary) shape->vocabulary = std::move(*vocabulary);
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

// One passage's spans: the word count, each word's start (from the previous
// word's end) and length, then the name count and each name's end.
void put_spans(std::string& out, const WordSpans& p) {
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

}  // namespace

std::string encode_spans(const std::vector<WordSpans>& passages) {
  std::string out;
  for (const auto& p : passages) put_spans(out, p);
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

// kAsIs, the fields as netstrings (not deflated: a few hundred bytes, and
// inflating them cost more than a shown passage's text); then per passage its
// text and word spans (encode_spans, none without them), deflated on its own:
// one passage shown inflates one passage, not the article (deflating passages
// apart makes the bodies about 11% bigger). At the fastest level: the one
// writer thread deflates every article (zlib's default level took twice as
// long for 8% less). Xapian stores values as they are. Format 3 wrote the
// fields deflated, without kAsIs (still read).

std::size_t store(const StoredFields& f, std::string_view body, const ArticleShape& shape,
                  const std::vector<WordSpans>& spans, Xapian::Document& doc) {
  std::string fields, value(1, kAsIs);
  for (const std::string* field : {&f.id, &f.title, &f.date, &f.source, &f.url})
    put(fields, *field);
  put(value, fields);
  const bool with_spans = spans.size() == shape.passages.size();
  for (std::size_t i = 0; i < shape.passages.size(); ++i) {
    const PassageShape& p = shape.passages[i];
    std::string passage;
    put(passage,
        body.substr(std::min<std::size_t>(p.start, body.size()), p.end - std::min(p.start, p.end)));
    if (with_spans) put_spans(passage, spans[i]);
    put(value, deflated(passage, 1));
  }
  doc.add_value(kStoredPassages, value);
  return value.size();
}

StoredArticle::StoredArticle(const Xapian::Document& doc, const ArticleShape& shape) {
  auto take_fields = [&](std::string_view& in) {
    for (std::string* field :
         {&fields_.id, &fields_.title, &fields_.date, &fields_.source, &fields_.url})
      *field = std::string(take(in).value_or(""));
  };
  if (value_ = doc.get_value(kStoredPassages); !value_.empty()) {
    std::string_view in = value_;
    const bool raw_fields = in.front() == kAsIs;
    if (raw_fields) in.remove_prefix(1);
    const auto head = take(in);
    std::optional<std::string> inflated_fields;  // format 3
    std::string_view fields_in;
    if (raw_fields)
      fields_in = head.value_or("");
    else if (head && (inflated_fields = inflated(*head)))
      fields_in = *inflated_fields;
    take_fields(fields_in);
    while (auto passage = take(in)) deflated_.push_back(*passage);
    passages_.resize(deflated_.size());
    return;
  }
  // Written before: the whole article in one value, sliced by the shape.
  const std::optional<std::string> packed = inflated(doc.get_value(kStored));
  std::string_view in = packed ? std::string_view(*packed) : std::string_view();
  take_fields(in);
  const std::string_view body = take(in).value_or("");
  std::vector<WordSpans> spans = decode_spans(take(in).value_or(""));
  const bool with_spans = !shape.vocabulary.empty() && spans.size() == shape.passages.size();
  for (std::size_t i = 0; i < shape.passages.size(); ++i) {
    const PassageShape& p = shape.passages[i];
    StoredPassage out;
    if (p.start <= p.end && p.end <= body.size()) out.text = body.substr(p.start, p.end - p.start);
    if (with_spans) out.spans = std::move(spans[i]), out.has_spans = true;
    passages_.emplace_back(std::move(out));
  }
}

const StoredPassage& StoredArticle::passage(std::size_t n) {
  static const StoredPassage none;
  if (n >= passages_.size()) return none;
  if (!passages_[n]) {
    StoredPassage out;
    if (const std::optional<std::string> packed = inflated(deflated_[n])) {
      std::string_view in = *packed;
      out.text = std::string(take(in).value_or(""));
      if (!in.empty()) {
        std::vector<WordSpans> spans = decode_spans(in);
        if (spans.size() == 1) out.spans = std::move(spans[0]), out.has_spans = true;
      }
    }
    passages_[n] = std::move(out);
  }
  return *passages_[n];
}

}  // namespace naba::schema
