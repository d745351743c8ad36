#include "twinmodels/platform/platform_graph.hpp"

namespace twinmodels::platform {

std::string_view to_string(PartyKind k) {
  switch (k) {
    case PartyKind::HomeOperator: return "home-operator";
    case PartyKind::ForeignOperator: return "foreign-operator";
    case PartyKind::EsimAgent: return "esim-agent";
    case PartyKind::Eum: return "eum";
  }
  return "?";
}

std::string_view to_string(PlatformRole r) {
  switch (r) {
    case PlatformRole::SmDp: return "SM-DP";
    case PlatformRole::SmSr: return "SM-SR";
    case PlatformRole::OneLink: return "OneLink";
    case PlatformRole::WriteModule: return "write-module";
    case PlatformRole::ChipManagement: return "chip-management";
    case PlatformRole::EumSystem: return "EUM";
    case PlatformRole::Mno: return "MNO";
    case PlatformRole::OneNet: return "OneNET";
  }
  return "?";
}

std::string_view to_string(Interface i) {
  switch (i) {
    case Interface::Es1: return "ES1";
    case Interface::Es2: return "ES2";
    case Interface::Es3: return "ES3";
    case Interface::Es4: return "ES4";
    case Interface::Es7: return "ES7";
    case Interface::OneLinkForeign: return "OneLink-foreign";
    case Interface::ChipManagementOneNet: return "chip-management-OneNET";
  }
  return "?";
}

namespace {

bool may_run(PartyKind owner, PlatformRole role) {
  switch (role) {
    case PlatformRole::SmDp:
    case PlatformRole::SmSr: return owner != PartyKind::Eum;
    case PlatformRole::OneLink:
    case PlatformRole::WriteModule:
    case PlatformRole::ChipManagement:
    case PlatformRole::OneNet: return owner == PartyKind::HomeOperator;
    case PlatformRole::EumSystem: return owner == PartyKind::Eum;
    case PlatformRole::Mno: return owner != PartyKind::Eum;
  }
  return false;
}

bool joins(Interface i, const PlatformNode& a, const PlatformNode& b) {
  using R = PlatformRole;
  switch (i) {
    case Interface::Es1: return a.role == R::EumSystem && b.role == R::SmSr;
    case Interface::Es2: return a.role == R::Mno && b.role == R::SmDp;
    case Interface::Es3: return a.role == R::SmDp && b.role == R::SmSr;
    case Interface::Es4: return a.role == R::Mno && b.role == R::SmSr;
    case Interface::Es7: return a.role == R::SmSr && b.role == R::SmSr && a.owner != b.owner;
    case Interface::OneLinkForeign:
      return a.role == R::OneLink && (b.role == R::SmDp || b.role == R::SmSr) &&
             b.owner_kind != PartyKind::HomeOperator;
    // The source document §3.2.3: the home operator's chip management and OneNET.
    case Interface::ChipManagementOneNet:
      return a.role == R::ChipManagement && b.role == R::OneNet && a.owner == b.owner;
  }
  return false;
}

}  // namespace

PlatformGraph::NodeId PlatformGraph::add_party(const std::string& name, PartyKind kind) {
  if (name.empty() || find(name)) throw PlatformGraphError("platform graph: party '" + name + "' is empty or exists");
  return boost::add_vertex(PlatformNode{name, kind == PartyKind::Eum ? PlatformRole::EumSystem : PlatformRole::Mno, name, kind},
                           graph_);
}

PlatformGraph::NodeId PlatformGraph::add_platform(const std::string& name, PlatformRole role, const std::string& owner) {
  const NodeId o = at(owner);
  const PlatformNode& party = graph_[o];
  if (party.name != party.owner) throw PlatformGraphError("platform graph: '" + owner + "' is a platform, not a party");
  if (name.empty() || find(name)) throw PlatformGraphError("platform graph: platform '" + name + "' is empty or exists");
  if (role == PlatformRole::Mno || role == PlatformRole::EumSystem || !may_run(party.owner_kind, role)) {
    throw PlatformGraphError("platform graph: a " + std::string(to_string(party.owner_kind)) + " runs no " +
                             std::string(to_string(role)) + " ('" + name + "')");
  }
  return boost::add_vertex(PlatformNode{name, role, owner, party.owner_kind}, graph_);
}

void PlatformGraph::add_interface(const std::string& from, const std::string& to, Interface kind) {
  const NodeId a = at(from), b = at(to);
  if (!joins(kind, graph_[a], graph_[b])) {
    throw PlatformGraphError("platform graph: " + std::string(to_string(kind)) + " does not join " +
                             std::string(to_string(graph_[a].role)) + " '" + from + "' to " +
                             std::string(to_string(graph_[b].role)) + " '" + to + "'");
  }
  if (connected(a, b, kind)) return;
  boost::add_edge(a, b, InterfaceEdge{kind}, graph_);
}

std::optional<PlatformGraph::NodeId> PlatformGraph::find(std::string_view name) const {
  for (NodeId v = 0; v < boost::num_vertices(graph_); ++v) {
    if (graph_[v].name == name) return v;
  }
  return std::nullopt;
}

PlatformGraph::NodeId PlatformGraph::at(std::string_view name) const {
  const std::optional<NodeId> n = find(name);
  if (!n) throw PlatformGraphError("platform graph: no party or platform '" + std::string(name) + "'");
  return *n;
}

std::vector<PlatformGraph::NodeId> PlatformGraph::platforms(std::string_view owner, PlatformRole role) const {
  std::vector<NodeId> out;
  for (NodeId v = 0; v < boost::num_vertices(graph_); ++v) {
    if (graph_[v].owner == owner && graph_[v].role == role && graph_[v].name != owner) out.push_back(v);
  }
  return out;
}

bool PlatformGraph::connected(NodeId from, NodeId to, Interface kind) const {
  for (auto [e, end] = boost::out_edges(from, graph_); e != end; ++e) {
    if (boost::target(*e, graph_) == to && graph_[*e].kind == kind) return true;
  }
  return false;
}

}  // namespace twinmodels::platform
