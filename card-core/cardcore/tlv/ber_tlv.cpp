// BER-TLV, ISO/IEC 8825-1 §8.1.
#include "cardcore/tlv/ber_tlv.hpp"

#include <stdexcept>

namespace cardcore::tlv {

namespace {

// §8.1.2.4: low five bits all ones announce subsequent tag bytes.
bool multi_byte_first(std::uint8_t b) { return (b & 0x1F) == 0x1F; }

// A valid second byte ends the tag (b8 = 0) and carries a number that did not
// fit the first byte (31..127).
bool valid_second(std::uint8_t b) { return b >= 0x1F && b < 0x80; }

bool valid_tag(std::uint16_t tag) {
  if (tag > 0xFF) return multi_byte_first(static_cast<std::uint8_t>(tag >> 8)) && (tag >> 8) != 0xFF &&
                         valid_second(static_cast<std::uint8_t>(tag));
  return tag != 0x00 && !multi_byte_first(static_cast<std::uint8_t>(tag));
}

}  // namespace

Result<BerTlv> read_ber(ByteView in) {
  if (in.empty()) return {{}, Error::Truncated};
  const std::uint8_t b0 = in[0];
  if (b0 == 0x00 || b0 == 0xFF) return {{}, Error::BadTag};
  std::uint16_t tag = b0;
  std::size_t pos = 1;
  if (multi_byte_first(b0)) {
    if (in.size() < 2) return {{}, Error::Truncated};
    if (!valid_second(in[1])) return {{}, Error::BadTag};
    tag = static_cast<std::uint16_t>((b0 << 8) | in[1]);
    pos = 2;
  }
  const Result<Length> len = read_length(in.subspan(pos));
  if (!len.ok()) return {{}, len.error};
  pos += len.value.header;
  if (len.value.value > in.size() - pos) return {{}, Error::Truncated};
  return {{tag, in.subspan(pos, len.value.value), pos + len.value.value}, Error::None};
}

Result<BerTlv> parse_ber(ByteView in) {
  Result<BerTlv> r = read_ber(in);
  if (r.ok() && r.value.size != in.size()) return {{}, Error::TrailingData};
  return r;
}

std::size_t ber_tag_size(std::uint16_t tag) { return tag > 0xFF ? 2 : 1; }

void put_ber(Bytes& out, std::uint16_t tag, ByteView value) {
  if (!valid_tag(tag)) throw std::invalid_argument("put_ber: invalid tag");
  if (tag > 0xFF) out.push_back(static_cast<std::uint8_t>(tag >> 8));
  out.push_back(static_cast<std::uint8_t>(tag));
  put_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

Bytes make_ber(std::uint16_t tag, ByteView value) {
  Bytes out;
  out.reserve(ber_tag_size(tag) + length_size(value.size()) + value.size());
  put_ber(out, tag, value);
  return out;
}

}  // namespace cardcore::tlv
