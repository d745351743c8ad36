// The platforms' reports on SimGrid links (twinsim/engine/platform_links.hpp):
// a report takes its route's latency and its batch's transfer, shares the
// links with other batches and other traffic (CM02: latency, then bytes over
// the max-min fair share of the bottleneck), and bounds how far the SMSC
// actor may run ahead (horizon, unblocked_at). Each case in a child process
// with its own SimGrid engine on a small topology: the write module and an
// SM-SR 5 ms from the core on 100 MB/s links, chip management 10 ms from it
// behind 1 MB/s.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <simgrid/s4u.hpp>

#include <functional>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>
#include <memory>
#include <sstream>
#include <string>

#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/platform_links.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_platform_links {

namespace sg4 = simgrid::s4u;
using twinsim::PlatformHop;
using twinsim::PlatformLinks;
using twinsim::SimTime;

const std::string kScenario = R"(general: {stop: 1h}
populations:
  - {name: meters, count: 10}
network:
  topology:
    nodes:
      - {name: ran, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: wm, kind: platform}
      - {name: sr, kind: sm_sr}
      - {name: cm, kind: platform}
    links:
      - {name: ran-core, from: ran, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-wm, from: core, to: wm, latency: 5ms, bandwidth: 100MBps}
      - {name: core-sr, from: core, to: sr, latency: 5ms, bandwidth: 100MBps}
      - {name: core-cm, from: core, to: cm, latency: 10ms, bandwidth: 1MBps}
)";

// What a case saw, by name.
using Seen = std::map<std::string, std::int64_t>;

struct Rig {
  twinsim::NetworkPlan plan;
  PlatformLinks* links;
  bool* draining;
  std::vector<SimTime>* pokes;
  PlatformHop hop(const std::string& from, const std::string& to, double latency_s) const {
    return {latency_s, plan.topology.at(from), plan.topology.at(to), true};
  }
};

// Runs `body` as an actor on a fresh engine in a child process; returns
// what it recorded.
Seen in_child(const std::function<void(Rig&, Seen&)>& body) {
  int fds[2];
  if (pipe(fds) != 0) ADD_FAILURE() << "pipe";
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    const twinsim::Scenario s = twinsim::parse_scenario(kScenario, "links.yaml");
    std::unique_ptr<sg4::Engine> engine;
    twinsim::start_simgrid(engine, nullptr);
    Rig rig{twinsim::plan_network(s), nullptr, nullptr, nullptr};
    twinsim::build_platform(rig.plan, s.hss);
    std::vector<std::string> hosts;
    for (twinmodels::topology::NodeId n = 0; n < rig.plan.topology.node_count(); ++n)
      hosts.push_back(rig.plan.topology.node(n).name);
    bool draining = false;
    std::vector<SimTime> pokes;
    PlatformLinks links(hosts, [&](SimTime t) { pokes.push_back(t); }, draining);
    rig.links = &links;
    rig.draining = &draining;
    rig.pokes = &pokes;
    Seen seen;
    sg4::Actor::create("case", engine->host_by_name("hss"), [&] { body(rig, seen); });
    engine->run();
    std::ostringstream out;
    for (const auto& [k, v] : seen) out << k << ' ' << v << '\n';
    const std::string text = out.str();
    const bool ok = write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child failed";
  Seen seen;
  std::istringstream in(text);
  std::string k;
  std::int64_t v = 0;
  while (in >> k >> v) seen[k] = v;
  return seen;
}

TEST(PlatformLinks, AReportAloneTakesItsRoutesLatencyAndItsTransfer) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    const PlatformHop wm_cm = r.hop("wm", "cm", 0.015);
    r.links->send(wm_cm, 0, 2000, [&](SimTime l) { seen["on_the_way"] = l; });
    EXPECT_FALSE(r.links->idle());
    r.links->flush();
    sg4::this_actor::sleep_until(1);
    seen["pokes"] = static_cast<std::int64_t>(r.pokes->size());
    seen["poked_at"] = r.pokes->empty() ? -1 : r.pokes->back();
    r.links->deliver_arrived();
    seen["idle"] = r.links->idle();
    seen["reports"] = static_cast<std::int64_t>(r.links->counters().messages);
    seen["bytes"] = static_cast<std::int64_t>(r.links->counters().bytes);
    seen["longest"] = r.links->counters().longest;
  });
  // 15 ms wm - core - cm, then 2000 B at 1 MB/s: 2 ms.
  EXPECT_EQ(seen.at("on_the_way"), 17000);
  // The SMSC actor woken to send it, and as it arrives.
  EXPECT_EQ(seen.at("pokes"), 2);
  EXPECT_EQ(seen.at("poked_at"), 17000);
  EXPECT_EQ(seen.at("idle"), 1);
  EXPECT_EQ(seen.at("reports"), 1);
  EXPECT_EQ(seen.at("bytes"), 2000);
  EXPECT_EQ(seen.at("longest"), 17000);
}

