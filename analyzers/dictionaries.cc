#include "analyzers/dictionaries.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "analyzers/normalizer.h"
#include "analyzers/variants.h"

// Data files linked into the library by EmbedFile.cmake.
extern "C" const char naba_gazetteer_tsv[], naba_gazetteer_tsv_end[];
extern "C" const char naba_stopwords_txt[], naba_stopwords_txt_end[];
extern "C" const char naba_lexicon_tsv[], naba_lexicon_tsv_end[];

namespace naba::detail {
namespace {

std::string_view embedded(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin - 1)};  // minus the NUL EmbedFile adds
}

// Calls f(line) for every line that is neither blank nor a # comment.
template <typename F>
void for_each_line(std::string_view text, F f) {
  while (!text.empty()) {
    auto eol = text.find('\n');
    auto line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') f(line);
  }
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::string normalized(std::string_view word) {
  std::string out;
  normalize_word(word, out);
  return out;
}

// The normalised words of a spelling; Latin spellings split at hyphens too
// (Deir ez-Zor: deir ez zor), as the tokenizer does.
std::vector<std::string> words_of(std::string_view spelling) {
  std::vector<std::string> words;
  std::string word;
  for (char c : std::string(spelling) + " ") {
    if (c == ' ' || c == '-') {
      if (!word.empty()) words.push_back(normalized(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  std::erase_if(words, [](const std::string& w) { return w.empty(); });
  return words;
}

// A Latin spelling without a leading transliterated article: "Al-Raqqah",
// "Ar-Raqqah" and "Raqqah" all give "raqqah". Empty if it is several words or
// too short or an acronym to tell from English (US, IS, WHO).
std::string latin_key(std::string_view spelling) {
  std::vector<std::string> words = words_of(spelling);
  while (words.size() > 1 && is_latin_article(words.front())) words.erase(words.begin());
  bool acronym = std::all_of(spelling.begin(), spelling.end(),
                             [](char c) { return !std::islower(static_cast<unsigned char>(c)); });
  if (words.size() != 1 || words[0].size() < 4 || acronym) return {};
  return words[0];
}

}  // namespace

bool is_latin_article(std::string_view word) {
  for (std::string_view a :
       {"al", "el", "ad", "ar", "as", "at", "ash", "az", "an", "ed", "es", "ez"})
    if (word == a) return true;
  return false;
}

namespace {

bool is_acronym(std::string_view s) {
  return s.size() >= 2 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void add_multiword(Dictionaries& d, std::vector<std::string> words, const std::string& term) {
  auto& list = d.multiword[words[0]];
  words.erase(words.begin());
  for (const auto& m : list)
    if (m.rest == words) return;  // the same words already name something
  list.push_back({std::move(words), term});
}

// The spellings of one entity as the gazetteer lists them, normalised.
struct Listed {
  std::string term;
  std::vector<std::string> arabic, latin;         // one-word spellings (Latin: without article)
  std::vector<std::vector<std::string>> several;  // Arabic spellings of several words
};

std::size_t letters(std::string_view w) {
  std::size_t n = 0;
  for (unsigned char c : w) n += (c & 0xC0) != 0x80;
  return n;
}

// A variant the lexicon has seen this often may be a word of its own: السورية
// ("Syrian", from سوريا), الفتح ("the conquest", from فتح), فينا ("in us", from
// فيينا) all are; so are الحمص ("chickpeas", 9) and شوف ("see", 7). A variant
// is kept only at the lexicon's floor (seen 5 times, الاستانة, or not listed),
// and only if no clitic form of it (فرقة for رقة) is a word of its own.
constexpr unsigned kCommonWord = 6;

// Why an Arabic variant would find other words than the name (empty: it would
// not), judged by the lexicon: رقة (from الرقة) is found in فرقة, 641 times.
std::string_view arabic_collision(const Dictionaries& d, const std::string& variant) {
  if (letters(variant) < 3) return "under three letters";
  if (d.stopwords.contains(variant)) return "a stop word";
  unsigned n = d.frequency(variant);
  if (n >= kCommonWord) return "a common word";
  for (std::string_view clitic : {"و", "ف", "ب", "ل", "ك"}) {
    unsigned with = d.frequency(std::string(clitic) + variant);
    if (with >= kCommonWord && with > n) return "a common word after a clitic (و ف ب ل ك)";
  }
  return {};
}

// Adds the spellings the rules of variants.h make for every listed name. A
// variant that would find common words, that some name already spells, or that
// two names' rules both make, is dropped and recorded in d.variants.
void add_variants(const std::vector<Listed>& listed, Dictionaries& d) {
  struct Candidate {
    std::set<std::string> terms;
    std::string_view rule, collision;
  };
  std::map<std::string, Candidate> candidates;
  auto propose = [&](const std::string& term, const Variant& v, std::string_view collision) {
    auto& c = candidates[v.spelling];
    c.terms.insert(term);
    c.rule = v.rule;
    if (c.collision.empty()) c.collision = collision;
  };
  for (const auto& name : listed) {
    for (const auto& sp : name.arabic)
      for (const auto& v : arabic_variants(sp))
        propose(name.term, v,
                v.spelling.find(' ') == std::string::npos ? arabic_collision(d, v.spelling)
                                                          : std::string_view{});
    // دير الزور → ديرالزور
    for (const auto& words : name.several) {
      std::string joined;
      for (const auto& w : words) joined += w;
      propose(name.term, {joined, "words joined"}, arabic_collision(d, joined));
    }
    for (const auto& sp : name.latin)
      for (const auto& v : latin_variants(sp))
        propose(name.term, v, v.spelling.size() < 4 ? "under four letters" : "");
  }
  for (const auto& [spelling, c] : candidates) {
    auto words = words_of(spelling);
    auto listed_as = words.size() == 1 ? d.names.find(spelling) : d.names.end();
    if (listed_as != d.names.end() && c.terms.size() == 1 && c.terms.contains(listed_as->second))
      continue;  // the gazetteer lists it already
    std::string_view why = c.collision;
    if (why.empty() && c.terms.size() > 1) why = "made for two names";
    if (why.empty() && listed_as != d.names.end()) why = "another name's spelling";
    d.variants.push_back(spelling + "\t" + *c.terms.begin() + "\t" + std::string(c.rule) + "\t" +
                         std::string(why.empty() ? "kept" : why));
    if (!why.empty()) continue;
    if (words.size() == 1)
      d.names.emplace(spelling, *c.terms.begin());
    else
      add_multiword(d, std::move(words), *c.terms.begin());
  }
}

// A name's term is its canonical single-word spelling marked with kNameMark
// (or, for a name of several words only, its canonical words joined by _), so
// no stemmed word can collide with it (حلبة "arena" stems to حلب, Aleppo does
// not); every other spelling, Arabic or Latin, maps to it. A name spelt with
// the article is only recognised with it: فرقة is not ف + رقة.
void load_names(std::string_view tsv, Dictionaries& d) {
  std::vector<Listed> listed;
  for_each_line(tsv, [&](std::string_view line) {
    auto fields = split(line, '\t');
    if (fields.size() < 4) return;
    auto arabic = split(fields[2], '|'), latin = split(fields[3], '|');
    // The entity's one term: its first one-word Arabic spelling, else its words joined by '_'.
    std::string term(kNameMark);
    auto one_word = std::find_if(arabic.begin(), arabic.end(), [](std::string_view sp) {
      return !sp.empty() && sp.find(' ') == std::string_view::npos;
    });
    if (one_word != arabic.end()) {
      term += normalized(*one_word);
    } else {
      auto words = words_of(arabic[0]);
      if (words.empty()) return;
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) term.push_back('_');
        term += words[i];
      }
    }
    EntityInfo info{std::string(fields[0]), std::string(fields[1]), std::string(arabic[0]),
                    std::string(latin[0])};
    Listed& spellings = listed.emplace_back(Listed{term, {}, {}, {}});
    for (auto spelling : arabic) {
      auto words = words_of(spelling);
      if (words.empty()) continue;
      info.max_words = std::max<std::uint32_t>(info.max_words, words.size());
      if (words.size() == 1) {
        spellings.arabic.push_back(words[0]);
        d.names.emplace(words[0], term);
      } else {
        spellings.several.push_back(words);
        add_multiword(d, std::move(words), term);
      }
    }
    for (auto spelling : latin) {
      auto words = words_of(spelling);
      if (words.empty()) continue;
      info.max_words = std::max<std::uint32_t>(info.max_words, words.size());
      if (std::string key = latin_key(spelling); !key.empty()) {
        spellings.latin.push_back(key);
        d.names.emplace(key, term);
      } else if (words.size() == 1 && is_acronym(spelling)) {
        d.acronyms.emplace(words[0], term);
      } else {
        while (words.size() > 1 && is_latin_article(words.front())) words.erase(words.begin());
        if (words.size() > 1) add_multiword(d, std::move(words), term);
      }
    }
    auto [it, fresh] = d.entities.emplace(term, info);
    if (!fresh) it->second.max_words = std::max(it->second.max_words, info.max_words);
  });
  add_variants(listed, d);
}

}  // namespace

const Dictionaries& Dictionaries::builtin() {
  static const Dictionaries dicts = [] {
    Dictionaries d;
    // Stop words and the lexicon first: name variants are checked against them.
    for_each_line(embedded(naba_stopwords_txt, naba_stopwords_txt_end),
                  [&](std::string_view w) { d.stopwords.insert(normalized(w)); });
    for_each_line(embedded(naba_lexicon_tsv, naba_lexicon_tsv_end), [&](std::string_view line) {
      auto tab = line.find('\t');
      if (tab != std::string_view::npos)
        d.lexicon.emplace(line.substr(0, tab), std::strtoul(line.data() + tab + 1, nullptr, 10));
    });
    load_names(embedded(naba_gazetteer_tsv, naba_gazetteer_tsv_end), d);
    return d;
  }();
  return dicts;
}

}  // namespace naba::detail
