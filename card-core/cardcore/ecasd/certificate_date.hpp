#pragma once
// The dates of a GlobalPlatform certificate ('5F25' effective date, '5F24'
// expiration date): four bytes of BCD, YYYYMMDD (GPC Amendment E
// certificate format; SGP.02 §2.3.2 certificates; njiwa writes them the
// same way). The simulator's clock gives "today" in this form, so a card
// checks validity without reading any wall clock.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

struct CertificateDate {
  std::uint16_t year = 2000;  // 0..9999
  std::uint8_t month = 1;     // 1..12
  std::uint8_t day = 1;       // 1..days in the month (Gregorian)
  auto operator<=>(const CertificateDate&) const = default;
};

// True when the fields form a real calendar date within 0000..9999.
bool valid_date(const CertificateDate& d);

// Throws std::invalid_argument for an invalid date.
std::array<std::uint8_t, 4> encode_date(const CertificateDate& d);
// nullopt unless four BCD bytes of a valid date.
std::optional<CertificateDate> decode_date(ByteView bcd);

// "2026-12-01"
std::string to_string(const CertificateDate& d);

}  // namespace cardcore::ecasd
