#pragma once
// The UCS2 alphabet of TS 23.038 §6.2.3 (ISO/IEC 10646 16-bit, big-endian).
#include <string>
#include <string_view>

#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

// UTF-8 to UCS2. Throws SmsError("text", byte index) for a character outside
// the Basic Multilingual Plane, which UCS2 cannot carry.
Bytes ucs2_from_utf8(std::string_view text);

// UCS2 to UTF-8; never throws. A surrogate pair (as UTF-16 senders emit) is
// joined; a lone surrogate and an odd last octet become U+FFFD.
std::string ucs2_to_utf8(ByteView octets);

}  // namespace cardcore::sms
