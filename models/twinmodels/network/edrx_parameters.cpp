#include "twinmodels/network/edrx_parameters.hpp"

#include <string>

#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {

namespace {

constexpr const char* kEdrxIe = "Extended DRX parameters";

// §10.5.5.32, S1 mode: the cycle in units of 5.12 s (half hyperframes).
constexpr std::uint32_t kHalfHyperframes[16] = {1, 2, 4, 8, 12, 16, 20, 24, 28, 32, 64, 128, 256, 512, 1024, 2048};

bool applicable(std::uint8_t v, S1Mode mode) {
  switch (v) {
    case 0x0: case 0x1: case 0x4: case 0x6: case 0x7: case 0x8: return mode == S1Mode::WbS1;
    case 0xE: case 0xF: return mode == S1Mode::NbS1;
    default: return true;
  }
}

const char* mode_name(S1Mode mode) { return mode == S1Mode::WbS1 ? "WB-S1" : "NB-S1"; }

NetTime ptw_unit(S1Mode mode) { return mode == S1Mode::WbS1 ? 1280 * kMs : 2560 * kMs; }

}  // namespace

EdrxTiming edrx_timing(const EdrxParameters& p, S1Mode mode) {
  if (p.edrx_value > 15 || p.ptw_value > 15)
    throw NetworkIeError(kEdrxIe, "field above 15 (eDRX value " + std::to_string(p.edrx_value) + ", PTW " +
                                  std::to_string(p.ptw_value) + ")");
  if (!applicable(p.edrx_value, mode))
    throw NetworkIeError(kEdrxIe, "eDRX value " + std::to_string(p.edrx_value) + " is not applicable in " + mode_name(mode) +
                                  " mode");
  EdrxTiming t;
  const std::uint32_t halves = kHalfHyperframes[p.edrx_value];
  t.cycle = halves * (kHyperframe / 2);
  t.cycle_hyperframes = halves == 1 ? 0 : halves / 2;
  t.paging_time_window = (p.ptw_value + 1) * ptw_unit(mode);
  return t;
}

std::uint8_t edrx_value_for(NetTime cycle, S1Mode mode) {
  for (std::uint8_t v = 0; v < 16; ++v)
    if (applicable(v, mode) && kHalfHyperframes[v] * (kHyperframe / 2) == cycle) return v;
  throw NetworkIeError(kEdrxIe, "no eDRX cycle of " + std::to_string(cycle) + " us in " + mode_name(mode) + " mode");
}

std::uint8_t ptw_value_for(NetTime ptw, S1Mode mode) {
  const NetTime unit = ptw_unit(mode);
  if (ptw < unit || ptw > 16 * unit || ptw % unit != 0)
    throw NetworkIeError(kEdrxIe, "no paging time window of " + std::to_string(ptw) + " us in " + mode_name(mode) + " mode");
  return static_cast<std::uint8_t>(ptw / unit - 1);
}

std::uint8_t encode_edrx_octet(const EdrxParameters& p) {
  if (p.edrx_value > 15 || p.ptw_value > 15) throw NetworkIeError(kEdrxIe, "field above 15");
  return static_cast<std::uint8_t>((p.ptw_value << 4) | p.edrx_value);
}

EdrxParameters decode_edrx_octet(std::uint8_t octet) {
  return {static_cast<std::uint8_t>(octet & 0x0F), static_cast<std::uint8_t>(octet >> 4)};
}

std::array<std::uint8_t, 3> encode_edrx_ie(const EdrxParameters& p) { return {kIeiExtendedDrx, 1, encode_edrx_octet(p)}; }

EdrxParameters decode_edrx_ie(cardcore::ByteView bytes, std::size_t& consumed) {
  if (bytes.size() < 2) throw NetworkIeError(kEdrxIe, "truncated: " + std::to_string(bytes.size()) + " octets, need 3");
  if (bytes[0] != kIeiExtendedDrx) throw NetworkIeError(kEdrxIe, "IEI 0x" + cardcore::to_hex(bytes.subspan(0, 1)) + ", expected 0x6e");
  if (bytes[1] != 1) throw NetworkIeError(kEdrxIe, "length " + std::to_string(bytes[1]) + ", expected 1");
  if (bytes.size() < 3) throw NetworkIeError(kEdrxIe, "truncated: length 1 but no value octet");
  consumed = 3;
  return decode_edrx_octet(bytes[2]);
}

}  // namespace twinmodels
