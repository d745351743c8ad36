#pragma once
// The eUICCs' BIP channels in a run (TS 102 223 §6.4.27-§6.4.31) to the
// SM-SRs' admin servers, for ES5 over HTTPS (SGP.02 §2.4.4, GP Amendment
// B): the modem's OpenBearer reaches the SM-SR whose admin server has the
// destination address and port (platforms.sm_sr[i].https) and opens a
// connection there; its SendChannelData go to that connection, and the
// server's answers come back to the device, a round trip later
// (ModemCycle); CloseBearer, or the modem losing its channel (a reboot),
// ends it. One channel per device (the modem has one). While the SM-SR's
// process is down (a crash) nothing listens at its admin server: a
// connection fails as to an address nobody has; one open at the crash is
// gone with the process, and the device's next bytes on it meet a TCP
// reset — the link drops a round trip after it sent them.
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>

#include "cardcore/util/bytes.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct BipCounters {
  std::uint64_t sessions = 0;     // connections the admin servers accepted
  std::uint64_t unreachable = 0;  // OpenBearer to an address no admin server has
  std::uint64_t refused = 0;      // connections an admin server at its max_sessions refused
  // Connections an SM-SR's crash refused (nothing listens while it is
  // down) or cut (open at the crash: the device's next bytes meet a reset).
  std::uint64_t crashed = 0;
  std::uint64_t bytes_up = 0, bytes_down = 0;
};

class BipLinks {
 public:
  struct Link {
    std::uint8_t sm_sr = 0;        // platforms.sm_sr index
    std::uint32_t connection = 0;  // the SM-SR's connection id (kPending: not known yet)
    std::uint8_t channel = 1;
    std::deque<cardcore::Bytes> down;  // answers on their way to the device, oldest first
    std::uint32_t seq = 0;  // a sharded run's: which of the device's opens (BipServers)
  };
  // A sharded run's link whose admin server has not answered yet.
  static constexpr std::uint32_t kPending = 0xFFFFFFFF;

  // The SM-SR whose admin server is at `ipv4` / `port`; none for another address.
  static std::optional<std::uint8_t> admin_server(const Scenario& s, const cardcore::Bytes& ipv4, std::uint16_t port);

  Link* of(std::uint32_t device);
  void open(std::uint32_t device, const Link& link);
  void close(std::uint32_t device);
  // The connections SM-SR i's admin server holds now.
  std::uint32_t open_at(std::uint8_t sm_sr) const { return open_.at(sm_sr); }
  bool empty() const { return links_.empty(); }
  std::uint32_t next_seq() { return ++seq_; }
  BipCounters& counters() { return counters_; }
  const BipCounters& counters() const { return counters_; }

 private:
  std::unordered_map<std::uint32_t, Link> links_;
  std::array<std::uint32_t, kMaxSmSrs> open_{};  // by SM-SR
  BipCounters counters_;
  std::uint32_t seq_ = 0;
};

// A sharded run's admin servers on rank 0 (bip_crossing.hpp): each
// device's connection there (one channel a device) and how many each
// SM-SR's admin server holds; the devices' links are their ranks'.
struct BipServers {
  struct Connection {
    std::uint8_t sm_sr = 0;
    std::uint32_t connection = 0;
    std::uint32_t seq = 0;  // the device's open it answers
  };
  std::unordered_map<std::uint32_t, Connection> by_device;
  std::array<std::uint32_t, kMaxSmSrs> open{};
  bool empty() const { return by_device.empty(); }
};

BipCounters& operator+=(BipCounters& a, const BipCounters& b);

}  // namespace twinsim
