#pragma once
// When an idle UE can be reached for mobile-terminated traffic, and when it
// wakes on its own, from its negotiated power-saving timers:
//
// - PSM, TS 23.682 §4.5.4 and TS 24.301 §5.3.11: on entering EMM-IDLE the UE
//   starts T3324 (active time) and T3412 (periodic TAU, the T3412 extended
//   value when the network gave one, §5.3.5). While T3324 runs it is
//   reachable by paging; when it expires the UE is in PSM, unreachable, until
//   it initiates a procedure itself: the periodic TAU when T3412 expires, or
//   MO traffic. T3324 deactivated (or absent) = no PSM.
// - T3412 deactivated or zero: no periodic TAU (§5.3.5).
// - Paging while reachable: at the UE's paging occasions, with eDRX
//   (TS 23.682 §4.5.13, TS 36.304 §7.3) or regular DRX (§7.1); paging.hpp.
//
// The MME runs the same timers (its active timer is T3324, TS 24.301
// §5.3.11), so this one function is both the UE's and the network's view.
// A UE's whole state is the time it last entered EMM-IDLE (8 bytes); the
// profile is shared by every device that negotiated the same values.
#include <cstdint>
#include <optional>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/edrx_parameters.hpp"
#include "twinmodels/network/gprs_timer.hpp"
#include "twinmodels/network/net_time.hpp"
#include "twinmodels/network/paging.hpp"

namespace twinmodels {

struct PowerSavingProfile {
  S1Mode mode = S1Mode::NbS1;
  PagingConfig paging;
  std::optional<EdrxTiming> edrx;  // granted eDRX; none = regular DRX
  NasTimerValue t3324 = NasTimerValue::off();
  NasTimerValue t3412 = NasTimerValue::of(54 * kMinute);  // TS 24.301 §10.2: default 54 min

  bool psm() const { return !t3324.deactivated; }
  bool periodic_tau() const { return !t3412.deactivated && t3412.duration > 0; }
};

// What the network granted, as the IEs of ATTACH ACCEPT / TAU ACCEPT carry
// them (TS 24.301 §8.2.1): the T3412 value octet (GPRS timer), and the
// T3412 extended value (GPRS timer 3), T3324 (GPRS timer 2) and Extended
// DRX parameters IEs when present (whole IEs, IEI first). Throws
// NetworkIeError for malformed IEs, eDRX values not applicable in the mode,
// a paging time window longer than the eDRX cycle, or a bad paging config.
PowerSavingProfile power_saving_from_ies(S1Mode mode, const PagingConfig& paging, std::uint8_t t3412_octet,
                                         std::optional<cardcore::ByteView> t3412_extended_ie,
                                         std::optional<cardcore::ByteView> t3324_ie,
                                         std::optional<cardcore::ByteView> edrx_ie);

// Checks a profile built by hand the same way (negative durations too).
void validate(const PowerSavingProfile& p);

enum class ReachableVia : std::uint8_t {
  Paging,       // at a paging occasion while T3324 runs (or without PSM)
  PeriodicTau,  // in PSM: at the periodic TAU, when the UE connects itself
  Never,        // in PSM without periodic TAU: only MO traffic wakes it
};

struct Reachability {
  NetTime at = kNever;
  ReachableVia via = ReachableVia::Never;
  bool operator==(const Reachability&) const = default;
};

// The end of the active time (kNever without PSM).
NetTime active_time_end(const PowerSavingProfile& p, NetTime idle_since);
// The UE's next wake-up on its own: the periodic TAU (kNever without one).
NetTime next_periodic_tau(const PowerSavingProfile& p, NetTime idle_since);
// In PSM at t: T3324 expired and the periodic TAU not yet due.
bool in_psm(const PowerSavingProfile& p, NetTime idle_since, NetTime t);

// The earliest time >= t at which mobile-terminated traffic reaches a UE
// idle since `idle_since` with no activity of its own in between. Valid up
// to the periodic TAU; then the UE connects and the caller records its next
// idle_since. Throws std::invalid_argument for t < idle_since or t at or
// after the periodic TAU.
Reachability next_reachable(const PowerSavingProfile& p, std::uint64_t imsi, std::uint32_t m_tmsi,
                            NetTime idle_since, NetTime t);

}  // namespace twinmodels
