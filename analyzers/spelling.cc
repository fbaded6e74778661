#include "analyzers/spelling.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>

#include "analyzers/dictionaries.h"
#include "analyzers/stemmer.h"

namespace naba::detail {
namespace {

using Letters = std::u16string;  // Arabic letters are all in the BMP

// The letters of normalised words (normalize_word folds آ أ إ to ا, ة to ه,
// ى to ي, ؤ ئ to ء): what an edit may add or put in a letter's place.
constexpr char16_t kAlphabet[] = u"ءابتثجحخدذرزسشصضطظعغفقكلمنهوي";

// Beside the stemmer's clitics (stemmer.h): a word news writes may also be an
// imperfect's prefix and a one-letter pronoun away from one it has seen.
constexpr std::string_view kImperfect[] = {"ي", "ت", "ن"};
constexpr std::string_view kMoreEndings[] = {"ك", "ي"};

// "" (the word's end left as it is), then every affix of @p lists.
std::vector<std::string_view> with_none(
    std::initializer_list<std::span<const std::string_view>> lists) {
  std::vector<std::string_view> out{""};
  for (auto list : lists) out.insert(out.end(), list.begin(), list.end());
  return out;
}

// Letters that do not join the next, so that two words run together still
// look apart on the screen: where a space is most often left out.
constexpr std::u16string_view kNonJoining = u"ادذرزوء";

bool is_arabic_letter(char16_t c) {
  return c >= u'\u0621' && c <= u'\u064A' && c != u'\u0640';  // tatweel is no letter
}

// Normalised words are Arabic letters, two UTF-8 bytes each; nothing for others.
std::optional<Letters> letters_of(std::string_view word) {
  Letters out;
  for (std::size_t i = 0; i < word.size(); i += 2) {
    auto b0 = static_cast<unsigned char>(word[i]);
    if (i + 1 >= word.size() || (b0 & 0xE0) != 0xC0) return std::nullopt;
    auto b1 = static_cast<unsigned char>(word[i + 1]);
    auto c = static_cast<char16_t>((b0 & 0x1F) << 6 | (b1 & 0x3F));
    if (!is_arabic_letter(c)) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string utf8(std::u16string_view letters) {
  std::string out;
  for (char16_t c : letters) {
    out.push_back(static_cast<char>(0xC0 | c >> 6));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
  return out;
}

// How often news writes a word that may stand for a typo: a stop word (the
// lexicon lists none) counts as the commonest of words, so that اللتى is
// read as التي, not as the rarer الفتي.
unsigned nearness(const std::string& word) {
  static const unsigned commonest = [] {
    unsigned n = 0;
    for (const auto& [w, f] : Dictionaries::builtin().lexicon) n = std::max(n, f);
    return n;
  }();
  const Dictionaries& d = Dictionaries::builtin();
  return d.stopwords.contains(word) ? commonest : d.frequency(word);
}

// Every word one edit from @p w.
template <typename F>
void for_each_edit(const Letters& w, F f) {
  for (std::size_t i = 0; i < w.size(); ++i) f(Letters(w).erase(i, 1));  // dropped
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {                       // swapped
    Letters e = w;
    std::swap(e[i], e[i + 1]);
    f(e);
  }
  for (char16_t c : std::u16string_view(kAlphabet)) {
    for (std::size_t i = 0; i < w.size(); ++i)  // changed
      if (w[i] != c) f(Letters(w).replace(i, 1, 1, c));
    for (std::size_t i = 0; i <= w.size(); ++i) f(Letters(w).insert(i, 1, c));  // added
  }
}

}  // namespace

bool news_writes(std::string_view normalized) {
  static const std::vector<std::string_view> prefixes =
                                                 with_none({kArticles, kNameClitics, kImperfect}),
                                             suffixes = with_none({kPronouns, kMoreEndings});
  constexpr std::size_t kMinBytes = 6;  // three Arabic letters
  const Dictionaries& d = Dictionaries::builtin();
  for (std::string_view prefix : prefixes) {
    if (!normalized.starts_with(prefix)) continue;
    for (std::string_view suffix : suffixes) {
      std::string_view rest = normalized.substr(prefix.size());
      if (!rest.ends_with(suffix)) continue;
      rest.remove_suffix(suffix.size());
      if ((rest.size() >= kMinBytes || rest.size() == normalized.size()) &&
          d.frequency(std::string(rest)))
        return true;
    }
  }
  return false;
}

std::vector<std::string> nearest_words(std::string_view normalized, std::size_t max) {
  constexpr std::size_t kMinLetters = 4;  // shorter words are a letter from too many others
  auto w = letters_of(normalized);
  if (!w || w->size() < kMinLetters) return {};
  std::unordered_map<std::string, unsigned> scored;
  auto keep = [&](std::string word, unsigned n) {
    unsigned& best = scored[std::move(word)];
    best = std::max(best, n);
  };
  // The whole word, edited or split.
  for_each_edit(*w, [&](const Letters& edit) {
    std::string word = utf8(edit);
    if (unsigned n = nearness(word)) keep(std::move(word), n);
  });
  for (std::size_t cut = 2; cut + 2 <= w->size(); ++cut) {
    if (kNonJoining.find((*w)[cut - 1]) == std::u16string_view::npos) continue;
    std::string first = utf8(std::u16string_view(*w).substr(0, cut)),
                second = utf8(std::u16string_view(*w).substr(cut));
    if (unsigned n = std::min(nearness(first), nearness(second))) keep(first + " " + second, n);
  }
  // Only if news writes nothing so near: what follows the word's proclitics,
  // edited, the proclitics kept. A bare word is more frequent than any word
  // with its clitics, so it waits until the whole word has found nothing.
  for (std::size_t letters = 1; scored.empty() && letters <= 3; ++letters)
    for (std::string_view proclitic : kNameClitics) {  // fewest letters first
      if (proclitic.size() != 2 * letters || !normalized.starts_with(proclitic) ||
          w->size() < letters + kMinLetters)
        continue;
      for_each_edit(w->substr(letters), [&](const Letters& edit) {
        std::string rest = utf8(edit);
        if (unsigned n = nearness(rest)) keep(std::string(proclitic) + rest, n);
      });
    }
  std::vector<std::pair<unsigned, std::string>> ranked;
  for (auto& [word, n] : scored) ranked.emplace_back(n, word);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < max; ++i) out.push_back(ranked[i].second);
  return out;
}

}  // namespace naba::detail
