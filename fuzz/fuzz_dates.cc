// Fuzzes the date check (common/dates, schema::date_value) against std::chrono's calendar:
// the input is an ISO date to check, and its first 12 bytes are also a year, month and day.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "common/dates.h"
#include "common/schema.h"

namespace {

bool chrono_real(long long year, long long month, long long day) {
  if (year < 1 || year > 32767 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  using namespace std::chrono;
  return year_month_day{std::chrono::year{static_cast<int>(year)},
                        std::chrono::month{static_cast<unsigned>(month)},
                        std::chrono::day{static_cast<unsigned>(day)}}
      .ok();
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size >= 12) {
    int v[3];
    std::memcpy(v, data, sizeof v);
    const bool in_range = v[0] <= 32767;  // std::chrono's years stop there
    if (in_range && naba::dates::is_real_date(v[0], v[1], v[2]) != chrono_real(v[0], v[1], v[2]))
      std::abort();
  }
  const std::string_view iso(reinterpret_cast<const char*>(data), size);
  const bool real = naba::dates::starts_with_real_date(iso);
  const bool expected = iso.size() >= 10 && iso[4] == '-' && iso[7] == '-' &&
                        digits(iso.substr(0, 4)) && digits(iso.substr(5, 2)) &&
                        digits(iso.substr(8, 2)) &&
                        chrono_real(std::stoi(std::string(iso.substr(0, 4))),
                                    std::stoi(std::string(iso.substr(5, 2))),
                                    std::stoi(std::string(iso.substr(8, 2))));
  if (real != expected) std::abort();
  const std::string value = naba::schema::date_value(iso);
  if (real != !value.empty()) std::abort();
  if (real && value != std::string(iso.substr(0, 4)) + std::string(iso.substr(5, 2)) +
                           std::string(iso.substr(8, 2)))
    std::abort();
  return 0;
}
