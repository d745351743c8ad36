#include "twinmodels/modem/atr.hpp"

namespace twinmodels::modem {

namespace {
// ISO/IEC 7816-3 Table 7 (Fi by the high nibble of TA1; 0 = RFU) and Table 8
// (Di by the low nibble).
constexpr std::uint16_t kFi[16] = {372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0};
constexpr std::uint8_t kDi[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};
}  // namespace

bool speed_of_ta1(std::uint8_t ta1, std::uint16_t& fi, std::uint8_t& di) {
  fi = kFi[ta1 >> 4];
  di = kDi[ta1 & 0x0F];
  return fi != 0 && di != 0;
}

const char* parse_atr(cardcore::ByteView atr, AtrInfo& out) {
  out = AtrInfo{};
  if (atr.size() < 2) return "ATR shorter than TS and T0";
  if (atr[0] != 0x3B && atr[0] != 0x3F) return "ATR: TS is neither 3B nor 3F";
  std::size_t i = 1;
  std::uint8_t y = atr[1] >> 4;  // Y1
  const std::size_t historical = atr[1] & 0x0F;
  i = 2;
  bool tck_present = false;
  bool any_td = false;
  std::uint8_t last_protocol = 0;  // T of the last TDi read
  unsigned level = 1;
  for (;;) {
    std::uint8_t ta = 0;
    bool has_ta = false;
    if (y & 0x1) {
      if (i >= atr.size()) return "ATR cut short in the interface bytes";
      ta = atr[i++];
      has_ta = true;
    }
    if (y & 0x2) ++i;  // TBi
    if (y & 0x4) ++i;  // TCi
    if (i > atr.size()) return "ATR cut short in the interface bytes";
    if (has_ta && level == 1) {
      out.ta1 = ta;
      if (!speed_of_ta1(ta, out.fi, out.di)) return "ATR: TA1 has an RFU Fi or Di";
    }
    // §8.2.3: the first TA after T=15 in TDi-1 is the global one.
    if (has_ta && level > 2 && last_protocol == 15 && out.classes == 0) {
      out.classes = ta & 0x3F;
      out.clock_stop = ta >> 6;
    }
    if (!(y & 0x8)) break;
    if (i >= atr.size()) return "ATR cut short in the interface bytes";
    const std::uint8_t td = atr[i++];
    any_td = true;
    last_protocol = td & 0x0F;
    if (last_protocol == 0) out.t0_offered = true;
    if (last_protocol != 0) tck_present = true;
    y = td >> 4;
    ++level;
  }
  if (!any_td) out.t0_offered = true;  // §8.2.3: no TD1 means T=0 only
  if (i + historical + (tck_present ? 1 : 0) != atr.size()) return "ATR length does not match its historical bytes";
  if (tck_present) {
    std::uint8_t x = 0;
    for (std::size_t k = 1; k < atr.size(); ++k) x ^= atr[k];
    if (x != 0) return "ATR: TCK check failed";
  }
  return nullptr;
}

}  // namespace twinmodels::modem
