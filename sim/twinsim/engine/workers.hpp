#pragma once
// The actors that run a world: the HSS server with one request receiver per
// multiplexer of the platform, its sampler, the fault actor (when the
// scenario has link or backup faults) and the multiplexers in world.muxes
// (made first; none in the actor-per-device baseline). Their state lives in
// the world, so they can be stopped at a checkpoint and started again.
#include <memory>
#include <vector>

#include <simgrid/s4u/Actor.hpp>

#include "twinsim/engine/world.hpp"

namespace twinsim {

struct HssInbox;

struct Workers {
  std::vector<simgrid::s4u::ActorPtr> actors;
  std::shared_ptr<HssInbox> hss_inbox;  // shared with the HSS actors, which may outlive this object
};

// Creates the actors, always in the same order. resumed: started from a
// saved state, off the batch-window grid (Multiplexer::run).
Workers launch_workers(World& world, bool resumed);
// Stops every actor of `workers` (they must be blocked, as at a checkpoint).
void kill_workers(Workers& workers);

}  // namespace twinsim
