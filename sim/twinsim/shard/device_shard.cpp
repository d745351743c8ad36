#include "twinsim/shard/device_shard.hpp"

#include <algorithm>
#include <utility>

#include "twinsim/engine/device_steps.hpp"
#include "twinsim/engine/modem_cycle.hpp"
#include "twinsim/engine/mux_devices.hpp"
#include "twinsim/engine/ready_requests.hpp"
#include "twinsim/engine/window_grid.hpp"

namespace twinsim {

DeviceShard::DeviceShard(World& world, std::uint8_t mux) : DeviceShard(world, mux, MultiplexerState{}) {
  for_each_device_of(world, mux, [this](std::uint32_t d) {
    schedule(Event{to_simtime(cycle_.start_time(d)), d, static_cast<std::uint8_t>(Step::PowerOn), 0, 0});
    cycle_.schedule_faults(d);
  });
}

DeviceShard::DeviceShard(World& world, std::uint8_t mux, MultiplexerState state)
    : world_(world),
      index_(mux),
      cycle_(world, *this, mux),
      outgoing_(std::move(state.outgoing)),
      window_(window_of(world.scenario.network.batch_window_s)),
      stop_(to_simtime(world.stop_s)) {
  if (world.modem) modem_ = std::make_unique<ModemCycle>(world, *this, cycle_, mux);
  queue_.assign(std::move(state.events));
}

DeviceShard::~DeviceShard() = default;

void DeviceShard::deliver(SimTime due, AnswerBatch answers) {
  if (inbox_first_ == inbox_.size()) inbox_.clear(), inbox_first_ = 0;
  inbox_.emplace_back(due, std::move(answers));
}

void DeviceShard::deliver(SimTime due, const SmsDown& down, SmsBytes bytes) {
  if (sms_first_ == sms_.size()) sms_.clear(), sms_first_ = 0;
  sms_.push_back({due, down, std::move(bytes)});
}

SimTime DeviceShard::next_wake() const {
  // A multiplexer's first wake-up is at 0, then on the grid.
  if (now_ < 0) return 0;
  SimTime next = stop_;
  if (!queue_.empty()) next = std::min(next, queue_.top().t);
  if (inbox_first_ < inbox_.size()) next = std::min(next, inbox_[inbox_first_].first);
  if (sms_first_ < sms_.size()) next = std::min(next, sms_[sms_first_].due);
  // Requests held back by a delay fault: every window, as a multiplexer.
  if (!outgoing_.empty()) next = std::min(next, now_ + window_);
  if (next >= stop_) return stop_;
  return std::max(window_at_or_after(next, window_), now_ + 1);
}

void DeviceShard::run_until(SimTime end, std::vector<ShardBatch>& out) {
  for (SimTime now = next_wake(); now < end && now < stop_; now = next_wake()) {
    now_ = now;
    for (; inbox_first_ < inbox_.size() && inbox_[inbox_first_].first <= now; ++inbox_first_) {
      hand_answers(modem_.get(), cycle_, inbox_[inbox_first_].second, now);
      inbox_[inbox_first_].second = {};
    }
    for (; sms_first_ < sms_.size() && sms_[sms_first_].due <= now; ++sms_first_) {
      modem_->on_sms_down(sms_[sms_first_].down, sms_[sms_first_].bytes, now);
      sms_[sms_first_].bytes = {};
    }
    run_due_steps(queue_, modem_.get(), cycle_, now);
    // While a checkpoint drains the network, requests wait here.
    if (RequestBatch ready = world_.draining ? RequestBatch{} : take_ready(world_, index_, outgoing_, now); !ready.empty())
      out.push_back({index_, now, std::move(ready)});
  }
}

}  // namespace twinsim
