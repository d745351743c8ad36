#include "cardcore/ecasd/certificate_date.hpp"

#include <cstdio>
#include <stdexcept>

namespace cardcore::ecasd {

namespace {

bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in(unsigned y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

std::uint8_t bcd(unsigned v) { return static_cast<std::uint8_t>(((v / 10) << 4) | (v % 10)); }

// -1 unless both nibbles are decimal digits.
int from_bcd(std::uint8_t b) {
  const int hi = b >> 4, lo = b & 0x0F;
  return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

}  // namespace

bool valid_date(const CertificateDate& d) {
  return d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in(d.year, d.month);
}

std::array<std::uint8_t, 4> encode_date(const CertificateDate& d) {
  if (!valid_date(d)) throw std::invalid_argument("certificate date " + to_string(d) + " is not a calendar date");
  return {bcd(d.year / 100), bcd(d.year % 100), bcd(d.month), bcd(d.day)};
}

std::optional<CertificateDate> decode_date(ByteView in) {
  if (in.size() != 4) return std::nullopt;
  int v[4];
  for (int i = 0; i < 4; ++i)
    if ((v[i] = from_bcd(in[i])) < 0) return std::nullopt;
  const CertificateDate d{static_cast<std::uint16_t>(v[0] * 100 + v[1]), static_cast<std::uint8_t>(v[2]),
                          static_cast<std::uint8_t>(v[3])};
  if (!valid_date(d)) return std::nullopt;
  return d;
}

std::string to_string(const CertificateDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", unsigned{d.year} % 10000u, unsigned{d.month} % 100u,
                unsigned{d.day} % 100u);
  return buf;
}

}  // namespace cardcore::ecasd
