#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "naba/analyzer.h"

namespace {

std::vector<std::string> terms(const naba::Analyzer& a, std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : a.analyze(text)) out.push_back(t.term);
  return out;
}

std::string term_of(const naba::Analyzer& a, std::string_view word) {
  auto tokens = a.analyze(word);
  REQUIRE(tokens.size() == 1);
  return tokens[0].term;
}

// Every form in `forms` must give one and the same, non-empty term.
void check_one_term(const naba::Analyzer& a, const std::vector<std::string>& forms) {
  std::set<std::string> seen;
  for (const auto& form : forms) {
    auto term = term_of(a, form);
    CHECK_MESSAGE(!term.empty(), form);
    seen.insert(term);
  }
  CHECK_MESSAGE(seen.size() == 1, forms.front());
}

}  // namespace

TEST_CASE("every clitic and spelling form of a place gives one term") {
  naba::Analyzer a;
  check_one_term(
      a, {"الرقة", "بالرقة", "والرقة", "للرقة", "فالرقة", "وبالرقة", "الرقه", "الرقــة", "الرَّقَّة"});
  check_one_term(a, {"درعا", "بدرعا", "ودرعا", "لدرعا"});
  check_one_term(a, {"التنف", "بالتنف", "والتنف", "للتنف"});
}

TEST_CASE("Latin spellings of a known name give the Arabic name's term") {
  naba::Analyzer a;
  CHECK(term_of(a, "Raqqa") == term_of(a, "الرقة"));
  // "ar" and "al" are no words of their own: no term, but they keep a position.
  CHECK(terms(a, "Ar-Raqqah") == std::vector<std::string>{"", term_of(a, "الرقة")});
  CHECK(terms(a, "al-Tanf") == std::vector<std::string>{"", term_of(a, "التنف")});
  CHECK(term_of(a, "Dar'a") == term_of(a, "درعا"));
  CHECK(term_of(a, "ASTANA") == term_of(a, "أستانة"));
  CHECK(term_of(a, "who") == "who");  // WHO is an acronym: English "who" stays a word
  CHECK(!a.analyze("us")[0].known_name);
}

TEST_CASE("names are never cut into other words") {
  naba::Analyzer a;
  CHECK(term_of(a, "درعا") == "~درعا");
  CHECK(term_of(a, "درعا") != term_of(a, "درع"));
  CHECK(term_of(a, "بيروت") == "~بيروت");
  CHECK(term_of(a, "بوتين") == "~بوتين");
  CHECK(term_of(a, "فلسطين") == "~فلسطين");
  CHECK(a.analyze("الرقة")[0].known_name);
  // A name and a word that stems to the same letters stay apart.
  CHECK(term_of(a, "حلبة") != term_of(a, "حلب"));
  CHECK(term_of(a, "ورقة") != term_of(a, "الرقة"));
  CHECK(term_of(a, "فرقة") != term_of(a, "الرقة"));
  // A name without the article never takes it: الأستانة is Istanbul.
  CHECK(term_of(a, "الأستانة") != term_of(a, "أستانا"));
}

TEST_CASE("a word attested as a stem keeps its first letter") {
  naba::Analyzer a;
  // الفكرة is in the lexicon, so فكرة is no ف + كرة.
  CHECK(term_of(a, "فكرة") != term_of(a, "كرة"));
  CHECK(term_of(a, "فكرة") == term_of(a, "الفكرة"));
  check_one_term(a, {"ورقة", "الورقة", "بالورقة", "والورقة"});
  // A cut still happens where the rest is the stem: بدمشق, لموقع.
  CHECK(term_of(a, "بدمشق") == term_of(a, "دمشق"));
}

