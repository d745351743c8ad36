#pragma once
// A multiplexer runs a share of the device population (device d belongs to
// multiplexer d mod M) with its own event queue, instead of one actor per
// device. It wakes at its next device event or, while answers from the HSS
// are due, every batch window; requests its devices make within a window
// travel to the HSS as one message (hss_exchange.hpp). Where devices run the
// modem model, each multiplexer is a SimGrid actor of its own (run()), on
// its node's host: the SMSC wakes it, its modems' messages leave from there.
// Otherwise one actor runs them all (multiplexer_kernel.hpp).
//
// The object outlives its actor (the world owns it): a checkpoint stops the
// actors, saves the state and starts new actors on the same objects.
#include <limits>
#include <memory>

#include "twinsim/engine/device_cycle.hpp"

namespace twinsim {

// What a multiplexer holds between two wake-ups.
struct MultiplexerState {
  std::vector<Event> events;  // pending device steps, heap order
  RequestBatch outgoing;      // requests not yet sent
  std::uint64_t in_flight = 0;  // requests sent and not yet answered
};

class ModemCycle;
class Waker;

class Multiplexer final : public DeviceCycle::Host {
 public:
  // Schedules the power-on of every device of this multiplexer.
  Multiplexer(World& world, std::uint8_t index);
  // With a saved state instead (a resumed run).
  Multiplexer(World& world, std::uint8_t index, MultiplexerState state);
  ~Multiplexer() override;

  // The actor's body. `resumed`: started at a checkpoint, off the batch-window
  // grid; the first wake-up is the one the interrupted actor had ahead.
  void run(bool resumed);
  // One wake-up at `now`: the HSS's answers that arrived, the device steps
  // due, the requests made sent on to the HSS.
  void wake(SimTime now);
  // The next wake-up after one at `now`, on the batch-window grid; kNoWake
  // when none lies before the stop time.
  SimTime next_wake(SimTime now) const;
  static constexpr SimTime kNoWake = std::numeric_limits<SimTime>::max();
  // The run is interrupted (a signal, without a checkpoint to take first).
  bool stopping() const;

  void send(const HssRequest& r) override { outgoing_.push_back(r); }
  void schedule(const Event& e) override { queue_.push(e); }
  MultiplexerState state() const { return {queue_.items(), outgoing_, in_flight_}; }
  // Another actor scheduled an event at t for one of its devices (an MT SMS):
  // wakes the multiplexer if it sleeps past t. Only in runs with campaigns.
  void poke(SimTime t);
  // Its actor is about to be killed (a checkpoint restarts the workers):
  // pokes go nowhere until the next actor runs, as in a resumed run.
  void actor_stopped() { waker_.reset(); }

 private:
  // Sleeps to the next wake-up on the batch-window grid; false when there is
  // none before the stop time.
  bool sleep_to_next_wake(SimTime now);

  World& world_;
  std::uint8_t index_;
  DeviceCycle cycle_;
  std::unique_ptr<ModemCycle> modem_;  // when some population runs the modem model
  // While running, in runs with campaigns; shared with the actor's stack, so
  // that an actor killed while it sleeps on it keeps it until it unwinds.
  std::shared_ptr<Waker> waker_;
  EventQueue queue_;
  RequestBatch outgoing_;
  std::uint64_t in_flight_ = 0;
  SimTime window_;
  SimTime stop_;
};

}  // namespace twinsim
