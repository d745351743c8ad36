#include "twinsim/engine/bip_links.hpp"

#include <algorithm>

namespace twinsim {

std::optional<std::uint8_t> BipLinks::admin_server(const Scenario& s, const cardcore::Bytes& ipv4, std::uint16_t port) {
  for (std::size_t i = 0; i < s.sm_srs.size(); ++i) {
    const auto& https = s.sm_srs[i].https;
    if (https && https->port == port && ipv4.size() == 4 && std::equal(ipv4.begin(), ipv4.end(), https->ipv4.begin()))
      return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

void BipLinks::open(std::uint32_t device, const Link& link) {
  close(device);
  links_[device] = link;
  ++open_.at(link.sm_sr);
}

void BipLinks::close(std::uint32_t device) {
  const auto it = links_.find(device);
  if (it == links_.end()) return;
  --open_.at(it->second.sm_sr);
  links_.erase(it);
}

BipCounters& operator+=(BipCounters& a, const BipCounters& b) {
  a.sessions += b.sessions;
  a.unreachable += b.unreachable;
  a.refused += b.refused;
  a.crashed += b.crashed;
  a.bytes_up += b.bytes_up;
  a.bytes_down += b.bytes_down;
  return a;
}

BipLinks::Link* BipLinks::of(std::uint32_t device) {
  const auto it = links_.find(device);
  return it == links_.end() ? nullptr : &it->second;
}

}  // namespace twinsim
