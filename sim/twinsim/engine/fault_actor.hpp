#pragma once
// The actor that carries out the engine's own fault actions
// (FaultPlan::actions) from world.fault_step on: changes of the core links'
// bandwidth, HSS backups and restores. Device faults are steps
// in the multiplexers' queues; HSS outages and degradations are checked by
// the HSS itself.
#include "twinsim/engine/world.hpp"

namespace twinsim {

void fault_actor(World& world);

}  // namespace twinsim
