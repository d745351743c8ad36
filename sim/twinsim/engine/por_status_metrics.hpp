#pragma once
// The write-card platforms' PoRs counted by what they say (docs/SCENARIOS.md,
// metrics ota.por_*): each error Response Status Code of TS 102 225 §5.2
// (table "Response Status Codes") its own metric, so a run tells wrong keys
// (01, 06), replayed or stale counters (02, 03, 04), ciphering (05), a wrong
// TAR (09) and a too-weak packet (0A) apart.
#include <array>
#include <cstdint>

namespace twinsim {

struct PorStatusMetric {
  std::uint8_t code;  // the Response Status Code
  const char* metric;
};

inline constexpr std::array<PorStatusMetric, 10> kPorStatusMetrics{{
    {0x01, "ota.por_rc_cc_ds_failed"},
    {0x02, "ota.por_counter_low"},
    {0x03, "ota.por_counter_high"},
    {0x04, "ota.por_counter_blocked"},
    {0x05, "ota.por_ciphering_error"},
    {0x06, "ota.por_security_error"},
    {0x07, "ota.por_no_memory"},
    {0x08, "ota.por_more_time"},
    {0x09, "ota.por_tar_unknown"},
    {0x0A, "ota.por_below_msl"},
}};

}  // namespace twinsim
