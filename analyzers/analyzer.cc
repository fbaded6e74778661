#include "naba/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <stdexcept>

#include "analyzers/dictionaries.h"
#include "analyzers/normalizer.h"
#include "analyzers/stemmer.h"
#include "naba/error.h"

namespace naba {
namespace {

// Replaces every byte that is not part of valid UTF-8, and every NUL, with a
// space: byte offsets stay those of the original text. Returns the count.
std::size_t blank_invalid_bytes(std::string_view text, std::string& clean) {
  std::size_t bad = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto len = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < len;) {
    if (s[i] != 0 && s[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c > 0) continue;
    if (clean.empty()) clean.assign(text);
    for (int32_t k = start; k < i; ++k) clean[k] = ' ';
    bad += i - start;
  }
  return bad;
}

// Word pieces inside one ICU word: ZWNJ, ZWSP and _ (hashtags) break words.
template <typename F>
void for_each_piece(std::string_view word, std::size_t offset, F f) {
  if (word.find('_') == std::string_view::npos && word.find('\xE2') == std::string_view::npos) {
    f(word, offset);  // the common case: no separator inside
    return;
  }
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    if (end > start) f(word.substr(start, end - start), offset + start);
  };
  for (std::size_t i = 0; i < word.size();) {
    if (word[i] == '_') {
      flush(i);
      start = ++i;
    } else if (word[i] == '\xE2' &&
               (word.compare(i, 3, "\u200C") == 0 || word.compare(i, 3, "\u200B") == 0)) {
      flush(i);
      start = i += 3;
    } else {
      ++i;
    }
  }
  flush(word.size());
}

// A cache of recent words: a miss costs a dozen dictionary lookups (names,
// clitic evidence). Two ways per set (FIFO). It starts with 2K words, enough
// for queries, and doubles each time it has missed as many words as it holds,
// up to 256K words (about 20 MB): indexing the shared corpus then misses 4.5%
// of its words, about as many as it has distinct words, where 128K missed 6.1%
// (docs/analyzer.md, "Speed"). A map of every word seen would grow without bound.
struct CachedStem {
  std::string word;
  std::string term;
  bool known_name = false;
  bool stopword = false;  // a stop word, or a clitic standing alone
  const std::vector<detail::MultiWordName>* multiword = nullptr;  // names it may begin
};

constexpr std::size_t kFirstStemCacheSets = 1 << 10, kMaxStemCacheSets = 1 << 17;

}  // namespace

