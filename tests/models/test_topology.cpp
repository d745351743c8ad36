// NetworkTopology: building the graph, the errors of a broken one, and
// routes of least latency with a deterministic choice among equal ones.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

#include "twinmodels/topology/network_topology.hpp"

namespace test_topology {

using namespace twinmodels::topology;

Link link(const std::string& name, double latency_s, double loss = 0, Operator op = Operator::Home) {
  return Link{name, 1e8, latency_s, loss, op};
}

std::vector<std::string> names(const NetworkTopology& t, const Route& r) {
  std::vector<std::string> out;
  for (NodeId n : r.nodes) out.push_back(t.node(n).name);
  return out;
}

std::vector<std::string> link_names(const NetworkTopology& t, const Route& r) {
  std::vector<std::string> out;
  for (LinkId l : r.links) out.push_back(t.link(l).name);
  return out;
}

void expect_error(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no error, expected: " << message;
  } catch (const TopologyError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

// ran-a -- r1 -- hss, ran-a -- r2 -- hss, partner -- r1 (roaming).
NetworkTopology diamond(double via_r1, double via_r2) {
  NetworkTopology t;
  t.add_node("ran-a", NodeKind::RanMme);
  t.add_node("r1", NodeKind::CoreRouter);
  t.add_node("r2", NodeKind::CoreRouter);
  t.add_node("hss", NodeKind::Hss);
  t.add_node("partner", NodeKind::ForeignNetwork);
  t.add_link("ran-a", "r1", link("a-r1", via_r1 / 2));
  t.add_link("r1", "hss", link("r1-hss", via_r1 / 2));
  t.add_link("ran-a", "r2", link("a-r2", via_r2 / 2));
  t.add_link("r2", "hss", link("r2-hss", via_r2 / 2));
  t.add_link("partner", "r1", link("ipx", 0.08, 0.01, Operator::Foreign));
  return t;
}

TEST(Topology, KindsAndOperatorsRoundTripTheirSpelling) {
  for (NodeKind k : {NodeKind::RanMme, NodeKind::CoreRouter, NodeKind::Hss, NodeKind::Smsc, NodeKind::SmSr,
                     NodeKind::PlatformServer, NodeKind::ForeignNetwork}) {
    EXPECT_EQ(node_kind_from(to_string(k)), k);
  }
  EXPECT_EQ(node_kind_from("router"), std::nullopt);
  EXPECT_EQ(operator_from("home"), Operator::Home);
  EXPECT_EQ(operator_from("foreign"), Operator::Foreign);
  EXPECT_EQ(operator_from("visited"), std::nullopt);
  EXPECT_TRUE(is_access(NodeKind::RanMme));
  EXPECT_TRUE(is_access(NodeKind::ForeignNetwork));
  EXPECT_FALSE(is_access(NodeKind::Hss));
  EXPECT_TRUE(is_router(NodeKind::CoreRouter));
}

TEST(Topology, HoldsNodesAndLinksWithTheirProperties) {
  const NetworkTopology t = diamond(0.004, 0.006);
  EXPECT_EQ(t.node_count(), 5u);
  EXPECT_EQ(t.link_count(), 5u);
  EXPECT_EQ(t.node(t.at("partner")).kind, NodeKind::ForeignNetwork);
  const Link& ipx = t.link(4);
  EXPECT_EQ(ipx.name, "ipx");
  EXPECT_EQ(ipx.loss, 0.01);
  EXPECT_EQ(ipx.op, Operator::Foreign);
  EXPECT_EQ(t.ends(4), std::make_pair(t.at("partner"), t.at("r1")));
  EXPECT_EQ(t.nodes_of(NodeKind::CoreRouter), (std::vector<NodeId>{t.at("r1"), t.at("r2")}));
  EXPECT_EQ(t.find("nowhere"), std::nullopt);
  expect_error([&] { t.at("nowhere"); }, "no node 'nowhere'");
  EXPECT_EQ(boost::num_edges(t.graph()), 5u);
}

TEST(Topology, RouteTakesTheLeastLatency) {
  const NetworkTopology t = diamond(0.004, 0.006);
  const Route r = t.require_route(t.at("ran-a"), t.at("hss"));
  EXPECT_EQ(names(t, r), (std::vector<std::string>{"ran-a", "r1", "hss"}));
  EXPECT_EQ(link_names(t, r), (std::vector<std::string>{"a-r1", "r1-hss"}));
  EXPECT_DOUBLE_EQ(r.latency_s, 0.004);
  EXPECT_EQ(r.loss, 0);
  EXPECT_FALSE(r.crosses_foreign);

  const NetworkTopology u = diamond(0.006, 0.004);
  EXPECT_EQ(names(u, u.require_route(u.at("ran-a"), u.at("hss"))), (std::vector<std::string>{"ran-a", "r2", "hss"}));
}

TEST(Topology, RouteBackwardsIsTheSamePathReversed) {
  const NetworkTopology t = diamond(0.004, 0.006);
  const Route there = t.require_route(t.at("ran-a"), t.at("hss"));
  const Route back = t.require_route(t.at("hss"), t.at("ran-a"));
  EXPECT_EQ(names(t, back), (std::vector<std::string>{"hss", "r1", "ran-a"}));
  EXPECT_EQ(back.latency_s, there.latency_s);
}

TEST(Topology, EqualLatenciesPreferFewerLinksThenLowerNodeIds) {
  // a -- b -- d (1 + 1 ms) against a -- d directly (2 ms): the direct link.
  NetworkTopology t;
  t.add_node("a", NodeKind::RanMme);
  t.add_node("b", NodeKind::CoreRouter);
  t.add_node("d", NodeKind::Hss);
  t.add_link("a", "b", link("ab", 0.001));
  t.add_link("b", "d", link("bd", 0.001));
  t.add_link("a", "d", link("ad", 0.002));
  EXPECT_EQ(link_names(t, t.require_route(t.at("a"), t.at("d"))), (std::vector<std::string>{"ad"}));

  // Two routers with the same latency and hops: the lower node id, whichever
  // order the links were added in.
  for (bool low_first : {true, false}) {
    NetworkTopology s;
    s.add_node("a", NodeKind::RanMme);
    s.add_node("low", NodeKind::CoreRouter);
    s.add_node("high", NodeKind::CoreRouter);
    s.add_node("d", NodeKind::Hss);
    if (low_first) {
      s.add_link("a", "low", link("a-low", 0.001));
      s.add_link("low", "d", link("low-d", 0.001));
    }
    s.add_link("a", "high", link("a-high", 0.001));
    s.add_link("high", "d", link("high-d", 0.001));
    if (!low_first) {
      s.add_link("a", "low", link("a-low", 0.001));
      s.add_link("low", "d", link("low-d", 0.001));
    }
    EXPECT_EQ(names(s, s.require_route(s.at("a"), s.at("d"))), (std::vector<std::string>{"a", "low", "d"}))
        << "low router's links added " << (low_first ? "first" : "last");
  }

  // Two parallel links of the same latency: the one added first.
  NetworkTopology p;
  p.add_node("a", NodeKind::RanMme);
  p.add_node("d", NodeKind::Hss);
  p.add_link("a", "d", link("first", 0.001));
  p.add_link("a", "d", link("second", 0.001));
  EXPECT_EQ(link_names(p, p.require_route(p.at("a"), p.at("d"))), (std::vector<std::string>{"first"}));
}

TEST(Topology, RoamingRouteAddsLossesAndIsForeign) {
  NetworkTopology t = diamond(0.004, 0.006);
  t.add_node("visited", NodeKind::ForeignNetwork);
  t.add_link("visited", "partner", link("visited-partner", 0.01, 0.02, Operator::Foreign));
  const Route r = t.require_route(t.at("visited"), t.at("hss"));
  EXPECT_EQ(names(t, r), (std::vector<std::string>{"visited", "partner", "r1", "hss"}));
  EXPECT_TRUE(r.crosses_foreign);
  EXPECT_DOUBLE_EQ(r.latency_s, 0.01 + 0.08 + 0.002);
  EXPECT_DOUBLE_EQ(r.loss, 1 - (1 - 0.02) * (1 - 0.01));
}

TEST(Topology, RouteToItselfIsEmpty) {
  const NetworkTopology t = diamond(0.004, 0.006);
  const Route r = t.require_route(t.at("hss"), t.at("hss"));
  EXPECT_EQ(r.nodes, std::vector<NodeId>{t.at("hss")});
  EXPECT_TRUE(r.links.empty());
  EXPECT_EQ(r.latency_s, 0);
}

TEST(Topology, DisconnectedNodesHaveNoRoute) {
  NetworkTopology t = diamond(0.004, 0.006);
  t.add_node("island", NodeKind::RanMme);
  EXPECT_EQ(t.route(t.at("island"), t.at("hss")), std::nullopt);
  expect_error([&] { t.require_route(t.at("island"), t.at("hss")); },
               "no route from 'island' to 'hss': they are not connected");
}

TEST(Topology, BrokenNodesAndLinksAreRefusedByName) {
  NetworkTopology t = diamond(0.004, 0.006);
  expect_error([&] { t.add_node("r1", NodeKind::Smsc); }, "node 'r1' is defined twice");
  expect_error([&] { t.add_node("", NodeKind::Smsc); }, "a node needs a name");
  expect_error([&] { t.add_link("r1", "r2", link("a-r1", 0.001)); }, "link 'a-r1' is defined twice");
  expect_error([&] { t.add_link("r1", "r2", link("", 0.001)); }, "a link needs a name");
  expect_error([&] { t.add_link("r1", "r9", link("x", 0.001)); }, "link 'x': no node 'r9'");
  expect_error([&] { t.add_link("r0", "r1", link("x", 0.001)); }, "link 'x': no node 'r0'");
  expect_error([&] { t.add_link("r1", "r1", link("x", 0.001)); }, "link 'x' joins node 'r1' to itself");
  expect_error([&] { t.add_link("r1", "r2", link("x", -0.001)); },
               "link 'x': the latency must be 0 or more, got -0.001000");
  expect_error([&] { t.add_link("r1", "r2", link("x", 0.001, 1)); },
               "link 'x': the loss probability must be in [0, 1), got 1.000000");
  expect_error([&] { t.add_link("r1", "r2", link("x", 0.001, -0.5)); },
               "link 'x': the loss probability must be in [0, 1), got -0.500000");
  expect_error([&] { t.add_link("r1", "r2", Link{"x", 0, 0.001, 0, Operator::Home}); },
               "link 'x': the bandwidth must be more than 0, got 0.000000");
  expect_error([&] { t.add_link("r1", "partner", link("x", 0.001)); },
               "link 'x' reaches foreign network 'partner': its operator must be foreign (a roaming link)");
  EXPECT_EQ(t.link_count(), 5u);  // nothing was added
}

TEST(Topology, ACopyIsIndependentOfItsOriginal) {
  NetworkTopology copy;
  {
    const NetworkTopology original = diamond(0.004, 0.006);
    copy = original;
  }
  EXPECT_EQ(copy.link(4).name, "ipx");
  EXPECT_EQ(names(copy, copy.require_route(copy.at("partner"), copy.at("hss"))),
            (std::vector<std::string>{"partner", "r1", "hss"}));
}

TEST(Topology, ErrorsSayWhichPartIsAtFault) {
  NetworkTopology t = diamond(0.004, 0.006);
  auto part_of = [](const std::function<void()>& f) -> std::optional<ErrorPart> {
    try {
      f();
    } catch (const TopologyError& e) {
      return e.part;
    }
    return std::nullopt;
  };
  EXPECT_EQ(part_of([&] { t.add_node("r1", NodeKind::Smsc); }), ErrorPart::Name);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "r1", link("x", 0.001)); }), ErrorPart::Ends);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "nowhere", link("x", 0.001)); }), ErrorPart::Ends);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "r2", Link{"x", -1, 0.001, 0, Operator::Home}); }), ErrorPart::Bandwidth);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "r2", link("x", -1)); }), ErrorPart::Latency);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "r2", link("x", 0.001, 2)); }), ErrorPart::Loss);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "partner", link("x", 0.001)); }), ErrorPart::Operator);
  t.add_node("island", NodeKind::RanMme);
  EXPECT_EQ(part_of([&] { t.require_route(t.at("island"), t.at("hss")); }), ErrorPart::Route);
  EXPECT_EQ(part_of([&] { t.add_link("r1", "r2", link("ok", 0.001)); }), std::nullopt);
}

