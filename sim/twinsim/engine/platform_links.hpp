#pragma once
// The platforms' messages on the SimGrid links of their route (issue 4;
// platform_routes.hpp: every message between two platforms, and the
// network's to them — an MME's events and usage records to OneLink, the
// devices' to OneNET, the HSS's to the MMEs). The platforms run in the
// SMSC actor; a message is sent at its own time, and
// what was sent during one of the actor's passes leaves at the end of the
// pass as one batch per route (its size the sum of the messages'), a
// SimGrid host-to-host transfer (Comm::sendto) from the sender's node to
// the receiver's, sharing the links with the multiplexers' traffic to the
// HSS and every other batch (CM02: latency, then the bytes over the
// bandwidth share). A message reaches its platform the batch's transfer
// time after its own time, or after the batch left if it waited for that:
// the route's latency and its bytes when the links are idle, longer when
// they are busy. A route has at most kWindowBytes on their way; the next
// batch waits, gathering what is sent meanwhile.
//
// The SMSC actor runs ahead of SimGrid's clock up to its batch window
// (smsc_actor.cpp); it may not go past what a message still on its way
// could change: horizon() is the last time it may reach, from each
// message's time and its route's latency or, once the transfer has taken
// longer, the time it has taken so far (a conservative lookahead). A batch
// that arrives wakes the SMSC actor, which delivers its messages. A
// multiplexer's message (a PoR it read) waits for the SMSC actor's next
// pass to leave.
//
// A route keeps its messages in order, as the TCP connection under SMPP or
// HTTPS does: a message arrives no earlier than any message of its route
// sent at or before its time (the platforms send ahead of the clock and
// out of time order: the order is their times', not their calls'). A
// route remembers the last kKeptOrder sends for that.
//
// A checkpoint drains the links: while it does, a message takes its
// route's latency without a transfer (as before these links; still in its
// route's order), so none is on its way when the checkpoint is written
// (idle()); the counters and each route's order are saved.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"

#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace twinsim {

struct PlatformLinkCounters {
  std::uint64_t messages = 0; // messages that crossed the links
  std::uint64_t batches = 0;  // SimGrid transfers
  std::uint64_t bytes = 0;
  SimTime longest = 0;        // the longest time a report was on its way
  std::uint64_t resent = 0;   // TCP segments sent again, lost on their route (set_faults())
};

class PlatformLinks;

// What lossy links and the scenario's faults do to a route's messages
// (PlatformLinks::set_faults; engine.cpp fills it from FaultPlan): the
// share of packets a route loses at time t (s), and the latency a delay
// fault adds to it; the run's seed (the loss draws) and stop time.
struct PlatformLinkFaults {
  using NodeId = twinmodels::topology::NodeId;
  std::function<double(NodeId from, NodeId to, double t)> loss;
  std::function<double(NodeId from, NodeId to, double t)> delay;
  std::uint64_t seed = 0;
  double stop_s = 0;
};

// A platform's SMPP with the SMSC on the links (WriteModuleLink::use_links,
// SmSrRun::use_links): its PDUs to the SMSC over `to_smsc`, the SMSC's to
// it over `from_smsc`, `pdu_bytes` each.
struct SmppLinks {
  PlatformLinks* links = nullptr;  // null: not on the links
  PlatformHop to_smsc, from_smsc;
  double pdu_bytes = 0;
};

class PlatformLinks {
 public:
  // Called by deliver_arrived() with the message's time on the way: its
  // receiver takes it that long after it was sent.
  using Deliver = std::function<void(SimTime on_the_way)>;

  // `node_host`: the SimGrid host name of each topology node; `poke`
  // wakes the SMSC actor at a time; `draining`: a checkpoint drains.
  PlatformLinks(std::vector<std::string> node_host, std::function<void(SimTime)> poke, const bool& draining);
  ~PlatformLinks();
  PlatformLinks(const PlatformLinks&) = delete;
  PlatformLinks& operator=(const PlatformLinks&) = delete;

  // A message of `bytes` sent at t over hop h: on the links (waking the
  // SMSC actor, which sends it), or at once with the route's latency while
  // a checkpoint drains, or with none when the hop crosses nothing.
  void send(const PlatformHop& h, SimTime t, double bytes, Deliver deliver);
  // The last time the SMSC actor may reach at SimGrid time `now` (kNever
  // when nothing is on its way).
  SimTime horizon(SimTime now) const;
  // When, at the latest, the horizon reaches t without an arrival (after
  // now): the messages still on their way will have taken that long.
  SimTime unblocked_at(SimTime t, SimTime now) const;
  // The messages sent since the last flush leave now, one batch per route.
  void flush();
  // Whether a message was sent since the last flush: one a multiplexer
  // sent while the SMSC actor was awake but let others run (its poke
  // found it not asleep) would otherwise wait for its next wake-up.
  bool unsent() const { return unsent_; }
  // Delivers the messages whose batch has arrived, in the order they left.
  void deliver_arrived();
  // Nothing waiting, on its way or arrived and not delivered.
  bool idle() const;

