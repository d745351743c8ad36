#include "cardcore/apdu/command_apdu.hpp"

namespace cardcore {

std::optional<CommandApdu> parse_command_apdu(ByteView b, StatusWord& error) {
  error = sw::kOk;
  if (b.size() < 4) {
    error = sw::kWrongLength;
    return std::nullopt;
  }
  CommandApdu c;
  c.cla = b[0];
  c.ins = b[1];
  c.p1 = b[2];
  c.p2 = b[3];
  if (b.size() == 4) {
    c.kind = ApduCase::Case1;
    return c;
  }
  const std::size_t p3 = b[4];
  if (b.size() == 5) {
    // ISO 7816-4 §5.1: a single length byte after the header is Le; '00' means 256.
    c.kind = ApduCase::Case2;
    c.has_le = true;
    c.ne = p3 == 0 ? 256 : static_cast<std::uint16_t>(p3);
    return c;
  }
  if (p3 == 0) {
    // Extended length fields start with '00'; TS 102 221 §10.1 uses short ones.
    error = sw::kWrongLength;
    return std::nullopt;
  }
  if (b.size() == 5 + p3) {
    c.kind = ApduCase::Case3;
    c.data = b.subspan(5, p3);
    return c;
  }
  if (b.size() == 6 + p3) {
    c.kind = ApduCase::Case4;
    c.data = b.subspan(5, p3);
    c.has_le = true;
    const std::size_t le = b[5 + p3];
    c.ne = le == 0 ? 256 : static_cast<std::uint16_t>(le);
    return c;
  }
  error = sw::kWrongLength;
  return std::nullopt;
}

}  // namespace cardcore
