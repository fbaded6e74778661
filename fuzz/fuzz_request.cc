// Fuzzes what naba serve checks in a request itself (server/request_checks.h; cpp-httplib
// parses the HTTP): each check against a plain reference. valid_utf8 against ICU's strict
// UTF-8 conversion, valid_percent_encoding against a scan, bearer_matches against string
// equality, parse_count against std::to_string, log_safe and too_costly for what they promise.
#include <unicode/ustring.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "server/request_checks.h"

namespace {

bool icu_valid(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return false;
  UErrorCode status = U_ZERO_ERROR;
  std::vector<UChar> out(s.size() + 1);
  int32_t length = 0;
  u_strFromUTF8(out.data(), static_cast<int32_t>(out.size()), &length, s.data(),
                static_cast<int32_t>(s.size()), &status);
  return U_SUCCESS(status);
}

// Invalid: a '%' not followed by two hex digits (a regular expression, not a scan).
bool percent_ok(std::string_view s) {
  static const std::regex bad("%(?![0-9A-Fa-f]{2})");
  return !std::regex_search(s.begin(), s.end(), bad);
}

// @p s without its leading zeros (one kept for "0").
std::string_view no_leading_zeros(std::string_view s) {
  std::size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0') ++i;
  return s.substr(i);
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace naba::server;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (valid_utf8(in) != icu_valid(in)) std::abort();
  if (valid_percent_encoding(in) != percent_ok(in)) std::abort();

  const std::string_view token = in.substr(0, in.size() / 2), header = in.substr(in.size() / 2);
  if (bearer_matches(header, token) != (!token.empty() && header == "Bearer " + std::string(token)))
    std::abort();
  if (!token.empty() && !bearer_matches("Bearer " + std::string(token), token)) std::abort();

  const auto n = parse_count(in, 0, 1000000);
  if (n && (!all_digits(in) || std::to_string(*n) != no_leading_zeros(in))) std::abort();
  if (!n && all_digits(in) && in.size() <= 7 &&
      std::strtoul(std::string(in).c_str(), nullptr, 10) <= 1000000)
    std::abort();

  for (unsigned char c : log_safe(in))
    if (c < 0x20 || c == 0x7f) std::abort();
  too_costly(in);
  return 0;
}
