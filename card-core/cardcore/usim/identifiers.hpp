#pragma once
// Encodings of the subscriber identifiers stored on the card.
#include <cstdint>
#include <string>
#include <string_view>

#include "cardcore/util/bytes.hpp"

namespace cardcore {

// TS 101 220 Annex E: the RID of 3GPP and the USIM application code, the
// start of every USIM's AID (ADF.USIM is found by it).
inline constexpr std::uint8_t kUsimAidPrefix[] = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02};

// ITU-T E.118 §4.4 / ISO/IEC 7812-1 Annex B: Luhn check digit of a digit string.
char luhn_digit(std::string_view digits);

// TS 102 221 §13.2 EF.ICCID: 10 bytes, BCD with swapped nibbles, 'F' filler.
// An 18- or 19-digit ICCID without its check digit gets the Luhn digit
// appended; 19/20 digits are taken as given. Throws std::invalid_argument.
Bytes encode_iccid(std::string_view digits, bool append_check_digit);
std::string decode_iccid(ByteView ef);

// TS 31.102 §4.2.2 / TS 51.011 §10.3.2 EF.IMSI: length byte, then the parity
// nibble (odd: '9', even: '1') and the digits, swapped, 'F' filler; 9 bytes.
// Throws std::invalid_argument for anything but 6..15 digits.
Bytes encode_imsi(std::string_view digits);
std::string decode_imsi(ByteView ef);

}  // namespace cardcore
