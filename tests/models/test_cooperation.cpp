// The platform graph (models/twinmodels/platform/platform_graph.hpp) and the
// three cooperation modes read off it (cooperation.hpp): a China Mobile
// deployment, a foreign operator with its own SM platform (direct), one
// through an eSIM agent (proxy), one that hands China Mobile its numbers
// (delegated); and the deployments the graph refuses.
#include <gtest/gtest.h>

#include "twinmodels/platform/cooperation.hpp"
#include "twinmodels/platform/platform_graph.hpp"

namespace twinmodels::platform {
namespace {

using I = Interface;
using R = PlatformRole;

PlatformGraph deployment() {
  PlatformGraph g;
  g.add_party("CMCC", PartyKind::HomeOperator);
  g.add_platform("CMCC SM-DP", R::SmDp, "CMCC");
  g.add_platform("CMCC SM-SR", R::SmSr, "CMCC");
  g.add_platform("OneLink", R::OneLink, "CMCC");
  g.add_platform("CMCC write module", R::WriteModule, "CMCC");
  g.add_platform("CMCC chip management", R::ChipManagement, "CMCC");
  g.add_interface("CMCC", "CMCC SM-DP", I::Es2);
  g.add_interface("CMCC", "CMCC SM-SR", I::Es4);
  g.add_interface("CMCC SM-DP", "CMCC SM-SR", I::Es3);
  g.add_party("Card vendor", PartyKind::Eum);
  g.add_interface("Card vendor", "CMCC SM-SR", I::Es1);
  // Direct: its own SM-DP and SM-SR, ES7 with China Mobile's.
  g.add_party("Operator EU", PartyKind::ForeignOperator);
  g.add_platform("EU SM-DP", R::SmDp, "Operator EU");
  g.add_platform("EU SM-SR", R::SmSr, "Operator EU");
  g.add_interface("Operator EU", "EU SM-DP", I::Es2);
  g.add_interface("Operator EU", "EU SM-SR", I::Es4);
  g.add_interface("EU SM-DP", "EU SM-SR", I::Es3);
  g.add_interface("EU SM-SR", "CMCC SM-SR", I::Es7);
  g.add_interface("CMCC SM-SR", "EU SM-SR", I::Es7);
  g.add_interface("OneLink", "EU SM-SR", I::OneLinkForeign);
  // Proxy: an agent's SM platform.
  g.add_party("Agent", PartyKind::EsimAgent);
  g.add_platform("Agent SM-DP", R::SmDp, "Agent");
  g.add_platform("Agent SM-SR", R::SmSr, "Agent");
  g.add_interface("Agent SM-DP", "Agent SM-SR", I::Es3);
  g.add_interface("Agent SM-SR", "CMCC SM-SR", I::Es7);
  g.add_party("Operator LA", PartyKind::ForeignOperator);
  g.add_interface("Operator LA", "Agent SM-DP", I::Es2);
  g.add_interface("Operator LA", "Agent SM-SR", I::Es4);
  // Delegated: numbers to China Mobile's SM-DP.
  g.add_party("Operator AF", PartyKind::ForeignOperator);
  g.add_interface("Operator AF", "CMCC SM-DP", I::Es2);
  return g;
}

std::vector<std::string> functions(const ExportPlan& p) {
  std::vector<std::string> out;
  for (const ExportStep& s : p.steps) out.push_back(s.function);
  return out;
}

TEST(Cooperation, EachForeignOperatorHasItsMode) {
  const PlatformGraph g = deployment();
  const std::vector<ExportPlan> eu = export_plans(g, "Operator EU", "CMCC SM-SR");
  ASSERT_EQ(eu.size(), 1u);
  EXPECT_EQ(eu[0].mode, CooperationMode::Direct);
  EXPECT_EQ(eu[0].through, "Operator EU");
  EXPECT_EQ(functions(eu[0]),
            (std::vector<std::string>{"SM-SR change request", "ES4.PrepareSMSRChange", "ES4.SMSRChange",
                                      "ES7.HandoverEUICC", "ES7.AuthenticateSMSR", "ES7.CreateAdditionalKeySet",
                                      "ES2.DownloadProfile", "ES3.CreateISDP",
                                      "ES3.SendData (ES8 key establishment, download)", "ES4.EnableProfile"}));
  EXPECT_EQ(eu[0].steps[0].caller, "OneLink");
  EXPECT_EQ(eu[0].steps[3].caller, "CMCC SM-SR");
  EXPECT_EQ(eu[0].steps[3].callee, "EU SM-SR");

  const std::vector<ExportPlan> la = export_plans(g, "Operator LA", "CMCC SM-SR");
  ASSERT_EQ(la.size(), 1u);
  EXPECT_EQ(la[0].mode, CooperationMode::Proxy);
  EXPECT_EQ(la[0].through, "Agent");
  EXPECT_EQ(la[0].steps[0].function, "ES4.PrepareSMSRChange");  // no OneLink interface to the agent
  EXPECT_EQ(la[0].steps[0].callee, "Agent SM-SR");
  EXPECT_EQ(la[0].steps[1].function, "ES4.SMSRChange");
  EXPECT_EQ(la[0].steps[1].callee, "CMCC SM-SR");

  const std::vector<ExportPlan> af = export_plans(g, "Operator AF", "CMCC SM-SR");
  ASSERT_EQ(af.size(), 1u);
  EXPECT_EQ(af[0].mode, CooperationMode::Delegated);
  EXPECT_EQ(af[0].through, "CMCC");
  EXPECT_EQ(af[0].steps.front().callee, "CMCC SM-DP");
  EXPECT_EQ(af[0].steps.back().function, "ES3.EnableProfile");
}

TEST(Cooperation, AMissingInterfaceRemovesTheMode) {
  PlatformGraph g = deployment();
  g.add_party("Operator XX", PartyKind::ForeignOperator);
  g.add_platform("XX SM-DP", R::SmDp, "Operator XX");
  g.add_platform("XX SM-SR", R::SmSr, "Operator XX");
  g.add_interface("Operator XX", "XX SM-DP", I::Es2);
  g.add_interface("Operator XX", "XX SM-SR", I::Es4);
  g.add_interface("XX SM-DP", "XX SM-SR", I::Es3);
  // No ES7 with China Mobile's SM-SR: no SM-SR change, no mode.
  EXPECT_TRUE(export_plans(g, "Operator XX", "CMCC SM-SR").empty());
  g.add_interface("XX SM-SR", "CMCC SM-SR", I::Es7);
  EXPECT_EQ(export_plans(g, "Operator XX", "CMCC SM-SR").size(), 1u);
  // A foreign operator may use both its own platform and China Mobile's SM-DP.
  g.add_interface("Operator XX", "CMCC SM-DP", I::Es2);
  const auto both = export_plans(g, "Operator XX", "CMCC SM-SR");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].mode, CooperationMode::Direct);
  EXPECT_EQ(both[1].mode, CooperationMode::Delegated);
}

