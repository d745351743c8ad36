#include "twinsim/engine/supply_schedule.hpp"

#include "twinmodels/random/random_stream.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

SupplySchedule::SupplySchedule(const Scenario& s, std::uint64_t seed) {
  for (const auto& [p, supply] : s.chip_management.supply) {
    if (!supply.flow) continue;
    if (by_population_.size() <= p) by_population_.resize(p + 1u);
    twinmodels::supply::FlowSpec flow = *supply.flow;
    flow.units = static_cast<std::uint32_t>(s.populations.at(p).count);
    twinmodels::RandomStream r(seed, p, stream::kSupply);
    by_population_[p] = twinmodels::supply::simulate_flow(flow, r.next_u64());
  }
}

const SupplySchedule& SupplySchedule::none() {
  static const SupplySchedule kNone;
  return kNone;
}

const twinmodels::supply::SupplyOutcome* SupplySchedule::outcome(std::uint16_t p) const {
  return p < by_population_.size() && by_population_[p] ? &*by_population_[p] : nullptr;
}

std::optional<double> SupplySchedule::in_service(std::uint16_t p, std::uint32_t i) const {
  const auto* o = outcome(p);
  if (!o) return std::nullopt;
  return o->in_service_s.at(i);
}

}  // namespace twinsim
