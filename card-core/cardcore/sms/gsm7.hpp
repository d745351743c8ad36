#pragma once
// The GSM 7 bit default alphabet (TS 23.038 §6.2.1) with its extension
// table (§6.2.1.1), and the packing of septets into octets (§6.1.2.1.1).
// Septets are kept one per byte (0..127); an extension character is the
// escape septet 1B followed by its code.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

inline constexpr std::uint8_t kGsm7Escape = 0x1B;  // TS 23.038 §6.2.1: escape to the extension table

// UTF-8 text to septets. Throws SmsError("text", byte index) for a character
// neither table has. U+00E7 'ç' is taken for 'Ç' (0x09), as TS 23.038 §6.2.1
// allows either to be shown for that code.
Bytes gsm7_from_utf8(std::string_view text);
bool gsm7_can_encode(std::string_view text);

// Septets to UTF-8; never throws. TS 23.038 §6.2.1.1: an escaped code the
// extension table lacks shows as the basic-table character; 1B 1B (reserved
// for a further table) and a trailing lone 1B show as a space. Bit 7 of a
// septet byte is ignored.
std::string gsm7_to_utf8(ByteView septets);

// TS 23.038 §6.1.2.1.1: septet i occupies bits [fill + 7i, fill + 7i + 7) of
// the output, least significant bit first; the `fill_bits` (0..6) leading
// bits are the fill bits that align septets after a User Data Header
// (TS 23.040 §9.2.3.24). Unused trailing bits are zero. Throws SmsError for
// a septet above 0x7F or fill_bits above 6.
Bytes pack_septets(ByteView septets, unsigned fill_bits = 0);

// The inverse: `count` septets starting after `fill_bits` bits. Throws
// SmsError("septets") if `octets` holds fewer than fill_bits + 7 * count bits.
Bytes unpack_septets(ByteView octets, std::size_t count, unsigned fill_bits = 0);

// Octets needed for `septets` septets after `fill_bits` fill bits.
inline std::size_t packed_octets(std::size_t septets, unsigned fill_bits = 0) {
  return (fill_bits + 7 * septets + 7) / 8;
}

}  // namespace cardcore::sms
