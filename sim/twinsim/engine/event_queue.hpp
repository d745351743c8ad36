#pragma once
// The pending events of one multiplexer: a binary min-heap ordered by
// (time, device, kind, fault, epoch), so equal times are always taken in the
// same order and a run is deterministic.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace twinsim {

// Simulated time in microseconds: integer, so ordering and arithmetic are exact.
using SimTime = std::int64_t;
inline constexpr SimTime kUsPerSecond = 1'000'000;
inline SimTime to_simtime(double seconds) { return static_cast<SimTime>(seconds * 1e6 + 0.5); }
inline double to_seconds(SimTime t) { return static_cast<double>(t) / 1e6; }

struct Event {
  SimTime t = 0;
  std::uint32_t device = 0;
  std::uint8_t kind = 0;     // a device Step
  std::uint8_t epoch = 0;    // the device's power epoch when scheduled: older ones are void
  std::uint16_t fault = 0;   // Step::Fault: index of the scenario's fault
  bool operator>(const Event& o) const {
    if (t != o.t) return t > o.t;
    if (device != o.device) return device > o.device;
    if (kind != o.kind) return kind > o.kind;
    if (fault != o.fault) return fault > o.fault;
    return epoch > o.epoch;
  }
};
static_assert(sizeof(Event) == 16);

class EventQueue {
 public:
  void push(const Event& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<Event>());
  }
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.front(); }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<Event>());
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }
  std::size_t size() const { return heap_.size(); }

  // Checkpoints: the pending events in heap order, and a queue made of saved
  // ones. Events leave in the same order whatever the layout.
  const std::vector<Event>& items() const { return heap_; }
  void assign(std::vector<Event> events) {
    heap_ = std::move(events);
    std::make_heap(heap_.begin(), heap_.end(), std::greater<Event>());
  }

 private:
  std::vector<Event> heap_;
};

}  // namespace twinsim
