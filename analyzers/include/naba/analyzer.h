/** @file analyzer.h
 *  The Arabic analyzer: one tokenizer, normaliser and light stemmer shared by
 *  indexing, query parsing and highlighting, so the three never disagree.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "naba/export.h"

namespace naba {

/** One word of the analysed text. */
struct Token {
  /** The index term; empty for a stop word or a token too long to index. */
  std::string term{};
  /** The word after normalisation (NFKC, marks and tatweel dropped, letters folded). */
  std::string normalized{};
  /** Word position; stop words consume a position too, so phrases line up. */
  std::uint32_t position = 0;
  /** Byte span [start, end) of the word in the original text. */
  std::size_t start = 0;
  std::size_t end = 0;
  /** True if the word is an Arabic stop word (it has no term). */
  bool stopword = false;
  /** True if the word is a name the analyzer knows (it lost only its clitics). */
  bool known_name = false;
  /** The term of a name of several words that starts at this word (قوات
   *  سوريا الديمقراطية, Deir ez-Zor), else empty. The indexer adds it at this
   *  word's position, beside the word's own term. */
  std::string entity;
  /** That name's extent: how many words it spans, and its byte end. */
  std::uint32_t entity_words = 0;
  std::size_t entity_end = 0;
};

/** What a name's term (~الرقه) stands for, from the gazetteer. */
struct Entity {
  std::string id;             ///< gazetteer id: raqqa, sdf
  std::string type;           ///< country capital city region town group org person
  std::string arabic, latin;  ///< canonical spellings
  /** Words in its longest spelling (a one-word term may stand for three words of text). */
  std::uint32_t max_words = 1;
};

/** What the analyzer skipped while reading a text. */
struct AnalyzeStats {
  /** Bytes that were not valid UTF-8, or NUL bytes; treated as spaces. */
  std::size_t invalid_bytes = 0;
  /** Words whose normalised form is longer than max_term_bytes (no term). */
  std::size_t overlong_tokens = 0;
};

/** Analyses UTF-8 text into tokens.
 *
 *  Thread safety: an Analyzer is not safe to use from two threads at once
 *  (it owns an ICU break iterator and a stem cache). Copying is cheap: the
 *  dictionaries are shared, immutable, between copies. Use one per thread.
 */
class NABA_API Analyzer {
 public:
  /** Longest normalised word, in bytes, that still gets a term. */
  static constexpr std::size_t max_term_bytes = 120;

  Analyzer();
  Analyzer(const Analyzer& other);
  Analyzer& operator=(const Analyzer& other);
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  ~Analyzer();

  /** Tokens of @p text, in order. Invalid UTF-8 and NUL bytes are skipped
   *  (counted in @p stats when given), never fatal. */
  std::vector<Token> analyze(std::string_view text, AnalyzeStats* stats = nullptr) const;

  /** Same, appending to @p out (cleared first) to reuse its storage. */
  void analyze(std::string_view text, std::vector<Token>& out, AnalyzeStats* stats = nullptr) const;

  /** The normalised form of one word (no tokenisation). */
  std::string normalize(std::string_view word) const;

  /** The index term of one normalised word; never empty for a non-empty word. */
  std::string stem(std::string_view normalized) const;

  /** True if @p normalized is an Arabic stop word. */
  bool is_stopword(std::string_view normalized) const;

  /** The gazetteer entity whose term is @p term (Token::term of a known
   *  name, or Token::entity); nullopt for any other term. */
  std::optional<Entity> entity(std::string_view term) const;

  /** The term of the gazetteer name that @p text is, when it is one name and
   *  nothing else (بالرقة, Al-Raqqah, قوات سوريا الديمقراطية); else empty. */
  std::string name_term(std::string_view text) const;

  /** The version of the analysis: raised with every change to the terms the
   *  analyzer gives, by its rules or its data. An index records the version
   *  it was made with (IndexStats::analyzer); searching an index made with
   *  another one warns that its older articles may miss some words. */
  static const char* version();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace naba
