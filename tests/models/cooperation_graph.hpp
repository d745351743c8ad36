#pragma once
// The deployment graph of the cooperation tests (platform_graph.hpp), its
// platforms named by their ids: the plans read off it
// (test_cooperation.cpp) and the flows run on it (cooperation_flow_rig.hpp).
#include "twinmodels/platform/platform_graph.hpp"

namespace twinmodels::testing {

// China Mobile (SM-DP-CMCC, SM-SR-CMCC, OneLink, chip management); Operator
// EU with its own SM platform (direct, OneLink's interface to its SM-SR);
// Operator LA through the eSIM agent's platform (proxy); Operator AF giving
// its number data to China Mobile's SM-DP (delegated); FOREIGN, whose
// devices come into China on SM-SR-FOREIGN (import).
// China Mobile's platforms: SM-DP-CMCC, SM-SR-CMCC, OneLink and chip management.
inline void add_china_mobile(platform::PlatformGraph& g) {
  using I = platform::Interface;
  using R = platform::PlatformRole;
  g.add_party("CMCC", platform::PartyKind::HomeOperator);
  g.add_platform("SM-DP-CMCC", R::SmDp, "CMCC");
  g.add_platform("SM-SR-CMCC", R::SmSr, "CMCC");
  g.add_platform("OneLink", R::OneLink, "CMCC");
  g.add_platform("chip management", R::ChipManagement, "CMCC");
  g.add_interface("CMCC", "SM-DP-CMCC", I::Es2);
  g.add_interface("CMCC", "SM-SR-CMCC", I::Es4);
  g.add_interface("SM-DP-CMCC", "SM-SR-CMCC", I::Es3);
}

inline platform::PlatformGraph cooperation_graph() {
  using I = platform::Interface;
  using R = platform::PlatformRole;
  platform::PlatformGraph g;
  add_china_mobile(g);
  g.add_party("Operator EU", platform::PartyKind::ForeignOperator);
  g.add_platform("SM-DP-EU", R::SmDp, "Operator EU");
  g.add_platform("SM-SR-EU", R::SmSr, "Operator EU");
  g.add_interface("Operator EU", "SM-DP-EU", I::Es2);
  g.add_interface("Operator EU", "SM-SR-EU", I::Es4);
  g.add_interface("SM-DP-EU", "SM-SR-EU", I::Es3);
  g.add_interface("SM-SR-CMCC", "SM-SR-EU", I::Es7);
  g.add_interface("OneLink", "SM-SR-EU", I::OneLinkForeign);
  g.add_party("Agent", platform::PartyKind::EsimAgent);
  g.add_platform("SM-DP-AGENT", R::SmDp, "Agent");
  g.add_platform("SM-SR-AGENT", R::SmSr, "Agent");
  g.add_interface("SM-DP-AGENT", "SM-SR-AGENT", I::Es3);
  g.add_interface("SM-SR-CMCC", "SM-SR-AGENT", I::Es7);
  g.add_party("Operator LA", platform::PartyKind::ForeignOperator);
  g.add_interface("Operator LA", "SM-DP-AGENT", I::Es2);
  g.add_interface("Operator LA", "SM-SR-AGENT", I::Es4);
  g.add_party("Operator AF", platform::PartyKind::ForeignOperator);
  g.add_interface("Operator AF", "SM-DP-CMCC", I::Es2);
  g.add_party("FOREIGN", platform::PartyKind::ForeignOperator);
  g.add_platform("SM-SR-FOREIGN", R::SmSr, "FOREIGN");
  g.add_interface("FOREIGN", "SM-SR-FOREIGN", I::Es4);
  g.add_interface("SM-SR-FOREIGN", "SM-SR-CMCC", I::Es7);
  g.add_interface("OneLink", "SM-SR-FOREIGN", I::OneLinkForeign);
  return g;
}

}  // namespace twinmodels::testing
