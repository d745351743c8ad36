#include "twinmodels/network/gprs_timer.hpp"

#include <string>

#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {

namespace {

constexpr unsigned kDeactivatedUnit = 7;  // 111 in both codings
constexpr std::uint8_t kMaxValue = 31;    // five bits

// Unit of each 3-bit code; 0 for "deactivated".
NetTime unit_of(unsigned code, GprsTimerKind kind) {
  if (code == kDeactivatedUnit) return 0;
  if (kind == GprsTimerKind::Timer) {
    switch (code) {
      case 0: return 2 * kSecond;
      case 2: return 6 * kMinute;  // decihour
      default: return kMinute;     // 001, and 011..110 "interpreted as 1 minute"
    }
  }
  switch (code) {
    case 0: return 10 * kMinute;
    case 1: return kHour;
    case 2: return 10 * kHour;
    case 3: return 2 * kSecond;
    case 4: return 30 * kSecond;
    case 5: return kMinute;
    default: return 320 * kHour;  // 110
  }
}

const char* name_of(GprsTimerKind kind) { return kind == GprsTimerKind::Timer ? "GPRS timer" : "GPRS timer 3"; }

}  // namespace

NasTimerValue decode_gprs_timer(std::uint8_t octet, GprsTimerKind kind) {
  const unsigned code = octet >> 5;
  if (code == kDeactivatedUnit) return NasTimerValue::off();
  return NasTimerValue::of(unit_of(code, kind) * (octet & kMaxValue));
}

NetTime gprs_timer_max(GprsTimerKind kind) {
  return kMaxValue * (kind == GprsTimerKind::Timer ? 6 * kMinute : 320 * kHour);
}

std::uint8_t encode_gprs_timer(NasTimerValue v, GprsTimerKind kind) {
  if (v.deactivated) return static_cast<std::uint8_t>(kDeactivatedUnit << 5);
  if (v.duration < 0) throw NetworkIeError(name_of(kind), "negative duration " + std::to_string(v.duration) + " us");
  // The codes in order of increasing unit, the defined ones only.
  static constexpr unsigned kTimerCodes[] = {0, 1, 2};
  static constexpr unsigned kTimer3Codes[] = {3, 4, 5, 0, 1, 2, 6};
  const unsigned* codes = kind == GprsTimerKind::Timer ? kTimerCodes : kTimer3Codes;
  const std::size_t n = kind == GprsTimerKind::Timer ? std::size(kTimerCodes) : std::size(kTimer3Codes);
  for (std::size_t i = 0; i < n; ++i) {
    const NetTime unit = unit_of(codes[i], kind);
    if (v.duration % unit == 0 && v.duration / unit <= kMaxValue)
      return static_cast<std::uint8_t>((codes[i] << 5) | static_cast<unsigned>(v.duration / unit));
  }
  throw NetworkIeError(name_of(kind), std::to_string(v.duration) + " us is not a whole number (0..31) of any unit");
}

std::array<std::uint8_t, 3> encode_gprs_timer_ie(std::uint8_t iei, NasTimerValue v, GprsTimerKind kind) {
  return {iei, 1, encode_gprs_timer(v, kind)};
}

NasTimerValue decode_gprs_timer_ie(cardcore::ByteView bytes, std::uint8_t iei, GprsTimerKind kind,
                                   std::size_t& consumed) {
  const std::string ie = kind == GprsTimerKind::Timer ? "GPRS timer 2" : "GPRS timer 3";
  if (bytes.size() < 2) throw NetworkIeError(ie, "truncated: " + std::to_string(bytes.size()) + " octets, need 3");
  if (bytes[0] != iei) throw NetworkIeError(ie, "IEI 0x" + cardcore::hex_digits(bytes[0], 2) + ", expected 0x" + cardcore::hex_digits(iei, 2));
  if (bytes[1] != 1) throw NetworkIeError(ie, "length " + std::to_string(bytes[1]) + ", expected 1");
  if (bytes.size() < 3) throw NetworkIeError(ie, "truncated: length 1 but no value octet");
  consumed = 3;
  return decode_gprs_timer(bytes[2], kind);
}

}  // namespace twinmodels
