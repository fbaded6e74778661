#include "analyzers/dictionaries.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "analyzers/normalizer.h"

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

// A name's term is its canonical single-word spelling marked with kNameMark
// (or, for a name of several words only, its canonical words joined by _), so
// no stemmed word can collide with it (حلبة "arena" stems to حلب, Aleppo does
// not); every other spelling, Arabic or Latin, maps to it. A name spelt with
// the article is only recognised with it: فرقة is not ف + رقة.
void load_names(std::string_view tsv, Dictionaries& d) {
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
    for (auto spelling : arabic) {
      auto words = words_of(spelling);
      if (words.empty()) continue;
      info.max_words = std::max<std::uint32_t>(info.max_words, words.size());
      if (words.size() == 1)
        d.names.emplace(words[0], term);
      else
        add_multiword(d, std::move(words), term);
    }
    for (auto spelling : latin) {
      auto words = words_of(spelling);
      if (words.empty()) continue;
      info.max_words = std::max<std::uint32_t>(info.max_words, words.size());
      if (std::string key = latin_key(spelling); !key.empty()) {
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
}

}  // namespace

const Dictionaries& Dictionaries::builtin() {
  static const Dictionaries dicts = [] {
    Dictionaries d;
    load_names(embedded(naba_gazetteer_tsv, naba_gazetteer_tsv_end), d);
    for_each_line(embedded(naba_stopwords_txt, naba_stopwords_txt_end),
                  [&](std::string_view w) { d.stopwords.insert(normalized(w)); });
    for_each_line(embedded(naba_lexicon_tsv, naba_lexicon_tsv_end), [&](std::string_view line) {
      auto tab = line.find('\t');
      if (tab != std::string_view::npos)
        d.lexicon.emplace(line.substr(0, tab), std::strtoul(line.data() + tab + 1, nullptr, 10));
    });
    return d;
  }();
  return dicts;
}

}  // namespace naba::detail
