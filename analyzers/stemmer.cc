#include "analyzers/stemmer.h"

#include <algorithm>
#include <array>
#include <optional>
#include <span>

namespace naba::detail {
namespace {

std::size_t letters(std::string_view w) {
  std::size_t n = 0;
  for (unsigned char c : w) n += (c & 0xC0) != 0x80;
  return n;
}

// Only words made of Arabic letters (U+0621..U+064A) are stemmed.
bool is_arabic_word(std::string_view w) {
  if (w.empty() || w.size() % 2) return false;
  for (std::size_t i = 0; i < w.size(); i += 2) {
    auto b0 = static_cast<unsigned char>(w[i]), b1 = static_cast<unsigned char>(w[i + 1]);
    unsigned cp = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
    if ((b0 & 0xE0) != 0xC0 || cp < 0x0621 || cp > 0x064A) return false;
  }
  return true;
}

// Byte loops: these run for every clitic and suffix tried, most fail on the
// first byte, and starts_with/ends_with call memcmp.
bool has_prefix(std::string_view w, std::string_view p) {
  if (w.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (w[i] != p[i]) return false;
  return true;
}

bool has_suffix(std::string_view w, std::string_view s) {
  if (w.size() < s.size()) return false;
  for (std::size_t i = 1; i <= s.size(); ++i)
    if (w[w.size() - i] != s[s.size() - i]) return false;
  return true;
}

bool strip_prefix(std::string_view& w, std::string_view p, std::size_t min_rest) {
  if (!has_prefix(w, p) || letters(w) - letters(p) < min_rest) return false;
  w.remove_prefix(p.size());
  return true;
}

bool strip_suffix(std::string_view& w, std::string_view s, std::size_t min_rest) {
  if (!has_suffix(w, s) || letters(w) - letters(s) < min_rest) return false;
  w.remove_suffix(s.size());
  return true;
}

// Plural, dual and verb-agreement endings.
constexpr std::array<std::string_view, 6> kInflections = {"ات", "ون", "ين", "ان", "وا", "تم"};

constexpr unsigned kMinEvidence = 5;
constexpr double kEvidenceRatio = 0.5;
constexpr unsigned kNameEvidence = 30;
constexpr unsigned kShortWordEvidence = 30;
// A sister form (is_inflected) is seen at least a thirtieth as often as the
// word: زيتا (7) does not make زيتون (320) a plural of زيت; a sister of
// اللاجئين (1,299), seen 70 times, makes it one.
constexpr double kSisterRatio = 0.03;

constexpr std::string_view kAlef = "ا", kTeh = "ت", kHeh = "ه", kSeen = "س", kArticle = "ال";

// The key @p prefix + @p word, built in one buffer per thread: a word the
// analyzer has not cached costs a dozen lookups, and allocating a key for
// each cost as much as the lookup. @p word must not view this buffer.
const std::string& key_of(std::string_view prefix, std::string_view word) {
  static thread_local std::string key;
  key.assign(prefix);
  key.append(word);
  return key;
}

bool starts_with_any(std::string_view w, std::string_view chars) {
  for (std::size_t i = 0; i + 1 < chars.size(); i += 2)
    if (w.starts_with(chars.substr(i, 2))) return true;
  return false;
}

}  // namespace

bool is_proclitic(std::string_view w) {
  return w == "ال" ||
         std::find(kNameClitics.begin(), kNameClitics.end(), w) != kNameClitics.end() ||
         std::find(kArticles.begin(), kArticles.end(), w) != kArticles.end();
}

const std::string* LightStemmer::find_name(std::string_view word, std::string_view article) const {
  if (dicts_.names.empty()) return nullptr;
  auto it = dicts_.names.find(key_of(article, word));
  return it == dicts_.names.end() ? nullptr : &it->second;
}

const std::vector<MultiWordName>* LightStemmer::multiword_names(std::string_view word) const {
  if (dicts_.multiword.empty()) return nullptr;
  if (auto it = dicts_.multiword.find(key_of({}, word)); it != dicts_.multiword.end())
    return &it->second;
  if (!is_arabic_word(word)) return nullptr;
  for (auto clitic : kNameClitics) {
    std::string_view rest = word;
    if (!strip_prefix(rest, clitic, 2)) continue;
    const std::string& key = key_of(clitic.ends_with("لل") ? "ال" : "", rest);
    if (auto it = dicts_.multiword.find(key); it != dicts_.multiword.end()) return &it->second;
  }
  return nullptr;
}

unsigned LightStemmer::seen(std::string_view prefix, std::string_view w) const {
  return dicts_.frequency(key_of(prefix, w));
}

unsigned LightStemmer::evidence(std::string_view w) const {
  return seen(kArticle, w) + seen({}, w);
}

// An ambiguous cut (a one-letter proclitic, a suffix that also ends many
// stems) is made only when the shorter word is common in news on its own:
// بدمشق → دمشق (دمشق is frequent), but بيروت stays (يروت is not a word).
void LightStemmer::cut_if_attested(std::string_view& w, std::string_view suffix) const {
  std::string_view rest = w;
  if (strip_suffix(rest, suffix, 3) && attested(rest, w)) w = rest;
}

// A word seen with the article (الفكرة) is a stem in its own right: its first
// letter is no proclitic (فكرة is not ف + كرة), whatever the rest would mean.
bool LightStemmer::is_stem(std::string_view word) const {
  return seen(kArticle, word) >= kMinEvidence;
}

bool LightStemmer::attested(std::string_view stem, std::string_view word) const {
  return evidence(stem) >= std::max<unsigned>(kMinEvidence, evidence(word) * kEvidenceRatio);
}

std::string LightStemmer::stem(std::string_view word, bool* known_name) const {
  if (known_name) *known_name = false;
  if (const auto* name = find_name(word)) {
    if (known_name) *known_name = true;
    return *name;
  }
  if (!is_arabic_word(word)) return std::string(word);

  // A word seen with the article is no clitic + name: فعالية is not ف + عالية (Aley).
  for (auto clitic : is_stem(word) ? std::span<const std::string_view>{} : kNameClitics) {
    std::string_view rest = word;
    if (!strip_prefix(rest, clitic, 2)) continue;
    // لل is ل + ال with the alef dropped: للرقة is ل + الرقة.
    if (const auto* name = find_name(rest, clitic.ends_with("لل") ? "ال" : "")) {
      if (known_name) *known_name = true;
      return *name;
    }
  }

  std::string_view w = word;
  bool had_article = false;
  for (auto article : kArticles)
    if ((had_article =
             strip_prefix(w, article, article.ends_with("لل") ? rest_after_lam(w, article) : 2))) {
      w = without_article(word, article, w);
      break;
    }
  if (!had_article) {
    // One-letter conjunction, then one-letter preposition, each if attested.
    // A word attested as a stem keeps its first letter.
    for (std::string_view letters : {"وف", "بلك"}) {
      std::string_view rest = w;
      if (starts_with_any(w, letters) && !is_stem(w) && strip_prefix(rest, w.substr(0, 2), 3) &&
          (attested(rest, w) || (letters == "وف" && is_past_verb(rest))))
        w = rest;
    }
    // Future marker سـ before an imperfect verb prefix.
    std::string_view rest = w;
    if (!is_stem(w) && starts_with_any(w.substr(std::min<std::size_t>(2, w.size())), "يتنا") &&
        !is_verb_in_sa(w) && strip_prefix(rest, kSeen, 3) && attested(rest, w))
      w = rest;
  }

  bool had_suffix = false, kept_pronoun = false;
  for (auto pronoun : kPronouns) {
    // ني "me" follows verbs; a noun ending in it is a nisba (البريطاني, الثاني),
    // whose ي stays as in البريطانية.
    if (pronoun == "ني" && has_suffix(w, pronoun) && (had_article || is_stem(w))) continue;
    // ـنا after a noun seen with ال is its accusative ا: بيانا is بيان + ا, not بيا + نا.
    if (pronoun == "نا" && has_suffix(w, pronoun) && letters(w) > 3 &&
        is_stem(w.substr(0, w.size() - kAlef.size()))) {
      w.remove_suffix(kAlef.size());
      break;
    }
    std::string_view rest = w;
    if (!strip_suffix(rest, pronoun, 3)) continue;
    if (pronoun == kHeh ? !heh_is_its_own(w) : takes_pronoun(rest)) {
      w = rest;
      had_suffix = true;
    } else {
      kept_pronoun = true;  // the word's own letters: قضاها is no قضاه + ا, توجيه no توجي + ه
    }
    break;
  }
  for (auto ending : kInflections) {
    std::string_view rest = w;
    if (!strip_suffix(rest, ending, 3)) continue;
    if (is_inflected(rest, ending)) {
      w = rest;
      had_suffix = true;
    }
    break;
  }
  if (!had_suffix) had_suffix = cut_construct_plural(w);
  if (had_suffix) {
    // ة is written ت before a suffix (مهمتها, شركتين, بلدتي).
    if (auto feminine = feminine_of(w)) return *feminine;
    cut_if_attested(w, kTeh);
  } else if (!kept_pronoun && !strip_suffix(w, kHeh, 3) && !strip_suffix(w, kAlef, 3) &&
             !is_stem(w)) {
    // Past tense 3rd person feminine: أكدت → أكد. A word seen with the article
    // is no verb: النبات, البنات are not نبأ + ت, بناء + ت.
    cut_if_attested(w, kTeh);
  }

  return std::string(w.empty() ? word : w);
}

// The fewest letters @p article (ending in لل: ل + ال) leaves of @p word:
// three, as لل + two letters is mostly ل + a word in ل (للعب: ل + اللعب); two
// when news has ال + those two letters often (kShortWordEvidence) and more
// than ال + ل + them (للحد للرد للأم: الحد الرد الأم).
std::size_t LightStemmer::rest_after_lam(std::string_view word, std::string_view article) const {
  if (!has_prefix(word, article) || letters(word) - letters(article) != 2) return 3;
  const std::string_view rest = word.substr(article.size());
  return seen(kArticle, rest) >= std::max(kShortWordEvidence, seen("الل", rest)) ? 2 : 3;
}

// What @p word keeps once its clitic and article @p article come off, leaving
// @p rest: less; or the clitic alone off, when what follows begins with an ال
// of its own (والتزام: التزام); or nothing off (article_is_clitic).
std::string_view LightStemmer::without_article(std::string_view word, std::string_view article,
                                               std::string_view rest) const {
  // A word seen with the article (الوالدين, الوكالات) begins with no clitic:
  // والدين, وكالات are no و + الدين, و ك + آلات.
  if (article != kArticle && is_stem(word)) return word;
  if (article.ends_with(kArticle)) {
    std::string_view al_word = word.substr(article.size() - kArticle.size());
    // واليه is و + إليه; but آلية, written with its ة, is no stop word (Analyzer).
    const bool clitic_and_stop_word =
        article != kArticle && dicts_.stopwords.contains(key_of({}, al_word));
    if (!clitic_and_stop_word && has_own_al(al_word, rest)) return al_word;
  }
  return article_is_clitic(word, rest) ? rest : word;
}

// Whether @p al_word (ال + @p rest) begins with letters of its own, not the
// article: ألعاب إلغاء التزام إلكتروني آلاف, once normalised, begin as العاب
// does. ل before the article makes it لل, before such a word it does not: news
// has للأم (40), never لآلام, so الأم is ال + أم; and لآلاف (58), never للاف.
// Otherwise news has the word with the article itself (الالتزام, الألعاب) at
// least as often as the bare rest (تزام, عاب: never).
bool LightStemmer::has_own_al(std::string_view al_word, std::string_view rest) const {
  const unsigned after_lam = seen("ل", al_word), as_article = seen("لل", rest);
  if (std::max(after_lam, as_article) >= kMinEvidence) return after_lam > as_article;
  return seen(kArticle, al_word) >= std::max(kMinEvidence, seen({}, rest));
}

// وال بال فال كال are a clitic and the article, cut under the length rule
// alone, unless news says the letters are the word's own (a word seen with
// the article itself, الوالدين, is one: without_article):
// - the word before its pronoun is seen with the article (والدها: الوالد);
// - or news has the word often (kNameEvidence) and never the @p rest it would
//   leave (كاليفورنيا فالنسيا بالوتيلي: no يفورنيا, نسيا, وتيلي).
// A word news has not seen still loses them (والبيتكوين: بيتكوين).
bool LightStemmer::article_is_clitic(std::string_view word, std::string_view rest) const {
  if (has_prefix(word, kArticle) || has_prefix(word, "لل")) return true;  // no clitic before it
  // A stop word after the clitic (و + الذين, و + إليه) is read as one: news
  // has no count of it to weigh against.
  if (dicts_.stopwords.contains(key_of(kArticle, rest))) return true;
  // Before a pronoun, the word is whole when news has it with the article more
  // often than the clitic's reading: والدها is والد + ها (الوالد beats الدها).
  for (auto pronoun : kPronouns) {
    if (!has_suffix(word, pronoun) || letters(word) - letters(pronoun) < 3) continue;
    std::string noun(word.substr(0, word.size() - pronoun.size()));
    if (has_suffix(noun, kTeh))  // ة is written ت before a pronoun: والدته
      noun.replace(noun.size() - kTeh.size(), kTeh.size(), kHeh);
    if (is_stem(noun) && evidence(noun) >= evidence(rest)) return false;
    break;
  }
  return evidence(word) < kNameEvidence || evidence(rest) >= kMinEvidence;
}

// A final ه is mostly the ة or the pronoun, and comes off; it is the word's
// own letter when news has the word's plural in ات and not the stem's:
// توجيهات, اتجاهات, جنيهات (so توجيه, اتجاه, جنيه are no توجي, اتجا, جني
// "harvest", and meet their plurals), where a ة-word has سيارات.
bool LightStemmer::heh_is_its_own(std::string_view w) const {
  std::string form = std::string(w).append("ات");
  if (evidence(form) < kMinEvidence) return false;
  form.erase(w.size() - kHeh.size(), kHeh.size());
  return evidence(form) < kMinEvidence;
}

// و and ف before a past verb: news writes وأضاف وقالت وأوضح far more often
// than the bare verb, so attested() would keep the conjunction. The rest is
// a past verb, or its feminine in ت, when news has the verb in three
// persons: أضاف أضافت أضافوا (and قالت: قال قالت قالوا).
bool LightStemmer::is_past_verb(std::string_view w) const {
  const auto in_three_persons = [this](std::string_view verb) {
    // A verb ending in ا (دعا) has دعوا: one in ا seen with وا is no verb
    // (فورا is the accusative of فور, not ف + ورا).
    if (letters(verb) < 3 || has_suffix(verb, kAlef)) return false;
    std::string form(verb);
    for (std::string_view person : {"", "ت", "وا"}) {
      form.resize(verb.size());
      if (seen({}, form.append(person)) < kMinEvidence) return false;
    }
    return true;
  };
  std::string_view masculine = w;
  return in_three_persons(w) || (strip_suffix(masculine, kTeh, 3) && in_three_persons(masculine));
}

// سا is the future سـ before أ "I" (سأدخل) far less often in news than the
// start of a verb whose imperfect news has: ساهم ساعد سألت (يساهم يساعد يسأل)
// are no سـ + أهم أعد ألت ("most important", "prepared").
bool LightStemmer::is_verb_in_sa(std::string_view w) const {
  if (!has_prefix(w, "سا")) return false;
  std::string_view past = w;
  if (has_suffix(past, kTeh)) past.remove_suffix(kTeh.size());  // ساهمت, سادت
  const std::string imperfect = std::string("ي").append(past);
  return evidence(imperfect) >= kMinEvidence || (past != w && evidence(past) >= kMinEvidence);
}

// A pronoun of two letters or more is cut only from a word news has without
// it (كتابهم: كتاب), or that ends as words do before one: ت (ة, or a verb's
// ending), a plural's ات ين ون, a construct plural's ي or و. تفاهم, دراهم,
// مساكن, محاكم, مارادونا are no تفا, درا, مسا, محا, مارادو + pronoun.
bool LightStemmer::takes_pronoun(std::string_view rest) const {
  for (std::string_view ending : {"ت", "ين", "ون", "ي", "و"})
    if (has_suffix(rest, ending)) return true;
  return evidence(rest) >= kMinEvidence || evidence(std::string(rest).append(kHeh)) >= kMinEvidence;
}

// ون ين ان end plurals and duals, and also many words of their own: قانون,
// زيتون, ياسين, إعلان, رمضان, ميلان, كانون (قان, زيت, يأس, اعل, رمض, ميل,
// كان). They are cut only when news has the stem in another form
// (kSisterRatio). A plural in ون that news has, or any dual in ان, needs its
// oblique ين (مسلمون: مسلمين; شخصان: شخصين): ه and ا alone would take كأنه
// and كانا for sisters of كانون. An ين, or a ون news lacks (حرفيون: حرفية),
// may take another of the endings, ة, ات or the accusative ا (شوطين: شوطا).
// Or the word is an imperfect verb's plural or dual (يعملون, سيعملون: يعمل),
// a participle's plural (المفكرين: المفكر) or a ة-word's dual (شركتين:
// شركة). Other endings are cut under the length rule alone.
bool LightStemmer::is_inflected(std::string_view stem, std::string_view ending) const {
  if (ending != "ون" && ending != "ين" && ending != "ان") return true;
  std::string form = std::string(stem).append(ending);
  const unsigned seen = evidence(form);
  const auto needed = std::max<unsigned>(kMinEvidence, seen * kSisterRatio);
  const bool oblique_only = ending == "ان" || (ending == "ون" && seen >= kMinEvidence);
  for (std::string_view sister : {"ون", "ين", "ان", "ه", "ات", "ا"}) {
    if (sister == ending || (oblique_only && sister != "ين")) continue;
    form.resize(stem.size());
    form.append(sister);
    if (evidence(form) >= needed) return true;
  }
  // A participle's plural: its singular, in مـ, seen with the article (المنسحب).
  if (ending != "ان" && has_prefix(stem, "م") && letters(stem) >= 4 && is_stem(stem)) return true;
  std::string_view verb = stem;  // سيعملون: the future marker before the imperfect
  if (has_prefix(verb, kSeen)) verb.remove_prefix(kSeen.size());
  if (ending != "ين" && starts_with_any(verb, "يت") && evidence(stem) >= kMinEvidence) return true;
  return has_suffix(stem, kTeh) && feminine_of(stem);
}

// A sound plural before its noun loses its ن (موظفو الشركة, مقاتلي داعش):
// ـو and ـي are cut when news writes the plural in ـون or ـين at least as
// often as the word (ماري, Marie, is not مار + ين). A noun seen with the
// article (السوري, الأخرى) keeps its ي.
bool LightStemmer::cut_construct_plural(std::string_view& w) const {
  std::string_view rest = w;
  if (!(strip_suffix(rest, "ي", 3) || strip_suffix(rest, "و", 3)) || is_stem(w)) return false;
  // The plural is the word and ن: موظفو → موظفون.
  if (evidence(std::string(w).append("ن")) < std::max(kMinEvidence, evidence(w))) return false;
  w = rest;
  return true;
}

// The stem of the ة-word that @p w (ending in ت) writes before a suffix, if
// news has that word: خطتها → خطة → خطه, as خطة stems; سنتين → سنه.
std::optional<std::string> LightStemmer::feminine_of(std::string_view w) const {
  std::string_view rest = w;
  if (!strip_suffix(rest, kTeh, 2)) return std::nullopt;
  std::string feminine = std::string(rest).append(kHeh);
  if (!attested(feminine, w)) return std::nullopt;
  return letters(rest) >= 3 ? std::string(rest) : feminine;
}

}  // namespace naba::detail
