#include "twinsim/engine/platform_links.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "twinmodels/random/random_stream.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

// A daemon actor that carries one batch at a time and then waits for the
// next: creating an actor per transfer cost more than the transfer (its
// stack mapped and protected each time).
struct PlatformLinks::Courier {
  sg4::SemaphorePtr go = sg4::Semaphore::create(0);
  Batch* batch = nullptr;
};

PlatformLinks::PlatformLinks(std::vector<std::string> node_host, std::function<void(SimTime)> poke,
                             const bool& draining)
    : node_host_(std::move(node_host)), poke_(std::move(poke)), draining_(draining) {}

PlatformLinks::~PlatformLinks() = default;

void PlatformLinks::send(const PlatformHop& h, SimTime t, double bytes, Deliver deliver) {
  if (!h.crosses) {
    deliver(0);
    return;
  }
  const SimTime latency = to_simtime(h.latency_s);
  if (draining_) {
    deliver(in_order(h.from, h.to, t, t + latency) - t);
    return;
  }
  auto it = std::find_if(outbox_.begin(), outbox_.end(),
                         [&](const std::unique_ptr<Batch>& b) { return b->from == h.from && b->to == h.to; });
  if (it == outbox_.end()) {
    outbox_.push_back(std::make_unique<Batch>(Batch{h.from, h.to, latency, t, 0, -1, -1, false, {}, 0}));
    it = outbox_.end() - 1;
  }
  Batch& b = **it;
  b.first = std::min(b.first, t);
  b.bytes += bytes;
  b.messages.push_back({t, std::move(deliver)});
  unsent_ = true;
  poke_(t);  // the SMSC actor sends it
}

// A message sent at t in a batch that left at `start` and took `transfer`
// arrives at max(t, start) + transfer (before its route's order).
SimTime PlatformLinks::earliest_arrival(const Batch& b, SimTime now) {
  // Not left yet: it leaves now at the earliest.
  if (b.start_s < 0) return std::max(b.first, now) + b.latency;
  const SimTime start = to_simtime(b.start_s);
  const SimTime from = std::max(b.first, start);
  if (b.end_s >= 0) return from + std::max(b.latency, to_simtime(b.end_s - b.start_s));
  // On its way: it has taken at least its latency, and at least as long
  // as it has been on the way so far.
  return from + std::max(b.latency, now - start);
}

SimTime PlatformLinks::horizon(SimTime now) const {
  SimTime h = twinmodels::kNever;
  for (const auto& b : outbox_) h = std::min(h, earliest_arrival(*b, now) - 1);
  for (const auto& b : on_way_) h = std::min(h, earliest_arrival(*b, now) - 1);
  return h;
}

SimTime PlatformLinks::unblocked_at(SimTime t, SimTime now) const {
  SimTime at = now + 1;
  auto until = [&](const Batch& b) {
    if (earliest_arrival(b, now) - 1 >= t) return;
    // Arrived, behind one of its route still on its way: until that one
    // arrives (its arrival wakes the SMSC actor).
    if (b.end_s >= 0) {
      at = twinmodels::kNever;
      return;
    }
    // Waiting to leave: max(first, then) + latency - 1 >= t; on its way:
    // from + (then - start) - 1 >= t.
    if (b.start_s < 0) {
      at = std::max(at, t + 1 - b.latency);
    } else {
      const SimTime start = to_simtime(b.start_s);
      at = std::max(at, start + t + 1 - std::max(b.first, start));
    }
  };
  for (const auto& b : outbox_) until(*b);
  for (const auto& b : on_way_) until(*b);
  return at;
}

double PlatformLinks::in_flight(twinmodels::topology::NodeId from, twinmodels::topology::NodeId to) const {
  double bytes = 0;
  for (const auto& b : on_way_) {
    if (b->from == from && b->to == to && b->end_s < 0) bytes += b->bytes;
  }
  return bytes;
}

void PlatformLinks::flush() {
  // All on their way before the first transfer starts: creating an actor
  // lets others run (a multiplexer's message then goes to the next flush;
  // the checkpointer sees them on their way). A batch that would take its
  // route's bytes in flight beyond kWindowBytes waits, gathering what is
  // sent meanwhile (one leaves alone whatever its size).
  unsent_ = false;
  std::vector<Batch*> leaving;
  std::vector<std::unique_ptr<Batch>> waiting;
  for (std::unique_ptr<Batch>& owned : outbox_) {
    Batch* b = owned.get();
    const double flying = in_flight(b->from, b->to);
    if (flying > 0 && flying + b->bytes > kWindowBytes) {
      waiting.push_back(std::move(owned));
      continue;
    }
    b->start_s = sg4::Engine::get_clock();
    b->sequence = counters_.batches;
    ++counters_.batches;
    counters_.messages += b->messages.size();
    counters_.bytes += static_cast<std::uint64_t>(b->bytes);
    leaving.push_back(b);
    on_way_.push_back(std::move(owned));
  }
  outbox_ = std::move(waiting);
  for (Batch* b : leaving) carry(b);
}

