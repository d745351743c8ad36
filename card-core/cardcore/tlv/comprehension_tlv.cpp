// COMPREHENSION-TLV, TS 101 220 §7.1.1.
#include "cardcore/tlv/comprehension_tlv.hpp"

#include <stdexcept>

namespace cardcore::tlv {

namespace {
constexpr std::uint8_t kThreeByteTag = 0x7F;
}  // namespace

Result<Ctlv> read_ctlv(ByteView in) {
  if (in.empty()) return {{}, Error::Truncated};
  const std::uint8_t b0 = in[0];
  Ctlv t;
  std::size_t pos = 1;
  if (b0 == kThreeByteTag) {
    if (in.size() < 3) return {{}, Error::Truncated};
    t.cr = (in[1] & 0x80) != 0;
    t.tag = static_cast<std::uint16_t>(((in[1] & 0x7F) << 8) | in[2]);
    if (t.tag == 0) return {{}, Error::BadTag};
    pos = 3;
  } else {
    if (b0 == 0x00 || b0 == 0x80 || b0 == 0xFF) return {{}, Error::BadTag};
    t.cr = (b0 & 0x80) != 0;
    t.tag = b0 & 0x7F;
  }
  const Result<Length> len = read_length(in.subspan(pos));
  if (!len.ok()) return {{}, len.error};
  pos += len.value.header;
  if (len.value.value > in.size() - pos) return {{}, Error::Truncated};
  t.value = in.subspan(pos, len.value.value);
  t.size = pos + len.value.value;
  return {t, Error::None};
}

std::size_t ctlv_tag_size(std::uint16_t tag) { return tag >= 0x01 && tag <= 0x7E ? 1 : 3; }

void put_ctlv(Bytes& out, std::uint16_t tag, ByteView value, bool cr) {
  if (tag == 0 || tag > 0x7FFF) throw std::invalid_argument("put_ctlv: invalid tag");
  if (tag <= 0x7E) {
    out.push_back(static_cast<std::uint8_t>(tag | (cr ? 0x80 : 0x00)));
  } else {
    out.push_back(kThreeByteTag);
    out.push_back(static_cast<std::uint8_t>((tag >> 8) | (cr ? 0x80 : 0x00)));
    out.push_back(static_cast<std::uint8_t>(tag));
  }
  put_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

}  // namespace cardcore::tlv
