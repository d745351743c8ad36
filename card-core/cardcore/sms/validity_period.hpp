#pragma once
// TS 23.040 §9.2.3.12 TP-Validity-Period of SMS-SUBMIT in its three forms,
// selected by TP-VPF (§9.2.3.3, bits 4 and 3 of the first octet).
#include <array>
#include <cstdint>
#include <optional>
#include <variant>

#include "cardcore/sms/timestamp.hpp"

namespace cardcore::sms {

// TS 23.040 §9.2.3.3: the TP-VPF bit pair (bit 4, bit 3).
enum class VpFormat : std::uint8_t { None = 0, Enhanced = 1, Relative = 2, Absolute = 3 };

// §9.2.3.12.1: one octet.
struct RelativeValidity {
  std::uint8_t value = 0xA7;  // 24 hours
  bool operator==(const RelativeValidity&) const = default;
};

// §9.2.3.12.3: seven octets, kept as sent: the functionality indicator
// (bit 7 extension, bit 6 single-shot, bits 2..0 format) and its data.
struct EnhancedValidity {
  std::array<std::uint8_t, 7> octets{};
  bool operator==(const EnhancedValidity&) const = default;
};

// No TP-VP, relative, absolute (§9.2.3.12.2, a time stamp), enhanced.
using ValidityPeriod = std::variant<std::monostate, RelativeValidity, Timestamp, EnhancedValidity>;

VpFormat vp_format(const ValidityPeriod& vp);

// §9.2.3.12.1: 0..143 -> (v+1) x 5 min; 144..167 -> 12 h + (v-143) x 30 min;
// 168..196 -> (v-166) days; 197..255 -> (v-192) weeks.
std::uint32_t relative_validity_minutes(std::uint8_t value);
// The smallest value lasting at least `minutes` (255, 63 weeks, at most).
std::uint8_t relative_validity_for_minutes(std::uint32_t minutes);

// §9.2.3.12.3: the period in seconds, or nullopt for "no validity period
// specified", a reserved format, or semi-octets that are not digits.
std::optional<std::uint32_t> enhanced_validity_seconds(const EnhancedValidity& vp);
// §9.2.3.12.3 format 010: relative, integer seconds 0..255.
EnhancedValidity enhanced_validity_of_seconds(std::uint8_t seconds, bool single_shot = false);

}  // namespace cardcore::sms
