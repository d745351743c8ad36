#include "twinmodels/network/mme_reachability.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <string>

namespace twinmodels {

MmeReachability::MmeReachability(std::uint64_t ues, PowerSavingProfile profile, MmeReachabilityConfig cfg)
    : profile_(profile), cfg_(cfg), idle_since_(ues, 0), flags_(ues, 0) {
  validate(profile_);
  if (cfg_.mobile_reachable_margin < 0 || cfg_.implicit_detach_timer < 0)
    throw std::invalid_argument("MmeReachability: negative timer");
}

std::size_t MmeReachability::index(std::uint64_t ue) const {
  if (ue >= idle_since_.size()) throw std::out_of_range("MmeReachability: unknown UE " + std::to_string(ue));
  return static_cast<std::size_t>(ue);
}

void MmeReachability::restore(std::vector<NetTime> idle_since, std::vector<std::uint8_t> flags) {
  if (idle_since.size() != idle_since_.size() || flags.size() != flags_.size())
    throw std::invalid_argument("MmeReachability: saved state has another UE count");
  for (const std::uint8_t f : flags)
    if (f & ~(kAttached | kConnected | kUrrp | kDetachedLocally)) throw std::invalid_argument("MmeReachability: unknown flag bits");
  idle_since_ = std::move(idle_since);
  flags_ = std::move(flags);
}

bool MmeReachability::connected(std::uint64_t ue, NetTime) {
  std::uint8_t& f = flags_[index(ue)];
  const bool alert = f & kUrrp;
  f = kAttached | kConnected;
  return alert;
}

void MmeReachability::released(std::uint64_t ue, NetTime t) {
  const std::size_t i = index(ue);
  flags_[i] = static_cast<std::uint8_t>((flags_[i] & ~kConnected) | kAttached);
  idle_since_[i] = t;
}

void MmeReachability::detached(std::uint64_t ue) {
  const std::size_t i = index(ue);
  flags_[i] = static_cast<std::uint8_t>(flags_[i] & kUrrp);
}

void MmeReachability::detached_locally(std::uint64_t ue) {
  const std::size_t i = index(ue);
  flags_[i] = static_cast<std::uint8_t>((flags_[i] & kUrrp) | kDetachedLocally);
}

bool MmeReachability::locally_detached(std::uint64_t ue) const { return flags_[index(ue)] & kDetachedLocally; }

void MmeReachability::request_reachability_notification(std::uint64_t ue) { flags_[index(ue)] |= kUrrp; }

bool MmeReachability::notification_requested(std::uint64_t ue) const { return flags_[index(ue)] & kUrrp; }

UeReachability MmeReachability::reachability(std::uint64_t ue, std::uint64_t imsi, std::uint32_t m_tmsi,
                                             NetTime t) const {
  const std::size_t i = index(ue);
  const std::uint8_t f = flags_[i];
  if (!(f & kAttached)) return {UeReachState::Detached, kNever};
  if (f & kConnected) return {UeReachState::Connected, t};
  const NetTime idle = idle_since_[i];
  const NetTime tau = next_periodic_tau(profile_, idle);
  if (t >= tau) {
    // The TAU is due and has not come: the mobile reachable timer, then the
    // implicit detach timer (TS 24.301 §5.3.5).
    const NetTime detach_at = tau + cfg_.mobile_reachable_margin + cfg_.implicit_detach_timer;
    if (t >= detach_at) return {UeReachState::Detached, kNever};
    return {UeReachState::Overdue, kNever};
  }
  const Reachability r = next_reachable(profile_, imsi, m_tmsi, idle, std::max(t, idle));
  if (r.via == ReachableVia::Paging) return {UeReachState::Pageable, r.at};
  return {UeReachState::Psm, r.at};
}

}  // namespace twinmodels
