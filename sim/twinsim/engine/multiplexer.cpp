#include "twinsim/engine/multiplexer.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace twinsim {

Multiplexer::Multiplexer(World& world, std::uint8_t index) : world_(world), index_(index), cycle_(world, *this, index) {
  const auto muxes = static_cast<std::uint32_t>(world.scenario.engine.multiplexers);
  for (std::uint32_t d = index; d < world.devices.size(); d += muxes) {
    const double t = cycle_.start_time(d);
    if (t < world.stop_s) schedule(d, to_simtime(t), Step::PowerOn);
  }
}

void Multiplexer::run() {
  sg4::Mailbox* inbox = sg4::Mailbox::by_name("mux-" + std::to_string(index_));
  inbox->set_receiver(sg4::Actor::self());
  sg4::Mailbox* hss = sg4::Mailbox::by_name("hss");
  const SimTime window = std::max<SimTime>(1, to_simtime(world_.scenario.network.batch_window_s));
  const SimTime stop = to_simtime(world_.stop_s);
  for (;;) {
    const SimTime now = to_simtime(sg4::Engine::get_clock());
    if (world_.interrupt && world_.interrupt->load()) {
      world_.interrupted = true;
      break;
    }
    while (inbox->ready()) {
      AnswerBatch* batch = inbox->get<AnswerBatch>();
      in_flight_ -= batch->size();
      for (const HssAnswer& a : *batch) cycle_.on_answer(a, now);
      delete batch;
    }
    while (!queue_.empty() && queue_.top().t <= now) {
      const Event e = queue_.pop();
      cycle_.on_step(e, e.t);
    }
    if (!outgoing_.empty()) {
      auto* batch = new RequestBatch(std::move(outgoing_));
      outgoing_ = {};
      in_flight_ += batch->size();
      hss->put_init(batch, static_cast<std::uint64_t>(world_.scenario.network.request_bytes *
                                                      static_cast<double>(batch->size())))
          ->detach([](void* p) { delete static_cast<RequestBatch*>(p); });
    }
    if (world_.progress) world_.progress->update(to_seconds(now), world_.events, world_.devices_attached);
    SimTime next = stop;
    if (!queue_.empty()) next = std::min(next, queue_.top().t);
    if (in_flight_ > 0) next = std::min(next, now + window);
    if (next >= stop) break;
    // Wake on the batch-window grid: every event due within one window is
    // handled in one wake-up, at its own time; only the network exchange is
    // aligned to the window. SimGrid's cost is per wake-up, not per device.
    next = (next + window - 1) / window * window;
    sg4::this_actor::sleep_until(to_seconds(std::max(next, now + 1)));
  }
  // Keep the clock running to the stop time so every platform series covers
  // the whole run; answers still in flight are dropped with the simulation.
  if (!world_.interrupted && sg4::Engine::get_clock() < world_.stop_s) sg4::this_actor::sleep_until(world_.stop_s);
  inbox->set_receiver(nullptr);
}

void multiplexer_actor(World& world, std::uint8_t index) {
  Multiplexer m(world, index);
  m.run();
}

}  // namespace twinsim
