#include "dictionaries.h"

#include <cstdlib>
#include <string_view>
#include <vector>

#include "normalizer.h"

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

// A name's term is its canonical spelling marked with kNameMark, so no
// stemmed word can collide with it (حلبة "arena" stems to حلب, Aleppo does
// not); every other single-word spelling maps to it. A name spelt with the
// article is only recognised with it: فرقة is not ف + رقة.
void load_names(std::string_view tsv, std::unordered_map<std::string, std::string>& names) {
  for_each_line(tsv, [&](std::string_view line) {
    auto fields = split(line, '\t');
    if (fields.size() < 3) return;
    std::string term;
    for (auto spelling : split(fields[2], '|')) {
      if (spelling.find(' ') != std::string_view::npos || spelling.empty()) continue;
      std::string key = normalized(spelling);
      if (term.empty()) term = std::string(kNameMark) + key;
      names.emplace(key, term);
    }
  });
}

}  // namespace

const Dictionaries& Dictionaries::builtin() {
  static const Dictionaries dicts = [] {
    Dictionaries d;
    load_names(embedded(naba_gazetteer_tsv, naba_gazetteer_tsv_end), d.names);
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