TEST(Topology, RoutesPassOnlyThroughRoutersAndForeignNetworks) {
  // ran -- hss -- smsc: the HSS does not forward, so the SMSC is out of reach
  // until a router joins them.
  NetworkTopology t;
  t.add_node("ran", NodeKind::RanMme);
  t.add_node("hss", NodeKind::Hss);
  t.add_node("smsc", NodeKind::Smsc);
  t.add_node("ran-2", NodeKind::RanMme);
  t.add_link("ran", "hss", link("ran-hss", 0.001));
  t.add_link("hss", "smsc", link("hss-smsc", 0.001));
  t.add_link("ran-2", "ran", link("ran2-ran", 0.001));
  EXPECT_EQ(t.route(t.at("ran"), t.at("smsc")), std::nullopt);
  EXPECT_EQ(t.route(t.at("ran-2"), t.at("hss")), std::nullopt);  // nor does a RAN/MME site
  EXPECT_TRUE(t.route(t.at("ran"), t.at("hss")));
  t.add_node("router", NodeKind::CoreRouter);
  t.add_link("ran", "router", link("ran-router", 0.005));
  t.add_link("router", "smsc", link("router-smsc", 0.005));
  EXPECT_EQ(link_names(t, t.require_route(t.at("ran"), t.at("smsc"))),
            (std::vector<std::string>{"ran-router", "router-smsc"}));
  EXPECT_TRUE(is_transit(NodeKind::CoreRouter));
  EXPECT_TRUE(is_transit(NodeKind::ForeignNetwork));
  for (NodeKind k : {NodeKind::RanMme, NodeKind::Hss, NodeKind::Smsc, NodeKind::SmSr, NodeKind::PlatformServer}) {
    EXPECT_FALSE(is_transit(k)) << to_string(k);
  }
}

}  // namespace test_topology
