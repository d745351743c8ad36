#pragma once
// The SMSC of a run with campaigns, as a SimGrid actor on the HSS's host,
// with the write-card platform's write module in front of it: it releases
// the campaigns' orders to the write module (twinmodels::ota::WriteModule)
// at their times and submits the packets the module sends, lets the SMSC model
// (twinmodels::Smsc) issue delivery attempts as its rate and retry schedule
// allow, asks the MME's reachability view where each device is (connected,
// pageable at its next paging occasion, or absent in PSM / detached) and
// hands deliverable messages to the device's multiplexer at the time they
// reach it. Multiplexers report the outcomes back (ModemCycle) and wake it
// (ModemWorld::poke_smsc). The SMSC's final reports and the PoRs go to the
// write module, which retries or closes each order. The enable-profile
// campaigns' releases go to the SM-SRs (sm_sr_runs.hpp) instead, its SMS into
// the same SMSC, the devices' reports and MO SMS back to it.
#include "twinsim/engine/world.hpp"

namespace twinsim {

void smsc_actor(World& world);
// When the SMSC actor has work next: a release, the write module's next
// step, a due attempt or expiry, a platform's next message or step.
SimTime smsc_next_due(const World& world);
// Records the write module's outcomes taken since the last call as
// ota_retry / ota_done / ota_failed events.
void record_write_outcomes(World& world);
// Submits the SMS the SM-SR has now to the SMSC and records its outcomes
// (smsr_* and euicc_notification events); nothing without an SM-SR.
void pass_smsr_outputs(World& world, SimTime t);

}  // namespace twinsim
