// Dates of the proleptic Gregorian calendar as days since 1970-01-01, and
// back (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms":
// days_from_civil, civil_from_days): one implementation for the SMS time
// stamps, xs:dateTime and the billing calendars.
#pragma once

#include <cstdint>

namespace twinmodels {

struct CivilDate {
  std::int64_t y;
  unsigned m, d;  // 1-12, 1-31
};

// Days since 1970-01-01 of year y, month m (1-12), day d (1-31).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

// The date `days` days after 1970-01-01 (before it when negative).
CivilDate civil_from_days(std::int64_t days);

// a / b rounded towards minus infinity (b > 0; a may be negative).
std::int64_t floor_div(std::int64_t a, std::int64_t b);

}  // namespace twinmodels
