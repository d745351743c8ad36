#include "twinsim/engine/network_plan.hpp"

namespace twinsim {

namespace topo = twinmodels::topology;

topo::NetworkTopology default_topology(const Scenario& s) {
  topo::NetworkTopology t;
  t.add_node(s.hss.host, topo::NodeKind::Hss);
  for (int m = 0; m < s.engine.multiplexers; ++m) t.add_node("mux-" + std::to_string(m), topo::NodeKind::RanMme);
  for (int m = 0; m < s.engine.multiplexers; ++m) {
    t.add_link("mux-" + std::to_string(m), s.hss.host,
               topo::Link{"core-" + std::to_string(m), s.network.core_bandwidth_Bps, s.network.core_latency_s, 0,
                          topo::Operator::Home});
  }
  return t;
}

NetworkPlan plan_network(const Scenario& s) {
  NetworkPlan plan;
  plan.topology = s.network.topology ? *s.network.topology : default_topology(s);
  const topo::NetworkTopology& t = plan.topology;
  const auto fail = [&s](const std::string& what) { throw ScenarioError(s.source + ": network: " + what); };
  const auto hss = t.find(s.hss.host);
  if (!hss) fail("no node '" + s.hss.host + "' for the HSS");
  plan.hss = *hss;

  // The access nodes that serve devices, in node order.
  std::vector<topo::NodeId> served;
  for (topo::NodeId n = 0; n < t.node_count(); ++n) {
    bool serves = false;
    for (const PopulationSpec& p : s.populations) {
      serves = serves || (p.node.empty() ? t.node(n).kind == topo::NodeKind::RanMme : t.node(n).name == p.node);
    }
    if (serves) served.push_back(n);
  }
  const auto muxes = static_cast<std::size_t>(s.engine.multiplexers);
  if (served.empty() || served.size() > muxes)
    fail(std::to_string(served.size()) + " access nodes serve devices; there must be 1 to " + std::to_string(muxes) +
         " (engine.multiplexers)");
  for (std::size_t m = 0; m < muxes; ++m) {
    plan.mux_node.push_back(served[m % served.size()]);
    try {
      plan.mux_loss.push_back(t.require_route(plan.mux_node.back(), plan.hss).loss);
    } catch (const topo::TopologyError& e) {
      fail(e.what());
    }
  }
  for (const PopulationSpec& p : s.populations) {
    std::vector<std::uint8_t> list;
    for (std::size_t m = 0; m < muxes; ++m) {
      const topo::Node& at = t.node(plan.mux_node[m]);
      if (p.node.empty() ? at.kind == topo::NodeKind::RanMme : at.name == p.node) list.push_back(static_cast<std::uint8_t>(m));
    }
    plan.population_muxes.push_back(std::move(list));
  }
  return plan;
}

}  // namespace twinsim
