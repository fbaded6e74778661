#include "indexer/raw_text.h"

#include <simdjson.h>

#include <cstdio>

namespace naba::raw_text {

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n\v\f");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n\v\f") - first + 1);
}

bool valid_utf8(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

std::string megabytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

// A copy of @p s with every byte outside a valid UTF-8 sequence replaced by '?'. simdjson
// rejects the whole line otherwise; this way we can still tell which field held the bad bytes.
void replace_invalid_utf8(std::string_view s, std::string& out) {
  out.assign(s);
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = lead < 0x80   ? 1
                            : lead < 0xC2 ? 0
                            : lead < 0xE0 ? 2
                            : lead < 0xF0 ? 3
                            : lead < 0xF5 ? 4
                                          : 0;
    if (len != 0 && i + len <= s.size() && valid_utf8(s.substr(i, len))) {
      i += len;
    } else {
      out[i++] = '?';
    }
  }
}

// True when @p head (a file's first bytes) is more than 10% control bytes (other than
// whitespace) or bytes outside valid UTF-8: an image, an archive, a database, not text.
// A stray NUL or bad byte in a text file stays far below that and is reported by line.
bool looks_binary(std::string_view head) {
  std::string repaired;
  replace_invalid_utf8(head, repaired);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    const auto c = static_cast<unsigned char>(head[i]);
    const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
    // A sequence cut at the end of head is not a sign of binary data.
    const bool invalid = repaired[i] == '?' && c != '?' && i + 4 < head.size();
    bad += control || invalid;
  }
  return bad * 10 > head.size();
}

}  // namespace naba::raw_text
