/** @file text.h
 *  Text helpers the library shares with the programs that show its results:
 *  UTF-8 decoding, and the characters a terminal acts on instead of showing
 *  (what names refuse and the naba command escapes).
 */
#pragma once

#include <cstddef>
#include <string_view>

#include "naba/export.h"

namespace naba::text {

/** Length of the UTF-8 sequence at @p s[i], its code point in @p cp; 0 if the
 *  bytes there are not valid UTF-8 (overlong, surrogate, cut short). */
NABA_API std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

/** C0 controls but newline and tab, DEL, C1 controls (U+0080-U+009F: U+009B is
 *  CSI), and the bidi embedding, override and isolate controls (U+202A-U+202E,
 *  U+2066-U+2069), which reorder what follows them on the line. */
NABA_API bool is_terminal_control(char32_t cp);

/** True if @p s holds a terminal control, a newline or a tab (a name fits on one
 *  line). Bytes that are not UTF-8 count as controls. */
NABA_API bool has_control_character(std::string_view s);

}  // namespace naba::text
