#pragma once
// Sleeping to an absolute simulated time so that the clock reads exactly that
// double afterwards. SimGrid wakes an actor at now + (t - now), which equals t
// only when t - now is exact: always when now >= t/2 (Sterbenz lemma) or
// now = 0. From further back, one intermediate stop at 3t/4 gets there.
// Checkpoints rely on it: a resumed run must reach the same clock values as
// the run it continues.
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace twinsim {

inline void sleep_until_exact(double t) {
  namespace sg4 = simgrid::s4u;
  double now = sg4::Engine::get_clock();
  if (now > 0 && now < t / 2) {
    sg4::this_actor::sleep_until(t * 0.75);
    now = sg4::Engine::get_clock();
  }
  if (now < t) sg4::this_actor::sleep_until(t);
}

}  // namespace twinsim
