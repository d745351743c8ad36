#include "twinsim/engine/checkpointer.hpp"

#include <simgrid/s4u.hpp>

#include <chrono>

#include "twinsim/engine/window_grid.hpp"
#include "twinsim/engine/sleep_exact.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

bool stopped(const World& w) { return w.interrupted || (w.interrupt && w.interrupt->load()); }

}  // namespace

void checkpointer_actor(World& world, Workers& workers, const CheckpointRequest& request, CheckpointOutcome& outcome) {
  sg4::Actor::self()->daemonize();
  const SimTime window = window_of(world.scenario.network.batch_window_s);
  std::int64_t k = first_half_window_index(request.at_s, window);
  sleep_until_exact(half_window_point(k, window));
  if (stopped(world)) return;
  world.draining = true;
  while (world.messages_in_network != 0 || world.hss_busy) {
    const double next = half_window_point(++k, window);
    if (next >= world.stop_s) {
      outcome.error = "the run reached its stop time before the network drained";
      world.draining = false;
      return;
    }
    sleep_until_exact(next);
    if (stopped(world)) return;
  }
  CheckpointInfo info = request.info;
  info.requested_s = request.at_s;
  info.clock_s = sg4::Engine::get_clock();
  const auto wall_start = std::chrono::steady_clock::now();
  try {
    write_checkpoint(request.path, info, world);
    world.out->note_checkpoint(request.path, info.clock_s);
  } catch (const std::exception& e) {
    outcome.error = e.what();
    world.interrupted = true;  // the multiplexers stop at their next wake-up
    world.draining = false;
    return;
  }
  outcome.written = true;
  outcome.write_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  outcome.clock_s = info.clock_s;
  world.draining = false;
  // New workers first: the old ones are all the run's non-daemon actors.
  Workers fresh = launch_workers(world, true);
  kill_workers(workers);
  workers = std::move(fresh);
}

void resume_starter_actor(World& world, Workers& workers, double clock_s) {
  sleep_until_exact(clock_s);
  workers = launch_workers(world, true);
}

}  // namespace twinsim
