#pragma once
// The requests a multiplexer's wake-up sends (multiplexer.cpp, and a
// sharded run's shard/device_shard.cpp).
#include <utility>

#include "twinsim/engine/world.hpp"

namespace twinsim {

// The requests of `outgoing` that may leave at `now`: all of them, or with
// delay faults those whose delay has passed (the others stay in
// `outgoing`). A delay fault on the route to the HSS
// (FaultPlan::route_delay): the request leaves that much later for each
// way, the answer's added latency taken on the request's way too (the
// HSS's answer itself crosses SimGrid's links as ever). A request made in
// the fault keeps the delay it met.
inline RequestBatch take_ready(const World& world, std::uint8_t mux, RequestBatch& outgoing, SimTime now) {
  if (!world.faults.has_delay_faults()) return std::exchange(outgoing, {});
  const std::vector<std::size_t>& links = world.network.mux_links.at(mux);
  RequestBatch ready, waiting;
  for (const HssRequest& r : outgoing) {
    const SimTime leaves = r.asked + to_simtime(2 * world.faults.route_delay(links, to_seconds(r.asked)));
    (leaves <= now ? ready : waiting).push_back(r);
  }
  outgoing = std::move(waiting);
  return ready;
}

}  // namespace twinsim