TEST_CASE("a clitic glued to a Latin word comes off") {
  naba::Analyzer a;
  CHECK(term_of(a, "لـCNN") == term_of(a, "CNN"));
  CHECK(term_of(a, "الـBBC") == term_of(a, "BBC"));
  CHECK(term_of(a, "وSDF") == term_of(a, "SDF"));  // the acronym is still a name in capitals
  CHECK(a.analyze("وSDF")[0].known_name);
  // بـ"داعش": the lone clitic is no word; the name keeps its term.
  auto tokens = a.analyze("بـ\"داعش\"");
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].stopword);
  CHECK(tokens[1].term == term_of(a, "داعش"));
  CHECK(term_of(a, "لندن2017") != "2017");  // no clitic: the word stays whole
}

TEST_CASE("Persian letters fold to the Arabic ones news writes") {
  naba::Analyzer a;
  CHECK(a.normalize("پ چ ژ گ") == a.normalize("ب ج ز ك"));
}

TEST_CASE("the light stemmer removes clitics and inflections") {
  naba::Analyzer a;
  CHECK(term_of(a, "والمعلومات") == term_of(a, "معلومات"));
  CHECK(term_of(a, "المسؤولين") == term_of(a, "مسؤول"));
  CHECK(term_of(a, "مسئول") == term_of(a, "مسؤول"));  // Egyptian and Levantine hamza seats
  CHECK(term_of(a, "بدمشق") == term_of(a, "دمشق"));
  CHECK(term_of(a, "لموقع") == term_of(a, "موقع"));
  CHECK(term_of(a, "وزير") != term_of(a, "زير"));  // و of وزير is no conjunction
  CHECK(term_of(a, "سيطرة") == term_of(a, "السيطرة"));
}

TEST_CASE("feminine, nisba and construct-plural forms share their word's term") {
  naba::Analyzer a;
  check_one_term(a, {"الحكومة", "حكومته", "حكومتها", "الحكومتين"});  // ة written ت
  check_one_term(a, {"سنة", "سنتين", "السنتين"});                    // a ة-word of 3 letters
  check_one_term(a, {"البريطاني", "البريطانية", "بريطاني"});         // nisba ـاني keeps its ي
  check_one_term(a, {"موظفين", "موظفي", "موظفو", "الموظفون"});       // plural before its noun
  CHECK(term_of(a, "أبلغني") == term_of(a, "أبلغ"));  // ني "me" still comes off verbs
  CHECK(term_of(a, "السوري") != term_of(a, "سور"));   // a noun seen with ال keeps its ي
  CHECK(term_of(a, "الأخرى") != term_of(a, "آخرين"));
  CHECK(term_of(a, "ماري") != term_of(a, "مارين"));  // Marie: news writes مارين less often
}

TEST_CASE("endings and pronouns come off only where news inflects the word") {
  naba::Analyzer a;
  // ون ين ان of a word of its own stay: olives are no oil, Yassin no despair.
  CHECK(term_of(a, "زيتون") != term_of(a, "زيت"));
  CHECK(term_of(a, "ياسين") != term_of(a, "يأس"));
  CHECK(term_of(a, "تمرين") != term_of(a, "تمر"));
  check_one_term(a, {"إعلان", "الإعلان", "إعلانات", "بإعلانه"});  // it meets its plural
  check_one_term(a, {"قانون", "القانون", "للقانون", "قانونها"});
  // Only the oblique ين makes a plural of ون or a dual of ان: كأنه and كانا
  // are no sisters of كانون (December), nor is ميل (inclination) of Milan.
  CHECK(term_of(a, "كانون") != term_of(a, "كان"));
  CHECK(term_of(a, "ميلان") != term_of(a, "ميل"));
  CHECK(term_of(a, "الألمان") != term_of(a, "ألم"));
  check_one_term(a, {"شخصان", "شخصين", "شخص"});
  // Plurals and duals still come off: a sister form, a verb, a participle.
  check_one_term(a, {"المسلمين", "مسلمون", "مسلم"});
  check_one_term(a, {"شوطين", "الشوط"});
  check_one_term(a, {"يعملون", "يعمل", "يعملان"});
  check_one_term(a, {"المفكرين", "المفكر"});
  // A pronoun of two letters comes off a word news has without it.
  check_one_term(a, {"كتابهم", "كتابها", "الكتاب"});
  CHECK(term_of(a, "تفاهم") == term_of(a, "التفاهم"));
  CHECK(term_of(a, "تفاهم").size() > term_of(a, "تفا").size());  // no تفا + هم
  CHECK(term_of(a, "المحاكم") != term_of(a, "محا"));
  // The past-tense ت stays on a word seen with the article.
  CHECK(term_of(a, "النبات") != term_of(a, "نبأ"));
  CHECK(term_of(a, "بدأت") == term_of(a, "بدأ"));
  // A ه of the word's own (its plural is in ات) stays: توجيه meets توجيهات, جنيه is no جني.
  check_one_term(a, {"توجيه", "التوجيه", "توجيهات", "التوجيهات"});
  CHECK(term_of(a, "جنيه") != term_of(a, "جني"));
  check_one_term(a, {"سيارة", "سيارات", "سيارته"});  // a ة-word keeps losing its ة
  // سا starts a verb news has (يساهم), not the future سـ + أ: ساهم is no أهم.
  CHECK(term_of(a, "ساهم") != term_of(a, "أهم"));
  check_one_term(a, {"ساعد", "ساعدت", "وساعد"});
  CHECK(term_of(a, "ساعدت") != term_of(a, "أعد"));
  CHECK(term_of(a, "سأدخل") == term_of(a, "أدخل"));
}