  const PlatformLinkCounters& counters() const { return counters_; }

  // Lossy links and delay faults (none by default). The platforms talk
  // over TCP (HTTPS, SMPP; Diameter's SCTP alike): a batch leaves a delay
  // fault's latency later, and each of its TCP segments (kSegmentBytes)
  // lost on the route is sent again after the retransmission timeout —
  // 1 s, doubled at each further loss of it, at most 60 s (RFC 6298 §2.1,
  // §5.5, §2.5) — the loss drawn at each sending from the route's loss
  // then (a link down loses all: sent again until it is up); the batch
  // arrives when its last segment does. Routes whose sender handles the
  // loss itself (the HSS's messages to the MMEs: lost and sent again,
  // network_detach_cycle.cpp) meet no loss here.
  void set_faults(PlatformLinkFaults faults) { faults_ = std::move(faults); }
  void sender_handles_loss(twinmodels::topology::NodeId from, twinmodels::topology::NodeId to) {
    own_loss_.insert({from, to});
  }
  static constexpr double kSegmentBytes = 1460;  // an Ethernet MTU's TCP payload
  static constexpr double kInitialRto = 1, kMaxRto = 60;

  // How many bytes a route has on their way at most, as its TCP
  // connection's window (64 KiB, TCP's without window scaling, RFC 7323
  // §2): the next batch waits and gathers what is sent meanwhile (a
  // saturated link carries a few large batches, not ever more small ones).
  static constexpr double kWindowBytes = 65536;
  // How many of a route's sends it remembers for their order: a message
  // sent before all of them (later than so many others sent after it)
  // keeps only its own time on the way.
  static constexpr std::size_t kKeptOrder = 64;

  // Checkpoints, taken when idle(): the counters and each route's order
  // ("PLNK" 2, platform_links.cpp). save_state() throws
  // std::logic_error when a message is on its way; restore_state() throws
  // std::invalid_argument ("platform links state: ...") for malformed input,
  // leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct Message {
    SimTime t;
    Deliver deliver;
  };
  struct Batch {
    twinmodels::topology::NodeId from, to;
    SimTime latency;        // the route's
    SimTime first = 0;      // the earliest message's time
    double bytes = 0;
    double start_s = -1;    // SimGrid time it left; < 0 waiting to leave
    double end_s = -1;      // SimGrid time it arrived; < 0 on its way
    bool delivered = false;
    std::vector<Message> messages;
    std::uint64_t sequence = 0;  // the run's batch number: its loss draws
  };
  // How much later than its transfer's end `at` the last of b's segments
  // arrives, its losses sent again (set_faults()); counts them.
  double retransmissions(const Batch& b, double at);
  // What the batch's messages may still change: the earliest time one can
  // reach its receiver.
  static SimTime earliest_arrival(const Batch& b, SimTime now);
  // The bytes of the route from -> to on their way (not arrived).
  double in_flight(twinmodels::topology::NodeId from, twinmodels::topology::NodeId to) const;
  void arrive(Batch* b);
  // Starts b's transfer: an idle courier carries it, or a new one.
  void carry(Batch* b);
  struct Courier;
  // A message of the route from -> to sent at t, there at `arrival` at the
  // earliest: when it arrives, after those of the route sent by t.
  SimTime in_order(twinmodels::topology::NodeId from, twinmodels::topology::NodeId to, SimTime t, SimTime arrival);

  std::vector<std::string> node_host_;
  std::function<void(SimTime)> poke_;
  const bool& draining_;
  std::vector<std::unique_ptr<Batch>> outbox_;     // by route, filled during a pass
  std::vector<std::unique_ptr<Batch>> on_way_;     // left, arrived or not, not delivered
  std::vector<std::unique_ptr<Courier>> couriers_;
  PlatformLinkFaults faults_;
  std::set<std::pair<twinmodels::topology::NodeId, twinmodels::topology::NodeId>> own_loss_;
  std::vector<Courier*> idle_couriers_;
  PlatformLinkCounters counters_;
  bool unsent_ = false;
  // By route: send time -> the latest arrival of the route's messages sent
  // by then (times ascending, arrivals too; at most kKeptOrder).
  std::map<std::pair<twinmodels::topology::NodeId, twinmodels::topology::NodeId>, std::map<SimTime, SimTime>> order_;
};

}  // namespace twinsim
