#include "twinsim/engine/multiplexer.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <utility>

#include "twinsim/engine/hss_server.hpp"
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

bool Multiplexer::sleep_to_next_wake(SimTime now) {
  SimTime next = stop_;
  if (!queue_.empty()) next = std::min(next, queue_.top().t);
  if (in_flight_ > 0 || !outgoing_.empty()) next = std::min(next, now + window_);
  if (next >= stop_ && !waker_) return false;
  // Wake on the batch-window grid: every event due within one window is
  // handled in one wake-up, at its own time; only the network exchange is
  // aligned to the window. SimGrid's cost is per wake-up, not per device.
  next = window_at_or_after(next, window_);
  if (!waker_) {
    sleep_until_exact(to_seconds(std::max(next, now + 1)));
    return true;
  }
  // The SMSC may hand it an MT SMS before then (and until the stop time).
  if (now >= stop_) return false;
  waker_->sleep_until(to_seconds(std::max(std::min(next, stop_), now + 1)));
  return to_simtime(sg4::Engine::get_clock()) < stop_;
}

void Multiplexer::run(bool resumed) {
  sg4::Mailbox* inbox = sg4::Mailbox::by_name("mux-" + std::to_string(index_));
  inbox->set_receiver(sg4::Actor::self());
  sg4::Mailbox* hss = sg4::Mailbox::by_name(hss_mailbox(index_));
  if (world_.modem && !world_.scenario.campaigns.empty()) waker_ = std::make_shared<Waker>();
  const std::shared_ptr<Waker> waker = waker_;  // kept until this actor ends, killed or not
  bool awake = !resumed || sleep_to_next_wake(to_simtime(sg4::Engine::get_clock()));
  while (awake) {
    const SimTime now = to_simtime(sg4::Engine::get_clock());
    if (world_.interrupted || (world_.interrupt && world_.interrupt->load() && !world_.checkpoint_on_interrupt)) {
      world_.interrupted = true;
      break;
    }
    while (inbox->ready()) {
      AnswerBatch* batch = inbox->get<AnswerBatch>();
      --world_.messages_in_network;
      in_flight_ -= batch->size();
      for (const HssAnswer& a : *batch) {
        if (modem_ && modem_->runs(a.device))
          modem_->on_answer(a, now);
        else
          cycle_.on_answer(a, now);
      }
      delete batch;
    }
    while (!queue_.empty() && queue_.top().t <= now) {
      const Event e = queue_.pop();
      if (modem_ && modem_->runs(e.device))
        modem_->on_step(e, e.t);
      else
        cycle_.on_step(e, e.t);
    }
    // While a checkpoint drains the network, requests wait here.
    if (RequestBatch ready = world_.draining ? RequestBatch{} : take_ready(world_, index_, outgoing_, now);
        !ready.empty()) {
      auto* batch = new RequestBatch(std::move(ready));
      in_flight_ += batch->size();
      ++world_.messages_in_network;
      hss->put_init(batch, static_cast<std::uint64_t>(world_.scenario.network.request_bytes *
                                                      static_cast<double>(batch->size())))
          ->detach([](void* p) { delete static_cast<RequestBatch*>(p); });
    }
    if (world_.progress) world_.progress->update(to_seconds(now), world_.events, world_.devices_attached);
    awake = sleep_to_next_wake(now);
  }
  // Keep the clock running to the stop time so every platform series covers
  // the whole run; answers still in flight are dropped with the simulation.
  if (!world_.interrupted && sg4::Engine::get_clock() < world_.stop_s) sg4::this_actor::sleep_until(world_.stop_s);
  inbox->set_receiver(nullptr);
  waker_.reset();
}

}  // namespace twinsim
