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
  bool nowhere = false;  // the write module, OneLink or chip management without a node
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
  if (a.nowhere || b.nowhere || a.node == b.node || !s.network.topology) return 0;
  const auto r = s.network.topology->route(a.node, b.node);
  if (!r) {
    const Site& at = a.where.empty() ? b : a;
    const Site& other = a.where.empty() ? a : b;
    throw ScenarioError(at.where + ": no route in network.topology from " + at.what + " to " + other.what + " at '" +
                        s.network.topology->node(other.node).name + "'");
  }
  return r->latency_s;
}

// a to b as a hop: its latency and nodes.
PlatformHop hop(const Scenario& s, const Site& a, const Site& b) {
  const double l = latency(s, a, b);
  return {l, a.node, b.node, !a.nowhere && !b.nowhere && a.node != b.node && static_cast<bool>(s.network.topology)};
}

// The write module, OneLink or chip management: at its node (of kind
// platform), or nowhere without one.
Site own_site(const Scenario& s, const std::string& node, const std::string& where, std::string what) {
  if (node.empty()) return {0, {}, std::move(what), true};
  return site_of(s, node, where, topo::NodeKind::PlatformServer, std::move(what));
}

// The nodes a population's devices attach through (network_plan.hpp):
// its `node`, or every ran_mme node.
std::vector<topo::NodeId> access_nodes(const Scenario& s, const PopulationSpec& p) {
  if (!p.node.empty()) return {s.network.topology->at(p.node)};
  return s.network.topology->nodes_of(topo::NodeKind::RanMme);
}

}  // namespace

PlatformRoutes::PlatformRoutes(const Scenario& s) {
  const Site smsc = site_of(s, s.network.smsc.node, s.network.smsc.node_where, topo::NodeKind::Smsc, "the SMSC");
  std::vector<Site> srs;
  for (const SmSrSpec& sr : s.sm_srs)
    srs.push_back(site_of(s, sr.node, sr.node_where, topo::NodeKind::SmSr, "SM-SR '" + sr.id + "'"));
  for (const Site& sr : srs) sm_sr_smsc_.push_back(hop(s, sr, smsc));
  for (const Site& a : srs) {
    sm_sr_sm_sr_.emplace_back();
    for (const Site& b : srs) sm_sr_sm_sr_.back().push_back(hop(s, a, b));
  }
  std::vector<Site> dps;
  for (const SmDpSpec& dp : s.sm_dps) {
    dps.push_back(site_of(s, dp.node, dp.node_where, topo::NodeKind::PlatformServer, "SM-DP '" + dp.id + "'"));
    sm_dp_sm_sr_.emplace_back();
    for (const Site& sr : srs) sm_dp_sm_sr_.back().push_back(hop(s, dps.back(), sr));
  }
  const Site hss{s.network.topology ? s.network.topology->at(s.hss.host) : 0, {}, "the HSS"};
  // The write module carries write-card campaigns to the SMSC.
  const Site module = own_site(s, s.write_module.node, s.write_module.node_where, "the write module");
  write_module_smsc_ = hop(s, module, smsc);
  // OneLink sends its requests to the SM-DPs and SM-SRs (campaigns with
  // `onelink: true`) and hears from them.
  const bool onelink = !s.onelink.populations.empty();
  const Site ol = onelink ? own_site(s, s.onelink.node, s.onelink.node_where, "OneLink") : Site{0, {}, "OneLink", true};
  for (const Site& dp : dps) onelink_sm_dp_.push_back(hop(s, ol, dp));
  for (const Site& sr : srs) onelink_sm_sr_.push_back(hop(s, ol, sr));
  // The network's events about its cards come from the MMEs of the access
  // nodes its populations attach through.
  if (!ol.nowhere) {
    mme_onelink_.assign(s.network.topology->node_count(), PlatformHop{});
    for (std::uint16_t p : s.onelink.populations) {
      for (topo::NodeId n : access_nodes(s, s.populations[p])) {
        const Site mme{n, {}, "the MME"};
        mme_onelink_[n] = hop(s, mme, ol);
      }
      // Their MO SMS' usage records come from the SMSC that took them.
      if (s.populations[p].activity_sms > 0) smsc_onelink_ = hop(s, smsc, ol);
    }
  }
  // Chip management hears from the SM-DPs, the SM-SRs and the write
  // module, and tells the HSS and OneLink.
  const bool chips = !s.chip_management.populations.empty();
  const Site cm = chips ? own_site(s, s.chip_management.node, s.chip_management.node_where, "chip management")
                        : Site{0, {}, "chip management", true};
  for (const Site& dp : dps) chip_sm_dp_.push_back(hop(s, cm, dp));
  for (const Site& sr : srs) chip_sm_sr_.push_back(hop(s, cm, sr));
  chip_write_module_ = hop(s, cm, module);
  chip_hss_ = hop(s, cm, hss);
  chip_onelink_ = hop(s, cm, ol);
  // Chip management tells OneNET of its steps.
  const Site on = !s.onenet.populations.empty() ? own_site(s, s.onenet.node, s.onenet.node_where, "OneNET")
                                                : Site{0, {}, "OneNET", true};
  chip_onenet_ = hop(s, cm, on);
  auto take = [this](const PlatformHop& h) {
    any_ = any_ || h.latency_s > 0;
    messages_cross_ = messages_cross_ || h.crosses;
  };
  for (const auto* row : {&sm_sr_smsc_, &onelink_sm_dp_, &onelink_sm_sr_, &chip_sm_dp_, &chip_sm_sr_, &mme_onelink_})
    for (const PlatformHop& h : *row) take(h);
  for (const auto* rows : {&sm_dp_sm_sr_, &sm_sr_sm_sr_})
    for (const auto& row : *rows)
      for (const PlatformHop& h : row) take(h);
  for (const PlatformHop* h :
       {&write_module_smsc_, &chip_write_module_, &chip_onelink_, &chip_hss_, &chip_onenet_, &smsc_onelink_})
    take(*h);
}

}  // namespace twinsim
