#pragma once
// The devices of one multiplexer in a sharded run (docs/SCALING.md,
// "Sharded runs"): the multiplexer's event queue and device cycles
// without SimGrid. It wakes on the batch-window grid as a multiplexer does
// (multiplexer.hpp) and sends the requests of a wake-up as one batch; the
// HSS's answers come back with the time they are the devices': their
// arrival at the multiplexer's port on rank 0 plus the lookahead. Devices
// with the modem model run their modem, RAN cell and MME here too
// (modem_cycle.hpp): the access node is the multiplexer's.
#include <cstdint>
#include <memory>
#include <vector>

#include "twinsim/engine/device_cycle.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/sms_crossing.hpp"

namespace twinsim {

class ModemCycle;

// A batch of requests the devices of `mux` made at `put`.
struct ShardBatch {
  std::uint8_t mux = 0;
  SimTime put = 0;
  RequestBatch requests;
};

class DeviceShard final : public DeviceCycle::Host {
 public:
  // Schedules the power-on of every device of multiplexer `mux`.
  DeviceShard(World& world, std::uint8_t mux);
  // From a checkpoint's state (its in_flight is the HSS's to count).
  DeviceShard(World& world, std::uint8_t mux, MultiplexerState state);
  ~DeviceShard() override;

  void send(const HssRequest& r) override { outgoing_.push_back(r); }
  void schedule(const Event& e) override { queue_.push(e); }

  // Answers that become the devices' at `due`, later than any wake-up so
  // far; several at one time are taken in the order given.
  void deliver(SimTime due, AnswerBatch answers);
  // What the SMSC on rank 0 sent its devices' MME (sms_crossing.hpp), theirs
  // at `due`, later than any wake-up so far; taken after the answers due
  // with it, in the order given.
  void deliver(SimTime due, const SmsDown& down, SmsBytes bytes);
  // Runs every wake-up before `end` (and before the stop time), appending
  // the batches made to `out`.
  void run_until(SimTime end, std::vector<ShardBatch>& out);
  // The next wake-up; the stop time when there is none before it.
  SimTime next_wake() const;
  std::uint8_t mux() const { return index_; }

  // Checkpoints (docs/CHECKPOINTS.md): every answer delivered has been
  // taken; the pending steps and held requests (in_flight 0: the HSS's
  // queue says which it holds); going on from `clock` as a shard made from
  // that state does, the last wake-up forgotten.
  bool idle() const { return inbox_first_ == inbox_.size() && sms_first_ == sms_.size(); }
  MultiplexerState state() const { return {queue_.items(), outgoing_, 0}; }
  void resume_at(SimTime clock) { now_ = clock - 1; }

 private:
  World& world_;
  std::uint8_t index_;
  DeviceCycle cycle_;
  std::unique_ptr<ModemCycle> modem_;  // when some population runs the modem model
  EventQueue queue_;
  RequestBatch outgoing_;
  std::vector<std::pair<SimTime, AnswerBatch>> inbox_;  // by due time
  std::size_t inbox_first_ = 0;                         // the first not yet taken
  struct SmsDue {
    SimTime due = 0;
    SmsDown down;
    SmsBytes bytes;
  };
  std::vector<SmsDue> sms_;                             // by due time
  std::size_t sms_first_ = 0;
  SimTime window_;
  SimTime stop_;
  SimTime now_ = -1;  // the last wake-up (none yet)
};

}  // namespace twinsim
