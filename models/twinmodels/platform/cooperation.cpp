#include "twinmodels/platform/cooperation.hpp"

#include <algorithm>

namespace twinmodels::platform {

std::string_view to_string(CooperationMode m) {
  switch (m) {
    case CooperationMode::Direct: return "direct";
    case CooperationMode::Proxy: return "proxy";
    case CooperationMode::Delegated: return "delegated";
    case CooperationMode::Import: return "import";
  }
  return "?";
}

namespace {

using NodeId = PlatformGraph::NodeId;
using R = PlatformRole;

bool es7_between(const PlatformGraph& g, NodeId a, NodeId b) {
  return g.connected(a, b, Interface::Es7) || g.connected(b, a, Interface::Es7);
}

// The SM-DP / SM-SR pair of `party` that `mno` drives (ES2, ES4), wired
// together (ES3) and to the home SM-SR (ES7); the first such pair.
std::optional<std::pair<NodeId, NodeId>> sm_platform(const PlatformGraph& g, NodeId mno, std::string_view party,
                                                     NodeId home_smsr) {
  for (NodeId dp : g.platforms(party, R::SmDp)) {
    for (NodeId sr : g.platforms(party, R::SmSr)) {
      if (g.connected(mno, dp, Interface::Es2) && g.connected(dp, sr, Interface::Es3) &&
          g.connected(mno, sr, Interface::Es4) && es7_between(g, sr, home_smsr)) {
        return std::pair{dp, sr};
      }
    }
  }
  return std::nullopt;
}

// OneLink's request to the new SM platform, when it has the interface.
void onelink_step(const PlatformGraph& g, const std::string& home, NodeId sr, ExportPlan& p) {
  for (NodeId o : g.platforms(home, R::OneLink)) {
    if (g.connected(o, sr, Interface::OneLinkForeign)) {
      p.steps.push_back({g.node(o).name, g.node(sr).name, Interface::OneLinkForeign, "SM-SR change request"});
      return;
    }
  }
}

// The ES4 orders and the ES7 handover of an SM-SR change ordered by `mno`
// from `old_sr` to `sr` (SGP.02 §3.8).
void smsr_change_steps(const std::string& mno, const std::string& old_sr, const std::string& sr, ExportPlan& p) {
  // SGP.02 §3.8: the MNO of the enabled profile asks the new SM-SR to
  // prepare, then the current one to hand over (sm_sr_es4_change.cpp).
  p.steps.push_back({mno, sr, Interface::Es4, "ES4.PrepareSMSRChange"});
  p.steps.push_back({mno, old_sr, Interface::Es4, "ES4.SMSRChange"});
  p.steps.push_back({old_sr, sr, Interface::Es7, "ES7.HandoverEUICC"});
  p.steps.push_back({sr, old_sr, Interface::Es7, "ES7.AuthenticateSMSR"});
  p.steps.push_back({sr, old_sr, Interface::Es7, "ES7.CreateAdditionalKeySet"});
}

ExportPlan takeover(const PlatformGraph& g, CooperationMode mode, const std::string& through, NodeId foreign_mno,
                    NodeId home_mno, NodeId home_smsr, std::pair<NodeId, NodeId> pair) {
  const std::string& f = g.node(foreign_mno).name;
  const std::string& dp = g.node(pair.first).name;
  const std::string& sr = g.node(pair.second).name;
  const std::string& old_sr = g.node(home_smsr).name;
  ExportPlan p{mode, through, {}};
  onelink_step(g, g.node(home_mno).name, pair.second, p);
  smsr_change_steps(g.node(home_mno).name, old_sr, sr, p);
  p.steps.push_back({f, dp, Interface::Es2, "ES2.DownloadProfile"});
  p.steps.push_back({dp, sr, Interface::Es3, "ES3.CreateISDP"});
  p.steps.push_back({dp, sr, Interface::Es3, "ES3.SendData (ES8 key establishment, download)"});
  p.steps.push_back({f, sr, Interface::Es4, "ES4.EnableProfile"});
  return p;
}

// `foreign` names a foreign operator, `home_smsr` an SM-SR.
void check_names(const PlatformGraph& g, std::string_view foreign, std::string_view home_smsr, const char* what) {
  const std::optional<NodeId> f = g.find(foreign);
  const std::optional<NodeId> sr = g.find(home_smsr);
  if (!f || g.node(*f).role != R::Mno || g.node(*f).owner_kind != PartyKind::ForeignOperator) {
    throw PlatformGraphError(std::string(what) + ": '" + std::string(foreign) + "' is not a foreign operator");
  }
  if (!sr || g.node(*sr).role != R::SmSr) {
    throw PlatformGraphError(std::string(what) + ": '" + std::string(home_smsr) + "' is not an SM-SR");
  }
}

}  // namespace

std::optional<ExportPlan> import_plan(const PlatformGraph& g, std::string_view foreign, std::string_view home_smsr) {
  check_names(g, foreign, home_smsr, "import");
  const NodeId f = *g.find(foreign);
  const NodeId home_sr = *g.find(home_smsr);
  const std::string& home = g.node(home_sr).owner;
  const NodeId home_mno = *g.find(home);
  // The SM-SRs the foreign operator's eUICCs may be on: its own, then
  // those of the eSIM agents it works through (the proxy mode, §4.1.6),
  // in the graph's order.
  std::vector<NodeId> smsrs = g.platforms(foreign, R::SmSr);
  for (NodeId v = 0; v < boost::num_vertices(g.graph()); ++v) {
    const PlatformNode& n = g.node(v);
    if (n.role != R::Mno || n.owner_kind != PartyKind::EsimAgent) continue;
    const std::vector<NodeId> agent = g.platforms(n.name, R::SmSr);
    smsrs.insert(smsrs.end(), agent.begin(), agent.end());
  }
  for (NodeId sr : smsrs) {
    if (!g.connected(f, sr, Interface::Es4) || !es7_between(g, sr, home_sr)) continue;
    for (NodeId dp : g.platforms(home, R::SmDp)) {
      if (!g.connected(home_mno, dp, Interface::Es2) || !g.connected(dp, home_sr, Interface::Es3)) continue;
      ExportPlan p{CooperationMode::Import, home, {}};
      onelink_step(g, home, sr, p);
      smsr_change_steps(std::string(foreign), g.node(sr).name, std::string(home_smsr), p);
      const std::string& d = g.node(dp).name;
      p.steps.push_back({home, d, Interface::Es2, "ES2.DownloadProfile"});
      p.steps.push_back({d, std::string(home_smsr), Interface::Es3, "ES3.CreateISDP"});
      p.steps.push_back({d, std::string(home_smsr), Interface::Es3, "ES3.SendData (ES8 key establishment, download)"});
      p.steps.push_back({home, std::string(home_smsr), Interface::Es4, "ES4.EnableProfile"});
      return p;
    }
  }
  return std::nullopt;
}

std::vector<ExportPlan> export_plans(const PlatformGraph& g, std::string_view foreign, std::string_view home_smsr) {
  check_names(g, foreign, home_smsr, "export");
  const std::optional<NodeId> f = g.find(foreign);
  const std::optional<NodeId> old_sr = g.find(home_smsr);
  const std::string& home = g.node(*old_sr).owner;
  const NodeId home_mno = *g.find(home);
  std::vector<ExportPlan> out;
  if (const auto pair = sm_platform(g, *f, foreign, *old_sr)) {
    out.push_back(takeover(g, CooperationMode::Direct, std::string(foreign), *f, home_mno, *old_sr, *pair));
  }
  for (NodeId v = 0; v < boost::num_vertices(g.graph()); ++v) {
    const PlatformNode& n = g.node(v);
    if (n.role != R::Mno || n.owner_kind != PartyKind::EsimAgent) continue;
    if (const auto pair = sm_platform(g, *f, n.name, *old_sr)) {
      out.push_back(takeover(g, CooperationMode::Proxy, n.name, *f, home_mno, *old_sr, *pair));
    }
  }
  for (NodeId dp : g.platforms(home, R::SmDp)) {
    if (!g.connected(*f, dp, Interface::Es2) || !g.connected(dp, *old_sr, Interface::Es3)) continue;
    ExportPlan p{CooperationMode::Delegated, home, {}};
    const std::string& d = g.node(dp).name;
    const std::string& sr = g.node(*old_sr).name;
    p.steps.push_back({std::string(foreign), d, Interface::Es2, "ES2.DownloadProfile (the foreign operator's number data)"});
    p.steps.push_back({d, sr, Interface::Es3, "ES3.CreateISDP"});
    p.steps.push_back({d, sr, Interface::Es3, "ES3.SendData (ES8 key establishment, download)"});
    p.steps.push_back({d, sr, Interface::Es3, "ES3.EnableProfile"});
    out.push_back(std::move(p));
    break;
  }
  return out;
}

// SGP.02 §3.1: the download and what follows it, the SM-SR change (§3.8)
// left out.
ExportPlan download_part(const ExportPlan& plan) {
  ExportPlan p{plan.mode, plan.through, {}};
  const auto from = std::find_if(plan.steps.begin(), plan.steps.end(),
                                 [](const ExportStep& s) { return s.function.rfind("ES2.DownloadProfile", 0) == 0; });
  if (from == plan.steps.end()) return plan;
  p.steps.assign(from, plan.steps.end());
  return p;
}

}  // namespace twinmodels::platform
