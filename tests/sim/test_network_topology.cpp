// network.topology in scenarios (docs/SCENARIOS.md): what it reads, the
// errors of a broken one, where the multiplexers sit (NetworkPlan), and the
// SimGrid platform built from it: hosts, links and routes.
#include <gtest/gtest.h>

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/fault_plan.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinsim/scenario/scenario.hpp"
#include "scenario_errors.hpp"

namespace topo = twinmodels::topology;
namespace sg4 = simgrid::s4u;

using twinsim::testing::BrokenCase;
using twinsim::testing::error_of;
using twinsim::testing::ScenarioErrors;

namespace test_network_topology {

using twinsim::ScenarioError;

const std::string kGen = "general:\n  stop: 1h\n";
const std::string kPop = "populations:\n  - name: meters\n    count: 10\n";

// Two RAN/MME sites and a roaming partner behind an IPX router.
const std::string kTopology = R"(network:
  core: {latency: 6ms, bandwidth: 50MBps}
  request_timeout: 20s
  topology:
    nodes:
      - {name: ran-a, kind: ran_mme}
      - {name: ran-b, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: smsc, kind: smsc}
      - {name: ipx, kind: core_router}
      - {name: partner, kind: foreign_network}
    links:
      - {name: a-core, from: ran-a, to: core, latency: 2ms, bandwidth: 10MBps}
      - {name: b-core, from: ran-b, to: core}
      - {name: core-hss, from: core, to: hss, latency: 1ms, bandwidth: 1GBps}
      - {name: core-smsc, from: core, to: smsc, latency: 1ms}
      - {name: core-ipx, from: core, to: ipx, latency: 4ms, operator: foreign}
      - {name: roaming, from: ipx, to: partner, latency: 80ms, bandwidth: 2MBps, loss: 0.05, operator: foreign}
)";
const std::string kTwoPopulations = R"(populations:
  - {name: meters, count: 10}
  - {name: roamers, count: 5, node: partner}
)";

TEST(NetworkTopologySection, ReadsNodesLinksAndDefaults) {
  const twinsim::Scenario s = twinsim::parse_scenario(kGen + kTwoPopulations + kTopology + "engine: {multiplexers: 4}\n", "t.yaml");
  ASSERT_TRUE(s.network.topology);
  const topo::NetworkTopology& t = *s.network.topology;
  EXPECT_EQ(t.node_count(), 7u);
  EXPECT_EQ(t.link_count(), 6u);
  EXPECT_EQ(t.node(t.at("partner")).kind, topo::NodeKind::ForeignNetwork);
  EXPECT_EQ(t.node(t.at("smsc")).kind, topo::NodeKind::Smsc);
  const topo::Link& a = t.link(0);
  EXPECT_EQ(a.latency_s, 0.002);
  EXPECT_EQ(a.bandwidth_Bps, 10e6);
  // Unset latency and bandwidth: network.core's.
  const topo::Link& b = t.link(1);
  EXPECT_EQ(b.latency_s, 0.006);
  EXPECT_EQ(b.bandwidth_Bps, 50e6);
  EXPECT_EQ(b.loss, 0);
  EXPECT_EQ(b.op, topo::Operator::Home);
  const topo::Link& r = t.link(5);
  EXPECT_EQ(r.loss, 0.05);
  EXPECT_EQ(r.op, topo::Operator::Foreign);
  EXPECT_EQ(s.network.request_timeout_s, 20);
  EXPECT_EQ(s.populations[0].node, "");
  EXPECT_EQ(s.populations[1].node, "partner");
}

TEST(NetworkTopologySection, AbsentMeansNoTopologyAndATimeoutOf15s) {
  const twinsim::Scenario s = twinsim::parse_scenario(kGen + kPop, "t.yaml");
  EXPECT_FALSE(s.network.topology);
  EXPECT_EQ(s.network.request_timeout_s, 15);
}


// A topology with the given nodes and links (YAML flow lists' items).
std::string net(const std::string& nodes, const std::string& links) {
  return "network:\n  topology:\n    nodes: [" + nodes + "]\n    links: [" + links + "]\n";
}
const std::string kNodes = "{name: ran, kind: ran_mme}, {name: hss, kind: hss}";

