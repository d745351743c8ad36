#include "twinsim/engine/checkpointer.hpp"

#include <simgrid/s4u.hpp>

#include <chrono>

#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/sleep_exact.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// Half-window points (k + 1/2) * window: multiplexers wake on whole windows only.
double half_window_point(std::int64_t k, SimTime window) {
  return static_cast<double>(2 * k + 1) * static_cast<double>(window) / 2e6;
}

bool stopped(const World& w) { return w.interrupted || (w.interrupt && w.interrupt->load()); }

}  // namespace

void checkpointer_actor(World& world, Workers& workers, const CheckpointRequest& request, CheckpointOutcome& outcome) {
  sg4::Actor::self()->daemonize();
  const SimTime window = std::max<SimTime>(1, to_simtime(world.scenario.network.batch_window_s));
  // The first half-window point at or after the requested time.
  const std::int64_t twice_us = static_cast<std::int64_t>(request.at_s * 2e6 + 0.5);
  std::int64_t k = twice_us <= window ? 0 : (twice_us - window + 2 * window - 1) / (2 * window);
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