TEST_CASE("وال بال فال كال are the word's own letters where news says so") {
  naba::Analyzer a;
  // Seen with the article (الوالدين, البالغة, الوالد): parents are no religion.
  CHECK(term_of(a, "والدين") != term_of(a, "الدين"));
  CHECK(term_of(a, "بالغة") != term_of(a, "الغة"));
  check_one_term(a, {"والد", "الوالد", "والده", "والدها", "والدته", "والدين"});
  check_one_term(a, {"بالون", "البالون", "بالونات"});
  // A frequent word whose rest news never has is a name: California, Valencia.
  CHECK(term_of(a, "كاليفورنيا").size() > term_of(a, "فورنيا").size());
  CHECK(term_of(a, "فالنسيا") != term_of(a, "نسي"));
  // The clitic and the article still come off everywhere else.
  check_one_term(a, {"والرئيس", "بالرئيس", "الرئيس", "رئيس"});
  check_one_term(a, {"بالطبع", "الطبع"});
  check_one_term(a, {"والبيتكوين", "البيتكوين"});  // a word news has not seen
}

TEST_CASE("an ال of the word's own is no article: ألعاب إلغاء التزام آلاف") {
  naba::Analyzer a;
  // Normalised, ألعاب begins as العاب does; news has الألعاب, and never عاب.
  check_one_term(a, {"ألعاب", "الألعاب", "بالألعاب", "وألعاب", "لألعاب", "العاب"});
  check_one_term(a, {"التزام", "الالتزام", "بالتزام", "والتزام", "التزامات"});
  check_one_term(a, {"إلكتروني", "الإلكتروني", "الإلكترونية"});
  check_one_term(a, {"إلغاء", "الإلغاء", "بإلغاء"});
  // ل before the article makes it لل: news has لآلاف, never للاف.
  check_one_term(a, {"آلاف", "الآلاف", "لآلاف", "بآلاف"});
  CHECK(term_of(a, "آلاف") != term_of(a, "إف"));
  // The article still comes off where it is one (news has للأم, never لآلام).
  check_one_term(a, {"الأم", "بالأم", "والأم"});
  CHECK(term_of(a, "الأم") != term_of(a, "الآلام"));
  check_one_term(a, {"الغاز", "غاز", "للغاز"});
  check_one_term(a, {"الوكالات", "وكالات", "الوكالة"});  // no و + ك + آلات
  // No stop word is written with ة: آلية is no إليه, though both normalise to اليه.
  CHECK(term_of(a, "إليه").empty());
  check_one_term(a, {"آلية", "الآلية", "آليات", "للآلية"});
}

