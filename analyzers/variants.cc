#include "analyzers/variants.h"

namespace naba::detail {
namespace {

constexpr std::string_view kAlef = "ا", kHamza = "ء", kYeh = "ي", kWaw = "و", kArticle = "ال";

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, from.size(), from) == 0) {
      out += to;
      i += from.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

// Every pair of one letter written twice, written once (Arabic letters are two
// bytes, Latin ones one): الرققة → الرقة, raqqa → raqa.
std::string undouble(std::string_view s, std::size_t letter_bytes) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += letter_bytes) {
    auto letter = s.substr(i, letter_bytes);
    if (!out.ends_with(letter)) out += letter;
  }
  return out;
}

void add(std::vector<Variant>& out, std::string_view original, std::string spelling,
         std::string_view rule) {
  if (spelling != original && !spelling.empty()) out.push_back({std::move(spelling), rule});
}

}  // namespace

std::vector<Variant> arabic_variants(std::string_view s) {
  std::vector<Variant> out;
  std::string word(s);
  // صنعاء/صنعا: a final hamza after alef is often left out, or added.
  if (word.ends_with(std::string(kAlef) + std::string(kHamza)))
    add(out, s, word.substr(0, word.size() - kHamza.size()), "final hamza dropped");
  else if (word.ends_with(kAlef))
    add(out, s, word + std::string(kHamza), "final hamza added");
  // ؤ and ئ (folded to ء) written on their seat without the hamza: الجزاير.
  if (auto pos = word.find(kHamza); pos != std::string::npos && pos + kHamza.size() < word.size()) {
    add(out, s, replace_all(word, kHamza, kYeh), "hamza seat ي");
    add(out, s, replace_all(word, kHamza, kWaw), "hamza seat و");
  }
  // الرققة → الرقة; the article's ل stays (اللاذقية).
  std::size_t head = word.starts_with(kArticle) ? kArticle.size() : 0;
  add(out, s, word.substr(0, head) + undouble(word.substr(head), 2), "doubled letter single");
  // Without the article (جولان, كويت). Not with it: الأستانة is Istanbul, not
  // Astana, and adding it cost the Astana queries 0.08 R-precision (docs/analyzer.md).
  if (word.starts_with(kArticle)) add(out, s, word.substr(kArticle.size()), "article dropped");
  // ديرالزور: two words written as one, split before the article of the second.
  if (auto pos = word.find(kArticle, 2 * 2); pos != std::string::npos && pos + 4 * 2 <= word.size())
    add(out, s, word.substr(0, pos) + " " + word.substr(pos), "split before ال");
  return out;
}

std::vector<Variant> latin_variants(std::string_view s) {
  std::vector<Variant> out;
  std::string word(s);
  if (word.find("ou") != std::string::npos)
    add(out, s, replace_all(word, "ou", "u"), "ou/u");
  else
    add(out, s, replace_all(word, "u", "ou"), "ou/u");
  add(out, s, replace_all(word, "q", "k"), "q/k");
  add(out, s, replace_all(word, "q", "g"), "q/g");
  if (word.find('q') == std::string::npos && word.find("kh") == std::string::npos)
    add(out, s, replace_all(word, "k", "q"), "k/q");
  if (word.ends_with("ah"))
    add(out, s, word.substr(0, word.size() - 1), "-ah/-a");
  else if (word.ends_with("a"))
    add(out, s, word + "h", "-ah/-a");
  if (word.find("ee") != std::string::npos) add(out, s, replace_all(word, "ee", "i"), "ee/i");
  if (word.find("dj") != std::string::npos)
    add(out, s, replace_all(word, "dj", "j"), "dj/j");
  else
    add(out, s, replace_all(word, "j", "dj"), "dj/j");
  add(out, s, undouble(word, 1), "doubled letter single");
  return out;
}

}  // namespace naba::detail
