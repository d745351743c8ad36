// Monthly billing cycles on the proleptic Gregorian calendar (billing_cycle.hpp).
#include "twinmodels/platform/billing_cycle.hpp"

#include <stdexcept>
#include <string>

namespace twinmodels::platform {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a date and back (H. Hinnant's days_from_civil
// and civil_from_days algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Months since 1970-01 of the cycle holding local time `local_ms`: the
// month of its date, or the one before when the date is before the cycle day.
std::int64_t cycle_month(const MonthlyCycle& c, std::int64_t local_ms) {
  const Civil day = civil_from_days(floor_div(local_ms, kMsPerDay));
  const std::int64_t month = day.y * 12 + (day.m - 1) - 1970 * 12;
  return day.d < c.cycle_day ? month - 1 : month;
}

std::int64_t local_ms(const MonthlyCycle& c, std::int64_t t_ms) {
  return c.epoch_unix_ms + static_cast<std::int64_t>(c.utc_offset_min) * 60'000 + t_ms;
}

}  // namespace

void check_cycle(const MonthlyCycle& c) {
  if (c.cycle_day < 1 || c.cycle_day > 28)
    throw std::invalid_argument("billing cycle: day " + std::to_string(c.cycle_day) +
                                " is not one every month has (1 to 28)");
  if (c.utc_offset_min < -14 * 60 || c.utc_offset_min > 14 * 60)
    throw std::invalid_argument("billing cycle: UTC offset " + std::to_string(c.utc_offset_min) +
                                " min is beyond 14 h");
}

std::int64_t cycle_index(const MonthlyCycle& c, std::int64_t t_ms) {
  return cycle_month(c, local_ms(c, t_ms)) - cycle_month(c, local_ms(c, 0));
}

std::int64_t cycle_start_ms(const MonthlyCycle& c, std::int64_t index) {
  const std::int64_t month = cycle_month(c, local_ms(c, 0)) + index + 1970 * 12;
  const std::int64_t y = floor_div(month, 12);
  const auto m = static_cast<unsigned>(month - y * 12 + 1);
  const std::int64_t local = days_from_civil(y, m, c.cycle_day) * kMsPerDay;
  return local - c.epoch_unix_ms - static_cast<std::int64_t>(c.utc_offset_min) * 60'000;
}

}  // namespace twinmodels::platform
