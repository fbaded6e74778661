// The characters a terminal acts on instead of showing: what names refuse and
// the naba command escapes. Header-only: the command (which sees only the
// public API of libnaba) includes it too, so both agree.
#pragma once

#include <cstddef>
#include <string_view>

namespace naba::text {

/** Length of the UTF-8 sequence at @p s[i], its code point in @p cp; 0 if the
 *  bytes there are not valid UTF-8 (overlong, surrogate, cut short). */
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  const std::size_t len = b < 0x80             ? 1
                          : (b & 0xE0) == 0xC0 ? 2
                          : (b & 0xF0) == 0xE0 ? 3
                          : (b & 0xF8) == 0xF0 ? 4
                                               : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? b : b & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kShortest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/** C0 controls but newline and tab, DEL, C1 controls (U+0080-U+009F: U+009B is
 *  CSI), and the bidi embedding, override and isolate controls (U+202A-U+202E,
 *  U+2066-U+2069), which reorder what follows them on the line. */
inline bool is_terminal_control(char32_t cp) {
  return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/** True if @p s holds a terminal control, a newline or a tab (a name fits on one
 *  line). Bytes that are not UTF-8 count as controls. */
inline bool has_control_character(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0 || cp == '\n' || cp == '\t' || is_terminal_control(cp)) return true;
    i += len;
  }
  return false;
}

}  // namespace naba::text
