// network.topology: the nodes and links of the network as a
// twinmodels::topology::NetworkTopology (docs/SCENARIOS.md), and where the
// populations attach to it.
#include <charconv>

#include "twinsim/scenario/platform_routes.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace topo = twinmodels::topology;

namespace {

std::vector<std::pair<std::string, topo::NodeKind>> node_kinds() {
  std::vector<std::pair<std::string, topo::NodeKind>> out;
  for (topo::NodeKind k : {topo::NodeKind::RanMme, topo::NodeKind::CoreRouter, topo::NodeKind::Hss,
                           topo::NodeKind::Smsc, topo::NodeKind::SmSr, topo::NodeKind::PlatformServer,
                           topo::NodeKind::ForeignNetwork}) {
    out.emplace_back(std::string(topo::to_string(k)), k);
  }
  return out;
}

void read_node(const YamlSection& m, topo::NetworkTopology& t) {
  const YamlField name = m.need("name");
  const std::string n = read_name(name);
  const topo::NodeKind kind = read_word<topo::NodeKind>(m.need("kind"), "node kind", node_kinds());
  try {
    t.add_node(n, kind);
  } catch (const topo::TopologyError& e) {
    name.fail(e.what());
  }
}

void read_link(const YamlSection& m, const NetworkSpec& defaults, topo::NetworkTopology& t) {
  topo::Link l;
  const YamlField name = m.need("name");
  l.name = read_name(name);
  const YamlField from = m.need("from");
  const YamlField to = m.need("to");
  // Unset: the `core` values, as the links of the default topology have.
  l.bandwidth_Bps = defaults.core_bandwidth_Bps;
  l.latency_s = defaults.core_latency_s;
  if (const auto f = m.find("bandwidth")) {
    l.bandwidth_Bps = read_bandwidth(*f);
    if (l.bandwidth_Bps <= 0) f->fail("a link needs a bandwidth above 0Bps, found " + f->text());
  }
  if (const auto f = m.find("latency")) l.latency_s = read_duration(*f);
  if (const auto f = m.find("loss")) l.loss = read_loss(*f);
  const auto op = m.find("operator");
  if (op) l.op = read_word<topo::Operator>(*op, "operator", {{"home", topo::Operator::Home}, {"foreign", topo::Operator::Foreign}});
  const std::string a = read_name(from);
  const std::string b = read_name(to);
  if (!t.find(a)) from.fail("no node '" + a + "' in network.topology.nodes");
  if (!t.find(b)) to.fail("no node '" + b + "' in network.topology.nodes");
  try {
    t.add_link(a, b, l);
  } catch (const topo::TopologyError& e) {
    // At the key at fault (values were checked above: names, ends, operator).
    switch (e.part) {
      case topo::ErrorPart::Operator: (op ? *op : m.field()).fail(e.what());
      case topo::ErrorPart::Ends: to.fail(e.what());
      default: name.fail(e.what());
    }
  }
}

}  // namespace

void read_topology(const YamlSection& m, Scenario& s) {
  topo::NetworkTopology t;
  const YamlField nodes = m.need("nodes");
  for (const YamlField& item : nodes.items()) read_node(YamlSection(item, {"name", "kind"}), t);
  if (const auto links = m.find("links")) {
    for (const YamlField& item : links->items()) {
      read_link(YamlSection(item, {"name", "from", "to", "bandwidth", "latency", "loss", "operator"}), s.network, t);
    }
  }
  // The HSS actor runs on the host named platforms.hss.host.
  const auto hss = t.find(s.hss.host);
  if (!hss || t.node(*hss).kind != topo::NodeKind::Hss)
    nodes.fail("needs a node of kind hss named '" + s.hss.host + "' (platforms.hss.host)");
  if (t.nodes_of(topo::NodeKind::Hss).size() != 1) nodes.fail("holds more than one node of kind hss; the engine runs one HSS");
  if (t.nodes_of(topo::NodeKind::RanMme).empty()) nodes.fail("needs at least one node of kind ran_mme");
  s.network.topology = std::move(t);
  s.network.topology_where = m.field().where();
}

bool attaches_at(const PopulationSpec& p, const topo::NetworkTopology& t, topo::NodeId n) {
  return p.node.empty() ? t.node(n).kind == topo::NodeKind::RanMme : t.node(n).name == p.node;
}

std::vector<topo::NodeId> serving_access_nodes(const Scenario& s, const topo::NetworkTopology& t) {
  std::vector<topo::NodeId> served;
  for (topo::NodeId n = 0; n < t.node_count(); ++n) {
    for (const PopulationSpec& p : s.populations) {
      if (attaches_at(p, t, n)) {
        served.push_back(n);
        break;
      }
    }
  }
  return served;
}

// Populations' `node`: an access node of the topology, reaching the HSS.
void check_topology_use(Scenario& s) {
  const auto& t = s.network.topology;
  for (const PopulationSpec& p : s.populations) {
    if (p.node.empty()) continue;
    const std::string at = p.node_where + ": ";
    if (!t) throw ScenarioError(at + "a population's node needs network.topology");
    const auto n = t->find(p.node);
    if (!n) throw ScenarioError(at + "no node '" + p.node + "' in network.topology");
    if (!topo::is_access(t->node(*n).kind))
      throw ScenarioError(at + "node '" + p.node + "' is of kind " + std::string(topo::to_string(t->node(*n).kind)) +
                          "; devices attach through a ran_mme or foreign_network node");
  }
  // The platforms' nodes: of their kinds, with routes between those that talk.
  (void)PlatformRoutes(s);
  if (!t) return;
  // Every access node that serves devices needs a multiplexer and a route to the HSS.
  const std::vector<topo::NodeId> served = serving_access_nodes(s, *t);
  if (served.size() > static_cast<std::size_t>(s.engine.multiplexers))
    throw ScenarioError(s.network.topology_where + ": " + std::to_string(served.size()) +
                        " access nodes serve devices, each needs a multiplexer, but engine.multiplexers is " +
                        std::to_string(s.engine.multiplexers));
  for (topo::NodeId n : served) {
    try {
      t->require_route(n, t->at(s.hss.host));
      // The eUICCs' HTTPS sessions reach the admin servers from there.
      for (const SmSrSpec& sr : s.sm_srs) {
        if (sr.https) t->require_route(n, sr.node.empty() ? t->at(s.hss.host) : t->at(sr.node));
      }
      // The devices OneNET follows send it their data from there.
      for (std::uint16_t p : s.onenet.populations) {
        if (!s.onenet.node.empty() && attaches_at(s.populations[p], *t, n)) t->require_route(n, t->at(s.onenet.node));
      }
    } catch (const topo::TopologyError& e) {
      throw ScenarioError(s.network.topology_where + ": " + e.what() + " (devices attach at '" + t->node(n).name + "')");
    }
  }
}

}  // namespace twinsim