struct Analyzer::Impl {
  const detail::Dictionaries& dicts = detail::Dictionaries::builtin();
  detail::LightStemmer stemmer{dicts};
  std::unique_ptr<icu::BreakIterator> words;
  std::vector<CachedStem> stems = std::vector<CachedStem>(2 * kFirstStemCacheSets);
  std::size_t misses_since_growth = 0;
  std::string clean;
  std::vector<UChar> utf16;  // the text as ICU's word breaking reads it
  std::string normalized;
  std::vector<const std::vector<detail::MultiWordName>*> starts;  // per token: names it may begin

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status))
      throw Error(Error::Code::internal, "ICU word break iterator unavailable");
  }

  const CachedStem& stem(const std::string& word) {
    const std::size_t hash = std::hash<std::string>{}(word);
    CachedStem* set = &stems[2 * (hash & (stems.size() / 2 - 1))];
    if (set[0].word == word) return set[0];
    if (set[1].word == word) return set[1];
    if (++misses_since_growth > stems.size() && stems.size() / 2 < kMaxStemCacheSets) {
      stems = std::vector<CachedStem>(2 * stems.size());  // its words are dropped
      misses_since_growth = 0;
      set = &stems[2 * (hash & (stems.size() / 2 - 1))];
    }
    std::swap(set[0], set[1]);  // the older word is dropped; its strings' storage is reused
    CachedStem& slot = set[0];
    slot.word = word;
    slot.term = stemmer.stem(word, &slot.known_name);
    slot.multiword = stemmer.multiword_names(word);
    slot.stopword = is_stopword(word);
    return slot;
  }

  // A stop word, or a clitic standing alone (بـ"داعش" breaks into بـ and داعش).
  bool is_stopword(const std::string& normalized) const {
    return dicts.stopwords.contains(normalized) ||
           ((normalized.size() == 2 || (normalized.size() <= 8 && (normalized.ends_with("ال") ||
                                                                   normalized.ends_with("لل")))) &&
            detail::is_proclitic(normalized));
  }

  void add_token(std::string_view text, std::string_view piece, std::size_t start,
                 std::uint32_t& position, std::vector<Token>& out, std::size_t& count,
                 AnalyzeStats& stats) {
    normalized.clear();
    detail::normalize_word(piece, normalized);
    if (normalized.empty()) return;  // only marks or tatweel
    std::string_view word = piece;   // the word without a glued clitic (لـCNN: CNN)
    if (std::size_t cut = glued_clitic_end(piece); cut != 0) {
      word = piece.substr(cut);
      normalized.clear();
      detail::normalize_word(word, normalized);
    }
    if (count == out.size()) out.emplace_back();
    Token& token = out[count++];
    token.normalized.assign(normalized);
    token.position = position++;
    token.start = start;
    token.end = start + piece.size();
    // A transliterated article hyphened to a name (al-Tanf, Deir ez-Zor)
    // is no word of its own.
    bool latin_article =
        token.end < text.size() && text[token.end] == '-' && detail::is_latin_article(normalized);
    token.known_name = false;
    token.term.clear();
    token.entity.clear();
    token.entity_words = 0;
    token.entity_end = 0;
    if (starts.size() < count) starts.resize(count);
    starts[count - 1] = nullptr;
    if (latin_article) {
      token.stopword = true;
      return;
    }
    if (normalized.size() > max_term_bytes) {  // kept out of the cache: it would hold on to it
      token.stopword = is_stopword(normalized);
      if (token.stopword)
        starts[count - 1] = stemmer.multiword_names(normalized);
      else
        ++stats.overlong_tokens;
      return;
    }
    const CachedStem& cached = stem(normalized);
    // No stop word is written with ة: آلية "mechanism" is not إليه, though both
    // normalise to اليه.
    token.stopword = cached.stopword && word.find("ة") == std::string_view::npos;
    starts[count - 1] = cached.multiword;  // حزب الله may start with a stop word
    if (token.stopword) return;
    token.term.assign(cached.term);
    token.known_name = cached.known_name;
    // SDF, UN: a Latin acronym is a name only when written in capitals.
    if (!token.known_name && is_capitals(word))
      if (auto it = dicts.acronyms.find(normalized); it != dicts.acronyms.end()) {
        token.term = it->second;
        token.known_name = true;
      }
  }

  // The bytes of an Arabic clitic glued to a Latin word or a number (لـCNN,
  // الـBBC, و2017), tatweel included; 0 if @p piece does not start with one.
  static std::size_t glued_clitic_end(std::string_view piece) {
    // Cheap tests first: this runs for every word. Such a word starts non-ASCII, ends ASCII.
    if (piece.empty() || static_cast<unsigned char>(piece[0]) < 0x80 ||
        static_cast<unsigned char>(piece.back()) >= 0x80)
      return 0;
    auto latin = std::find_if(piece.begin(), piece.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
    if (latin == piece.end()) return 0;
    auto cut = static_cast<std::size_t>(latin - piece.begin());
    std::string clitic;
    detail::normalize_word(piece.substr(0, cut), clitic);
    return detail::is_proclitic(clitic) ? cut : 0;
  }

  static bool is_capitals(std::string_view piece) {
    return piece.size() >= 2 &&
           std::all_of(piece.begin(), piece.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  }

  // Marks where names of several words begin: the longest name whose words
  // follow, after the first, exactly as spelt (normalised).
  void mark_multiword_names(std::vector<Token>& tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!starts[i]) continue;
      for (const auto& name : *starts[i]) {
        std::size_t n = name.rest.size();
        if (i + n >= tokens.size() || n + 1 <= tokens[i].entity_words) continue;
        bool same = true;
        for (std::size_t k = 0; k < n && same; ++k)
          same = tokens[i + 1 + k].normalized == name.rest[k];
        if (!same) continue;
        tokens[i].entity = name.term;
        tokens[i].entity_words = static_cast<std::uint32_t>(n + 1);
        tokens[i].entity_end = tokens[i + n].end;
      }
    }
  }

  void analyze(std::string_view text, std::vector<Token>& out, AnalyzeStats& stats) {
    clean.clear();
    stats.invalid_bytes += blank_invalid_bytes(text, clean);
    std::string_view src = clean.empty() ? text : std::string_view(clean);

    std::size_t count = 0;
    std::uint32_t position = 0;
    UErrorCode status = U_ZERO_ERROR;
    // ICU breaks UTF-16 text in half the time it takes over UTF-8 through
    // UText. The text is valid UTF-8 here (bad bytes blanked), so the
    // boundaries are the same; byte offsets are counted alongside.
    utf16.resize(src.size() + 1);
    int32_t units = 0;
    u_strFromUTF8(utf16.data(), static_cast<int32_t>(utf16.size()), &units, src.data(),
                  static_cast<int32_t>(src.size()), &status);
    UText* utext = nullptr;
    if (U_SUCCESS(status)) utext = utext_openUChars(nullptr, utf16.data(), units, &status);
    if (U_SUCCESS(status)) words->setText(utext, status);
    if (U_FAILURE(status)) {
      utext_close(utext);
      throw Error(Error::Code::internal, "ICU could not read the text");
    }
    std::size_t byte = 0;  // the byte offset of UTF-16 offset `unit`
    int32_t unit = 0;
    auto byte_of = [&](int32_t target) {  // targets only grow
      for (; unit < target; ++unit) {
        auto lead = static_cast<unsigned char>(src[byte]);
        std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        byte += bytes;
        if (bytes == 4) ++unit;  // a surrogate pair
      }
      return byte;
    };
    for (int32_t start = words->first(), end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
      if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
      const std::size_t from = byte_of(start);
      auto word = src.substr(from, byte_of(end) - from);
      for_each_piece(word, from, [&](std::string_view piece, std::size_t offset) {
        add_token(src, piece, offset, position, out, count, stats);
      });
    }
    utext_close(utext);
    out.resize(count);
    mark_multiword_names(out);
  }
};

