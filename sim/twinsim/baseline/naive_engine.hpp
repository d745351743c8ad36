#pragma once
// The design the engine is measured against: the same scenario with one
// SimGrid actor per device and one SimGrid message per request and answer
// (docs/PERFORMANCE.md, bench/engine_vs_naive.sh). Same cards, same HSS model,
// same random streams, same run file; only the way devices are scheduled
// differs. Not used by `esimtwin run`.
#include "twinsim/engine/engine.hpp"

namespace twinsim {

RunResult run_scenario_actor_per_device(const Scenario& scenario, const RunOptions& options);

}  // namespace twinsim
