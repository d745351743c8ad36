// The multiplexers' event queue (sim/twinsim/engine/event_queue.hpp): events
// leave in (time, device, kind, fault, epoch) order whatever the order they
// came in, and a queue made of saved events (a checkpoint's, in any layout)
// gives the same sequence.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "twinsim/engine/event_queue.hpp"

namespace test_event_queue {

using twinsim::Event;
using twinsim::EventQueue;

// 5000 events with many equal times and devices, so the ties decide.
std::vector<Event> events() {
  std::mt19937_64 rng(11);
  std::vector<Event> out;
  for (int i = 0; i < 5000; ++i) {
    Event e;
    e.t = static_cast<twinsim::SimTime>(rng() % 50);
    e.device = static_cast<std::uint32_t>(rng() % 20);
    e.kind = static_cast<std::uint8_t>(rng() % 4);
    e.fault = static_cast<std::uint16_t>(rng() % 3);
    e.epoch = static_cast<std::uint8_t>(rng() % 2);
    out.push_back(e);
  }
  return out;
}

std::vector<Event> drained(EventQueue& q) {
  std::vector<Event> out;
  while (!q.empty()) out.push_back(q.pop());
  return out;
}

bool same(const Event& a, const Event& b) { return !(a > b) && !(b > a); }

TEST(EventQueue, EventsLeaveInTheirTotalOrder) {
  std::vector<Event> in = events();
  EventQueue q;
  for (const Event& e : in) q.push(e);
  EXPECT_EQ(q.size(), in.size());
  const std::vector<Event> out = drained(q);
  std::sort(in.begin(), in.end(), [](const Event& a, const Event& b) { return b > a; });
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(same(out[i], in[i])) << i;
  // The ties: device, then kind, fault, epoch ({t, device, kind, epoch, fault}).
  EXPECT_TRUE((Event{5, 1, 0, 0, 0}) > (Event{5, 0, 3, 1, 9}));
  EXPECT_TRUE((Event{5, 1, 2, 0, 0}) > (Event{5, 1, 1, 1, 9}));
  EXPECT_TRUE((Event{5, 1, 2, 0, 1}) > (Event{5, 1, 2, 9, 0}));
  EXPECT_TRUE((Event{5, 1, 2, 1, 3}) > (Event{5, 1, 2, 0, 3}));
  EXPECT_FALSE((Event{5, 1, 2, 1, 3}) > (Event{5, 1, 2, 1, 3}));
}

TEST(EventQueue, AQueueOfSavedEventsGivesTheSameSequence) {
  const std::vector<Event> in = events();
  EventQueue a;
  for (const Event& e : in) a.push(e);
  for (int i = 0; i < 1000; ++i) a.push(a.pop());  // interleaved
  // Saved as the heap holds them, and as they came in.
  EventQueue b, c;
  b.assign(a.items());
  c.assign(in);
  const std::vector<Event> x = drained(a), y = drained(b), z = drained(c);
  ASSERT_EQ(x.size(), y.size());
  ASSERT_EQ(x.size(), z.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_TRUE(same(x[i], y[i])) << i;
    EXPECT_TRUE(same(x[i], z[i])) << i;
  }
}

}  // namespace test_event_queue