// Raised with every change to the terms: tests/analyzer_test.cc checks a
// fingerprint of the terms of the lexicon's words against the one recorded
// for this version in tests/data/analyzer_version.tsv.
const char* Analyzer::version() {
  return "6";
}

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::Analyzer(const Analyzer&) : impl_(std::make_unique<Impl>()) {}
Analyzer& Analyzer::operator=(const Analyzer& other) {
  if (this != &other) impl_ = std::make_unique<Impl>();
  return *this;
}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::analyze(std::string_view text, AnalyzeStats* stats) const {
  std::vector<Token> tokens;
  analyze(text, tokens, stats);
  return tokens;
}

void Analyzer::analyze(std::string_view text, std::vector<Token>& out, AnalyzeStats* stats) const {
  AnalyzeStats local;
  impl_->analyze(text, out, stats ? *stats : local);
}

std::string Analyzer::normalize(std::string_view word) const {
  std::string out;
  impl_->clean.clear();
  if (blank_invalid_bytes(word, impl_->clean)) word = impl_->clean;
  detail::normalize_word(word, out);
  return out;
}

std::string Analyzer::stem(std::string_view normalized) const {
  return impl_->stemmer.stem(normalized);
}

bool Analyzer::is_stopword(std::string_view normalized) const {
  return impl_->dicts.stopwords.contains(std::string(normalized));
}

std::string Analyzer::name_term(std::string_view text) const {
  std::vector<Token> tokens = analyze(text);
  std::size_t first = 0;  // a leading transliterated article (al-) is no word
  while (first < tokens.size() && tokens[first].term.empty() && tokens[first].entity.empty())
    ++first;
  if (first == tokens.size()) return {};
  const Token& t = tokens[first];
  if (!t.entity.empty() && first + t.entity_words == tokens.size()) return t.entity;
  if (t.known_name && first + 1 == tokens.size()) return t.term;
  return {};
}

std::optional<Entity> Analyzer::entity(std::string_view term) const {
  auto it = impl_->dicts.entities.find(std::string(term));
  if (it == impl_->dicts.entities.end()) return std::nullopt;
  const auto& e = it->second;
  return Entity{e.id, e.type, e.arabic, e.latin, e.max_words};
}

}  // namespace naba
