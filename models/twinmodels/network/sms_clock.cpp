#include "twinmodels/network/sms_clock.hpp"

#include <stdexcept>

namespace twinmodels {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant,
// "chrono-Compatible Low-Level Date Algorithms": days_from_civil, civil_from_days).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

cardcore::sms::Timestamp SmsClock::timestamp(NetTime t) const {
  const std::int64_t local = epoch_unix_seconds + floor_div(t, kSecond) + std::int64_t{tz_quarters} * 15 * 60;
  const std::int64_t days = floor_div(local, 86400);
  const std::int64_t secs = local - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 2000 || y > 2099) throw std::out_of_range("SmsClock: year outside 2000..2099");
  cardcore::sms::Timestamp ts;
  ts.year = static_cast<std::uint8_t>(y - 2000);
  ts.month = static_cast<std::uint8_t>(m);
  ts.day = static_cast<std::uint8_t>(d);
  ts.hour = static_cast<std::uint8_t>(secs / 3600);
  ts.minute = static_cast<std::uint8_t>(secs / 60 % 60);
  ts.second = static_cast<std::uint8_t>(secs % 60);
  ts.tz_quarters = tz_quarters;
  return ts;
}

NetTime SmsClock::time_of(const cardcore::sms::Timestamp& ts) const {
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (ts.month < 1 || ts.month > 12 || ts.day < 1 || ts.day > kDays[ts.month - 1] || ts.hour > 23 || ts.minute > 59 ||
      ts.second > 59 || ts.year > 99 || (ts.month == 2 && ts.day == 29 && ts.year % 4 != 0))
    throw std::invalid_argument("SmsClock: time stamp " + cardcore::sms::to_string(ts) + " is not a date");
  const std::int64_t local =
      days_from_civil(2000 + ts.year, ts.month, ts.day) * 86400 + ts.hour * 3600 + ts.minute * 60 + ts.second;
  const std::int64_t utc = local - std::int64_t{ts.tz_quarters} * 15 * 60;
  return (utc - epoch_unix_seconds) * kSecond;
}

}  // namespace twinmodels
