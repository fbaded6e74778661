// What naba itself checks in a request, before any search: pure functions,
// fuzzed by fuzz/fuzz_request.cc. cpp-httplib parses the HTTP itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace naba::server {

/** The limits of one request (docs/server.md). */
struct Limits {
  static constexpr std::size_t kQueryBytes = 1000;      // q, text
  static constexpr std::size_t kMaxResults = 1000;      // n
  static constexpr std::size_t kMaxOffset = 100000;     // offset
  static constexpr std::size_t kMaxPassages = 20;       // passages
  static constexpr std::size_t kQueryWords = 64;        // words in q (phrases' words included)
  static constexpr std::size_t kQueryPhrases = 16;      // "phrases" in q
  static constexpr std::size_t kBodyBytes = 64 * 1024;  // POST bodies
};

/** True if every '%' in @p target starts %XX with two hex digits. */
bool valid_percent_encoding(std::string_view target);

/** True if @p s is well-formed UTF-8 with no NUL byte. */
bool valid_utf8(std::string_view s);

/** A whole decimal number in [min, max], or nullopt (empty, signs, spaces,
 *  trailing text, overflow). */
std::optional<std::size_t> parse_count(std::string_view s, std::size_t min, std::size_t max);

/** Why @p query costs too much to run (too many words or phrases), or
 *  nullopt. Counts as the lexer sees them: runs of non-space between spaces
 *  and quotes; each pair of double quotes is a phrase. */
std::optional<std::string> too_costly(std::string_view query);

/** True if the Authorization header @p header is "Bearer TOKEN" with @p token,
 *  compared in constant time. */
bool bearer_matches(std::string_view header, std::string_view token);

/** @p s for a log line: bytes below 0x20, 0x7f and '\\' as \\xNN. */
std::string log_safe(std::string_view s);

}  // namespace naba::server
