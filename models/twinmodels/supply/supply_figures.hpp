#pragma once
// What a supply flow's outcome tells (docs/SUPPLY.md): how long from the
// order to a device in service, and where the time goes — per stage, the
// mean time a device spends queueing, waiting for parts and being worked on.
#include <cstdint>
#include <vector>

#include "twinmodels/supply/supply_flow.hpp"

namespace twinmodels::supply {

struct StageShare {
  double queue_s = 0, parts_s = 0, work_s = 0;  // per device, means
  double cost = 0;                              // per device in service
  double total_s() const { return queue_s + parts_s + work_s; }
};

struct SupplyFigures {
  double mean_s = 0, p50_s = 0, p90_s = 0, max_s = 0;  // order to service, over the devices
  std::uint64_t units_made = 0;  // replacements included
  std::uint64_t reworked = 0, scrapped = 0;
  double cost = 0;  // per device in service: every stage's, scrapped units' included
  double release_s = 0;  // per device, mean: the order's pace, from the order to its batch's release
  std::vector<StageShare> stages;
  std::size_t bottleneck = 0;  // the stage with the largest total share
};

// Nearest-rank percentiles over the devices' times in service.
SupplyFigures supply_figures(const SupplyOutcome& outcome);

}  // namespace twinmodels::supply
