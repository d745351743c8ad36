#pragma once
// The supply flows of a run's populations (platforms.chip_management.
// supply[i].flow; docs/SUPPLY.md, "In a run"): each population's flow
// simulated once when the run is set up (twinmodels::supply::simulate_flow),
// its units the population's devices, with a seed of its own drawn from
// the run's seed and the population (stream::kSupply). Device d is first
// powered on once its unit is in service; the chip management platform
// records the units' chip steps at their times (chip_management_run.hpp).
// The same scenario and seed give the same schedule, so a checkpoint needs
// none of it.
#include <cstdint>
#include <optional>
#include <vector>

#include "twinmodels/supply/supply_flow.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class SupplySchedule {
 public:
  SupplySchedule() = default;
  SupplySchedule(const Scenario& s, std::uint64_t seed);
  // A schedule without flows.
  static const SupplySchedule& none();

  // Population p's flow's outcome; null when it has none.
  const twinmodels::supply::SupplyOutcome* outcome(std::uint16_t p) const;
  // When the unit of the population's i-th device went into service (s
  // from the run's start); none when the population has no flow.
  std::optional<double> in_service(std::uint16_t p, std::uint32_t i) const;

 private:
  std::vector<std::optional<twinmodels::supply::SupplyOutcome>> by_population_;
};

}  // namespace twinsim
