#pragma once
// The network a run uses (network.topology, or the default one) and where
// the engine's multiplexers sit on it. Without a topology the plan is
// exactly the engine's original platform: a RAN/MME node mux-<m> per
// multiplexer, each joined to the HSS by link core-<m> with the scenario's
// core latency and bandwidth, and device d on multiplexer d mod M.
//
// With a topology, multiplexers are spread over the access nodes that serve
// devices (every ran_mme node when some population names no node, plus the
// nodes populations name), in node order, round robin: multiplexer m sits at
// served[m mod S]. A population with a node is shared by the multiplexers
// there; one without, by those at the ran_mme nodes. Within a population's
// list L, device d goes to L[d mod |L|].
#include <cstdint>
#include <string>
#include <vector>

#include "twinmodels/topology/network_topology.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct NetworkPlan {
  twinmodels::topology::NetworkTopology topology;
  twinmodels::topology::NodeId hss = 0;
  std::vector<twinmodels::topology::NodeId> mux_node;    // by multiplexer
  std::vector<double> mux_loss;                          // loss of the route multiplexer <-> HSS, each way
  std::vector<std::vector<std::size_t>> mux_links;       // the links of that route (FaultPlan::route_loss)
  std::vector<std::vector<std::uint8_t>> population_muxes;  // by population, increasing

  // The multiplexer of device d of population p.
  std::uint8_t mux_of(std::uint32_t d, std::uint16_t p) const {
    const std::vector<std::uint8_t>& list = population_muxes.at(p);
    return list[d % list.size()];
  }
  // The SimGrid host multiplexer m runs on: its node's name.
  const std::string& mux_host(std::size_t m) const { return topology.node(mux_node.at(m)).name; }
};

// The scenario's network.topology, or the default one.
twinmodels::topology::NetworkTopology default_topology(const Scenario& s);
// Throws ScenarioError when the topology cannot carry the scenario (the
// scenario loader checks the same, so only a hand-made Scenario fails here).
NetworkPlan plan_network(const Scenario& s);

}  // namespace twinsim
