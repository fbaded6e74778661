// Calendar dates as the corpus and the options write them: YYYY-MM-DD.
#pragma once

#include <string_view>

namespace naba::dates {

/** True if @p year, @p month, @p day name a day of the Gregorian calendar
 *  (months of 28 to 31 days, 29 February in leap years only). */
bool is_real_date(int year, int month, int day);

/** True if @p iso starts with a real date written YYYY-MM-DD (a longer ISO-8601
 *  date-time is fine: only its first ten characters are looked at). */
bool starts_with_real_date(std::string_view iso);

}  // namespace naba::dates
