#include "twinsim/engine/checkpointer.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string_view>

#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/sleep_exact.hpp"
#include "twinsim/engine/window_grid.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// How often, in simulated time, the checkpointer looks for an interruption:
// every kInterruptPollS, and twice as far apart each time the last look
// came less than kQuickPoll of wall time before (a run going fast through
// quiet days), up to kMaxPollS; back to every kInterruptPollS when a look
// comes later. Looking changes nothing in the run: only when it sees the
// signal does the checkpointer act. (Every simulated second, a run of 30
// days woke it 2.6 million times: docs/PERFORMANCE.md, "Session 31".)
constexpr double kInterruptPollS = 1.0;
constexpr double kMaxPollS = 60.0;
constexpr std::chrono::milliseconds kQuickPoll{10};
constexpr double kNever = CheckpointSchedule::kNever;

bool interrupt_signalled(const World& w) { return w.interrupt && w.interrupt->load(); }

class Checkpointer {
 public:
  Checkpointer(World& world, Workers& workers, const CheckpointRequest& request, CheckpointOutcome& outcome)
      : world_(world), workers_(workers), request_(request), outcome_(outcome),
        window_(window_of(world.scenario.network.batch_window_s)), schedule_(request.at_s, request.every_s) {}

  void run() {
    look();
    world_.checkpointer_next_s = std::numeric_limits<double>::infinity();
  }

 private:
  // Sleeps until `t`, which the multiplexers' kernel does not run past
  // before then (multiplexer_kernel.hpp).
  void sleep_to(double t) {
    world_.checkpointer_next_s = t;
    sleep_until_exact(t);
  }

  void look() {
    double due = schedule_.next_due(request_.start_s);
    for (;;) {
      const Wake wake = wait_until(due);
      if (wake == Wake::End) return;
      if (wake == Wake::Interrupt) {
        if (take(sg4::Engine::get_clock(), true)) outcome_.on_interrupt = true;
        world_.interrupted = true;  // the multiplexers stop at their next wake-up
        return;
      }
      if (!take(due)) return;
      due = schedule_.next_due(due);
    }
  }

  enum class Wake { Due, Interrupt, End };

  // Sleeps from half-window point to half-window point until `due`, an
  // interruption (when checkpoints on interrupt are asked for) or the end.
  Wake wait_until(double due) {
    const double now = sg4::Engine::get_clock();
    std::int64_t k = first_half_window_index(due == kNever ? world_.stop_s : due, window_);
    for (double t = now;;) {
      const double poll = request_.on_interrupt ? t + poll_s_ : kNever;
      const bool polling = poll < half_window_point(k, window_);
      const double next = polling ? first_half_window_point(poll, window_) : half_window_point(k, window_);
      if (next >= world_.stop_s) return Wake::End;
      sleep_to(next);
      t = next;
      if (world_.interrupted) return Wake::End;
      if (request_.on_interrupt && interrupt_signalled(world_)) return Wake::Interrupt;
      if (!polling) return Wake::Due;
      const auto wall = std::chrono::steady_clock::now();
      poll_s_ = wall - last_poll_ < kQuickPoll ? std::min(2 * poll_s_, kMaxPollS) : kInterruptPollS;
      last_poll_ = wall;
    }
  }

