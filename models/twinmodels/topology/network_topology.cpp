#include "twinmodels/topology/network_topology.hpp"

#include <cmath>

namespace twinmodels::topology {

namespace {

struct KindName {
  NodeKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {
    {NodeKind::RanMme, "ran_mme"}, {NodeKind::CoreRouter, "core_router"}, {NodeKind::Hss, "hss"},
    {NodeKind::Smsc, "smsc"},      {NodeKind::SmSr, "sm_sr"},             {NodeKind::PlatformServer, "platform"},
    {NodeKind::ForeignNetwork, "foreign_network"},
};

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

std::string_view to_string(NodeKind k) {
  for (const KindName& n : kKinds) {
    if (n.kind == k) return n.name;
  }
  return "?";
}

std::string_view to_string(Operator o) { return o == Operator::Home ? "home" : "foreign"; }

std::optional<NodeKind> node_kind_from(std::string_view s) {
  for (const KindName& n : kKinds) {
    if (n.name == s) return n.kind;
  }
  return std::nullopt;
}

std::optional<Operator> operator_from(std::string_view s) {
  if (s == "home") return Operator::Home;
  if (s == "foreign") return Operator::Foreign;
  return std::nullopt;
}

bool is_access(NodeKind k) { return k == NodeKind::RanMme || k == NodeKind::ForeignNetwork; }
bool is_router(NodeKind k) { return k == NodeKind::CoreRouter; }
bool is_transit(NodeKind k) { return k == NodeKind::CoreRouter || k == NodeKind::ForeignNetwork; }

NodeId NetworkTopology::add_node(const std::string& name, NodeKind kind) {
  if (name.empty()) throw TopologyError(ErrorPart::Name, "a node needs a name");
  if (find(name)) throw TopologyError(ErrorPart::Name, "node " + in_quotes(name) + " is defined twice");
  return boost::add_vertex(Node{name, kind}, graph_);
}

LinkId NetworkTopology::add_link(const std::string& from, const std::string& to, const Link& link) {
  const std::string what = "link " + in_quotes(link.name);
  if (link.name.empty()) throw TopologyError(ErrorPart::Name, "a link needs a name");
  for (auto [it, end] = boost::edges(graph_); it != end; ++it) {
    if (graph_[*it].name == link.name) throw TopologyError(ErrorPart::Name, what + " is defined twice");
  }
  const auto a = find(from);
  const auto b = find(to);
  if (!a) throw TopologyError(ErrorPart::Ends, what + ": no node " + in_quotes(from));
  if (!b) throw TopologyError(ErrorPart::Ends, what + ": no node " + in_quotes(to));
  if (*a == *b) throw TopologyError(ErrorPart::Ends, what + " joins node " + in_quotes(from) + " to itself");
  if (!std::isfinite(link.bandwidth_Bps) || link.bandwidth_Bps <= 0)
    throw TopologyError(ErrorPart::Bandwidth, what + ": the bandwidth must be more than 0, got " + std::to_string(link.bandwidth_Bps));
  if (!std::isfinite(link.latency_s) || link.latency_s < 0)
    throw TopologyError(ErrorPart::Latency, what + ": the latency must be 0 or more, got " + std::to_string(link.latency_s));
  if (!(link.loss >= 0 && link.loss < 1))
    throw TopologyError(ErrorPart::Loss, what + ": the loss probability must be in [0, 1), got " + std::to_string(link.loss));
  for (NodeId n : {*a, *b}) {
    if (graph_[n].kind == NodeKind::ForeignNetwork && link.op != Operator::Foreign)
      throw TopologyError(ErrorPart::Operator, what + " reaches foreign network " + in_quotes(graph_[n].name) +
                          ": its operator must be foreign (a roaming link)");
  }
  Link l = link;
  l.id = ends_.size();
  boost::add_edge(*a, *b, l, graph_);
  ends_.emplace_back(*a, *b);
  return l.id;
}

std::pair<NodeId, NodeId> NetworkTopology::ends(LinkId l) const { return ends_.at(l); }

const Link& NetworkTopology::link(LinkId l) const {
  const NodeId a = ends_.at(l).first;
  for (auto [it, end] = boost::out_edges(a, graph_); it != end; ++it) {
    if (graph_[*it].id == l) return graph_[*it];
  }
  throw TopologyError(ErrorPart::Name, "link " + std::to_string(l) + " is not in the graph");  // cannot happen: add_link keeps both
}

std::optional<NodeId> NetworkTopology::find(std::string_view name) const {
  for (NodeId n = 0; n < node_count(); ++n) {
    if (graph_[n].name == name) return n;
  }
  return std::nullopt;
}

NodeId NetworkTopology::at(std::string_view name) const {
  if (const auto n = find(name)) return *n;
  throw TopologyError(ErrorPart::Name, "no node " + in_quotes(name));
}

std::vector<NodeId> NetworkTopology::nodes_of(NodeKind kind) const {
  std::vector<NodeId> out;
  for (NodeId n = 0; n < node_count(); ++n) {
    if (graph_[n].kind == kind) out.push_back(n);
  }
  return out;
}

Route NetworkTopology::require_route(NodeId from, NodeId to) const {
  if (auto r = route(from, to)) return *r;
  throw TopologyError(ErrorPart::Route, "no route from " + in_quotes(graph_[from].name) + " to " + in_quotes(graph_[to].name) +
                      ": they are not connected");
}

}  // namespace twinmodels::topology
