#pragma once
// A multiplexer: one SimGrid actor that runs a share of the device population
// (device d belongs to multiplexer d mod M) with its own event queue, instead
// of one actor per device. It wakes at its next device event or, while
// answers from the HSS are due, every batch window; requests its devices make
// within a window travel to the HSS as one message.
#include "twinsim/engine/device_cycle.hpp"

namespace twinsim {

class Multiplexer final : public DeviceCycle::Host {
 public:
  Multiplexer(World& world, std::uint8_t index);
  void run();  // the actor's body

  void send(const HssRequest& r) override { outgoing_.push_back(r); }
  void schedule(std::uint32_t device, SimTime t, Step step) override {
    queue_.push({t, device, static_cast<std::uint8_t>(step)});
  }

 private:
  World& world_;
  std::uint8_t index_;
  DeviceCycle cycle_;
  EventQueue queue_;
  RequestBatch outgoing_;
  std::uint64_t in_flight_ = 0;
};

void multiplexer_actor(World& world, std::uint8_t index);

}  // namespace twinsim
