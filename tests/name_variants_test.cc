// Spellings of known names made by rule (analyzers/variants.h), and the
// variants the lexicon keeps out because they are common words.
#include <doctest/doctest.h>

#include <string>

#include "naba/analyzer.h"

namespace {

std::string term_of(const naba::Analyzer& a, std::string_view word) {
  auto tokens = a.analyze(word);
  REQUIRE(tokens.size() == 1);
  return tokens[0].term;
}

}  // namespace

TEST_CASE("unlisted Arabic spellings of a name find it") {
  naba::Analyzer a;
  CHECK(term_of(a, "صنعا") == term_of(a, "صنعاء"));                   // final hamza dropped
  CHECK(term_of(a, "بصنعا") == term_of(a, "صنعاء"));                  // ... with a clitic
  CHECK(term_of(a, "صنعا") != term_of(a, "صنع"));                     // no longer "manufacture"
  CHECK(term_of(a, "الجزاير") == term_of(a, "الجزائر"));              // ئ without its hamza
  CHECK(term_of(a, "ديرالزور") == a.analyze("دير الزور")[0].entity);  // words joined
  CHECK(term_of(a, "شيشان") == term_of(a, "الشيشان"));                // without the article
  CHECK(term_of(a, "صنعاء") == term_of(a, "صنعائ"));  // ء and its seats fold together
}

TEST_CASE("unlisted Latin spellings of a name find it") {
  naba::Analyzer a;
  CHECK(term_of(a, "Katar") == term_of(a, "قطر"));    // q/k
  CHECK(term_of(a, "Irak") == term_of(a, "العراق"));  // q/k
  CHECK(term_of(a, "Hamah") == term_of(a, "حماة"));   // -ah/-a
  CHECK(term_of(a, "Raqa") == term_of(a, "الرقة"));   // doubled letter single
}

TEST_CASE("a variant that is a common word is not a name") {
  naba::Analyzer a;
  CHECK(!a.analyze("رقة")[0].known_name);      // from الرقة; فرقة is a word
  CHECK(!a.analyze("السورية")[0].known_name);  // "Syrian", not سوريا
  CHECK(!a.analyze("فينا")[0].known_name);     // "in us", not فيينا
  CHECK(!a.analyze("حاول")[0].known_name);     // "tried", not حائل
  CHECK(!a.analyze("كيف")[0].known_name);      // "how", not كييف
}
