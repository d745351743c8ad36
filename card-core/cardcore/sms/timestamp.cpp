#include "cardcore/sms/timestamp.hpp"

#include <cstdio>

#include "cardcore/sms/codec_detail.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms {

namespace {

std::uint8_t swapped_bcd(unsigned value, const char* what) {
  if (value > 99) throw SmsError("timestamp", 0, std::string(what) + " " + std::to_string(value) + " exceeds 99");
  return static_cast<std::uint8_t>((value / 10) | ((value % 10) << 4));
}

}  // namespace

std::array<std::uint8_t, 7> encode_timestamp(const Timestamp& t) {
  const int tz = t.tz_quarters;
  if (tz < -79 || tz > 79)
    throw SmsError("timestamp", 0, "time zone " + std::to_string(tz) + " quarters exceeds +-79 (TS 23.040 §9.2.3.11)");
  std::uint8_t zone = swapped_bcd(static_cast<unsigned>(tz < 0 ? -tz : tz), "time zone");
  if (tz < 0) zone |= 0x08;  // bit 3: the algebraic sign, 1 = negative
  return {swapped_bcd(t.year, "year"),     swapped_bcd(t.month, "month"),   swapped_bcd(t.day, "day"),
          swapped_bcd(t.hour, "hour"),     swapped_bcd(t.minute, "minute"), swapped_bcd(t.second, "second"),
          zone};
}

Timestamp decode_timestamp(ByteView octets) {
  detail::Reader r(octets, "");
  return detail::read_timestamp(r, "timestamp");
}

Timestamp detail::read_timestamp(Reader& r, const char* field) {
  const std::size_t start = r.offset();
  const ByteView o = r.take(7, field);
  std::uint8_t v[7];
  for (std::size_t i = 0; i < 7; ++i) {
    const unsigned tens = i == 6 ? (o[i] & 0x07) : (o[i] & 0x0F);
    const unsigned units = o[i] >> 4;
    if (tens > 9 || units > 9)
      r.fail_at(field, start + i, "semi-octets " + to_hex(o.subspan(i, 1)) + " are not decimal digits");
    v[i] = static_cast<std::uint8_t>(tens * 10 + units);
  }
  Timestamp t;
  t.year = v[0], t.month = v[1], t.day = v[2], t.hour = v[3], t.minute = v[4], t.second = v[5];
  t.tz_quarters = static_cast<std::int8_t>((o[6] & 0x08) ? -v[6] : v[6]);
  return t;
}

std::string to_string(const Timestamp& t) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02u-%02u-%02u %02u:%02u:%02u %+d", unsigned{t.year}, unsigned{t.month},
                unsigned{t.day}, unsigned{t.hour}, unsigned{t.minute}, unsigned{t.second}, int{t.tz_quarters});
  return buf;
}

}  // namespace cardcore::sms
