#pragma once
// The tail of the write-card campaigns (docs/SCENARIOS.md, metrics
// ota.done_p50_s ... ota.attempts_per_order): how long after its campaign's
// start `at` (for a campaign after_in_service, `at` after its device's going
// into service) each order was done, in percentiles, and the packets the
// closed orders took.
#include "twinsim/engine/supply_schedule.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct ModemWorld;

struct OtaCompletion {
  // Nearest-rank percentiles of (done time - the campaign's at), s, over
  // every order done; 0 when none was.
  double p50_s = 0, p90_s = 0, p99_s = 0, max_s = 0;
  // Attempts (packets) per order closed, done or failed; 0 when none was.
  double attempts_per_order = 0;
};

OtaCompletion ota_completion(const ModemWorld& mw, const Scenario& s, const SupplySchedule& supply);

}  // namespace twinsim
