#include "analyzers/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>

namespace naba::detail {
namespace {

constexpr UChar32 kDrop = -1;

// Characters whose NFKC form differs from themselves in ways folding below
// does not already cover: presentation forms and lam-alef ligatures,
// compatibility digits and letters, combining sequences that compose.
bool needs_nfkc(UChar32 c) {
  if (c < 0xA0) return false;
  if (c <= 0xBF) return true;                   // NBSP, ª, ², ¼ ...
  if (c >= 0x0300 && c <= 0x036F) return true;  // Latin combining marks
  if (c >= 0x0653 && c <= 0x0655) return true;  // Arabic madda / hamza above, below
  if (c >= 0x0675 && c <= 0x0678) return true;  // high-hamza letters
  return c >= 0x1D00;                           // ligatures, presentation forms, fullwidth
}

UChar32 fold(UChar32 c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
    case 0x0672:
    case 0x0673:
      return 0x0627;  // آ أ إ ٱ → ا
    case 0x0649:
    case 0x06CC:
    case 0x06D0:
      return 0x064A;  // ى ی → ي
    case 0x0624:
    case 0x0626:
      return 0x0621;  // ؤ ئ → ء: unites مسؤول/مسئول, شيء/شيئ (measured: docs/analyzer.md)
    case 0x0629:
    case 0x06C1:
    case 0x06D5:
      return 0x0647;  // ة ہ ە → ه
    case 0x06A9:
    case 0x06AA:
    case 0x06AF:
      return 0x0643;  // ک گ → ك (Arabic news writes گ as ك: كلبايكان)
    case 0x067E:
      return 0x0628;  // پ → ب (Persian and Urdu letters, as Arabic writes them)
    case 0x0686:
      return 0x062C;  // چ → ج
    case 0x0698:
      return 0x0632;  // ژ → ز
    case 0x0640:      // tatweel
    case 0x0670:      // superscript alef
    case 0x00AD:
    case 0x200B:
    case 0x200D:
    case 0x200E:
    case 0x200F:
    case 0x2060:
    case 0xFEFF:
      return kDrop;
    default:
      break;
  }
  if (c >= 0x064B && c <= 0x065F) return kDrop;  // harakat and other marks
  if (c >= 0x06D6 && c <= 0x06ED) return kDrop;  // Quranic annotation marks
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  if (c >= 0x0600 && c <= 0x06FF) return c;
  return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

// u_isspace of every ASCII character, asked of ICU once: fold_word would
// otherwise call into ICU for every letter.
const std::array<bool, 0x80> kAsciiSpace = [] {
  std::array<bool, 0x80> space{};
  for (UChar32 c = 0; c < 0x80; ++c) space[c] = u_isspace(c);
  return space;
}();

// The Arabic block holds no space, and fold maps it into itself or to ASCII digits.
bool is_space(UChar32 c) {
  if (c < 0x80) return kAsciiSpace[c];
  if (c >= 0x0600 && c <= 0x06FF) return false;
  return u_isspace(c);
}

// Appends the folded @p word to @p out, written in place: a folded character
// takes at most twice its UTF-8 bytes (U+023A → U+2C65 takes 3 for 2). With
// @p compat_ends, stops at the first character that needs NFKC, leaves @p out
// as it was and returns false.
bool fold_word(std::string_view word, std::string& out, bool compat_ends) {
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const auto len = static_cast<int32_t>(word.size());
  const std::size_t base = out.size();
  out.resize(base + 2 * word.size());
  auto* o = reinterpret_cast<uint8_t*>(out.data() + base);
  int32_t n = 0;
  for (int32_t i = 0; i < len;) {
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c < 0) continue;
    if (compat_ends && needs_nfkc(c)) {
      out.resize(base);
      return false;
    }
    c = fold(c);
    if (c != kDrop && !is_space(c)) U8_APPEND_UNSAFE(o, n, c);
  }
  out.resize(base + static_cast<std::size_t>(n));
  return true;
}

}  // namespace

void normalize_word(std::string_view word, std::string& out) {
  if (fold_word(word, out, true)) return;  // the common case: no compatibility character
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  icu::UnicodeString composed = nfkc->normalize(text, status);
  std::string utf8;
  (U_SUCCESS(status) ? composed : text).toUTF8String(utf8);
  fold_word(utf8, out, false);
}

}  // namespace naba::detail
