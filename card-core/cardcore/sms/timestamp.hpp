#pragma once
// TS 23.040 §9.2.3.11 TP-Service-Centre-Time-Stamp (also the form of TP-DT,
// §9.2.3.13, and of the absolute TP-VP, §9.2.3.12.2): seven octets of two
// semi-octets each, the first digit in the low nibble.
#include <array>
#include <cstdint>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

struct Timestamp {
  std::uint8_t year = 0;  // two digits, 00..99
  std::uint8_t month = 1;
  std::uint8_t day = 1;
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t second = 0;
  // Local time minus GMT in quarters of an hour, -79..79. A negative zero
  // in the input decodes as 0 (and encodes back as a positive zero).
  std::int8_t tz_quarters = 0;

  bool operator==(const Timestamp&) const = default;
};

// Throws SmsError("timestamp") for a field above 99 or a time zone beyond
// +-79 quarters. Calendar ranges are not checked in either direction.
std::array<std::uint8_t, 7> encode_timestamp(const Timestamp& t);
// Throws SmsError for a semi-octet above 9 (the time-zone sign bit aside)
// or for fewer than 7 octets.
Timestamp decode_timestamp(ByteView octets);

// "yy-mm-dd hh:mm:ss +q" with the time zone in quarters, e.g. "22-07-25 00:00:00 +0".
std::string to_string(const Timestamp& t);

}  // namespace cardcore::sms
