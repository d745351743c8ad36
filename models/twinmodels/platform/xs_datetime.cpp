// xs:dateTime to and from milliseconds since the Unix epoch (xs_datetime.hpp).
#include "twinmodels/platform/xs_datetime.hpp"

#include "twinmodels/civil_date.hpp"

#include <cstdio>
#include <stdexcept>

namespace twinmodels::platform {

namespace {

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

constexpr std::int64_t kMillisecondsPerDay = 86'400'000;

[[noreturn]] void refuse(std::string_view where, std::string_view text, const std::string& what) {
  throw std::invalid_argument(std::string(where) + ": '" + std::string(text) + "' is not an xs:dateTime (" + what + ")");
}

}  // namespace

std::string xs_datetime(std::int64_t unix_ms) {
  std::int64_t days = unix_ms / kMillisecondsPerDay;
  std::int64_t ms = unix_ms % kMillisecondsPerDay;
  if (ms < 0) ms += kMillisecondsPerDay, --days;
  const CivilDate c = civil_from_days(days);
  if (c.y < 1 || c.y > 9999) throw std::invalid_argument("xs:dateTime: year " + std::to_string(c.y) + " outside 0001-9999");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(c.y), c.m, c.d,
                static_cast<long long>(ms / 3'600'000), static_cast<long long>(ms / 60'000 % 60),
                static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
  return buf;
}

std::int64_t unix_ms_of_xs_datetime(std::string_view s, std::string_view where) {
  std::size_t i = 0;
  // `n` digits at i, as a number.
  const auto digits = [&](std::size_t n, const char* what) {
    std::int64_t v = 0;
    for (std::size_t k = 0; k < n; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') refuse(where, s, std::string("no ").append(what));
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const auto separator = [&](char c, const char* what) {
    if (i >= s.size() || s[i] != c) refuse(where, s, std::string("no '") + c + "' " + what);
    ++i;
  };
  const std::int64_t y = digits(4, "four-digit year");
  separator('-', "after the year");
  const auto m = static_cast<unsigned>(digits(2, "two-digit month"));
  separator('-', "after the month");
  const auto d = static_cast<unsigned>(digits(2, "two-digit day"));
  separator('T', "before the time");
  const std::int64_t hh = digits(2, "two-digit hour");
  separator(':', "after the hour");
  const std::int64_t mm = digits(2, "two-digit minute");
  separator(':', "after the minute");
  const std::int64_t ss = digits(2, "two-digit second");
  if (y < 1) refuse(where, s, "year 0000");
  if (m < 1 || m > 12) refuse(where, s, "month " + std::to_string(m));
  if (d < 1 || d > days_in_month(y, m)) refuse(where, s, "day " + std::to_string(d) + " of month " + std::to_string(m));
  if (hh > 23 || mm > 59 || ss > 59) refuse(where, s, "time of day out of range");
  std::int64_t ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t n = 0;
    while (i + n < s.size() && s[i + n] >= '0' && s[i + n] <= '9') ++n;
    if (n == 0) refuse(where, s, "no digits after '.'");
    if (n > 3) refuse(where, s, "a fraction finer than a millisecond");
    ms = digits(n, "fraction");
    for (std::size_t k = n; k < 3; ++k) ms *= 10;
  }
  std::int64_t offset_min = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    ++i;
    const std::int64_t oh = digits(2, "two-digit zone hour");
    separator(':', "in the zone");
    const std::int64_t om = digits(2, "two-digit zone minute");
    if (oh > 14 || om > 59 || (oh == 14 && om > 0)) refuse(where, s, "zone beyond +/-14:00");
    offset_min = sign * (oh * 60 + om);
  } else {
    refuse(where, s, "no time zone ('Z' or +hh:mm)");
  }
  if (i != s.size()) refuse(where, s, "text after the time zone");
  return days_from_civil(y, m, d) * kMillisecondsPerDay + ((hh * 60 + mm - offset_min) * 60 + ss) * 1000 + ms;
}

}  // namespace twinmodels::platform
