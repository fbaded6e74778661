#include "cli/terminal_text.h"

#include <fmt/core.h>

#include "naba/text.h"

namespace naba::cli {

std::string terminal_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = text::decode_utf8(s, i, cp);
    if (len == 0) {  // a stray byte: a legacy terminal may take 0x9B for CSI
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (!text::is_terminal_control(cp))
      out.append(s, i, len);
    else if (cp < 0x80)
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
    else
      out += fmt::format("<U+{:04X}>", static_cast<unsigned>(cp));
    i += len;
  }
  return out;
}

}  // namespace naba::cli
