#pragma once
// The Answer To Reset as far as a modem needs it (ISO/IEC 7816-3 §8.2,
// TS 102 221 §6.3): TA1 (Fi/Di, so the modem can time the interface) and
// the first TA after T=15 (the supply voltage classes and clock stop).
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace twinmodels::modem {

struct AtrInfo {
  std::uint8_t ta1 = 0x11;  // TA1 as sent (default: Fi 372, Di 1)
  std::uint16_t fi = 372;  // ISO/IEC 7816-3 Table 7 (default without TA1)
  std::uint8_t di = 1;     // ISO/IEC 7816-3 Table 8
  bool t0_offered = false;  // a TDi announces T=0 (or no TD1: T=0 implied)
  // TS 102 221 §6.2.1: class indicator bits of the T=15 TA: b1 A (5 V),
  // b2 B (3 V), b3 C (1.8 V); 0 when the card does not indicate one.
  std::uint8_t classes = 0;
  std::uint8_t clock_stop = 0;  // b8-b7 of that TA (§6.3.3)
};

// Parses TS T0 and the interface bytes; the historical bytes and TCK are
// only counted (TCK checked when present). nullptr, or a short static reason.
const char* parse_atr(cardcore::ByteView atr, AtrInfo& out);
// Fi and Di of a TA1 byte; false for RFU values.
bool speed_of_ta1(std::uint8_t ta1, std::uint16_t& fi, std::uint8_t& di);

}  // namespace twinmodels::modem
