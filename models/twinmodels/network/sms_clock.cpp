#include "twinmodels/network/sms_clock.hpp"

#include "twinmodels/civil_date.hpp"

#include <stdexcept>

namespace twinmodels {

cardcore::sms::Timestamp SmsClock::timestamp(NetTime t) const {
  const std::int64_t local = epoch_unix_seconds + floor_div(t, kSecond) + std::int64_t{tz_quarters} * 15 * 60;
  const std::int64_t days = floor_div(local, 86400);
  const std::int64_t secs = local - days * 86400;
  const auto [y, m, d] = civil_from_days(days);
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
