#pragma once
// What the card sends on T=0 for a command whose handler built `size`
// response bytes and status word `s` (TS 102 221 §7.3.1.1, ISO/IEC 7816-3
// §10.3.3): shared by the terminal's interface (Uicc::finish) and the
// compact remote format (uicc_remote.cpp), whose commands behave as on T=0.
#include <algorithm>
#include <cstddef>

#include "cardcore/apdu/command_apdu.hpp"

namespace cardcore {

struct T0Answer {
  std::size_t send = 0;            // response bytes sent now, before the SW
  StatusWord sw = sw::kOk;         // the status word sent
  bool hold = false;               // the response data waits for GET RESPONSE
  StatusWord held_sw = sw::kOk;    // the status word GET RESPONSE then ends with
};

inline T0Answer t0_answer(const CommandApdu& c, StatusWord s, std::size_t size) {
  if (size == 0) return {0, s, false, s};
  if (c.kind == ApduCase::Case2) {
    if (c.ne == size) return {size, s, false, s};
    // §7.3.1.1.3: wrong P3 in case 2, '6CXX' gives the exact length to send
    // the command again with.
    if (s == sw::kOk) return {0, static_cast<StatusWord>(sw::kWrongLe | (size & 0xFF)), false, s};
    return {std::min<std::size_t>(c.ne, size), s, false, s};
  }
  // Case 3/4 (§7.3.1.1.4): the data waits for GET RESPONSE. A warning is sent
  // first; GET RESPONSE then returns the data with '9000'.
  const unsigned sw1 = s >> 8;
  if (sw1 == 0x62 || sw1 == 0x63) return {0, s, true, sw::kOk};
  return {0, static_cast<StatusWord>(sw::kMoreData | (size & 0xFF)), true, s};
}

}  // namespace cardcore
