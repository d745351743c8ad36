// Routes over the topology: Dijkstra (boost::dijkstra_shortest_paths) on
// link latency, with the number of links as a second key, and a
// deterministic walk back from the target for the remaining ties.
#include <algorithm>
#include <functional>
#include <limits>

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/property_map/function_property_map.hpp>

#include "twinmodels/topology/network_topology.hpp"

namespace twinmodels::topology {

namespace {

// Distance along a path: latency first, then links.
struct Distance {
  double latency_s = 0;
  std::size_t hops = 0;
  friend bool operator==(const Distance&, const Distance&) = default;
};

struct Shorter {
  bool operator()(const Distance& a, const Distance& b) const {
    return a.latency_s < b.latency_s || (a.latency_s == b.latency_s && a.hops < b.hops);
  }
};
struct Plus {
  Distance operator()(const Distance& a, const Distance& b) const {
    if (a.hops == std::numeric_limits<std::size_t>::max() || b.hops == std::numeric_limits<std::size_t>::max())
      return {std::numeric_limits<double>::infinity(), std::numeric_limits<std::size_t>::max()};
    return {a.latency_s + b.latency_s, a.hops + b.hops};
  }
};
constexpr Plus plus{};

}  // namespace

std::optional<Route> NetworkTopology::route(NodeId from, NodeId to) const {
  const std::size_t n = node_count();
  if (from >= n || to >= n) throw TopologyError(ErrorPart::Route, "route: no such node");
  const Distance infinite{std::numeric_limits<double>::infinity(), std::numeric_limits<std::size_t>::max()};
  std::vector<Distance> dist(n, infinite);
  auto weight = boost::make_function_property_map<Graph::edge_descriptor, Distance>(
      [this](Graph::edge_descriptor e) { return Distance{graph_[e].latency_s, 1}; });
  auto dist_map = boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph_));
  // Only the two ends and transit nodes: a server does not forward.
  const std::function<bool(NodeId)> usable = [this, from, to](NodeId v) {
    return v == from || v == to || is_transit(graph_[v].kind);
  };
  const boost::filtered_graph<Graph, boost::keep_all, std::function<bool(NodeId)>> g(graph_, boost::keep_all{}, usable);
  boost::dijkstra_shortest_paths(g, from,
                                 boost::weight_map(weight)
                                     .distance_map(dist_map)
                                     .distance_compare(Shorter{})
                                     .distance_combine(Plus{})
                                     .distance_inf(infinite)
                                     .distance_zero(Distance{}));
  if (dist[to] == infinite) return std::nullopt;

  // Walk back: from v, the neighbour u of lowest id (then the link of lowest
  // id) with dist[u] + link == dist[v]. Every step has one link fewer, so the
  // walk ends at `from`.
  Route r;
  r.nodes.push_back(to);
  for (NodeId v = to; v != from;) {
    std::optional<NodeId> best_u;
    std::optional<LinkId> best_l;
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
      const NodeId u = boost::target(*it, graph_);
      const Link& l = graph_[*it];
      if (!(plus(dist[u], Distance{l.latency_s, 1}) == dist[v])) continue;
      if (!best_u || u < *best_u || (u == *best_u && l.id < *best_l)) {
        best_u = u;
        best_l = l.id;
      }
    }
    if (!best_u) throw TopologyError(ErrorPart::Route, "route: inconsistent distances");  // cannot happen: dist[v] came from a neighbour
    r.links.push_back(*best_l);
    r.nodes.push_back(*best_u);
    v = *best_u;
  }
  std::reverse(r.nodes.begin(), r.nodes.end());
  std::reverse(r.links.begin(), r.links.end());
  double kept = 1;
  for (LinkId l : r.links) {
    const Link& k = link(l);
    r.latency_s += k.latency_s;
    kept *= 1 - k.loss;
    r.crosses_foreign = r.crosses_foreign || k.op == Operator::Foreign;
  }
  r.loss = 1 - kept;
  return r;
}

}  // namespace twinmodels::topology
