#include "twinmodels/network/power_saving.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {

void validate(const PowerSavingProfile& p) {
  validate(p.paging);
  if (!p.t3324.deactivated && p.t3324.duration < 0) throw NetworkIeError("T3324", "negative duration");
  if (!p.t3412.deactivated && p.t3412.duration < 0) throw NetworkIeError("T3412", "negative duration");
  if (p.edrx) {
    if (p.edrx->cycle <= 0 || p.edrx->paging_time_window <= 0)
      throw NetworkIeError("Extended DRX parameters", "cycle and paging time window must be positive");
    if (p.edrx->cycle_hyperframes != 0 && p.edrx->paging_time_window > p.edrx->cycle)
      throw NetworkIeError("Extended DRX parameters", "paging time window longer than the eDRX cycle");
  }
}

PowerSavingProfile power_saving_from_ies(S1Mode mode, const PagingConfig& paging, std::uint8_t t3412_octet,
                                         std::optional<cardcore::ByteView> t3412_extended_ie,
                                         std::optional<cardcore::ByteView> t3324_ie,
                                         std::optional<cardcore::ByteView> edrx_ie) {
  PowerSavingProfile p;
  p.mode = mode;
  p.paging = paging;
  std::size_t used = 0;
  // TS 24.301 §5.3.5: the extended value, when present, replaces T3412 value.
  p.t3412 = t3412_extended_ie ? decode_gprs_timer_ie(*t3412_extended_ie, kIeiT3412Extended, GprsTimerKind::Timer3, used)
                              : decode_gprs_timer(t3412_octet, GprsTimerKind::Timer);
  p.t3324 = t3324_ie ? decode_gprs_timer_ie(*t3324_ie, kIeiT3324, GprsTimerKind::Timer, used) : NasTimerValue::off();
  if (edrx_ie) p.edrx = edrx_timing(decode_edrx_ie(*edrx_ie, used), mode);
  validate(p);
  return p;
}

NetTime active_time_end(const PowerSavingProfile& p, NetTime idle_since) {
  return p.psm() ? idle_since + p.t3324.duration : kNever;
}

NetTime next_periodic_tau(const PowerSavingProfile& p, NetTime idle_since) {
  return p.periodic_tau() ? idle_since + p.t3412.duration : kNever;
}

bool in_psm(const PowerSavingProfile& p, NetTime idle_since, NetTime t) {
  return p.psm() && t >= active_time_end(p, idle_since) && t < next_periodic_tau(p, idle_since);
}

Reachability next_reachable(const PowerSavingProfile& p, std::uint64_t imsi, std::uint32_t m_tmsi, NetTime idle_since,
                            NetTime t) {
  if (t < idle_since) throw std::invalid_argument("next_reachable: time before the UE went idle");
  const NetTime tau = next_periodic_tau(p, idle_since);
  if (t >= tau)
    throw std::invalid_argument("next_reachable: time at or after the periodic TAU at " + std::to_string(tau) +
                                " us; record the TAU first");
  const NetTime active_end = active_time_end(p, idle_since);
  if (t < active_end) {
    const NetTime po = p.edrx ? next_edrx_paging_occasion(p.paging, *p.edrx, imsi, m_tmsi, t)
                              : next_paging_occasion(p.paging, imsi, t);
    // A UE without PSM stays pageable; with PSM the PO must fall in T3324
    // (TS 23.682 §4.5.4: the UE is reachable for paging during the active time).
    if (po < active_end && po < tau) return {po, ReachableVia::Paging};
  }
  if (tau == kNever) return {kNever, ReachableVia::Never};
  return {tau, ReachableVia::PeriodicTau};
}

}  // namespace twinmodels
