#include "twinsim/engine/platform_links.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "twinmodels/state/state_bytes.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

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
    deliver(in_order(h.from, h.to, t + latency) - t);
    return;
  }
  auto it = std::find_if(outbox_.begin(), outbox_.end(),
                         [&](const std::unique_ptr<Batch>& b) { return b->from == h.from && b->to == h.to; });
  if (it == outbox_.end()) {
    outbox_.push_back(std::make_unique<Batch>(Batch{h.from, h.to, latency, t, 0, 0, -1, false, {}}));
    it = outbox_.end() - 1;
  }
  Batch& b = **it;
  b.first = std::min(b.first, t);
  b.bytes += bytes;
  b.messages.push_back({t, std::move(deliver)});
  poke_(t);  // the SMSC actor sends it
}

SimTime PlatformLinks::earliest_arrival(const Batch& b, SimTime now) {
  if (b.end_s >= 0) return b.first + std::max(b.latency, to_simtime(b.end_s - b.start_s));
  // On its way: it has taken at least its latency, and at least as long
  // as it has been on the way so far.
  return b.first + std::max(b.latency, now - to_simtime(b.start_s));
}

SimTime PlatformLinks::horizon(SimTime now) const {
  SimTime h = twinmodels::kNever;
  for (const auto& b : outbox_) h = std::min(h, b->first + b->latency - 1);
  for (const auto& b : on_way_) h = std::min(h, earliest_arrival(*b, now) - 1);
  return h;
}

SimTime PlatformLinks::unblocked_at(SimTime t, SimTime now) const {
  SimTime at = now + 1;
  for (const auto& b : on_way_) {
    if (b->end_s >= 0 || earliest_arrival(*b, now) - 1 >= t) continue;
    // first + (then - start) - 1 >= t
    at = std::max(at, to_simtime(b->start_s) + t + 1 - b->first);
  }
  return at;
}

void PlatformLinks::flush() {
  // All on their way before the first transfer starts: creating an actor
  // lets others run (a multiplexer's message then goes to the next flush;
  // the checkpointer sees them on their way).
  std::vector<Batch*> leaving;
  for (std::unique_ptr<Batch>& owned : outbox_) {
    Batch* b = owned.get();
    b->start_s = sg4::Engine::get_clock();
    ++counters_.batches;
    counters_.messages += b->messages.size();
    counters_.bytes += static_cast<std::uint64_t>(b->bytes);
    leaving.push_back(b);
    on_way_.push_back(std::move(owned));
  }
  outbox_.clear();
  for (Batch* b : leaving) {
    sg4::Host* from = sg4::Host::by_name(node_host_.at(b->from));
    sg4::Host* to = sg4::Host::by_name(node_host_.at(b->to));
    const auto size = static_cast<std::uint64_t>(b->bytes);
    sg4::Actor::create("platform-link", from, [this, b, from, to, size] {
      sg4::Actor::self()->daemonize();
      sg4::Comm::sendto(from, to, size);
      arrive(b);
    });
  }
}

void PlatformLinks::arrive(Batch* b) {
  b->end_s = sg4::Engine::get_clock();
  poke_(to_simtime(b->end_s));
}

SimTime PlatformLinks::in_order(twinmodels::topology::NodeId from, twinmodels::topology::NodeId to, SimTime arrival) {
  SimTime& last = last_[{from, to}];
  last = std::max(last, arrival);
  return last;
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
    const SimTime transfer = std::max(b->latency, to_simtime(b->end_s - b->start_s));
    for (Message& m : b->messages) {
      const SimTime on_the_way = in_order(b->from, b->to, m.t + transfer) - m.t;
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
constexpr std::size_t kRouteBytes = 4 + 4 + 8;
}  // namespace

// "PLNK", version u16 (1), messages u64, batches u64, bytes u64, longest
// i64 (us), routes u32 x (from node u32, to node u32, last arrival i64),
// CRC-32 u32 of everything before it; routes in (from, to) order.
cardcore::Bytes PlatformLinks::save_state() const {
  namespace st = twinmodels::state;
  if (!idle()) throw std::logic_error("platform links state: saved with messages on their way");
  cardcore::Bytes out;
  st::put_header(out, "PLNK", 1);
  st::put_u64(out, counters_.messages);
  st::put_u64(out, counters_.batches);
  st::put_u64(out, counters_.bytes);
  st::put_u64(out, static_cast<std::uint64_t>(counters_.longest));
  st::put_u32(out, static_cast<std::uint32_t>(last_.size()));
  for (const auto& [route, last] : last_) {
    st::put_u32(out, static_cast<std::uint32_t>(route.first));
    st::put_u32(out, static_cast<std::uint32_t>(route.second));
    st::put_u64(out, static_cast<std::uint64_t>(last));
  }
  st::put_crc(out);
  return out;
}

void PlatformLinks::restore_state(cardcore::ByteView in) {
  namespace st = twinmodels::state;
  st::Reader r(in, "platform links");
  r.sealed_header("PLNK", 1);
  PlatformLinkCounters c;
  c.messages = r.u64("messages");
  c.batches = r.u64("batches");
  c.bytes = r.u64("bytes");
  c.longest = r.i64("longest");
  if (c.longest < 0) r.fail("longest " + std::to_string(c.longest) + " us is negative");
  if (c.batches > c.messages) r.fail(std::to_string(c.batches) + " batches carried " + std::to_string(c.messages) + " messages");
  decltype(last_) last;
  for (std::uint32_t n = r.count("routes", kRouteBytes); n > 0; --n) {
    const std::uint32_t from = r.u32("route from");
    const std::uint32_t to = r.u32("route to");
    const std::int64_t at = r.i64("route last arrival");
    for (const std::uint32_t node : {from, to}) {
      if (node >= node_host_.size())
        r.fail("node " + std::to_string(node) + " is not one of the topology's " + std::to_string(node_host_.size()));
    }
    if (from == to) r.fail("a route from node " + std::to_string(from) + " to itself");
    if (at < 0) r.fail("last arrival " + std::to_string(at) + " us is negative");
    if (!last.empty() && std::pair{from, to} <= std::pair{static_cast<std::uint32_t>(last.rbegin()->first.first),
                                                          static_cast<std::uint32_t>(last.rbegin()->first.second)})
      r.fail("routes out of order");
    last.emplace_hint(last.end(), std::pair{from, to}, at);
  }
  r.expect_end();
  if (!idle()) throw std::logic_error("platform links state: restored with messages on their way");
  counters_ = c;
  last_ = std::move(last);
}

}  // namespace twinsim