INSTANTIATE_TEST_SUITE_P(
    TopologyBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"UnknownKind", kGen + kPop + net("{name: ran, kind: ran-mme}", ""),
                     "t.yaml:8:31: network.topology.nodes[0].kind: unknown node kind 'ran-mme'; did you mean 'ran_mme'?"},
        BrokenCase{"DuplicateNode", kGen + kPop + net(kNodes + ", {name: ran, kind: smsc}", ""),
                     "t.yaml:8:72: network.topology.nodes[2].name: node 'ran' is defined twice"},
        BrokenCase{"UnknownEnd", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hsss}"),
                     "t.yaml:9:38: network.topology.links[0].to: no node 'hsss' in network.topology.nodes"},
        BrokenCase{"DuplicateLink", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss}, {name: l, from: hss, to: ran}"),
                     "t.yaml:9:51: network.topology.links[1].name: link 'l' is defined twice"},
        BrokenCase{"Loop", kGen + kPop + net(kNodes, "{name: l, from: ran, to: ran}"),
                     "t.yaml:9:38: network.topology.links[0].to: link 'l' joins node 'ran' to itself"},
        BrokenCase{"LossOfOne", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss, loss: 1}"),
                     "t.yaml:9:49: network.topology.links[0].loss: expected a probability from 0 to below 1 (e.g. 0.01), found '1'"},
        BrokenCase{"LossInPercent", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss, loss: 2%}"),
                     "t.yaml:9:49: network.topology.links[0].loss: expected a probability from 0 to below 1 (e.g. 0.01), found '2%'"},
        BrokenCase{"NegativeLatency", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss, latency: -1ms}"),
                     "t.yaml:9:52: network.topology.links[0].latency: '-1ms': a duration cannot be negative"},
        BrokenCase{"ZeroBandwidth", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss, bandwidth: 0Bps}"),
                     "t.yaml:9:54: network.topology.links[0].bandwidth: a link needs a bandwidth above 0Bps, found 0Bps"},
        BrokenCase{"RoamingLinkAtHome",
                     kGen + kPop + net(kNodes + ", {name: p, kind: foreign_network}", "{name: r, from: p, to: hss}"),
                     "t.yaml:9:13: network.topology.links[0]: link 'r' reaches foreign network 'p': its operator must be foreign (a roaming link)"},
        BrokenCase{"UnknownOperator", kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss, operator: visited}"),
                     "t.yaml:9:53: network.topology.links[0].operator: unknown operator 'visited' (allowed: home, foreign)"},
        BrokenCase{"NoHss", kGen + kPop + net("{name: ran, kind: ran_mme}", ""),
                     "t.yaml:8:12: network.topology.nodes: needs a node of kind hss named 'hss' (platforms.hss.host)"},
        BrokenCase{"HssNamedOtherwise", kGen + kPop + net("{name: ran, kind: ran_mme}, {name: auc, kind: hss}", ""),
                     "t.yaml:8:12: network.topology.nodes: needs a node of kind hss named 'hss' (platforms.hss.host)"},
        BrokenCase{"TwoHss", kGen + kPop + net(kNodes + ", {name: hss2, kind: hss}", ""),
                     "t.yaml:8:12: network.topology.nodes: holds more than one node of kind hss; the engine runs one HSS"},
        BrokenCase{"NoRan", kGen + kPop + net("{name: hss, kind: hss}", ""),
                     "t.yaml:8:12: network.topology.nodes: needs at least one node of kind ran_mme"},
        BrokenCase{"Disconnected", kGen + kPop + net(kNodes, ""),
                     "t.yaml:8:5: network.topology: no route from 'ran' to 'hss': they are not connected (devices attach at 'ran')"},
        BrokenCase{"NodeWithoutTopology", kGen + "populations:\n  - {name: m, count: 1, node: ran}\n",
                     "t.yaml:4:31: populations[0].node: a population's node needs network.topology"},
        BrokenCase{"UnknownPopulationNode",
                     kGen + "populations:\n  - {name: m, count: 1, node: partner}\n" + net(kNodes, "{name: l, from: ran, to: hss}"),
                     "t.yaml:4:31: populations[0].node: no node 'partner' in network.topology"},
        BrokenCase{"PopulationAtTheHss",
                     kGen + "populations:\n  - {name: m, count: 1, node: hss}\n" + net(kNodes, "{name: l, from: ran, to: hss}"),
                     "t.yaml:4:31: populations[0].node: node 'hss' is of kind hss; devices attach through a ran_mme or foreign_network node"},
        BrokenCase{"TooFewMultiplexers", kGen + kTwoPopulations + kTopology + "engine: {multiplexers: 2}\n",
                     "t.yaml:10:5: network.topology: 3 access nodes serve devices, each needs a multiplexer, but engine.multiplexers is 2"},
        BrokenCase{"CoreLinkFault",
                     kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss}") +
                         "faults:\n  - {at: 1min, target: core-0, action: degrade, bandwidth: 1kBps}\n",
                     "t.yaml:11:24: faults[0].target: 'core-0': the core links core-<m> exist only without network.topology; "
                     "name a link as link:<name>"},
        BrokenCase{"UnknownLinkFault",
                     kGen + kPop + net(kNodes, "{name: l, from: ran, to: hss}") +
                         "faults:\n  - {at: 1min, target: 'link:m', action: degrade, bandwidth: 1kBps}\n",
                     "t.yaml:11:24: faults[0].target: no link named 'm' in network.topology (the links: l)"},
        BrokenCase{"UnknownDefaultLinkFault",
                     kGen + kPop + "faults:\n  - {at: 1min, target: 'link:core-2', action: degrade, bandwidth: 1kBps}\n",
                     "t.yaml:7:24: faults[0].target: no link named 'core-2': the links are core-0 to core-1 (no "
                     "network.topology)"},
        BrokenCase{"UnknownKey", kGen + kPop + "network:\n  topology: {nodes: [], link: []}\n",
                     "t.yaml:7:25: network.topology.link: unknown key; did you mean 'links'?"}),
    [](const ::testing::TestParamInfo<BrokenCase>& info) { return std::string(info.param.name); });

