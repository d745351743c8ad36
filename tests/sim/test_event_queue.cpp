// The multiplexers' event queue (sim/twinsim/engine/event_queue.hpp): events
// leave in (time, device, kind, fault, epoch) order whatever the order they
// came in, and a queue made of saved events (a checkpoint's, in any layout)
// gives the same sequence; so do events spread over days, as a run's are,
// pushed while others leave (its calendar of one-second buckets).
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

// As a run uses it: what leaves schedules its next steps, from now on, some
// within the second, some minutes or hours ahead, some days ahead (beyond
// the calendar's 4 096 s), and quiet spells between; against a plain heap.
TEST(EventQueue, EventsOverDaysPushedWhileOthersLeaveKeepTheOrder) {
  std::mt19937_64 rng(5);
  EventQueue q;
  std::vector<Event> reference;  // a heap with the same order
  auto push = [&](const Event& e) {
    q.push(e);
    reference.push_back(e);
    std::push_heap(reference.begin(), reference.end(), std::greater<Event>());
  };
  const twinsim::SimTime ahead[] = {0, 7, 20'000, 900'000'000, 3'600'000'000, 4'096'000'000, 200'000'000'000};
  for (std::uint32_t d = 0; d < 300; ++d) {
    push(Event{static_cast<twinsim::SimTime>(rng() % 5'000'000'000), d, 0, 0, 0});
  }
  std::size_t left = 0;
  while (!q.empty()) {
    ASSERT_FALSE(reference.empty());
    const Event e = q.pop();
    std::pop_heap(reference.begin(), reference.end(), std::greater<Event>());
    const Event r = reference.back();
    reference.pop_back();
    ASSERT_TRUE(same(e, r)) << left << ": " << e.t << " " << r.t;
    ASSERT_EQ(q.size(), reference.size());
    ++left;
    if (left < 20'000) {
      const twinsim::SimTime next = e.t + ahead[rng() % 7] + static_cast<twinsim::SimTime>(rng() % 1000);
      push(Event{next, e.device, static_cast<std::uint8_t>(rng() % 4), 0, 0});
      if (rng() % 3 == 0) push(Event{e.t, e.device, 3, 0, 1});  // due at once
    }
  }
  EXPECT_TRUE(reference.empty());
  EXPECT_GT(left, 20'000u);
}

}  // namespace test_event_queue
