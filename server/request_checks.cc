#include "server/request_checks.h"

#include <cctype>
#include <cstdio>

namespace naba::server {

bool valid_percent_encoding(std::string_view t) {
  auto hex = [&](std::size_t i) {
    return i < t.size() && std::isxdigit(static_cast<unsigned char>(t[i]));
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '%') continue;
    if (!hex(i + 1) || !hex(i + 2)) return false;
    i += 2;
  }
  return true;
}

bool valid_utf8(std::string_view s) {
  static constexpr unsigned long kMin[] = {0, 0x80, 0x800, 0x10000};
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    // Continuation bytes that follow: 0 (ASCII), 1, 2 or 3.
    const std::size_t n = c < 0x80           ? 0
                          : (c >> 5) == 0x6  ? 1
                          : (c >> 4) == 0xe  ? 2
                          : (c >> 3) == 0x1e ? 3
                                             : 4;
    if (n == 4 || i + n >= s.size() + (n == 0 ? 1 : 0)) return false;
    unsigned long cp = n == 0 ? c : c & (0x3fu >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

std::optional<std::size_t> parse_count(std::string_view s, std::size_t min, std::size_t max) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::size_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < min || n > max) return std::nullopt;
  return n;
}

std::optional<std::string> too_costly(std::string_view q) {
  std::size_t words = 0, quotes = 0;
  bool in_word = false;
  for (char c : q) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"';
    if (c == '"') ++quotes;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  if (words > Limits::kQueryWords)
    return "the query has " + std::to_string(words) + " words; at most " +
           std::to_string(Limits::kQueryWords) + " are searched";
  if (quotes / 2 > Limits::kQueryPhrases)
    return "the query has " + std::to_string(quotes / 2) + " phrases; at most " +
           std::to_string(Limits::kQueryPhrases) + " are searched";
  return std::nullopt;
}

bool bearer_matches(std::string_view header, std::string_view token) {
  constexpr std::string_view kBearer = "Bearer ";
  if (token.empty() || !header.starts_with(kBearer)) return false;
  std::string_view given = header.substr(kBearer.size());
  unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i)
    diff |= static_cast<unsigned char>(token[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

std::string log_safe(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace naba::server
