#pragma once
// Who runs which platform and which platform calls which over which
// interface, as a directed Boost.Graph: the operators and partners of the
// source document (§3.2, §4.1) and their platforms, with the GSMA SGP.02
// interfaces between them (§2.1 Figure 1: ES1 EUM → SM-SR, ES2 MNO → SM-DP,
// ES3 SM-DP → SM-SR, ES4 MNO → SM-SR, ES7 SM-SR → SM-SR) and OneLink's
// interface to foreign eSIM platforms (the source document §3.2.1), and
// chip management's to OneNET (§3.2.3: the two are integrated; the
// interface is ours, its document not being at hand).
// Adding an interface between roles SGP.02 does not connect that way is
// refused, so a graph always describes a possible deployment.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

namespace twinmodels::platform {

enum class PartyKind : std::uint8_t {
  HomeOperator,     // China Mobile (its SM-DP, SM-SR, OneLink, write module, chip management, OneNET)
  ForeignOperator,  // a foreign MNO (source document §4.1.6)
  EsimAgent,        // an eSIM agent running an SM platform for foreign MNOs (proxy mode)
  Eum,              // the eUICC manufacturer (card vendor), SGP.02 §2.1
};

enum class PlatformRole : std::uint8_t { SmDp, SmSr, OneLink, WriteModule, ChipManagement, EumSystem, Mno, OneNet };

// SGP.02 §2.1 interfaces, plus OneLink's to foreign eSIM platforms and
// chip management's to OneNET (device registration, suspension, deletion).
enum class Interface : std::uint8_t { Es1, Es2, Es3, Es4, Es7, OneLinkForeign, ChipManagementOneNet };

std::string_view to_string(PartyKind k);
std::string_view to_string(PlatformRole r);
std::string_view to_string(Interface i);

struct PlatformNode {
  std::string name;
  PlatformRole role = PlatformRole::Mno;
  std::string owner;  // the party's name
  PartyKind owner_kind = PartyKind::HomeOperator;
};

struct InterfaceEdge {
  Interface kind = Interface::Es4;
};

struct PlatformGraphError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class PlatformGraph {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, PlatformNode, InterfaceEdge>;
  using NodeId = Graph::vertex_descriptor;

  // A party and its business system (its "MNO" node for operators and
  // agents, its EUM system for an EUM). Throws PlatformGraphError for a
  // duplicate name.
  NodeId add_party(const std::string& name, PartyKind kind);
  // A platform of a party. Throws for an unknown owner, a duplicate name, a
  // role the party cannot run (an EUM runs no SM-DP; only the home operator
  // runs OneLink, the write module, chip management and OneNET).
  NodeId add_platform(const std::string& name, PlatformRole role, const std::string& owner);
  // `from` calls `to` over `kind`. Throws for unknown names or a role pair
  // the interface does not join (ES1 EUM → SM-SR, ES2 MNO → SM-DP, ES3
  // SM-DP → SM-SR, ES4 MNO → SM-SR, ES7 SM-SR → SM-SR of another party,
  // OneLink → a foreign or agent SM-DP / SM-SR, chip management → OneNET of
  // the same party).
  void add_interface(const std::string& from, const std::string& to, Interface kind);

  std::optional<NodeId> find(std::string_view name) const;
  const PlatformNode& node(NodeId n) const { return graph_[n]; }
  // The platforms of a party with a role, in the order added.
  std::vector<NodeId> platforms(std::string_view owner, PlatformRole role) const;
  bool connected(NodeId from, NodeId to, Interface kind) const;
  const Graph& graph() const { return graph_; }

 private:
  NodeId at(std::string_view name) const;
  Graph graph_;
};

}  // namespace twinmodels::platform
