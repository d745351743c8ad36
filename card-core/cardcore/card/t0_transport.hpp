#pragma once
// What the card sends on T=0 for a command whose handler built `size`
// response bytes and status word `s` (TS 102 221 §7.3.1.1, ISO/IEC 7816-3
// §10.3.3): shared by the terminal's interface (Uicc::finish) and the
// compact remote format (uicc_remote.cpp), whose commands behave as on T=0.
#include <algorithm>
#include <cstddef>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/util/bytes.hpp"

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

// A remote command session's own GET RESPONSE (TS 102 221 §11.1.16; TS 102
// 226 §5.1: compact scripts are answered as on T=0) against the data its
// last command held back: `data` gets up to Le bytes.
// Drops response data waiting for GET RESPONSE and its buffer: an idle
// session holds none, so the memory a card reports (Uicc::state_bytes) does
// not depend on the responses it gave before, and a session restored from a
// saved state (which keeps no buffer capacity) reports what the saved one did.
inline void release_pending(Bytes& pending) { Bytes().swap(pending); }

inline StatusWord t0_get_response(const CommandApdu& c, Bytes& pending, StatusWord pending_sw, Bytes& data) {
  if (c.p1 != 0 || c.p2 != 0) return sw::kWrongP1P2;
  if (c.kind != ApduCase::Case2) return sw::kWrongLength;
  if (pending.empty()) return sw::kConditionsNotSatisfied;
  const std::size_t avail = pending.size();
  if (c.ne > avail) return static_cast<StatusWord>(sw::kWrongLe | (avail & 0xFF));
  data.assign(pending.begin(), pending.begin() + c.ne);
  pending.erase(pending.begin(), pending.begin() + c.ne);
  if (pending.empty()) {
    release_pending(pending);
    return pending_sw;
  }
  return static_cast<StatusWord>(sw::kMoreData | (pending.size() & 0xFF));
}

// What a remote command that built `response` with status `s` returns:
// as on T=0 (`t0`: the data of a case 3/4 command waits in `pending` for
// GET RESPONSE), or at once, up to Ne (none for a command without Le).
inline StatusWord remote_answer(const CommandApdu& c, StatusWord s, ByteView response, bool t0, Bytes& pending,
                                StatusWord& pending_sw, Bytes& data) {
  if (t0) {
    const T0Answer a = t0_answer(c, s, response.size());
    if (a.hold) {
      pending.assign(response.begin(), response.end());
      pending_sw = a.held_sw;
    }
    data.assign(response.begin(), response.begin() + a.send);
    return a.sw;
  }
  data.clear();
  if (c.kind == ApduCase::Case2 || c.kind == ApduCase::Case4) {
    data.assign(response.begin(), response.begin() + std::min<std::size_t>(c.ne, response.size()));
  }
  return s;
}

}  // namespace cardcore