TEST(NetworkPlan, DefaultIsAHostPerMultiplexerLinkedToTheHss) {
  twinsim::Scenario s = twinsim::parse_scenario(kGen + kPop + "engine: {multiplexers: 3}\n", "t.yaml");
  const twinsim::NetworkPlan plan = twinsim::plan_network(s);
  const topo::NetworkTopology& t = plan.topology;
  ASSERT_EQ(t.node_count(), 4u);
  EXPECT_EQ(t.node(plan.hss).name, "hss");
  for (std::size_t m = 0; m < 3; ++m) {
    EXPECT_EQ(plan.mux_host(m), "mux-" + std::to_string(m));
    EXPECT_EQ(t.node(plan.mux_node[m]).kind, topo::NodeKind::RanMme);
    const topo::Link& l = t.link(m);
    EXPECT_EQ(l.name, "core-" + std::to_string(m));
    EXPECT_EQ(l.latency_s, s.network.core_latency_s);
    EXPECT_EQ(l.bandwidth_Bps, s.network.core_bandwidth_Bps);
    EXPECT_EQ(t.ends(m), std::make_pair(plan.mux_node[m], plan.hss));
    EXPECT_EQ(plan.mux_loss[m], 0);
  }
  // Device d on multiplexer d mod M.
  EXPECT_EQ(plan.population_muxes, (std::vector<std::vector<std::uint8_t>>{{0, 1, 2}}));
  for (std::uint32_t d = 0; d < 10; ++d) EXPECT_EQ(plan.mux_of(d, 0), d % 3);
}

