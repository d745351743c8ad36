#include "cardcore/sms/validity_period.hpp"

namespace cardcore::sms {

VpFormat vp_format(const ValidityPeriod& vp) {
  if (std::holds_alternative<RelativeValidity>(vp)) return VpFormat::Relative;
  if (std::holds_alternative<Timestamp>(vp)) return VpFormat::Absolute;
  if (std::holds_alternative<EnhancedValidity>(vp)) return VpFormat::Enhanced;
  return VpFormat::None;
}

std::uint32_t relative_validity_minutes(std::uint8_t v) {
  if (v <= 143) return (v + 1u) * 5;
  if (v <= 167) return 12 * 60 + (v - 143u) * 30;
  if (v <= 196) return (v - 166u) * 24 * 60;
  return (v - 192u) * 7 * 24 * 60;
}

std::uint8_t relative_validity_for_minutes(std::uint32_t minutes) {
  for (unsigned v = 0; v < 255; ++v)
    if (relative_validity_minutes(static_cast<std::uint8_t>(v)) >= minutes) return static_cast<std::uint8_t>(v);
  return 255;
}

std::optional<std::uint32_t> enhanced_validity_seconds(const EnhancedValidity& vp) {
  // Further functionality-indicator octets follow while bit 7 (extension) is set.
  std::size_t data = 1;
  while (data < vp.octets.size() && (vp.octets[data - 1] & 0x80)) ++data;
  const auto& o = vp.octets;
  auto digits = [&](std::size_t i) -> std::optional<std::uint32_t> {
    const unsigned tens = o[i] & 0x0F, units = o[i] >> 4;
    if (tens > 9 || units > 9) return std::nullopt;
    return tens * 10 + units;
  };
  switch (o[0] & 0x07) {
    case 1:  // relative, as §9.2.3.12.1
      if (data >= o.size()) return std::nullopt;
      return relative_validity_minutes(o[data]) * 60;
    case 2:  // relative, integer seconds
      if (data >= o.size()) return std::nullopt;
      return o[data];
    case 3: {  // relative, semi-octets HH MM SS
      if (data + 3 > o.size()) return std::nullopt;
      const auto h = digits(data), m = digits(data + 1), s = digits(data + 2);
      if (!h || !m || !s) return std::nullopt;
      return *h * 3600 + *m * 60 + *s;
    }
    default:  // 0: no validity period specified; 4..7 reserved
      return std::nullopt;
  }
}

EnhancedValidity enhanced_validity_of_seconds(std::uint8_t seconds, bool single_shot) {
  EnhancedValidity vp;
  vp.octets[0] = static_cast<std::uint8_t>(0x02 | (single_shot ? 0x40 : 0x00));
  vp.octets[1] = seconds;
  return vp;
}

}  // namespace cardcore::sms