TEST(PlatformLinks, ASegmentLostIsSentAgainAfterATimeoutThatDoubles) {
  // The route down until 5 s (every packet lost), then lossless: the
  // report's two segments (2000 B) are sent again 1 s, 3 s and 7 s after
  // its transfer ended (RFC 6298's timeout: 1 s, doubled each time), and
  // arrive with the third sending.
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    r.links->set_faults({[](auto, auto, double t) { return t < 5 ? 1.0 : 0.0; }, {}, 7, 3600});
    r.links->send(r.hop("wm", "cm", 0.015), 0, 2000, [&](SimTime l) { seen["on_the_way"] = l; });
    r.links->flush();
    sg4::this_actor::sleep_until(7.016);
    r.links->deliver_arrived();
    seen["early"] = seen.count("on_the_way");
    sg4::this_actor::sleep_until(8);
    r.links->deliver_arrived();
    seen["resent"] = static_cast<std::int64_t>(r.links->counters().resent);
  });
  EXPECT_EQ(seen.at("early"), 0);
  EXPECT_EQ(seen.at("on_the_way"), 7017000);
  EXPECT_EQ(seen.at("resent"), 6);
}

TEST(PlatformLinks, ADelayFaultAddsItsLatencyAndASenderMayHandleItsLoss) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    // Half a second more on every route; every packet lost, but the route
    // wm -> cm's sender handles its loss itself.
    r.links->set_faults({[](auto, auto, double) { return 1.0; }, [](auto, auto, double) { return 0.5; }, 7, 3600});
    r.links->sender_handles_loss(r.plan.topology.at("wm"), r.plan.topology.at("cm"));
    r.links->send(r.hop("wm", "cm", 0.015), 0, 2000, [&](SimTime l) { seen["on_the_way"] = l; });
    r.links->flush();
    sg4::this_actor::sleep_until(1);
    r.links->deliver_arrived();
    seen["resent"] = static_cast<std::int64_t>(r.links->counters().resent);
  });
  EXPECT_EQ(seen.at("on_the_way"), 517000);
  EXPECT_EQ(seen.at("resent"), 0);
}

TEST(PlatformLinks, ReportsOfOneRouteAndPassLeaveAsOneBatch) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    const PlatformHop wm_cm = r.hop("wm", "cm", 0.015);
    // Three reports at their own times within a pass: one transfer of
    // 6000 B (6 ms), each delivered that long after its own time.
    for (SimTime t : {0, 2000, 4000})
      r.links->send(wm_cm, t, 2000, [&seen, t](SimTime l) { seen["arrives_" + std::to_string(t)] = t + l; });
    r.links->flush();
    sg4::this_actor::sleep_until(1);
    r.links->deliver_arrived();
    seen["batches"] = static_cast<std::int64_t>(r.links->counters().batches);
  });
  EXPECT_EQ(seen.at("batches"), 1);
  EXPECT_EQ(seen.at("arrives_0"), 21000);
  EXPECT_EQ(seen.at("arrives_2000"), 23000);
  EXPECT_EQ(seen.at("arrives_4000"), 25000);
}

