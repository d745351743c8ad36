#pragma once
// The pending events of one multiplexer: a binary min-heap ordered by
// (time, device, kind), so equal times are always taken in the same order and
// a run is deterministic.
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
  std::uint8_t kind = 0;
  bool operator>(const Event& o) const {
    if (t != o.t) return t > o.t;
    if (device != o.device) return device > o.device;
    return kind > o.kind;
  }
};

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
  // ones. Events leave in (time, device, kind) order whatever the layout.
  const std::vector<Event>& items() const { return heap_; }
  void assign(std::vector<Event> events) {
    heap_ = std::move(events);
    std::make_heap(heap_.begin(), heap_.end(), std::greater<Event>());
  }

 private:
  std::vector<Event> heap_;
};

}  // namespace twinsim