  // Drains the network, writes the checkpoint and restarts the workers from
  // it; false when that could not be done (outcome_.error says why, or the
  // run ended first). `last`: the run stops after it (an interruption).
  bool take(double requested, bool last = false) {
    std::int64_t k = first_half_window_index(sg4::Engine::get_clock(), window_);
    if (half_window_point(k, window_) > sg4::Engine::get_clock()) sleep_to(half_window_point(k, window_));
    // The HSS's model up to here, its rounds started before the drain.
    HssExchange& hss = *world_.hss_exchange;
    hss.advance_to(sg4::Engine::get_clock());
    world_.draining = true;
    // Nor while an eUICC's HTTPS session runs: the card cannot save it
    // (card-core's eUICC state), nor the admin server its TLS. Nor while a
    // platform's report is on the links (platform_links.hpp: meanwhile a
    // new one takes its route's latency).
    auto busy = [&] {
      const ModemWorld* mw = world_.modem.get();
      hss.advance_to(sg4::Engine::get_clock());
      return hss.busy() || (mw && (!mw->bip.empty() || (mw->links && !mw->links->idle())));
    };
    while (busy()) {
      const double next = half_window_point(++k, window_);
      if (next >= world_.stop_s) {
        outcome_.error = "the run reached its stop time before the network drained";
        world_.draining = false;
        return false;
      }
      sleep_to(next);
      if (world_.interrupted) {
        world_.draining = false;
        return false;
      }
    }
    CheckpointInfo info = request_.info;
    info.requested_s = requested;
    info.clock_s = sg4::Engine::get_clock();
    if (!save_checkpoint(request_.path, info, world_,
                         [this, &info](const std::string& path) { write_checkpoint(path, info, world_); }, outcome_)) {
      world_.interrupted = true;  // the multiplexers stop at their next wake-up
      world_.draining = false;
      return false;
    }
    world_.draining = false;
    // The run stops here: the new actors, which may run as soon as they are
    // created, record nothing more (the SMSC actor and the multiplexers look
    // at `interrupted` before anything else).
    if (last) world_.interrupted = true;
    // The old actors' wakers: no poke reaches them any more; the new actors
    // set their own when they start, as in a resumed run. Before the launch:
    // the new actors may run as soon as they are created.
    for (auto& m : world_.muxes) m->actor_stopped();
    if (world_.modem) world_.modem->smsc_waker = nullptr;
    // New workers first: the old ones are all the run's non-daemon actors.
    Workers fresh = launch_workers(world_, true);
    kill_workers(workers_);
    workers_ = std::move(fresh);
    return true;
  }

  World& world_;
  Workers& workers_;
  const CheckpointRequest& request_;
  CheckpointOutcome& outcome_;
  SimTime window_;
  CheckpointSchedule schedule_;
  double poll_s_ = kInterruptPollS;
  std::chrono::steady_clock::time_point last_poll_ = std::chrono::steady_clock::now();
};

}  // namespace

std::string checkpoint_path(const std::string& file, double requested_s) {
  static constexpr std::string_view kTime = "{t}";
  char t[40];
  std::snprintf(t, sizeof t, "%.9gs", requested_s);
  std::string path = file;
  for (std::size_t at = path.find(kTime); at != std::string::npos; at = path.find(kTime, at + std::strlen(t))) {
    path.replace(at, kTime.size(), t);
  }
  return path;
}

bool save_checkpoint(const std::string& file, const CheckpointInfo& info, World& world,
                     const std::function<void(const std::string& path)>& write, CheckpointOutcome& outcome) {
  const std::string path = checkpoint_path(file, info.requested_s);
  const auto wall_start = std::chrono::steady_clock::now();
  try {
    // Every card is saved: those still being personalized are made first.
    if (world.background_cards) world.background_cards->finish();
    const std::string partial = path + ".partial";
    write(partial);
    std::filesystem::rename(partial, path);
    world.out->note_checkpoint(path, info.clock_s, info.requested_s);
  } catch (const std::exception& e) {
    outcome.error = e.what();
    return false;
  }
  outcome.written.push_back({path, info.clock_s, info.requested_s});
  outcome.write_wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return true;
}

void checkpointer_actor(World& world, Workers& workers, const CheckpointRequest& request, CheckpointOutcome& outcome) {
  sg4::Actor::self()->daemonize();
  Checkpointer(world, workers, request, outcome).run();
}

void resume_starter_actor(World& world, Workers& workers, double clock_s) {
  sleep_until_exact(clock_s);
  workers = launch_workers(world, true);
}

}  // namespace twinsim
