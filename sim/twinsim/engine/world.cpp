#include "twinsim/engine/world.hpp"

#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/multiplexer.hpp"

namespace twinsim {

World::World(const Scenario& s, std::uint64_t seed_, double stop, std::uint64_t count)
    : scenario(s), seed(seed_), stop_s(stop), network(plan_network(s)), supply(s, seed_), hss(seed_, subscriber_blocks(s) * count, twinmodels::HssAucConfig{}), faults(s) {}

World::~World() = default;

cardcore::euicc::Euicc* euicc_of(const World& w, std::uint32_t device) {
  return w.modem ? w.modem->euicc(w.devices[device].population, device, w.population_first) : nullptr;
}

}  // namespace twinsim
