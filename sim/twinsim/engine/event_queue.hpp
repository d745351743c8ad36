#pragma once
// The pending events of one multiplexer: a binary min-heap ordered by
// (time, device, kind), so equal times are always taken in the same order and
// a run is deterministic.
#include <cstdint>
#include <queue>
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
  void push(const Event& e) { heap_.push(e); }
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.top(); }
  Event pop() {
    Event e = heap_.top();
    heap_.pop();
    return e;
  }
  std::size_t size() const { return heap_.size(); }

 private:
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> heap_;
};

}  // namespace twinsim