TEST(Cooperation, TheGraphRefusesImpossibleDeployments) {
  PlatformGraph g = deployment();
  EXPECT_THROW(g.add_party("CMCC", PartyKind::HomeOperator), PlatformGraphError);
  EXPECT_THROW(g.add_platform("Vendor SM-DP", R::SmDp, "Card vendor"), PlatformGraphError);  // an EUM runs none
  EXPECT_THROW(g.add_platform("EU OneLink", R::OneLink, "Operator EU"), PlatformGraphError);   // the home operator's
  EXPECT_THROW(g.add_platform("x", R::SmSr, "Nobody"), PlatformGraphError);
  EXPECT_THROW(g.add_platform("y", R::SmSr, "CMCC SM-DP"), PlatformGraphError);  // a platform owns nothing
  EXPECT_THROW(g.add_interface("CMCC", "CMCC SM-SR", I::Es3), PlatformGraphError);  // ES3 is SM-DP to SM-SR
  EXPECT_THROW(g.add_interface("CMCC SM-SR", "CMCC SM-DP", I::Es3), PlatformGraphError);
  EXPECT_THROW(g.add_interface("Card vendor", "CMCC SM-DP", I::Es1), PlatformGraphError);
  EXPECT_THROW(g.add_interface("OneLink", "CMCC SM-SR", I::OneLinkForeign), PlatformGraphError);  // not foreign
  g.add_platform("CMCC SM-SR 2", R::SmSr, "CMCC");
  EXPECT_THROW(g.add_interface("CMCC SM-SR", "CMCC SM-SR 2", I::Es7), PlatformGraphError);  // ES7 joins two parties
  EXPECT_THROW(g.add_interface("CMCC", "nowhere", I::Es4), PlatformGraphError);
  EXPECT_THROW(export_plans(g, "CMCC", "CMCC SM-SR"), PlatformGraphError);         // not foreign
  EXPECT_THROW(export_plans(g, "Operator EU", "CMCC SM-DP"), PlatformGraphError);  // not an SM-SR
}

// The import (the source document §2.2): the foreign operator, its enabled
// profile's MNO, orders the change from its SM-SR to China Mobile's; China
// Mobile then orders its profile from its SM-DP and enables it.
TEST(Cooperation, TheImportPlanHandsTheEuiccToTheHomeSmSr) {
  const PlatformGraph g = deployment();
  const std::optional<ExportPlan> p = import_plan(g, "Operator EU", "CMCC SM-SR");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, CooperationMode::Import);
  EXPECT_EQ(to_string(p->mode), "import");
  EXPECT_EQ(p->through, "CMCC");
  EXPECT_EQ(functions(*p),
            (std::vector<std::string>{"SM-SR change request", "ES4.PrepareSMSRChange", "ES4.SMSRChange",
                                      "ES7.HandoverEUICC", "ES7.AuthenticateSMSR", "ES7.CreateAdditionalKeySet",
                                      "ES2.DownloadProfile", "ES3.CreateISDP",
                                      "ES3.SendData (ES8 key establishment, download)", "ES4.EnableProfile"}));
  EXPECT_EQ(p->steps[0].callee, "EU SM-SR");  // OneLink asks the foreign SM-SR to let go
  EXPECT_EQ(p->steps[1].caller, "Operator EU");
  EXPECT_EQ(p->steps[1].callee, "CMCC SM-SR");
  EXPECT_EQ(p->steps[2].callee, "EU SM-SR");
  EXPECT_EQ(p->steps[3].caller, "EU SM-SR");
  EXPECT_EQ(p->steps[3].callee, "CMCC SM-SR");
  EXPECT_EQ(p->steps[6].caller, "CMCC");
  EXPECT_EQ(p->steps[6].callee, "CMCC SM-DP");
  EXPECT_EQ(p->steps[9].caller, "CMCC");
  // No SM-SR of its own (delegated partner) or none joined to China
  // Mobile's by ES7 (the agent's operator): no import.
  EXPECT_FALSE(import_plan(g, "Operator AF", "CMCC SM-SR"));
  EXPECT_FALSE(import_plan(g, "Operator LA", "CMCC SM-SR"));
  EXPECT_THROW(import_plan(g, "CMCC", "CMCC SM-SR"), PlatformGraphError);
  EXPECT_THROW(import_plan(g, "Operator EU", "CMCC SM-DP"), PlatformGraphError);
}

}  // namespace
}  // namespace twinmodels::platform
