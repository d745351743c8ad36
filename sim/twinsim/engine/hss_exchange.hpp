#pragma once
// The multiplexers' exchange with the HSS in the multiplexed engine, as the
// engine's own queueing model rather than SimGrid messages: a batch of
// device requests is a device-level message, and those must not each be a
// SimGrid flow (DESIGN.md: keep per-message delays in our own models, the
// HSS's queue with its rate among them). SimGrid's exchange cost as much
// per request as the actor-per-device baseline's once the windows carry a
// device or two (docs/PERFORMANCE.md).
//
// The model, in the order a batch meets it:
// - each link of the route (the network plan's route between the
//   multiplexer and the HSS) carries one message at a time, for its bytes
//   over the link's bandwidth at that time (link faults), in the first
//   span the link is free for that long from when the message may start on
//   it: once it started on the link before, and late enough that its last
//   byte leaves no sooner than there (a message crossing a slow link takes
//   the faster links after it only at the end, and holds up only what
//   crosses the slow one). It is through when its last byte has left the
//   last link, then takes the route's latencies. Alone on its route it
//   arrives as SimGrid's CM02 model has it (latency plus size over the
//   narrowest bandwidth); messages meeting on a link queue behind each
//   other instead of sharing its bandwidth, and a slow link holds up only
//   what crosses it. Both ways share a link, as SimGrid's shared links do.
// - the HSS (HssService) takes what arrived at each of its wake-ups, serves
//   rounds of the queue on its cores, and answers each multiplexer with one
//   message per round over the same links.
//
// It is evaluated lazily: advance_to(t) does everything due by t. Whoever
// reads the HSS's state at t (a multiplexer's wake-up, the sampler, a fault
// action, a checkpoint) advances it first. Every batch reaches the HSS a
// route's latency after it left, so all that is due by t depends only on
// batches sent before t, which SimGrid's time order has all handed over by
// then, whichever actor asks first. The batches are put on their links in
// time order, those of one instant by multiplexer, and after the HSS's
// answers of that instant: the outcome does not depend on the order SimGrid
// wakes the actors of one instant in, nor on when they ask.
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "twinsim/engine/hss_service.hpp"

namespace twinsim {

class HssExchange {
 public:
  explicit HssExchange(World& world);

  // Multiplexer `mux` sends `batch` at `now` (seconds).
  void send(std::uint8_t mux, double now, RequestBatch batch);
  // Everything due at or before t: arrivals taken, rounds started and ended,
  // answers sent on their way; the batches sent before t on their links.
  void advance_to(double t);
  // The answers that reached multiplexer `mux` by `t`, in the order they
  // arrived (after advance_to(t)); empty when none.
  AnswerBatch take(std::uint8_t mux, double t);
  // The same message by message: f(arrival time, its answers).
  template <class F>
  void take_each(std::uint8_t mux, double t, F f) {
    auto& queue = answers_[mux];
    while (!queue.empty() && queue.front().first <= t) {
      f(queue.front().first, std::move(queue.front().second));
      queue.pop_front();
      --world_.messages_in_network;
    }
  }
  // A batch or an answer on the links, or not yet taken, or a service round
  // under way (a checkpoint waits until none is).
  bool busy() const;
  // The HSS's loop begins at `now` (a resumed run's start, or after a
  // checkpoint): a round starts if requests wait.
  void restart(double now);

 private:
  struct Arrival {
    double t = 0;
    std::uint64_t seq = 0;  // arrivals of one instant in the order sent
    RequestBatch batch;
  };
  // The heap's order of arrivals: earliest first, one instant's in the
  // order sent.
  static bool arrives_after(const Arrival& a, const Arrival& b) { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
  struct Sent {
    double t = 0;
    std::uint8_t mux = 0;
    RequestBatch batch;
  };
  // The time a message of `bytes` leaving at `now` reaches the other end
  // of multiplexer mux's route, to the HSS or back; each link is taken
  // while its bytes cross it.
  double carry(std::uint8_t mux, bool to_hss, double now, double bytes);
  void wake(double now);
  void send_replies(double now);

  World& world_;
  HssService service_;
  std::deque<Sent> sent_batches_;                             // not yet on their links: by time, then multiplexer
  std::vector<Arrival> arrivals_;                             // heap: earliest first
  std::uint64_t sent_ = 0;
  std::vector<std::deque<std::pair<double, AnswerBatch>>> answers_;  // per multiplexer, by arrival
  // Takes link l for `crossing` seconds from `from` or the first span after
  // it the link is free for that long; returns the span's start.
  double take_link(std::size_t l, double now, double from, double crossing);
  std::vector<std::map<double, double>> link_taken_;          // per topology link: the spans taken, start to end
  double round_started_ = 0;
  double round_ends_ = 0;
};

}  // namespace twinsim
