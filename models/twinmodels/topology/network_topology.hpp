#pragma once
// The topology of the mobile network a fleet lives in, as a Boost.Graph:
// nodes are the sites and servers of TS 23.401 §4.2 / TS 23.002 §4 that the
// twin models (RAN/MME sites, core routers, HSS, SMSC, SM-SR, the operator's
// platform servers) plus foreign networks (roaming partners, GSMA IR.88 §4);
// links carry bandwidth, latency, loss probability and the operator that runs
// them, so inter-operator (roaming) links are explicit. No SimGrid here: the
// engine turns this graph into its platform (sim/twinsim/engine/platform_builder).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

namespace twinmodels::topology {

// What a topology error is about, so that a reader of a file can point at
// the key at fault.
enum class ErrorPart : std::uint8_t { Name, Ends, Bandwidth, Latency, Loss, Operator, Route };

struct TopologyError : std::runtime_error {
  TopologyError(ErrorPart p, const std::string& what) : std::runtime_error(what), part(p) {}
  ErrorPart part;
};

enum class NodeKind : std::uint8_t {
  RanMme,          // a RAN site with its MME (TS 23.401 §4.2): where devices attach
  CoreRouter,      // an IP router of the core or of the IPX (forwards only)
  Hss,             // HSS/AuC (TS 23.002 §4.1.1.1)
  Smsc,            // SMS service centre (TS 23.040 §2)
  SmSr,            // SM-SR of the eSIM architecture (GSMA SGP.02 §2.1)
  PlatformServer,  // the operator's other platform servers (SM-DP, OneLink, write-card)
  ForeignNetwork,  // a roaming partner's network (GSMA IR.88): devices attach there when roaming
};

// Who runs a link: the home operator, or a foreign one (a roaming partner or
// the IPX between them). A link touching a foreign network is a foreign link.
enum class Operator : std::uint8_t { Home, Foreign };

// The spelling of kinds and operators in scenario files.
std::string_view to_string(NodeKind k);
std::string_view to_string(Operator o);
std::optional<NodeKind> node_kind_from(std::string_view s);
std::optional<Operator> operator_from(std::string_view s);
// Kinds devices attach through (an access node): RanMme and ForeignNetwork.
bool is_access(NodeKind k);
// Kinds that only forward traffic (no server runs there): CoreRouter.
bool is_router(NodeKind k);
// Kinds a route may pass through: routers, and foreign networks (a visited
// network reaches the home network through its partners and the IPX). RAN/MME
// sites and servers are ends of routes only.
bool is_transit(NodeKind k);

struct Node {
  std::string name;
  NodeKind kind = NodeKind::CoreRouter;
};

struct Link {
  std::string name;
  double bandwidth_Bps = 0;  // bytes per second, > 0
  double latency_s = 0;      // one way, >= 0
  double loss = 0;           // probability that a message crossing it is lost, [0, 1)
  Operator op = Operator::Home;
  std::size_t id = 0;        // set by add_link: its index in the order added
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Node, Link>;
using NodeId = Graph::vertex_descriptor;
using LinkId = std::size_t;  // index in the order links were added

// A path between two nodes: the nodes from source to target and the links
// between them in order (links.size() == nodes.size() - 1).
struct Route {
  std::vector<NodeId> nodes;
  std::vector<LinkId> links;
  double latency_s = 0;  // sum of the links' latencies
  double loss = 0;       // 1 - prod(1 - loss_i): lost on at least one link
  bool crosses_foreign = false;  // a foreign (roaming) link is on it
};

class NetworkTopology {
 public:
  // Throws TopologyError for an empty or duplicate name.
  NodeId add_node(const std::string& name, NodeKind kind);
  // Throws TopologyError for unknown endpoints, a link from a node to itself,
  // a duplicate link name, a bandwidth that is not finite and > 0, a latency
  // that is not finite and >= 0, a loss outside [0, 1), or a link touching a
  // foreign network whose operator is not Foreign.
  LinkId add_link(const std::string& from, const std::string& to, const Link& link);

  std::size_t node_count() const { return boost::num_vertices(graph_); }
  std::size_t link_count() const { return ends_.size(); }
  const Node& node(NodeId n) const { return graph_[n]; }
  const Link& link(LinkId l) const;
  // The two ends of a link, in the order they were given.
  std::pair<NodeId, NodeId> ends(LinkId l) const;
  std::optional<NodeId> find(std::string_view name) const;
  // Throws TopologyError naming the node when there is none.
  NodeId at(std::string_view name) const;
  // Nodes of one kind, in the order they were added.
  std::vector<NodeId> nodes_of(NodeKind kind) const;
  const Graph& graph() const { return graph_; }

  // The route of least latency (Dijkstra) passing only through transit
  // nodes (is_transit); among equal latencies the one of fewest links; among those, walking back from the target, the neighbour
  // of lowest node id, then the link of lowest id: the same graph always
  // gives the same route. nullopt when the nodes are not connected.
  std::optional<Route> route(NodeId from, NodeId to) const;
  // The route, or a TopologyError naming both nodes when there is none.
  Route require_route(NodeId from, NodeId to) const;

 private:
  Graph graph_;
  // By LinkId: the ends as given. Not edge descriptors: those point into
  // the graph's own storage, and a copied topology must not share it.
  std::vector<std::pair<NodeId, NodeId>> ends_;
};

}  // namespace twinmodels::topology