TEST(PlatformLinks, BatchesAndOtherTrafficShareALink) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    // Two routes into chip management, both 15 ms, both over core-cm:
    // each has half its bandwidth, 4 ms for 2000 B.
    r.links->send(r.hop("wm", "cm", 0.015), 0, 2000, [&](SimTime l) { seen["from_wm"] = l; });
    r.links->send(r.hop("sr", "cm", 0.015), 0, 2000, [&](SimTime l) { seen["from_sr"] = l; });
    r.links->flush();
    sg4::this_actor::sleep_until(1);
    r.links->deliver_arrived();
    // A report beside 100 kB of other traffic from the HSS (11 ms to cm):
    // it shares core-cm once its own latency has passed, in inverse
    // proportion to the flows' latencies (CM02 weighs a flow by its route's
    // latency, as TCP's share goes with the round trip).
    sg4::Host* hss = sg4::Host::by_name("hss");
    sg4::Host* cm = sg4::Host::by_name("cm");
    sg4::CommPtr other = sg4::Comm::sendto_async(hss, cm, 100000);
    r.links->send(r.hop("wm", "cm", 0.015), 1000000, 2000, [&](SimTime l) { seen["beside_traffic"] = l; });
    r.links->flush();
    other->wait();
    sg4::this_actor::sleep_until(2);
    r.links->deliver_arrived();
    // The same report alone again.
    r.links->send(r.hop("wm", "cm", 0.015), 2000000, 2000, [&](SimTime l) { seen["alone"] = l; });
    r.links->flush();
    sg4::this_actor::sleep_until(3);
    r.links->deliver_arrived();
    seen["longest"] = r.links->counters().longest;
  });
  EXPECT_EQ(seen.at("from_wm"), 19000);
  EXPECT_EQ(seen.at("from_sr"), 19000);
  // 15 ms, then 2000 B at 11/26 of 1 MB/s: 4.727 ms.
  EXPECT_EQ(seen.at("beside_traffic"), 15000 + static_cast<SimTime>(2000 / (1e6 * 11 / 26) * 1e6 + 0.5));
  EXPECT_EQ(seen.at("alone"), 17000);
  EXPECT_EQ(seen.at("longest"), seen.at("beside_traffic"));
}

TEST(PlatformLinks, ARouteHasAtMostItsWindowOnTheWay) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    const PlatformHop wm_cm = r.hop("wm", "cm", 0.015);
    // Five passes at 0 s, 16 KiB each: four (the 64 KiB window) leave and
    // share core-cm (16 384 B at 250 kB/s: 65.536 ms), the fifth waits.
    for (int i = 0; i < 5; ++i) {
      r.links->send(wm_cm, 0, 16384, [&seen, i](SimTime l) { seen["report_" + std::to_string(i)] = l; });
      r.links->flush();
    }
    seen["batches_at_once"] = static_cast<std::int64_t>(r.links->counters().batches);
    seen["horizon_waiting"] = r.links->horizon(0);
    sg4::this_actor::sleep_until(0.1);
    r.links->deliver_arrived();
    // At 100 ms it leaves, alone: 15 ms and 16.384 ms from then.
    r.links->flush();
    sg4::this_actor::sleep_until(1);
    r.links->deliver_arrived();
    seen["batches"] = static_cast<std::int64_t>(r.links->counters().batches);
    seen["idle"] = r.links->idle();
  });
  EXPECT_EQ(seen.at("batches_at_once"), 4);
  EXPECT_EQ(seen.at("horizon_waiting"), 15000 - 1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(seen.at("report_" + std::to_string(i)), 15000 + 65536) << i;
  EXPECT_EQ(seen.at("report_4"), 100000 + 15000 + 16384);
  EXPECT_EQ(seen.at("batches"), 5);
  EXPECT_EQ(seen.at("idle"), 1);
}

TEST(PlatformLinks, TheHorizonFollowsWhatIsOnItsWay) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    seen["empty"] = r.links->horizon(0) == twinmodels::kNever;
    const PlatformHop wm_cm = r.hop("wm", "cm", 0.015);
    // 100 kB: 15 ms and 100 ms at 1 MB/s; sent at 3 ms, leaving at 0.
    r.links->send(wm_cm, 3000, 100000, [&](SimTime l) { seen["on_the_way"] = l; });
    seen["before_it_leaves"] = r.links->horizon(0);
    r.links->flush();
    seen["as_it_leaves"] = r.links->horizon(0);
    sg4::this_actor::sleep_until(0.05);
    // 50 ms on its way: it takes at least that long.
    seen["at_50ms"] = r.links->horizon(50000);
    seen["reaches_60ms_at"] = r.links->unblocked_at(60000, 50000);
    seen["reaches_10ms_at"] = r.links->unblocked_at(10000, 50000);
    sg4::this_actor::sleep_until(1);
    seen["arrived_not_delivered"] = r.links->horizon(1000000);
    r.links->deliver_arrived();
    seen["delivered"] = r.links->horizon(1000000) == twinmodels::kNever;
  });
  EXPECT_EQ(seen.at("empty"), 1);
  EXPECT_EQ(seen.at("before_it_leaves"), 3000 + 15000 - 1);
  EXPECT_EQ(seen.at("as_it_leaves"), 3000 + 15000 - 1);
  EXPECT_EQ(seen.at("at_50ms"), 3000 + 50000 - 1);
  EXPECT_EQ(seen.at("reaches_60ms_at"), 60000 + 1 - 3000);
  EXPECT_EQ(seen.at("reaches_10ms_at"), 50001);  // not blocked: the next microsecond
  EXPECT_EQ(seen.at("on_the_way"), 115000);
  EXPECT_EQ(seen.at("arrived_not_delivered"), 3000 + 115000 - 1);
  EXPECT_EQ(seen.at("delivered"), 1);
}