void PlatformLinks::carry(Batch* b) {
  if (idle_couriers_.empty()) {
    couriers_.push_back(std::make_unique<Courier>());
    Courier* c = couriers_.back().get();
    sg4::Actor::create("platform-link", sg4::Host::by_name(node_host_.at(b->from)), [this, c, go = c->go] {
      sg4::Actor::self()->daemonize();
      for (;;) {
        go->acquire();
        Batch* carried = std::exchange(c->batch, nullptr);
        // A delay fault on the route: it leaves that much later.
        if (faults_.delay) {
          if (const double d = faults_.delay(carried->from, carried->to, carried->start_s); d > 0)
            sg4::this_actor::sleep_for(d);
        }
        sg4::Comm::sendto(sg4::Host::by_name(node_host_.at(carried->from)), sg4::Host::by_name(node_host_.at(carried->to)),
                          static_cast<std::uint64_t>(carried->bytes));
        // Its lost segments sent again.
        if (const double again = retransmissions(*carried, sg4::Engine::get_clock()); again > 0)
          sg4::this_actor::sleep_for(again);
        idle_couriers_.push_back(c);
        arrive(carried);
      }
    });
    idle_couriers_.push_back(c);
  }
  Courier* c = idle_couriers_.back();
  idle_couriers_.pop_back();
  c->batch = b;
  c->go->release();
}

double PlatformLinks::retransmissions(const Batch& b, double at) {
  if (!faults_.loss || own_loss_.count({b.from, b.to}) != 0) return 0;
  // Every segment's first sending meets the route's loss now: none, and
  // all go through (no draw, no per-segment look-up).
  if (faults_.loss(b.from, b.to, at) <= 0) return 0;
  // The draws of batch b: a stream of its own (its number in the run).
  constexpr std::uint64_t kEntity = std::uint64_t{1} << 63;  // devices are below 2^32
  constexpr std::uint32_t kLossStream = 0x504C0000u;         // "PL"
  std::optional<twinmodels::RandomStream> draws;
  const auto segments = static_cast<int>(std::max(1.0, std::ceil(b.bytes / kSegmentBytes)));
  double last = 0;
  for (int s = 0; s < segments; ++s) {
    double t = at, rto = kInitialRto;
    for (;;) {
      const double p = faults_.loss(b.from, b.to, t);
      if (p <= 0) break;
      if (!draws) draws.emplace(faults_.seed, kEntity | b.sequence, kLossStream);
      if (p < 1 && draws->uniform01() >= p) break;
      // Lost: sent again a timeout later (beyond the stop: never there).
      ++counters_.resent;
      t += rto;
      rto = std::min(2 * rto, kMaxRto);
      if (t > faults_.stop_s) break;
    }
    last = std::max(last, t - at);
  }
  return last;
}

void PlatformLinks::arrive(Batch* b) {
  b->end_s = sg4::Engine::get_clock();
  poke_(to_simtime(b->end_s));
}

SimTime PlatformLinks::in_order(twinmodels::topology::NodeId from, twinmodels::topology::NodeId to, SimTime t,
                                SimTime arrival) {
  std::map<SimTime, SimTime>& sent = order_[{from, to}];
  // After the latest arrival of what was sent by t (then it tells nothing
  // new: arrivals stay strictly ascending).
  if (auto by = sent.upper_bound(t); by != sent.begin() && std::prev(by)->second >= arrival) return std::prev(by)->second;
  sent[t] = arrival;
  // Later sends that arrive no later than it tell nothing more.
  for (auto later = sent.upper_bound(t); later != sent.end() && later->second <= arrival;) later = sent.erase(later);
  while (sent.size() > kKeptOrder) sent.erase(sent.begin());
  return arrival;
}

void PlatformLinks::deliver_arrived() {
  // Delivered in the order they left: one that arrived waits for those of
  // its route that left before it and are still on their way. Each stays
  // on its way until delivered (a delivery may let the checkpointer look).
  std::vector<std::pair<twinmodels::topology::NodeId, twinmodels::topology::NodeId>> waiting;
  bool delivered = false;
  for (const std::unique_ptr<Batch>& b : on_way_) {
    const std::pair route{b->from, b->to};
    const bool behind = std::find(waiting.begin(), waiting.end(), route) != waiting.end();
    if (b->end_s < 0 || behind) {
      if (!behind) waiting.push_back(route);
      continue;
    }
    const SimTime start = to_simtime(b->start_s);
    const SimTime transfer = std::max(b->latency, to_simtime(b->end_s - b->start_s));
    for (Message& m : b->messages) {
      // One sent before the batch left waited for it.
      const SimTime on_the_way = in_order(b->from, b->to, m.t, std::max(m.t, start) + transfer) - m.t;
      counters_.longest = std::max(counters_.longest, on_the_way);
      m.deliver(on_the_way);
    }
    b->messages.clear();
    b->delivered = true;
    delivered = true;
  }
  if (delivered) std::erase_if(on_way_, [](const std::unique_ptr<Batch>& b) { return b->delivered; });
}

