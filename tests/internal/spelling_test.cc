// The nearest words news writes to a word it does not (analyzers/spelling.h).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analyzers/normalizer.h"
#include "analyzers/spelling.h"

namespace {

std::string normalized(const std::string& word) {
  std::string out;
  naba::detail::normalize_word(word, out);
  return out;
}

std::vector<std::string> nearest(const std::string& word) {
  return naba::detail::nearest_words(normalized(word), 3);
}

// The nearest word, or "" when there is none.
std::string first(const std::string& word) {
  auto all = nearest(word);
  return all.empty() ? "" : all.front();
}

}  // namespace

TEST_CASE("spelling: a letter changed, dropped, added or two swapped finds the word news writes") {
  CHECK(first("الصرطان") == normalized("السرطان"));    // changed
  CHECK(first("الاظطراب") == normalized("الاضطراب"));  // changed
  CHECK(first("الاعبون") == normalized("اللاعبون"));   // added
  CHECK(first("االخواص") == normalized("الخواص"));     // dropped
  CHECK(first("اسنخدم") == normalized("استخدم"));      // changed
  CHECK(first("الحكموة") == normalized("الحكومة"));    // swapped
}

TEST_CASE("spelling: a typo after proclitics keeps them, when the whole word finds nothing") {
  CHECK(first("وبالصرطان") == normalized("وبالسرطان"));
  CHECK(first("وللصرطان") == normalized("وللسرطان"));
  // The whole word first: بالاظطراب is one letter from بالاضطراب, which news writes.
  CHECK(first("بالاظطراب") == normalized("بالاضطراب"));
}

TEST_CASE("spelling: two words run together after a letter that does not join") {
  CHECK(first("الاسكندرالاكبر") == normalized("الاسكندر") + " " + normalized("الاكبر"));
  CHECK(first("عاشرسليمان") == normalized("عاشر") + " " + normalized("سليمان"));
  // After a joining letter the words would look joined: no split there.
  for (const auto& w : nearest("الحكومةالجديدة")) CHECK(w.find(' ') == std::string::npos);
}

TEST_CASE("spelling: a stop word is the commonest of words") {
  CHECK(first("اللتى") == normalized("التي"));  // not الفتي
}

TEST_CASE("spelling: short words, other scripts and digits get no guess") {
  CHECK(nearest("كتى").empty());  // three letters: a letter from too many words
  CHECK(naba::detail::nearest_words("damascuss", 3).empty());
  CHECK(naba::detail::nearest_words("2017", 3).empty());
  CHECK(nearest("قرطزطز").empty());  // nothing news writes is one edit away
}

TEST_CASE("spelling: words news writes, with their clitics, are left as written") {
  using naba::detail::news_writes;
  CHECK(news_writes(normalized("السرطان")));
  CHECK(news_writes(normalized("وبالسرطان")));  // و + بال + سرطان
  CHECK(news_writes(normalized("مقالاته")));    // a pronoun
  CHECK(news_writes(normalized("يشخص")));       // an imperfect's prefix
  CHECK_FALSE(news_writes(normalized("الصرطان")));
  CHECK_FALSE(news_writes(normalized("بالاظطراب")));
  CHECK_FALSE(news_writes(normalized("قرطزطز")));
}
