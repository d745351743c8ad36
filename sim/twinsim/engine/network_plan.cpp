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

  const std::vector<topo::NodeId> served = serving_access_nodes(s, t);
  const auto muxes = static_cast<std::size_t>(s.engine.multiplexers);
  if (served.empty() || served.size() > muxes)
    fail(std::to_string(served.size()) + " access nodes serve devices; there must be 1 to " + std::to_string(muxes) +
         " (engine.multiplexers)");
  for (std::size_t m = 0; m < muxes; ++m) {
    plan.mux_node.push_back(served[m % served.size()]);
    try {
      const topo::Route route = t.require_route(plan.mux_node.back(), plan.hss);
      plan.mux_loss.push_back(route.loss);
      plan.mux_links.emplace_back(route.links.begin(), route.links.end());
    } catch (const topo::TopologyError& e) {
      fail(e.what());
    }
  }
  for (const PopulationSpec& p : s.populations) {
    std::vector<std::uint8_t> list;
    for (std::size_t m = 0; m < muxes; ++m) {
      if (attaches_at(p, t, plan.mux_node[m])) list.push_back(static_cast<std::uint8_t>(m));
    }
    plan.population_muxes.push_back(std::move(list));
  }
  return plan;
}

}  // namespace twinsim