TEST_CASE("لل before a noun of two letters is ل + the article") {
  naba::Analyzer a;
  check_one_term(a, {"للحد", "الحد", "بالحد", "حد"});
  check_one_term(a, {"للأم", "الأم", "بالأم"});
  check_one_term(a, {"وللرد", "للرد", "الرد", "رد"});
  // لل + two letters is mostly ل + a word in ل: للعب is ل + اللعب.
  check_one_term(a, {"للعب", "اللعب", "لعب"});
  check_one_term(a, {"للون", "اللون", "لون"});
}

TEST_CASE("و and ف come off a past verb news has in three persons") {
  naba::Analyzer a;
  // News writes وأضاف 18 times as often as أضاف: the cut's ratio kept the و.
  check_one_term(a, {"وأضاف", "أضاف", "وأضافت", "أضافت", "فأضاف"});
  check_one_term(a, {"وقالت", "قالت", "وقال", "قال"});
  check_one_term(a, {"وأوضح", "أوضح", "وأوضحت", "أوضحت"});
  check_one_term(a, {"وتابع", "تابع", "وتابعت"});
  // A word of its own keeps its first letter: news has no verb زير زيرت زيروا.
  CHECK(term_of(a, "وزير") != term_of(a, "زير"));
  // فورا is فور + the accusative ا: ورا ends in ا, so it is no verb (that would be وروا).
  CHECK(term_of(a, "فورا") != term_of(a, "ورا"));
}

TEST_CASE("the stemmer never returns an empty term") {
  naba::Analyzer a;
  for (std::string w : {"ال", "وال", "لل", "و", "ها", "ات", "ين", "بال", "ا", "ه", "ت", "سي"})
    CHECK_MESSAGE(!a.stem(a.normalize(w)).empty(), w);
}

TEST_CASE("normalisation folds Arabic letter variants, marks, digits and case") {
  naba::Analyzer a;
  CHECK(a.normalize("أإآٱ") == "اااا");
  CHECK(a.normalize("مستشفى") == "مستشفي");
  CHECK(a.normalize("مدرسة") == "مدرسه");
  CHECK(a.normalize("کتاب یوم") == "كتابيوم");  // the space inside one word is dropped
  CHECK(a.normalize("٢٠١٧") == "2017");
  CHECK(a.normalize("۲۰۱۸") == "2018");
  CHECK(a.normalize("RaQQa") == "raqqa");
  CHECK(a.normalize("ﻻ") == "لا");             // lam-alef ligature
  CHECK(a.normalize("ﺍﻟﺮﻗﺔ") == "الرقه");      // presentation forms
  CHECK(a.normalize("الرَّقَّةُ") == "الرقه");      // harakat
  CHECK(a.normalize("الرقــــة") == "الرقه");  // tatweel
  CHECK(a.normalize("ا\u0654") == "ا");        // decomposed hamza above
}

TEST_CASE("word breaking: hashtags, Arabic punctuation, ZWNJ, numbers, Latin") {
  naba::Analyzer a;
  auto tokens = a.analyze("#الحديدة");
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].normalized == "الحديده");
  CHECK(tokens[0].start == 1);

  CHECK(a.analyze("سوريا،العراق؛ لبنان؟ «مصر»").size() == 4);
  CHECK(a.analyze("كلمة\u200Cأخرى").size() == 2);
  CHECK(a.analyze("كلمة\u200Bأخرى").size() == 2);
  CHECK(a.analyze("#سوريا_الآن").size() == 2);
  CHECK(terms(a, "Newsroom 2017 ٣٠") == std::vector<std::string>{"newsroom", "2017", "30"});
}