bool PlatformLinks::idle() const { return outbox_.empty() && on_way_.empty(); }

namespace {
constexpr std::size_t kRouteBytes = 4 + 4 + 4;
}  // namespace

// "PLNK", version u16 (2; 1 had no segments sent again), messages u64,
// batches u64, bytes u64, longest i64 (us), segments sent again u64,
// routes u32 x (from node u32, to node u32, sends u32 x (time i64, latest
// arrival i64)), CRC-32 u32 of everything before it; routes in (from, to)
// order, a route's sends by time (arrivals ascending too).
cardcore::Bytes PlatformLinks::save_state() const {
  namespace st = twinmodels::state;
  if (!idle()) throw std::logic_error("platform links state: saved with messages on their way");
  cardcore::Bytes out;
  st::put_header(out, "PLNK", 2);
  st::put_u64(out, counters_.messages);
  st::put_u64(out, counters_.batches);
  st::put_u64(out, counters_.bytes);
  st::put_u64(out, static_cast<std::uint64_t>(counters_.longest));
  st::put_u64(out, counters_.resent);
  st::put_u32(out, static_cast<std::uint32_t>(order_.size()));
  for (const auto& [route, sent] : order_) {
    st::put_u32(out, static_cast<std::uint32_t>(route.first));
    st::put_u32(out, static_cast<std::uint32_t>(route.second));
    st::put_u32(out, static_cast<std::uint32_t>(sent.size()));
    for (const auto& [t, arrival] : sent) {
      st::put_u64(out, static_cast<std::uint64_t>(t));
      st::put_u64(out, static_cast<std::uint64_t>(arrival));
    }
  }
  st::put_crc(out);
  return out;
}

void PlatformLinks::restore_state(cardcore::ByteView in) {
  namespace st = twinmodels::state;
  st::Reader r(in, "platform links");
  r.sealed_header("PLNK", 2);
  PlatformLinkCounters c;
  c.messages = r.u64("messages");
  c.batches = r.u64("batches");
  c.bytes = r.u64("bytes");
  c.longest = r.i64("longest");
  c.resent = r.u64("segments sent again");
  if (c.longest < 0) r.fail("longest " + std::to_string(c.longest) + " us is negative");
  if (c.batches > c.messages) r.fail(std::to_string(c.batches) + " batches carried " + std::to_string(c.messages) + " messages");
  decltype(order_) order;
  for (std::uint32_t n = r.count("routes", kRouteBytes); n > 0; --n) {
    const std::uint32_t from = r.u32("route from");
    const std::uint32_t to = r.u32("route to");
    for (const std::uint32_t node : {from, to}) {
      if (node >= node_host_.size())
        r.fail("node " + std::to_string(node) + " is not one of the topology's " + std::to_string(node_host_.size()));
    }
    if (from == to) r.fail("a route from node " + std::to_string(from) + " to itself");
    const std::pair route{static_cast<twinmodels::topology::NodeId>(from), static_cast<twinmodels::topology::NodeId>(to)};
    if (!order.empty() && route <= order.rbegin()->first) r.fail("routes out of order");
    const std::uint32_t sends = r.count("route's sends", 16);
    if (sends == 0 || sends > kKeptOrder)
      r.fail("a route with " + std::to_string(sends) + " sends (1 to " + std::to_string(kKeptOrder) + ")");
    std::map<SimTime, SimTime>& sent = order[route];
    for (std::uint32_t i = 0; i < sends; ++i) {
      const std::int64_t t = r.i64("send time");
      const std::int64_t arrival = r.i64("send's arrival");
      if (t < 0 || arrival < t)
        r.fail("a send at " + std::to_string(t) + " us arriving at " + std::to_string(arrival) + " us");
      if (!sent.empty() && (t <= sent.rbegin()->first || arrival <= sent.rbegin()->second)) r.fail("sends out of order");
      sent.emplace_hint(sent.end(), t, arrival);
    }
  }
  r.expect_end();
  if (!idle()) throw std::logic_error("platform links state: restored with messages on their way");
  counters_ = c;
  order_ = std::move(order);
}

}  // namespace twinsim
