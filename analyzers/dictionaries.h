// The analyzer's dictionaries, loaded once from data files embedded in the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

namespace naba::detail {

/** Leads every known name's term (~الرقه), setting names apart from stems. */
inline constexpr std::string_view kNameMark = "~";

/** True for a transliterated Arabic article (al, el, ar, at, ...), which a
 *  Latin name may carry: al-Tanf, Ar-Raqqah, Deir ez-Zor. */
bool is_latin_article(std::string_view word);

/** A spelling of several words, found by its first word. */
struct MultiWordName {
  /** The normalised words after the first. */
  std::vector<std::string> rest;
  /** The name's index term. */
  std::string term;
};

/** What a name's term stands for. */
struct EntityInfo {
  std::string id, type, arabic, latin;  // gazetteer id, type, canonical spellings
  std::uint32_t max_words = 1;          // words in its longest spelling
};

/** The gazetteer as loaded: its id, type and canonical spellings, every entity's term. */
struct Dictionaries {
  /** Normalised spelling of a known single-word name (with its article, if
   *  it has one) → the name's index term. */
  absl::flat_hash_map<std::string, std::string> names;
  /** Names of several words (قوات سوريا الديمقراطية, Deir ez-Zor), by the
   *  normalised first word (with its article, if it has one). */
  absl::flat_hash_map<std::string, std::vector<MultiWordName>> multiword;
  /** Latin acronyms (SDF, UN), normalised: a name only when written in capitals. */
  absl::flat_hash_map<std::string, std::string> acronyms;
  /** A name's term → the entity. */
  absl::flat_hash_map<std::string, EntityInfo> entities;
  /** Normalised Arabic stop words. */
  absl::flat_hash_set<std::string> stopwords;
  /** Normalised word → corpus frequency, for deciding ambiguous clitics. */
  absl::flat_hash_map<std::string, unsigned> lexicon;
  /** How often the lexicon has seen the normalised @p word (0: never). */
  unsigned frequency(const std::string& word) const {
    auto it = lexicon.find(word);
    return it == lexicon.end() ? 0 : it->second;
  }

  /** Name variants made by rule: "spelling<TAB>name term<TAB>rule<TAB>kept or why dropped". */
  std::vector<std::string> variants;

  /** The built-in dictionaries (built on first use, then shared). */
  static const Dictionaries& builtin();
};

}  // namespace naba::detail
