// naba's light stemmer for normalised Arabic words.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "analyzers/dictionaries.h"

namespace naba::detail {

/** Clitics a name may carry, longest first. The article is not among them: a
 *  name spelt with it (الرقة) is looked up with it, and one spelt without it
 *  (أستانا) never takes it (الأستانة is Istanbul). */
inline constexpr std::array<std::string_view, 14> kNameClitics = {
    "ولل", "فلل", "لل", "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"};

/** Conjunction/preposition + article combinations. */
inline constexpr std::array<std::string_view, 12> kArticles = {
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال"};

/** Attached pronouns, longest first. */
inline constexpr std::array<std::string_view, 10> kPronouns = {"كما", "هما", "هم", "هن", "كم",
                                                               "كن",  "نا",  "ها", "ني", "ه"};

/** True for a conjunction, preposition or article (و ب لل وبال ...) written
 *  as a word of its own: glued by a tatweel to a Latin word or quote (بـ"داعش"). */
bool is_proclitic(std::string_view normalized);

/** Removes attached conjunctions, prepositions, the article and inflectional
 *  suffixes under minimum-length rules. Known names lose only their clitics. */
class LightStemmer {
 public:
  explicit LightStemmer(const Dictionaries& dicts) : dicts_(dicts) {}

  /** The term of a normalised word (never empty for a non-empty word);
   *  sets @p known_name when the word is a known name plus clitics. */
  std::string stem(std::string_view word, bool* known_name = nullptr) const;

  /** The names of several words that a normalised word may begin, clitics
   *  allowed as for single-word names (بدير → دير الزور); null if none. */
  const std::vector<MultiWordName>* multiword_names(std::string_view word) const;

 private:
  /** The term of the known name @p article + @p word, or null. */
  const std::string* find_name(std::string_view word, std::string_view article = {}) const;
  /** How often @p prefix + @p w occurs in the lexicon. */
  unsigned seen(std::string_view prefix, std::string_view w) const;
  /** How often @p w occurs in the lexicon, bare or with the article. */
  unsigned evidence(std::string_view w) const;
  /** True if @p word is seen with the article, so it begins with no proclitic. */
  bool is_stem(std::string_view word) const;
  /** How many letters @p article (لل ولل فلل) must leave of @p word. */
  std::size_t rest_after_lam(std::string_view word, std::string_view article) const;
  /** @p word less its clitic and @p article (leaving @p rest), or less of them. */
  std::string_view without_article(std::string_view word, std::string_view article,
                                   std::string_view rest) const;
  /** True if @p al_word, ال + @p rest, begins with letters of its own. */
  bool has_own_al(std::string_view al_word, std::string_view rest) const;
  /** Whether the clitic and article that @p word loses to leave @p rest are
   *  no letters of its own. */
  bool article_is_clitic(std::string_view word, std::string_view rest) const;
  /** True if cutting @p word down to @p stem is backed by the lexicon. */
  bool attested(std::string_view stem, std::string_view word) const;
  /** Removes @p suffix from @p w if the rest is attested. */
  void cut_if_attested(std::string_view& w, std::string_view suffix) const;
  /** The stem of the ة-word that @p w, ending in ت, is before a suffix, or none. */
  std::optional<std::string> feminine_of(std::string_view w) const;
  /** True if the ه that ends @p w is its own letter, not ة or a pronoun. */
  bool heh_is_its_own(std::string_view w) const;
  /** True if @p w (less a final ت) is a past verb news has in three persons. */
  bool is_past_verb(std::string_view w) const;
  /** True if @p w, in سا, is a verb of its own rather than the future سـ + أ. */
  bool is_verb_in_sa(std::string_view w) const;
  /** True if @p rest + a pronoun of two letters or more is a word with a pronoun. */
  bool takes_pronoun(std::string_view rest) const;
  /** True if @p stem + the plural or dual @p ending is an inflected form:
   *  news has the stem in another form (ون ين ان only; others always). */
  bool is_inflected(std::string_view stem, std::string_view ending) const;
  /** Cuts the ـو or ـي of a construct sound plural (موظفو, مقاتلي) from @p w. */
  bool cut_construct_plural(std::string_view& w) const;
  const Dictionaries& dicts_;
};

}  // namespace naba::detail
