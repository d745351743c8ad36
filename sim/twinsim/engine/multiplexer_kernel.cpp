#include "twinsim/engine/multiplexer_kernel.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>

#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/sleep_exact.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// The earliest time another actor may read or change what the wake-ups
// touch: the HSS sampler's next row (the HSS's counters), the next fault
// action (the HSS's SQNs, the links), the checkpointer's next look. A
// sampler that has not run yet (next_s 0) holds the kernel at once.
double horizon(const World& w) {
  double h = w.stop_s;
  h = std::min(h, w.sampler.next_s);
  const auto& actions = w.faults.actions();
  if (w.fault_step < actions.size()) h = std::min(h, actions[w.fault_step].t);
  return std::min(h, w.checkpointer_next_s);
}

}  // namespace

void multiplexer_kernel_actor(World& world, bool resumed) {
  std::vector<std::unique_ptr<Multiplexer>>& muxes = world.muxes;
  const SimTime start = to_simtime(sg4::Engine::get_clock());
  std::vector<SimTime> next(muxes.size());
  for (std::size_t m = 0; m < muxes.size(); ++m) next[m] = resumed ? muxes[m]->next_wake(start) : start;
  for (;;) {
    const SimTime t = *std::min_element(next.begin(), next.end());
    if (t == Multiplexer::kNoWake) break;
    if (to_seconds(t) >= horizon(world)) sleep_until_exact(to_seconds(t));
    if (muxes.front()->stopping()) break;
    for (std::size_t m = 0; m < muxes.size(); ++m) {
      if (next[m] != t) continue;
      muxes[m]->wake(t);
      next[m] = muxes[m]->next_wake(t);
    }
  }
  // Keep the clock running to the stop time so every platform series covers
  // the whole run; answers still in flight are dropped with the simulation.
  if (!world.interrupted && sg4::Engine::get_clock() < world.stop_s) sg4::this_actor::sleep_until(world.stop_s);
}

}  // namespace twinsim