TEST_CASE("byte spans land on the original characters, harakat and tatweel included") {
  naba::Analyzer a;
  std::string text = "قصف في الرَّقَّة وبالرقــة اليوم";
  auto tokens = a.analyze(text);
  REQUIRE(tokens.size() == 5);
  auto original = [&](const naba::Token& t) { return text.substr(t.start, t.end - t.start); };
  CHECK(original(tokens[2]) == "الرَّقَّة");
  CHECK(original(tokens[3]) == "وبالرقــة");
  CHECK(tokens[2].term == tokens[3].term);

  // Characters of 1 to 4 UTF-8 bytes (4: two UTF-16 units, as ICU reads them) before each word.
  text = "a € 😀 الرقة 𝐀𝐁 café 😀😀 حلب";
  tokens = a.analyze(text);
  std::vector<std::string> words;
  for (const auto& t : tokens) words.push_back(original(t));
  CHECK(words == std::vector<std::string>{"a", "الرقة", "𝐀𝐁", "café", "حلب"});
}

TEST_CASE("stop words have no term but keep their positions") {
  naba::Analyzer a;
  auto tokens = a.analyze("معارك في الرقة");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1].stopword);
  CHECK(tokens[1].term.empty());
  CHECK(tokens[0].position == 0);
  CHECK(tokens[2].position == 2);
}

TEST_CASE("bad input never crashes: invalid UTF-8, NUL, empty text, a 1 MB token") {
  naba::Analyzer a;
  naba::AnalyzeStats stats;
  CHECK(a.analyze("", &stats).empty());

  std::string bad = "الرقة \xff\xfe درعا";
  bad += std::string("\0", 1) + "حلب \xC3";
  auto tokens = a.analyze(bad, &stats);
  CHECK(stats.invalid_bytes == 4);
  REQUIRE(tokens.size() == 3);
  CHECK(bad.substr(tokens[2].start, tokens[2].end - tokens[2].start) == "حلب");

  std::string huge(1 << 20, 'a');
  naba::AnalyzeStats huge_stats;
  tokens = a.analyze("قبل " + huge + " بعد", &huge_stats);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1].term.empty());
  CHECK(huge_stats.overlong_tokens == 1);
  CHECK(tokens[2].position == 2);

  CHECK(a.analyze("ـــ ً").empty());  // only tatweel and a mark: no word
}

TEST_CASE("copies of an analyzer work independently") {
  naba::Analyzer a;
  naba::Analyzer b = a;
  auto ta = a.analyze("والرقة");
  auto tb = b.analyze("والرقة");
  CHECK(ta[0].term == tb[0].term);
}

TEST_CASE("the analyzer's word cache never changes its output") {
  auto dump = [](const std::vector<naba::Token>& tokens) {
    std::string out;
    for (const auto& t : tokens)
      out += t.term + '|' + t.normalized + '|' + std::to_string(t.position) + '|' +
             std::to_string(t.start) + '|' + std::to_string(t.end) + '|' +
             std::to_string(t.stopword) + std::to_string(t.known_name) + '|' + t.entity + '|' +
             std::to_string(t.entity_words) + '|' + std::to_string(t.entity_end) + '\n';
    return out;
  };
  const std::string text =
      "قال المتحدث باسم قوات سوريا الديمقراطية في الرقة إن الـBBC وللرقة والسوريين "
      "معارك بدمشق في دير الزور";
  naba::Analyzer a;
  const std::string first = dump(a.analyze(text));
  CHECK(dump(a.analyze(text)) == first);  // every word now from the cache

  // More distinct words than the cache holds push every word of the text out: it
  // doubles from 2K words after as many misses, so 200,000 words leave it at 128K.
  const std::vector<std::string> letters = {"ب", "ت", "ج", "د", "ر", "س", "ع", "ق", "ك", "م"};
  std::string flood;
  for (int i = 0; i < 200000; ++i)
    flood += letters[i % 10] + letters[i / 10 % 10] + letters[i / 100 % 10] +
             letters[i / 1000 % 10] + letters[i / 10000 % 10] + letters[i / 100000 % 10] + ' ';
  CHECK(a.analyze(flood).size() == 200000);
  CHECK(dump(a.analyze(text)) == first);
  CHECK(dump(naba::Analyzer().analyze(text)) == first);
  CHECK(first.find("|~") != std::string::npos);  // the text has names (entities) to get right
}