TEST(PlatformLinks, WhileACheckpointDrainsAReportTakesItsLatencyAtOnce) {
  const Seen seen = in_child([](Rig& r, Seen& seen) {
    *r.draining = true;
    r.links->send(r.hop("wm", "cm", 0.015), 0, 2000, [&](SimTime l) { seen["draining"] = l; });
    seen["idle_draining"] = r.links->idle();
    *r.draining = false;
    // Nor does a report between platforms at one node cross anything.
    PlatformHop same = r.hop("cm", "cm", 0);
    same.crosses = false;
    r.links->send(same, 0, 2000, [&](SimTime l) { seen["same_node"] = l; });
    seen["idle_after"] = r.links->idle();
    seen["batches"] = static_cast<std::int64_t>(r.links->counters().batches);
  });
  EXPECT_EQ(seen.at("draining"), 15000);
  EXPECT_EQ(seen.at("idle_draining"), 1);
  EXPECT_EQ(seen.at("same_node"), 0);
  EXPECT_EQ(seen.at("idle_after"), 1);
  EXPECT_EQ(seen.at("batches"), 0);
}

}  // namespace test_platform_links

namespace test_platform_links_state {

using twinsim::PlatformHop;
using twinsim::PlatformLinks;
using twinsim::SimTime;
namespace st = twinmodels::state;

// Six nodes, as kScenario's; no SimGrid: a state is saved when nothing is
// on its way, and a draining send is delivered at once.
struct Links {
  bool draining = true;
  PlatformLinks links{{"ran", "core", "hss", "wm", "sr", "cm"}, [](SimTime) {}, draining};
};

// A PLNK state of 1000 B, the longest 17 ms, 3 segments sent again (all 0
// with no message).
struct RouteState {
  std::uint32_t from, to;
  std::vector<std::pair<std::int64_t, std::int64_t>> sends;  // (time, latest arrival)
};

cardcore::Bytes state_of(std::uint64_t messages, std::uint64_t batches, const std::vector<RouteState>& routes) {
  cardcore::Bytes out;
  st::put_header(out, "PLNK", 2);
  st::put_u64(out, messages);
  st::put_u64(out, batches);
  st::put_u64(out, messages ? 1000 : 0);
  st::put_u64(out, messages ? 17000 : 0);
  st::put_u64(out, messages ? 3 : 0);  // segments sent again
  st::put_u32(out, static_cast<std::uint32_t>(routes.size()));
  for (const RouteState& r : routes) {
    st::put_u32(out, r.from);
    st::put_u32(out, r.to);
    st::put_u32(out, static_cast<std::uint32_t>(r.sends.size()));
    for (const auto& [t, arrival] : r.sends) {
      st::put_u64(out, static_cast<std::uint64_t>(t));
      st::put_u64(out, static_cast<std::uint64_t>(arrival));
    }
  }
  st::put_crc(out);
  return out;
}

std::string error_of(const cardcore::Bytes& state) {
  Links l;
  try {
    l.links.restore_state(state);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PlatformLinksState, KeepsEachRoutesOrderAcrossACheckpoint) {
  Links a;
  // While a checkpoint drains: the route's latency, in the route's order.
  // (A route of the hop's latency: the order is the route's, by node.)
  const PlatformHop wm_cm{0.015, 3, 5, true};
  SimTime first = 0, second = 0, earlier = 0;
  a.links.send(wm_cm, 10000, 2000, [&](SimTime l) { first = l; });
  // Sent 1 ms later, 5 ms faster: it would arrive first; it waits.
  const PlatformHop faster{0.010, 3, 5, true};
  a.links.send(faster, 11000, 2000, [&](SimTime l) { second = l; });
  // Sent at an earlier time (a platform sends out of time order): it need
  // not wait for those sent after its time.
  a.links.send(faster, 4000, 2000, [&](SimTime l) { earlier = l; });
  EXPECT_EQ(first, 15000);
  EXPECT_EQ(second, 25000 - 11000);
  EXPECT_EQ(earlier, 10000);
  const cardcore::Bytes saved = a.links.save_state();
  EXPECT_EQ(state_of(0, 0, {{3, 5, {{4000, 14000}, {10000, 25000}}}}), saved);
  Links b;
  b.links.restore_state(saved);
  EXPECT_EQ(b.links.save_state(), saved);
  // The restored links keep the order: sent at 12 ms, after the one of
  // 10 ms; sent at 5 ms, after the one of 4 ms.
  SimTime third = 0, fourth = 0;
  b.links.send(faster, 12000, 2000, [&](SimTime l) { third = l; });
  b.links.send(faster, 5000, 2000, [&](SimTime l) { fourth = l; });
  EXPECT_EQ(12000 + third, 25000);
  EXPECT_EQ(5000 + fourth, 15000);
}

TEST(PlatformLinksState, ARouteRemembersItsLastSends) {
  Links l;
  const PlatformHop hop{0.010, 3, 5, true};
  // Each sent 1 ms after the one before it arrives 1 ms after it: all
  // kept, up to kKeptOrder.
  for (SimTime t = 0; t < 100; ++t) l.links.send(hop, t * 1000, 2000, [](SimTime) {});
  SimTime l1 = 0, l2 = 0;
  // One sent before the oldest kept send keeps its own latency.
  l.links.send(hop, 30500, 2000, [&](SimTime x) { l1 = x; });
  l.links.send(hop, 50500, 2000, [&](SimTime x) { l2 = x; });
  EXPECT_EQ(l1, 10000);
  EXPECT_EQ(l2, 10000);  // not before the one sent at 50 ms (at 60 ms)
  const cardcore::Bytes saved = l.links.save_state();
  Links b;
  b.links.restore_state(saved);
  EXPECT_EQ(b.links.save_state(), saved);
}

TEST(PlatformLinksState, IsNotSavedWithAMessageOnItsWay) {
  Links l;
  l.draining = false;
  l.links.send({0.015, 3, 5, true}, 0, 2000, [](SimTime) {});
  EXPECT_THROW((void)l.links.save_state(), std::logic_error);
  EXPECT_THROW(l.links.restore_state(state_of(0, 0, {})), std::logic_error);
}

TEST(PlatformLinksState, ADamagedStateGetsAClearError) {
  const cardcore::Bytes good = state_of(10, 4, {{3, 5, {{10000, 25000}, {11000, 26000}}}, {4, 5, {{0, 30000}}}});
  EXPECT_EQ(error_of(good), "");
  for (std::size_t n = 0; n < good.size(); ++n) {
    const std::string e = error_of(cardcore::Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
    EXPECT_EQ(e.rfind("platform links state: ", 0), 0u) << "truncated to " << n << ": " << e;
  }
  cardcore::Bytes flipped = good;
  flipped[20] ^= 1;
  EXPECT_NE(error_of(flipped).find("CRC-32 does not match"), std::string::npos) << error_of(flipped);
  EXPECT_EQ(error_of(state_of(10, 4, {{3, 6, {{0, 1}}}})), "platform links state: node 6 is not one of the topology's 6");
  EXPECT_EQ(error_of(state_of(10, 4, {{5, 5, {{0, 1}}}})), "platform links state: a route from node 5 to itself");
  EXPECT_EQ(error_of(state_of(10, 4, {{4, 5, {{0, 1}}}, {3, 5, {{0, 1}}}})), "platform links state: routes out of order");
  EXPECT_EQ(error_of(state_of(10, 4, {{3, 5, {{5, 4}}}})),
            "platform links state: a send at 5 us arriving at 4 us");
  EXPECT_EQ(error_of(state_of(10, 4, {{3, 5, {{5, 10}, {6, 10}}}})), "platform links state: sends out of order");
  EXPECT_EQ(error_of(state_of(10, 4, {{3, 5, {}}})), "platform links state: a route with 0 sends (1 to 64)");
  EXPECT_EQ(error_of(state_of(3, 4, {})), "platform links state: 4 batches carried 3 messages");
}

}  // namespace test_platform_links_state