TEST(NetworkPlan, MultiplexersGoRoundRobinOverTheAccessNodesThatServeDevices) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(kGen + kTwoPopulations + kTopology + "engine: {multiplexers: 5}\n", "t.yaml");
  const twinsim::NetworkPlan plan = twinsim::plan_network(s);
  // Served: ran-a, ran-b (meters name no node), partner (the roamers').
  EXPECT_EQ(plan.mux_host(0), "ran-a");
  EXPECT_EQ(plan.mux_host(1), "ran-b");
  EXPECT_EQ(plan.mux_host(2), "partner");
  EXPECT_EQ(plan.mux_host(3), "ran-a");
  EXPECT_EQ(plan.mux_host(4), "ran-b");
  EXPECT_EQ(plan.population_muxes, (std::vector<std::vector<std::uint8_t>>{{0, 1, 3, 4}, {2}}));
  EXPECT_EQ(plan.mux_loss[0], 0);
  EXPECT_NEAR(plan.mux_loss[2], 0.05, 1e-15);  // 1 - (1 - 0.05)
  // Within a population's list: device 6 is the meters' list[6 mod 4] = 3,
  // the roamers (devices 10 to 14) are all on 2.
  EXPECT_EQ(plan.mux_of(6, 0), 3);
  EXPECT_EQ(plan.mux_of(13, 1), 2);
}

// One SimGrid engine per process: every platform check in this one test.
TEST(NetworkPlatform, HostsLinksAndRoutesFollowTheTopology) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(kGen + kTwoPopulations + kTopology + "engine: {multiplexers: 3}\n", "t.yaml");
  const twinsim::NetworkPlan plan = twinsim::plan_network(s);
  std::unique_ptr<sg4::Engine> engine;
  twinsim::start_simgrid(engine, nullptr);
  twinsim::build_platform(plan, s.hss);

  // A host per node but the routers, the HSS with its cores.
  std::vector<std::string> hosts;
  for (const sg4::Host* h : engine->get_all_hosts()) hosts.push_back(h->get_name());
  std::sort(hosts.begin(), hosts.end());
  EXPECT_EQ(hosts, (std::vector<std::string>{"hss", "partner", "ran-a", "ran-b", "smsc"}));
  EXPECT_EQ(engine->host_by_name("hss")->get_core_count(), s.hss.cores);
  EXPECT_EQ(engine->host_by_name("hss")->get_speed(), s.hss.speed_flops);

  // A link per topology link, with its bandwidth and latency (and SimGrid's own loopback).
  std::vector<std::string> links;
  for (const sg4::Link* l : engine->get_all_links()) links.push_back(l->get_name());
  std::sort(links.begin(), links.end());
  EXPECT_EQ(links, (std::vector<std::string>{"__loopback__", "a-core", "b-core", "core-hss", "core-ipx", "core-smsc", "roaming"}));
  const sg4::Link* roaming = sg4::Link::by_name("roaming");
  EXPECT_EQ(roaming->get_bandwidth(), 2e6);
  EXPECT_EQ(roaming->get_latency(), 0.08);

  auto route = [&](const std::string& a, const std::string& b, double* latency) {
    std::vector<sg4::Link*> links;
    *latency = 0;
    engine->host_by_name(a)->route_to(engine->host_by_name(b), links, latency);
    std::vector<std::string> names;
    for (const sg4::Link* l : links) names.push_back(l->get_name());
    return names;
  };
  double latency = 0;
  EXPECT_EQ(route("ran-a", "hss", &latency), (std::vector<std::string>{"a-core", "core-hss"}));
  EXPECT_DOUBLE_EQ(latency, 0.003);
  EXPECT_EQ(route("hss", "ran-b", &latency), (std::vector<std::string>{"core-hss", "b-core"}));
  EXPECT_DOUBLE_EQ(latency, 0.007);
  EXPECT_EQ(route("partner", "hss", &latency), (std::vector<std::string>{"roaming", "core-ipx", "core-hss"}));
  EXPECT_DOUBLE_EQ(latency, 0.085);
  EXPECT_EQ(route("ran-b", "smsc", &latency), (std::vector<std::string>{"b-core", "core-smsc"}));
  // Between two server nodes too, both ways (the platforms' reports,
  // platform_links.hpp).
  EXPECT_EQ(route("hss", "smsc", &latency), (std::vector<std::string>{"core-hss", "core-smsc"}));
  EXPECT_DOUBLE_EQ(latency, 0.002);
  EXPECT_EQ(route("smsc", "hss", &latency), (std::vector<std::string>{"core-smsc", "core-hss"}));
}

