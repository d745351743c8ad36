#include "cardcore/remote/compact_format.hpp"

#include <algorithm>

namespace cardcore::remote {

namespace {

// ISO/IEC 7816-4 / TS 102 221 §10.1.2: instructions whose P3 is Le on T=0.
bool outgoing(std::uint8_t ins, CompactInstructions set) {
  if (set == CompactInstructions::SecurityDomain) return ins == 0xC0 || ins == 0xCA;
  switch (ins) {
    case 0xB0:  // READ BINARY
    case 0xB2:  // READ RECORD
    case 0xC0:  // GET RESPONSE
    case 0xF2:  // STATUS
    case 0xCA:  // GET DATA
    case 0x84:  // GET CHALLENGE
    case 0xCB:  // RETRIEVE DATA
      return true;
    default:
      return false;
  }
}

}  // namespace

CompactSplit next_compact_command(ByteView& script, Bytes& apdu, CompactInstructions set) {
  apdu.clear();
  if (script.empty()) return CompactSplit::End;
  if (script.size() < 5) return CompactSplit::Malformed;
  const std::uint8_t ins = script[1];
  const std::size_t p3 = script[4];
  std::size_t length = 5;
  if (!outgoing(ins, set)) {
    length += p3;
    if (script.size() < length) return CompactSplit::Malformed;
  }
  // Case 1 (P3 '00', no data) is the four header bytes at the APDU level.
  const std::size_t take = !outgoing(ins, set) && p3 == 0 ? 4 : length;
  apdu.assign(script.begin(), script.begin() + static_cast<std::ptrdiff_t>(take));
  script = script.subspan(length);
  return CompactSplit::Command;
}

Bytes compact_response(std::uint8_t executed, StatusWord last_sw, ByteView last_data) {
  Bytes out(3 + last_data.size());
  out[0] = executed;
  put_be16(out.data() + 1, last_sw);
  std::copy(last_data.begin(), last_data.end(), out.begin() + 3);
  return out;
}

}  // namespace cardcore::remote
