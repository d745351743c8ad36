#pragma once
// A sharded run (docs/SCALING.md, "Sharded runs"): the multiplexers'
// devices spread over ranks (multiplexer m on rank m mod N), the platform
// (SimGrid's hosts, links and routes, the HSS) on rank 0 with a port per
// multiplexer, and a conservative synchronisation in slots of the
// lookahead L: the smallest latency of a multiplexer's route to the HSS.
// A batch the devices make at P leaves its port at P + L over the whole
// route; an answer reaching the port at A is the devices' at A + L. The
// same scenario and seed give the same run file whatever the number of
// ranks, one included.
#include <iosfwd>

#include "twinsim/engine/engine.hpp"
#include "twinsim/shard/shard_link.hpp"

namespace twinsim {

// The lookahead of the scenario's network (s): the smallest latency of a
// multiplexer's route to the HSS. Throws ScenarioError when it is 0.
double shard_lookahead_s(const Scenario& sc);

// Throws ScenarioError for what a sharded run does not carry yet
// (campaigns, international cards, chip management, the platforms'
// messages on links, platform logs, more ranks than multiplexers) or a
// lookahead of 0. Modem devices run on their ranks; OneLink and OneNET
// hear from them on rank 0 (platform_report.hpp). Checkpoints (options.checkpoint_*) are written by rank
// 0 in the unsharded layout, marked sharded (docs/CHECKPOINTS.md). Every rank calls it, with the same
// scenario, options and link; rank 0 writes options.output. The result on
// rank 0 is the run's; on the others only `devices` and `wall_seconds`.
RunResult run_scenario_sharded(const Scenario& scenario, const RunOptions& options, ShardLink& link,
                               std::ostream& progress);

// Continues a sharded run's checkpoint on this run's ranks (any number, as
// run_scenario_sharded allows): each rank restores its own multiplexers'
// devices. The options as for resume_run.
RunResult resume_run_sharded(const std::string& checkpoint, const RunOptions& options, ShardLink& link,
                             std::ostream& progress);

}  // namespace twinsim
