#pragma once
// TS 24.008 §10.5.5.32 Extended DRX parameters, the IE a UE requests eDRX
// with and the network grants it in (ATTACH / TAU ACCEPT, TS 24.301 §8.2.1,
// IEI 0x6E; TS 23.682 §4.5.13.1): a type 4 IE (IEI, length 1, one octet),
// bits 8..5 the Paging Time Window, bits 4..1 the eDRX value. Only the S1
// modes are modelled (LTE-M is WB-S1, NB-IoT is NB-S1).
//
// eDRX cycle, S1 modes (T_eDRX,H of TS 36.304 §7.3 in hyperframes of 10.24 s):
//   0000 5.12 s (1/2)  0001 10.24 s (1)  0010 20.48 s (2)  0011 40.96 s (4)
//   0100 61.44 s (6)   0101 81.92 s (8)  0110 102.4 s (10) 0111 122.88 s (12)
//   1000 143.36 s (14) 1001 163.84 s (16) 1010 327.68 s (32) 1011 655.36 s (64)
//   1100 1310.72 s (128) 1101 2621.44 s (256) 1110 5242.88 s (512) 1111 10485.76 s (1024)
// 0000, 0001, 0100, 0110, 0111, 1000 are for WB-S1 only, 1110 and 1111 for
// NB-S1 only (the table's notes); the model refuses them in the other mode
// rather than reinterpret them.
// Paging Time Window: WB-S1 1.28 s x (v + 1), NB-S1 2.56 s x (v + 1).
#include <array>
#include <cstddef>
#include <cstdint>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

// TS 24.301 §8.2.1.1 / §8.2.4.1: IEI of "Extended DRX parameters".
inline constexpr std::uint8_t kIeiExtendedDrx = 0x6E;

enum class S1Mode : std::uint8_t { WbS1, NbS1 };

struct EdrxParameters {
  std::uint8_t edrx_value = 0;  // bits 4..1
  std::uint8_t ptw_value = 0;   // bits 8..5
  bool operator==(const EdrxParameters&) const = default;
};

// The durations the fields mean in a mode.
struct EdrxTiming {
  NetTime cycle = 0;               // eDRX cycle
  NetTime paging_time_window = 0;  // PTW length
  // TS 36.304 §7.3: T_eDRX,H in hyperframes; 0 for the 5.12 s cycle, which is
  // not a whole number of hyperframes (T = 512 radio frames, §7.1).
  std::uint32_t cycle_hyperframes = 0;
  bool operator==(const EdrxTiming&) const = default;
};

// Throws NetworkIeError for a value not applicable in the mode, or a field
// above 15.
EdrxTiming edrx_timing(const EdrxParameters& p, S1Mode mode);
// The eDRX value whose cycle is exactly `cycle` in the mode; throws
// NetworkIeError when none is.
std::uint8_t edrx_value_for(NetTime cycle, S1Mode mode);
// The PTW value whose window is exactly `ptw`; throws NetworkIeError otherwise.
std::uint8_t ptw_value_for(NetTime ptw, S1Mode mode);

std::uint8_t encode_edrx_octet(const EdrxParameters& p);
EdrxParameters decode_edrx_octet(std::uint8_t octet);

// The whole IE. Throws NetworkIeError for another IEI, a length other than 1
// or a truncated IE.
std::array<std::uint8_t, 3> encode_edrx_ie(const EdrxParameters& p);
EdrxParameters decode_edrx_ie(cardcore::ByteView bytes, std::size_t& consumed);

}  // namespace twinmodels
