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
    return order() > o.order();
  }
  // (device, kind, fault, epoch) as one number, compared in that order.
  std::uint64_t order() const {
    return std::uint64_t{device} << 32 | std::uint64_t{kind} << 24 | std::uint64_t{fault} << 8 | epoch;
  }
};
static_assert(sizeof(Event) == 16);

// A calendar queue: the events before `near_end_` in a binary heap, those
// of the next kBuckets seconds in one unsorted bucket a second, later ones
// in a heap of their own. A bucket joins the heap when the heap runs dry, so
// the heap holds about a second of events, not every device's next one (a
// multiplexer of 25 000 devices waiting an hour: pushes and pops on a heap
// of tens instead of 25 000). Events leave in the same total order.
class EventQueue {
 public:
  EventQueue() : ring_(kBuckets) {}
  void push(const Event& e) {
    place(e);
    settle();
  }
  bool empty() const { return near_.empty(); }  // settle() keeps the heap filled while events wait
  const Event& top() const { return near_.front(); }
  Event pop() {
    std::pop_heap(near_.begin(), near_.end(), std::greater<Event>());
    const Event e = near_.back();
    near_.pop_back();
    settle();
    return e;
  }
  std::size_t size() const { return near_.size() + in_ring_ + far_.size(); }
  // The events that may come after top(): the heap's second level (one of
  // them is the next when they are due before the heap runs dry).
  template <class F>
  void for_each_after_top(F&& f) const {
    for (std::size_t i = 1; i < 3 && i < near_.size(); ++i) f(near_[i]);
  }

  // Checkpoints: the pending events (in no particular order), and a queue
  // made of saved ones. Events leave in the same order whatever the layout.
  std::vector<Event> items() const {
    std::vector<Event> all(near_);
    for (const std::vector<Event>& b : ring_) all.insert(all.end(), b.begin(), b.end());
    all.insert(all.end(), far_.begin(), far_.end());
    return all;
  }
  void assign(std::vector<Event> events) {
    near_.clear();
    far_.clear();
    for (std::vector<Event>& b : ring_) b.clear();
    in_ring_ = 0;
    near_end_ = 0;
    for (const Event& e : events) place(e);
    settle();
  }

 private:
  static constexpr SimTime kBucket = kUsPerSecond;
  static constexpr std::size_t kBuckets = 4096;
  static constexpr SimTime kSpan = kBucket * static_cast<SimTime>(kBuckets);

  std::vector<Event>& bucket(SimTime t) { return ring_[static_cast<std::size_t>(t / kBucket) % kBuckets]; }
  void place(const Event& e) {
    if (e.t < near_end_) {
      near_.push_back(e);
      std::push_heap(near_.begin(), near_.end(), std::greater<Event>());
    } else if (e.t < near_end_ + kSpan) {
      bucket(e.t).push_back(e);
      ++in_ring_;
    } else {
      far_.push_back(e);
      std::push_heap(far_.begin(), far_.end(), std::greater<Event>());
    }
  }
  // While the heap is empty and events wait: the next second's bucket joins
  // it (after a jump over empty seconds when only far events are left).
  void settle() {
    while (near_.empty() && (in_ring_ != 0 || !far_.empty())) {
      if (in_ring_ == 0) {
        near_end_ = far_.front().t / kBucket * kBucket;
        pull_far();
      }
      std::vector<Event>& b = bucket(near_end_);
      near_.swap(b);
      in_ring_ -= near_.size();
      near_end_ += kBucket;
      std::make_heap(near_.begin(), near_.end(), std::greater<Event>());
      pull_far();
    }
  }
  // The far events the ring's window now reaches.
  void pull_far() {
    while (!far_.empty() && far_.front().t < near_end_ + kSpan) {
      std::pop_heap(far_.begin(), far_.end(), std::greater<Event>());
      bucket(far_.back().t).push_back(far_.back());
      ++in_ring_;
      far_.pop_back();
    }
  }

  std::vector<Event> near_;               // heap: the events before near_end_
  std::vector<std::vector<Event>> ring_;  // a bucket a second: [near_end_, near_end_ + kSpan)
  std::vector<Event> far_;                // heap: the events after that
  std::size_t in_ring_ = 0;
  SimTime near_end_ = 0;
};

}  // namespace twinsim
