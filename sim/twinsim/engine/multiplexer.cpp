#include "twinsim/engine/multiplexer.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <utility>

#include "twinsim/engine/device_steps.hpp"
#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/modem_cycle.hpp"
#include "twinsim/engine/mux_devices.hpp"
#include "twinsim/engine/ready_requests.hpp"
#include "twinsim/engine/waker.hpp"
#include "twinsim/engine/sleep_exact.hpp"
#include "twinsim/engine/window_grid.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

Multiplexer::Multiplexer(World& world, std::uint8_t index, MultiplexerState state)
    : world_(world),
      index_(index),
      cycle_(world, *this, index),
      outgoing_(std::move(state.outgoing)),
      in_flight_(state.in_flight),
      window_(window_of(world.scenario.network.batch_window_s)),
      stop_(to_simtime(world.stop_s)) {
  if (world.modem) modem_ = std::make_unique<ModemCycle>(world, *this, cycle_, index);
  queue_.assign(std::move(state.events));
}

Multiplexer::~Multiplexer() = default;

void Multiplexer::poke(SimTime t) {
  if (waker_) waker_->poke(to_seconds(t));
}

Multiplexer::Multiplexer(World& world, std::uint8_t index) : Multiplexer(world, index, MultiplexerState{}) {
  // Every device's power-on, even past the stop time: a resumed run may go on
  // further (the queue keeps at most one pending step per device).
  for_each_device_of(world, index, [this](std::uint32_t d) {
    schedule(Event{to_simtime(cycle_.start_time(d)), d, static_cast<std::uint8_t>(Step::PowerOn), 0, 0});
    cycle_.schedule_faults(d);
  });
}

SimTime Multiplexer::next_wake(SimTime now) const {
  SimTime next = stop_;
  if (!queue_.empty()) next = std::min(next, queue_.top().t);
  if (in_flight_ > 0 || !outgoing_.empty()) next = std::min(next, now + window_);
  if (next >= stop_) return kNoWake;
  // Wake on the batch-window grid: every event due within one window is
  // handled in one wake-up, at its own time; only the network exchange is
  // aligned to the window. SimGrid's cost is per wake-up, not per device.
  return std::max(window_at_or_after(next, window_), now + 1);
}

bool Multiplexer::sleep_to_next_wake(SimTime now) {
  const SimTime next = next_wake(now);
  if (!waker_) {
    if (next == kNoWake) return false;
    sleep_until_exact(to_seconds(next));
    return true;
  }
  // The SMSC may hand it an MT SMS before then (and until the stop time).
  if (now >= stop_) return false;
  waker_->sleep_until(to_seconds(std::max(std::min(next, stop_), now + 1)));
  return to_simtime(sg4::Engine::get_clock()) < stop_;
}

bool Multiplexer::stopping() const {
  if (world_.interrupted || (world_.interrupt && world_.interrupt->load() && !world_.checkpoint_on_interrupt)) {
    world_.interrupted = true;
    return true;
  }
  return false;
}

void Multiplexer::wake(SimTime now) {
  HssExchange& hss = *world_.hss_exchange;
  hss.advance_to(to_seconds(now));
  if (in_flight_ > 0) {
    hss.take_each(index_, to_seconds(now), [&](double, AnswerBatch answers) {
      in_flight_ -= answers.size();
      hand_answers(modem_.get(), cycle_, answers, now);
    });
  }
  run_due_steps(queue_, modem_.get(), cycle_, now);
  // While a checkpoint drains the network, requests wait here.
  if (RequestBatch ready = world_.draining ? RequestBatch{} : take_ready(world_, index_, outgoing_, now);
      !ready.empty()) {
    in_flight_ += ready.size();
    hss.send(index_, to_seconds(now), std::move(ready));
  }
  if (world_.progress) world_.progress->update(to_seconds(now), world_.events, world_.devices_attached);
}

void Multiplexer::run(bool resumed) {
  if (world_.modem && !world_.scenario.campaigns.empty()) waker_ = std::make_shared<Waker>();
  const std::shared_ptr<Waker> waker = waker_;  // kept until this actor ends, killed or not
  bool awake = !resumed || sleep_to_next_wake(to_simtime(sg4::Engine::get_clock()));
  while (awake && !stopping()) {
    const SimTime now = to_simtime(sg4::Engine::get_clock());
    wake(now);
    awake = sleep_to_next_wake(now);
  }
  // Keep the clock running to the stop time so every platform series covers
  // the whole run; answers still in flight are dropped with the simulation.
  if (!world_.interrupted && sg4::Engine::get_clock() < world_.stop_s) sg4::this_actor::sleep_until(world_.stop_s);
  waker_.reset();
}

}  // namespace twinsim
