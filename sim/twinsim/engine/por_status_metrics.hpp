#pragma once
// PoRs counted by what they say (docs/SCENARIOS.md): the write-card
// platforms' (metrics ota.por_*) and the SM-SRs' calls failed by one
// (smsr.por_*): each error Response Status Code of TS 102 225 §5.2
// (table "Response Status Codes") its own metric, so a run tells wrong keys
// (01, 06), replayed or stale counters (02, 03, 04), ciphering (05), a wrong
// TAR (09) and a too-weak packet (0A) apart.
#include <array>
#include <cstdint>

namespace twinsim {

struct PorStatusMetric {
  std::uint8_t code;  // the Response Status Code
  const char* name;   // the metric's name after "ota.por_" or "smsr.por_"
};

inline constexpr std::array<PorStatusMetric, 10> kPorStatusMetrics{{
    {0x01, "rc_cc_ds_failed"},
    {0x02, "counter_low"},
    {0x03, "counter_high"},
    {0x04, "counter_blocked"},
    {0x05, "ciphering_error"},
    {0x06, "security_error"},
    {0x07, "no_memory"},
    {0x08, "more_time"},
    {0x09, "tar_unknown"},
    {0x0A, "below_msl"},
}};

}  // namespace twinsim
