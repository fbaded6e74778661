// Text from articles, alerts and aliases made safe to print on a terminal.
#pragma once

#include <string>
#include <string_view>

namespace naba::cli {

/** @p s with what a terminal would act on shown visibly instead: C0 and C1 controls
 *  other than newline and tab (ESC, BEL, CSI U+009B, ...) as \xNN or <U+009B>, the bidi
 *  embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) as <U+202E>,
 *  and bytes that are not UTF-8 as \xNN. Everything else is unchanged. */
std::string terminal_text(std::string_view s);

}  // namespace naba::cli
