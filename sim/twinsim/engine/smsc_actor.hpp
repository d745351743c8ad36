#pragma once
// The SMSC of a run with campaigns, as a SimGrid actor on the HSS's host:
// it submits the campaigns' messages at their times, lets the SMSC model
// (twinmodels::Smsc) issue delivery attempts as its rate and retry schedule
// allow, asks the MME's reachability view where each device is (connected,
// pageable at its next paging occasion, or absent in PSM / detached) and
// hands deliverable messages to the device's multiplexer at the time they
// reach it. Multiplexers report the outcomes back (ModemCycle) and wake it
// (ModemWorld::poke_smsc).
#include "twinsim/engine/world.hpp"

namespace twinsim {

void smsc_actor(World& world);

}  // namespace twinsim
