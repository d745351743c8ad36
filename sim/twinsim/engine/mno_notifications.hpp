#pragma once
// A platform's notifications to the MNOs in a run (GSMA SGP.02 §5.1.3: a
// notification is a function call its receiver acknowledges): the SM-SRs'
// over ES4 (HandleProfileEnabled / Disabled / DeletedNotification,
// HandleSMSRChangeNotification) and the SM-DPs' over ES2 (§5.3.8-§5.3.11).
// The MNOs have no node. An MNO without a server (platforms.mno) takes
// every notification except during an `outage` fault naming it (`mno:<operator>`), when it
// refuses those whose sender waits for the acknowledgement (the sender's
// notification_retry). The sender sends a refused one again `retry_after`
// later, up to `max_attempts` sends, then gives it up. Without
// notification_retry every notification is taken as sent, as before. An
// MNO of platforms.mno is a server instead (mno_servers.hpp): it refuses
// (down, above its admission rate, its queue full) or admits, and an
// admitted one failing inside is refused when its service ends.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/outage_windows.hpp"
#include "twinmodels/platform/platform_notification.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinsim {

class MnoServers;
class PlatformLog;

// The MNOs' endpoints: each down during the outage faults naming it.
class MnoEndpoints {
 public:
  explicit MnoEndpoints(const Scenario& s);
  // Whether MNO `mno` takes a notification reaching it at t.
  bool takes(const std::string& mno, SimTime t) const;
  // MNO `mno`'s outages, sorted and merged; none: empty.
  twinmodels::OutageWindows outages(const std::string& mno) const;

 private:
  std::map<std::string, twinmodels::OutageWindows> outages_;  // sorted, merged
};

class MnoNotifications {
 public:
  // `interface`: "ES4" (an SM-SR's) or "ES2" (an SM-DP's); `sender` its id,
  // for messages; `retry` the sender's notification_retry.
  MnoNotifications(const Scenario& s, std::string interface, std::string sender,
                   std::optional<NotificationRetrySpec> retry);

  // The MNOs' servers of the run (platforms.mno), shared by the senders.
  void attach(MnoServers* servers) { servers_ = servers; }

  // Notification `n` leaves for its MNO (n.to) at t: taken (or, for an MNO
  // of platforms.mno, submitted to its server); or, with
  // notification_retry and the MNO down, refused at once (the MNO has no
  // node) and kept for its next send, or given up after its last.
  void send(SimTime t, const twinmodels::platform::PlatformNotification& n) { send(t, n, 1); }
  // The ones failed inside an MNO's server by now taken as refused, then
  // the refused ones due by t sent again, each written to `log` (if any) at
  // its time, in the order due.
  void resend(SimTime t, PlatformLog* log);
  // When the next refused one is due, or the next failed inside an MNO's
  // server is heard; kNever without one.
  SimTime next_wakeup() const;

  std::uint64_t retries() const { return retries_; }
  std::uint64_t given_up() const { return given_up_; }
  std::size_t waiting() const { return refused_.size(); }

  // Checkpoints (docs/CHECKPOINTS.md), little-endian: retries, given up
  // u64; refused ones u32 x (next send i64, attempt u8, notification
  // (notification_state.hpp)), in that order. parsed() reads them into a
  // copy (r.fail() for a time before the one before it, an attempt that is
  // not 1 to max_attempts - 1, a notification over another interface or
  // from another sender, refused ones without notification_retry), so
  // that the caller takes it only once its whole state is read.
  void save_state(cardcore::Bytes& out) const;
  MnoNotifications parsed(twinmodels::state::Reader& r) const;

 private:
  struct Refused {
    std::uint8_t attempt = 1;  // the send refused: 1 the first
    twinmodels::platform::PlatformNotification notification;
  };
  void send(SimTime t, const twinmodels::platform::PlatformNotification& n, std::uint8_t attempt);
  // Its `attempt`-th send refused at t: kept for the next, or given up.
  void refused(SimTime t, const twinmodels::platform::PlatformNotification& n, std::uint8_t attempt);

  MnoEndpoints mnos_;
  std::string interface_;
  std::string sender_;
  std::optional<NotificationRetrySpec> retry_;
  std::multimap<SimTime, Refused> refused_;  // by next send, in the order refused
  std::uint64_t retries_ = 0;
  std::uint64_t given_up_ = 0;
  MnoServers* servers_ = nullptr;  // none: no MNO is a server
};

}  // namespace twinsim
