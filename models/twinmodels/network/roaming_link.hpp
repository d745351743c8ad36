#pragma once
// Links between the home network and foreign (visited) networks: a roaming
// device's signalling (S6a to the home HSS, MAP/SMS over SGd/SGs, GTP to the
// home P-GW) crosses an inter-operator link through an IPX (GSMA IR.34),
// with its own latency and loss.
//
// Per message crossing a link: the delay is the link's one-way latency plus a
// jitter drawn uniformly in [0, jitter]; it is lost with probability `loss`,
// or `burst_loss` while the link is in a bad period. Bad periods are link
// wide (every device on the link sees them): time is cut into slots of
// burst_slot, each bad with probability burst_probability, drawn from the
// link's own stream, so congestion on an IPX hits everyone at once.
//
// Counter-based: the draws of message n of device d on link l are the
// Philox block n of the RandomStream (seed, d, kRoamingLinkStream | l), and
// slot s of link l is block s of (seed, entity kRoamingLinkEntity + l,
// kRoamingLinkStream | l). transit() is a pure function of (seed, link,
// device, n, time): the same run gives the same losses whatever order the
// engine asks in, and a device keeps no state but its message count, which
// the caller keeps anyway.
#include <cstdint>
#include <vector>

#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

// Stream ids kRoamingLinkStream | link (16-bit link index): "RL".
inline constexpr std::uint32_t kRoamingLinkStream = 0x524C0000u;
// Entities of the links' own streams: far above any device index (2^32 - 1).
inline constexpr std::uint64_t kRoamingLinkEntity = std::uint64_t{1} << 62;

struct RoamingLinkConfig {
  NetTime latency = 60 * kMs;   // one way
  NetTime jitter = 10 * kMs;    // uniform in [0, jitter], added
  double loss = 1e-3;           // per message, outside bad periods
  NetTime burst_slot = kSecond;
  double burst_probability = 0;  // share of slots that are bad; 0 = none
  double burst_loss = 0.5;       // per message inside a bad slot
};

struct Transit {
  bool lost = false;
  NetTime delay = 0;  // also computed for a lost message (when it would have arrived)
  bool operator==(const Transit&) const = default;
};

class RoamingLinks {
 public:
  // Throws std::invalid_argument for more than 65536 links, a negative
  // latency or jitter, a probability outside [0, 1], or a slot <= 0.
  RoamingLinks(std::uint64_t seed, std::vector<RoamingLinkConfig> links);

  // Message `n` (0, 1, ...) of `device` entering link `link` at t.
  Transit transit(std::uint16_t link, std::uint64_t device, std::uint64_t n, NetTime t) const;
  // Whether the link is in a bad period at t.
  bool bad_period(std::uint16_t link, NetTime t) const;

  std::size_t links() const { return links_.size(); }
  const RoamingLinkConfig& link(std::uint16_t l) const { return links_.at(l); }

 private:
  std::uint64_t seed_;
  std::vector<RoamingLinkConfig> links_;
};

}  // namespace twinmodels
