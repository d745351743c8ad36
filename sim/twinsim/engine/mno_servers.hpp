#pragma once
// The MNOs' notification endpoints as servers in a run (platforms.mno;
// SGP.02 §5.1.3: a notification is a function call its receiver
// acknowledges with its function execution response). One PlatformServer
// per listed MNO, shared by every sender (the SM-SRs' ES4 and the SM-DPs'
// ES2 notifications): it admits a notification or refuses it (down in a
// `mno:<operator>` outage, above its admission rate, its queue full); an
// admitted one is acknowledged when its service ends, or fails inside (its
// failure_ratio) and is then answered as a refusal. MnoNotifications
// (mno_notifications.hpp) sends to it and retries what it refuses or fails
// with the sender's notification_retry. The MNOs have no node: a
// notification reaches its server when it leaves, and the answer comes
// back at once.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "twinmodels/platform/platform_notification.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// An admitted notification that failed inside its MNO's server.
struct MnoFailure {
  SimTime at = 0;            // its service's end: the sender hears it then
  std::uint8_t attempt = 1;  // the send that failed: 1 the first
  twinmodels::platform::PlatformNotification notification;
};

struct MnoServerCounters {
  std::uint64_t admitted = 0, acknowledged = 0, refused = 0, failed = 0;
};

class MnoServers {
 public:
  explicit MnoServers(const Scenario& s);

  // Whether `mno` is one of platforms.mno.
  bool serves(const std::string& mno) const { return index_.count(mno) != 0; }
  // Notification n, its `attempt`-th send, reaches its MNO's (n.to) server
  // at t (no earlier than the servers' last time). `waits`: its sender
  // waits for the acknowledgement (a failure inside is then kept for
  // take_failed()).
  twinmodels::platform::Admission submit(SimTime t, std::uint8_t attempt, bool waits,
                                         const twinmodels::platform::PlatformNotification& n);
  // The services started and ended by t.
  void poll(SimTime t);
  SimTime next_wakeup() const;
  // The failures by the last poll of the notifications `sender` sent over
  // `interface`, in the order they failed; when the first is, kNever none.
  std::vector<MnoFailure> take_failed(const std::string& interface, const std::string& sender);
  SimTime failed_at(const std::string& interface, const std::string& sender) const;

  std::size_t size() const { return mnos_.size(); }
  const std::string& host(std::size_t i) const { return mnos_[i].host; }
  const twinmodels::platform::PlatformServer& server(std::size_t i) const { return mnos_[i].server; }
  twinmodels::platform::ServerCounters& sampled(std::size_t i) { return mnos_[i].sampled; }
  // All the MNOs' servers together.
  MnoServerCounters counters() const;
  std::size_t waiting() const { return in_server_.size(); }

  // Checkpoints (docs/CHECKPOINTS.md, "MNOS" 1): the last time, the next
  // id; per MNO its sampled counters and its server's state; the
  // notifications in the servers (id u64, MNO u8, attempt u8, waits u8,
  // notification), those failed and not taken (time i64, attempt u8,
  // notification), CRC-32. restore_state() takes it into a run of the same
  // scenario; throws std::invalid_argument ("MNO servers state: ...") for
  // malformed input, leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct Mno {
    std::string host;
    twinmodels::platform::PlatformServer server;
    twinmodels::platform::ServerCounters sampled;
  };
  struct InServer {
    std::uint8_t mno = 0;
    std::uint8_t attempt = 1;
    bool waits = false;
    twinmodels::platform::PlatformNotification notification;
  };

  const Scenario& scenario_;
  std::vector<Mno> mnos_;
  std::map<std::string, std::uint8_t> index_;     // by operator
  std::map<std::uint64_t, InServer> in_server_;   // by request id
  std::multimap<SimTime, MnoFailure> failed_;     // by time, in the order failed
  std::uint64_t next_id_ = 1;
  SimTime last_t_ = 0;
};

}  // namespace twinsim
