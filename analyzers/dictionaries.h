// The analyzer's dictionaries, loaded once from data files embedded in the library.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace naba::detail {

/** Leads every known name's term (~الرقه), setting names apart from stems. */
inline constexpr std::string_view kNameMark = "~";

/** True for a transliterated Arabic article (al, el, ar, at, ...), which a
 *  Latin name may carry: al-Tanf, Ar-Raqqah, Deir ez-Zor. */
bool is_latin_article(std::string_view word);

struct Dictionaries {
  /** Normalised spelling of a known single-word name (with its article, if
   *  it has one) → the name's index term. */
  std::unordered_map<std::string, std::string> names;
  /** Normalised Arabic stop words. */
  std::unordered_set<std::string> stopwords;
  /** Normalised word → corpus frequency, for deciding ambiguous clitics. */
  std::unordered_map<std::string, unsigned> lexicon;

  /** The built-in dictionaries (built on first use, then shared). */
  static const Dictionaries& builtin();
};

}  // namespace naba::detail
