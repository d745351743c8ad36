// TLV length fields, TS 102 223 Annex C / ISO/IEC 8825-1 §8.1.3.
#include "cardcore/tlv/length.hpp"

#include <stdexcept>

namespace cardcore::tlv {

Result<Length> read_length(ByteView in) {
  if (in.empty()) return {{}, Error::Truncated};
  const std::uint8_t b0 = in[0];
  if (b0 < 0x80) return {{b0, 1}, Error::None};
  if (b0 == 0x80) return {{}, Error::IndefiniteLength};
  if (b0 == 0x81) {
    if (in.size() < 2) return {{}, Error::Truncated};
    if (in[1] < 0x80) return {{}, Error::NonMinimalLength};
    return {{in[1], 2}, Error::None};
  }
  if (b0 == 0x82) {
    if (in.size() < 3) return {{}, Error::Truncated};
    const std::size_t n = be16(in.data() + 1);
    if (n < 0x100) return {{}, Error::NonMinimalLength};
    return {{n, 3}, Error::None};
  }
  return {{}, Error::LengthTooLong};
}

std::size_t length_size(std::size_t n) { return n < 0x80 ? 1 : n < 0x100 ? 2 : 3; }

void put_length(Bytes& out, std::size_t n) {
  if (n > kMaxLength) throw std::length_error("TLV value longer than 65535 bytes");
  if (n >= 0x100) {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
  } else if (n >= 0x80) {
    out.push_back(0x81);
  }
  out.push_back(static_cast<std::uint8_t>(n));
}

}  // namespace cardcore::tlv
