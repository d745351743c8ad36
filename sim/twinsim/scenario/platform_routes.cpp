#include "twinsim/scenario/platform_routes.hpp"

#include <string>

namespace twinsim {

namespace topo = twinmodels::topology;

namespace {

// A platform's place: its node, checked, or the HSS's node.
struct Site {
  topo::NodeId node = 0;
  std::string where;  // its `node` key, for messages; empty for the HSS's node
  std::string what;   // "SM-SR 'x'", for messages
};

Site site_of(const Scenario& s, const std::string& node, const std::string& where, topo::NodeKind kind,
             std::string what) {
  const auto& t = s.network.topology;
  if (node.empty()) return {t ? t->at(s.hss.host) : 0, {}, std::move(what)};
  if (!t) throw ScenarioError(where + ": a platform's node needs network.topology");
  const auto n = t->find(node);
  if (!n) throw ScenarioError(where + ": no node '" + node + "' in network.topology");
  if (t->node(*n).kind != kind) {
    throw ScenarioError(where + ": node '" + node + "' is of kind " + std::string(topo::to_string(t->node(*n).kind)) +
                        "; " + what + " sits at a node of kind " + std::string(topo::to_string(kind)));
  }
  return {*n, where, std::move(what)};
}

// One way, a to b; a ScenarioError at the key of the one with a node when
// there is no route.
double latency(const Scenario& s, const Site& a, const Site& b) {
  if (a.node == b.node || !s.network.topology) return 0;
  const auto r = s.network.topology->route(a.node, b.node);
  if (!r) {
    const Site& at = a.where.empty() ? b : a;
    const Site& other = a.where.empty() ? a : b;
    throw ScenarioError(at.where + ": no route in network.topology from " + at.what + " to " + other.what + " at '" +
                        s.network.topology->node(other.node).name + "'");
  }
  return r->latency_s;
}

}  // namespace

PlatformRoutes::PlatformRoutes(const Scenario& s) {
  const Site smsc = site_of(s, s.network.smsc.node, s.network.smsc.node_where, topo::NodeKind::Smsc, "the SMSC");
  std::vector<Site> srs;
  for (const SmSrSpec& sr : s.sm_srs)
    srs.push_back(site_of(s, sr.node, sr.node_where, topo::NodeKind::SmSr, "SM-SR '" + sr.id + "'"));
  for (const Site& sr : srs) sm_sr_smsc_.push_back(latency(s, sr, smsc));
  for (const Site& a : srs) {
    sm_sr_sm_sr_.emplace_back();
    for (const Site& b : srs) sm_sr_sm_sr_.back().push_back(latency(s, a, b));
  }
  for (const SmDpSpec& dp : s.sm_dps) {
    const Site d = site_of(s, dp.node, dp.node_where, topo::NodeKind::PlatformServer, "SM-DP '" + dp.id + "'");
    sm_dp_sm_sr_.emplace_back();
    for (const Site& sr : srs) sm_dp_sm_sr_.back().push_back(latency(s, d, sr));
  }
  for (double x : sm_sr_smsc_) any_ = any_ || x > 0;
  for (const auto& row : sm_sr_sm_sr_)
    for (double x : row) any_ = any_ || x > 0;
  for (const auto& row : sm_dp_sm_sr_)
    for (double x : row) any_ = any_ || x > 0;
}

}  // namespace twinsim
