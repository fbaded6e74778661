#include "common/dates.h"

#include <cctype>

namespace naba::dates {

bool is_real_date(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day <= kDays[month - 1] + (month == 2 && leap);
}

bool starts_with_real_date(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return false;
  auto number = [&](std::size_t from, std::size_t len, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(iso[i]))) return false;
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  int year = 0, month = 0, day = 0;
  return number(0, 4, year) && number(5, 2, month) && number(8, 2, day) &&
         is_real_date(year, month, day);
}

}  // namespace naba::dates
