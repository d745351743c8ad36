#pragma once
// The MME's view of its UEs' reachability for mobile-terminated traffic, and
// the "alert when reachable" hook for SMS.
//
// - ECM-CONNECTED: reachable now. EMM-IDLE: reachable at the next paging
//   occasion while the active timer (T3324) runs, else at the UE's next
//   periodic TAU (power_saving.hpp; TS 24.301 §5.3.11, TS 23.682 §4.5.4).
// - The mobile reachable timer (TS 24.301 §5.3.5: by default 4 min longer
//   than T3412) and then the implicit detach timer (network dependent; 4 min
//   here like the mobile reachable margin, our estimate): a UE silent past
//   both is implicitly detached, and unreachable until it attaches again.
// - Messages-waiting: an SMSC that found a UE absent asks (through the HSS)
//   to be alerted when it becomes reachable (TS 23.040 §3.2.5; the MME keeps
//   the request as URRP-MME, the UE reachability procedures of TS 23.401).
//   The next time the UE connects (TAU, service request, attach) the MME
//   reports it once, and clears the flag.
//
// - Local detach: the MME deletes a UE's context without telling it (the
//   HSS withdrew or barred the subscription while the UE could not be
//   paged, TS 23.401 §5.3.8.1 implicit detach). The UE still thinks itself
//   registered; its next TAU or service request finds no context and is
//   rejected with #10 implicitly detached (TS 24.301 §5.5.3.2.5, §5.6.1.5).
//   The flag stays until the UE connects or detaches.
//
// Per UE: the time it last went idle (8 bytes) and one byte of flags, in two
// flat vectors: kBytesPerUe = 9.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "twinmodels/network/power_saving.hpp"

namespace twinmodels {

struct MmeReachabilityConfig {
  // TS 24.301 §5.3.5: "By default, the mobile reachable timer is 4 minutes
  // greater than timer T3412."
  NetTime mobile_reachable_margin = 4 * kMinute;
  // TS 24.301 §5.3.5: the implicit detach timer's value is network dependent.
  NetTime implicit_detach_timer = 4 * kMinute;
};

enum class UeReachState : std::uint8_t {
  Detached,   // never attached, or implicitly detached
  Connected,  // ECM-CONNECTED: reachable now
  Pageable,   // idle, reachable at `at` (a paging occasion)
  Psm,        // idle in PSM (or past the active time): reachable at `at`, the periodic TAU
  Overdue,    // the periodic TAU is late; the MME waits for it until the implicit detach
};

struct UeReachability {
  UeReachState state = UeReachState::Detached;
  NetTime at = kNever;  // when MT traffic can reach the UE
};

class MmeReachability {
 public:
  static constexpr std::size_t kBytesPerUe = sizeof(NetTime) + 1;

  // UEs 0..ues-1, all detached. `profile` is shared by all of them (one MME
  // per group of UEs with the same negotiated timers). Throws NetworkIeError
  // for an invalid profile.
  MmeReachability(std::uint64_t ues, PowerSavingProfile profile, MmeReachabilityConfig cfg = {});

  // The UE's NAS signalling connection is up (attach, TAU, service request):
  // returns true when a reachability notification was requested for it, which
  // the caller then delivers (HSS -> SMSC alert); the request is cleared.
  bool connected(std::uint64_t ue, NetTime t);
  // The connection is released: the UE enters EMM-IDLE at t.
  void released(std::uint64_t ue, NetTime t);
  // Detach (explicit), or power off.
  void detached(std::uint64_t ue);
  // Local detach (above): detached, and the UE does not know.
  void detached_locally(std::uint64_t ue);
  bool locally_detached(std::uint64_t ue) const;

  // imsi and m_tmsi give the UE's paging occasions (paging.hpp).
  UeReachability reachability(std::uint64_t ue, std::uint64_t imsi, std::uint32_t m_tmsi, NetTime t) const;

  // Messages-waiting: alert the requester when the UE next connects.
  void request_reachability_notification(std::uint64_t ue);
  bool notification_requested(std::uint64_t ue) const;

  // Checkpoints: the whole per-UE state is these two tables.
  const std::vector<NetTime>& idle_since_table() const { return idle_since_; }
  const std::vector<std::uint8_t>& flags_table() const { return flags_; }
  // Replaces both tables with saved ones. Throws std::invalid_argument when
  // a table has another UE count or a flag byte has bits the model does not
  // use; nothing changes then.
  void restore(std::vector<NetTime> idle_since, std::vector<std::uint8_t> flags);

  const PowerSavingProfile& profile() const { return profile_; }
  std::uint64_t ues() const { return idle_since_.size(); }
  std::size_t state_bytes() const { return idle_since_.size() * kBytesPerUe; }

 private:
  std::size_t index(std::uint64_t ue) const;

  enum Flags : std::uint8_t { kAttached = 1, kConnected = 2, kUrrp = 4, kDetachedLocally = 8 };
  PowerSavingProfile profile_;
  MmeReachabilityConfig cfg_;
  std::vector<NetTime> idle_since_;
  std::vector<std::uint8_t> flags_;
};

}  // namespace twinmodels
