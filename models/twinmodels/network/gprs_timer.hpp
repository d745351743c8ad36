#pragma once
// The GPRS timer information elements operators configure NAS timers with
// (they travel in ATTACH ACCEPT / TAU ACCEPT, TS 24.301 §8.2.1, §8.2.26):
//
//   GPRS timer   TS 24.008 §10.5.7.3, the value octet: bits 8..6 unit,
//                bits 5..1 binary timer value. Unit 000 = 2 s, 001 = 1 min,
//                010 = decihours (6 min), 111 = deactivated; the other units
//                are read as 1 min ("in this version of the protocol").
//                T3412 (V in ATTACH ACCEPT), T3402, T3324 in TS 24.008.
//   GPRS timer 2 §10.5.7.4, TLV: IEI, length 1, the same value octet.
//                T3324 (IEI 0x6A), T3346 (IEI 0x5F), T3402 (IEI 0x17).
//   GPRS timer 3 §10.5.7.4a, TLV: IEI, length 1, value octet with the units
//                000 = 10 min, 001 = 1 h, 010 = 10 h, 011 = 2 s,
//                100 = 30 s, 101 = 1 min, 110 = 320 h, 111 = deactivated.
//                T3412 extended value (IEI 0x5E).
//
// A value of 0 in a unit other than "deactivated" is a timer of zero length
// (what T3324 = 0 or T3412 = 0 mean is for the procedure to say).
#include <array>
#include <cstdint>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

// A decoded timer: deactivated, or a duration.
struct NasTimerValue {
  bool deactivated = false;
  NetTime duration = 0;  // meaningful when !deactivated

  static NasTimerValue off() { return {true, 0}; }
  static NasTimerValue of(NetTime d) { return {false, d}; }
  bool operator==(const NasTimerValue&) const = default;
};

enum class GprsTimerKind : std::uint8_t {
  Timer,   // §10.5.7.3 (and §10.5.7.4, GPRS timer 2, which shares its coding)
  Timer3,  // §10.5.7.4a
};

// TS 24.301 §9.9.3 / Table 8.2.1.1: IEIs of the timers in ATTACH ACCEPT.
inline constexpr std::uint8_t kIeiT3402 = 0x17;
inline constexpr std::uint8_t kIeiT3412Extended = 0x5E;
inline constexpr std::uint8_t kIeiT3346 = 0x5F;
inline constexpr std::uint8_t kIeiT3324 = 0x6A;

// The value octet.
NasTimerValue decode_gprs_timer(std::uint8_t octet, GprsTimerKind kind = GprsTimerKind::Timer);

// The value octet that says `v` exactly, in the finest unit that holds it
// (value 0..31). Throws NetworkIeError for a negative duration or one no unit
// of the kind says exactly (e.g. 3 s, or 4 h in a GPRS timer, whose longest
// is 31 decihours = 3 h 6 min).
std::uint8_t encode_gprs_timer(NasTimerValue v, GprsTimerKind kind = GprsTimerKind::Timer);

// The longest duration of the kind (31 decihours; 31 x 320 h).
NetTime gprs_timer_max(GprsTimerKind kind);

// The type 4 IE (GPRS timer 2 or 3): IEI, length 1, value. decode_gprs_timer_ie
// reads it at the start of `bytes`, checks the IEI and the length, and sets
// `consumed`. Throws NetworkIeError for another IEI, a length other than 1 or
// fewer octets than the length says.
std::array<std::uint8_t, 3> encode_gprs_timer_ie(std::uint8_t iei, NasTimerValue v, GprsTimerKind kind);
NasTimerValue decode_gprs_timer_ie(cardcore::ByteView bytes, std::uint8_t iei, GprsTimerKind kind,
                                   std::size_t& consumed);

}  // namespace twinmodels