TEST(NetworkTopologyFaults, ALinkFaultNamesItsLinkAndChangesOnlyItsBandwidth) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kTwoPopulations + kTopology + "engine: {multiplexers: 3}\n" +
          "faults:\n  - {at: 2min, target: 'link:roaming', action: degrade, bandwidth: 200Bps, for: 1min}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].link, 5);  // the sixth link written
  const twinsim::FaultPlan plan(s);
  EXPECT_EQ(plan.link_bandwidth(5, 60), 2e6);  // its own bandwidth, not core.bandwidth
  EXPECT_EQ(plan.link_bandwidth(5, 150), 200);
  EXPECT_EQ(plan.link_bandwidth(5, 200), 2e6);
  EXPECT_EQ(plan.link_bandwidth(0, 150), 10e6);
  EXPECT_EQ(plan.link_bandwidth(1, 150), 50e6);  // b-core: core.bandwidth, given by default

  // Without a topology, link:core-<m> is core-<m>.
  const twinsim::Scenario d = twinsim::parse_scenario(
      kGen + kPop + "faults:\n  - {at: 2min, target: 'link:core-1', action: degrade, bandwidth: 200Bps}\n", "t.yaml");
  EXPECT_EQ(d.faults[0].link, 1);
  const twinsim::FaultPlan dp(d);
  EXPECT_EQ(dp.link_bandwidth(1, 150), 200);
  EXPECT_EQ(dp.link_bandwidth(0, 150), d.network.core_bandwidth_Bps);
}

// Loss and down faults: the link's steady loss outside them, theirs inside
// (a later one wins), a route's loss over its links, and no bandwidth change.
TEST(NetworkTopologyFaults, LossAndDownFaultsChangeALinksLossForAWhile) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kTwoPopulations + kTopology + "engine: {multiplexers: 3}\n" +
          "faults:\n"
          "  - {at: 2min, target: 'link:roaming', action: loss, loss: 0.5, for: 2min}\n"
          "  - {at: 3min, target: 'link:roaming', action: down, for: 30s}\n"
          "  - {at: 10min, target: 'link:a-core', action: down}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 3u);
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::Loss);
  EXPECT_EQ(s.faults[0].loss, 0.5);
  EXPECT_EQ(s.faults[1].loss, 1);
  const twinsim::FaultPlan plan(s);
  EXPECT_TRUE(plan.has_loss_faults());
  EXPECT_FALSE(plan.has_link_faults());  // no bandwidth change: nothing for the fault actor
  EXPECT_TRUE(plan.actions().empty());
  EXPECT_EQ(plan.link_loss(5, 100), 0.05);  // its steady loss
  EXPECT_EQ(plan.link_loss(5, 120), 0.5);
  EXPECT_EQ(plan.link_loss(5, 185), 1);      // down, started later
  EXPECT_EQ(plan.link_loss(5, 210), 0.5);    // the loss again
  EXPECT_EQ(plan.link_loss(5, 240), 0.05);
  EXPECT_EQ(plan.link_loss(0, 599), 0);
  EXPECT_EQ(plan.link_loss(0, 1e6), 1);      // down to the end
  EXPECT_EQ(plan.link_bandwidth(5, 120), 2e6);
  // roaming (0.5) and core-ipx (0): 1 - 0.5 * 1; with a-core down, all.
  EXPECT_DOUBLE_EQ(plan.route_loss({5, 4}, 120), 0.5);
  EXPECT_DOUBLE_EQ(plan.route_loss({0, 2}, 700), 1);
  EXPECT_DOUBLE_EQ(plan.route_loss({1, 2}, 700), 0);
}

}  // namespace test_network_topology
