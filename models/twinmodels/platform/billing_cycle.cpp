// Monthly billing cycles on the proleptic Gregorian calendar (billing_cycle.hpp).
#include "twinmodels/platform/billing_cycle.hpp"

#include "twinmodels/civil_date.hpp"

#include <stdexcept>
#include <string>

namespace twinmodels::platform {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Months since 1970-01 of the cycle holding local time `local_ms`: the
// month of its date, or the one before when the date is before the cycle day.
std::int64_t cycle_month(const MonthlyCycle& c, std::int64_t local_ms) {
  const CivilDate day = civil_from_days(floor_div(local_ms, kMsPerDay));
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
