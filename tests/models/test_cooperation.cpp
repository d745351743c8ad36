// The platform graph (models/twinmodels/platform/platform_graph.hpp) and the
// three cooperation modes read off it (cooperation.hpp): a China Mobile
// deployment, a foreign operator with its own SM platform (direct), one
// through an eSIM agent (proxy), one that hands China Mobile its numbers
// (delegated); and the deployments the graph refuses.
#include <gtest/gtest.h>

#include "cooperation_graph.hpp"
#include "twinmodels/platform/cooperation.hpp"

namespace twinmodels::platform {
namespace test_cooperation {

using I = Interface;
using R = PlatformRole;

// The cooperation tests' graph, with China Mobile's write module and the
// card vendor (ES1) besides.
PlatformGraph deployment() {
  PlatformGraph g = testing::cooperation_graph();
  g.add_platform("CMCC write module", R::WriteModule, "CMCC");
  g.add_party("Card vendor", PartyKind::Eum);
  g.add_interface("Card vendor", "SM-SR-CMCC", I::Es1);
  return g;
}

std::vector<std::string> functions(const ExportPlan& p) {
  std::vector<std::string> out;
  for (const ExportStep& s : p.steps) out.push_back(s.function);
  return out;
}

TEST(Cooperation, EachForeignOperatorHasItsMode) {
  const PlatformGraph g = deployment();
  const std::vector<ExportPlan> eu = export_plans(g, "Operator EU", "SM-SR-CMCC");
  ASSERT_EQ(eu.size(), 1u);
  EXPECT_EQ(eu[0].mode, CooperationMode::Direct);
  EXPECT_EQ(eu[0].through, "Operator EU");
  EXPECT_EQ(functions(eu[0]),
            (std::vector<std::string>{"SM-SR change request", "ES4.PrepareSMSRChange", "ES4.SMSRChange",
                                      "ES7.HandoverEUICC", "ES7.AuthenticateSMSR", "ES7.CreateAdditionalKeySet",
                                      "ES2.DownloadProfile", "ES3.CreateISDP",
                                      "ES3.SendData (ES8 key establishment, download)", "ES4.EnableProfile"}));
  EXPECT_EQ(eu[0].steps[0].caller, "OneLink");
  EXPECT_EQ(eu[0].steps[3].caller, "SM-SR-CMCC");
  EXPECT_EQ(eu[0].steps[3].callee, "SM-SR-EU");

  const std::vector<ExportPlan> la = export_plans(g, "Operator LA", "SM-SR-CMCC");
  ASSERT_EQ(la.size(), 1u);
  EXPECT_EQ(la[0].mode, CooperationMode::Proxy);
  EXPECT_EQ(la[0].through, "Agent");
  EXPECT_EQ(la[0].steps[0].function, "ES4.PrepareSMSRChange");  // no OneLink interface to the agent
  EXPECT_EQ(la[0].steps[0].callee, "SM-SR-AGENT");
  EXPECT_EQ(la[0].steps[1].function, "ES4.SMSRChange");
  EXPECT_EQ(la[0].steps[1].callee, "SM-SR-CMCC");

  const std::vector<ExportPlan> af = export_plans(g, "Operator AF", "SM-SR-CMCC");
  ASSERT_EQ(af.size(), 1u);
  EXPECT_EQ(af[0].mode, CooperationMode::Delegated);
  EXPECT_EQ(af[0].through, "CMCC");
  EXPECT_EQ(af[0].steps.front().callee, "SM-DP-CMCC");
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
  EXPECT_TRUE(export_plans(g, "Operator XX", "SM-SR-CMCC").empty());
  g.add_interface("XX SM-SR", "SM-SR-CMCC", I::Es7);
  EXPECT_EQ(export_plans(g, "Operator XX", "SM-SR-CMCC").size(), 1u);
  // A foreign operator may use both its own platform and China Mobile's SM-DP.
  g.add_interface("Operator XX", "SM-DP-CMCC", I::Es2);
  const auto both = export_plans(g, "Operator XX", "SM-SR-CMCC");
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
  EXPECT_THROW(g.add_platform("y", R::SmSr, "SM-DP-CMCC"), PlatformGraphError);  // a platform owns nothing
  EXPECT_THROW(g.add_interface("CMCC", "SM-SR-CMCC", I::Es3), PlatformGraphError);  // ES3 is SM-DP to SM-SR
  EXPECT_THROW(g.add_interface("SM-SR-CMCC", "SM-DP-CMCC", I::Es3), PlatformGraphError);
  EXPECT_THROW(g.add_interface("Card vendor", "SM-DP-CMCC", I::Es1), PlatformGraphError);
  EXPECT_THROW(g.add_interface("OneLink", "SM-SR-CMCC", I::OneLinkForeign), PlatformGraphError);  // not foreign
  g.add_platform("SM-SR-CMCC-2", R::SmSr, "CMCC");
  EXPECT_THROW(g.add_interface("SM-SR-CMCC", "SM-SR-CMCC-2", I::Es7), PlatformGraphError);  // ES7 joins two parties
  EXPECT_THROW(g.add_interface("CMCC", "nowhere", I::Es4), PlatformGraphError);
  EXPECT_THROW(export_plans(g, "CMCC", "SM-SR-CMCC"), PlatformGraphError);         // not foreign
  EXPECT_THROW(export_plans(g, "Operator EU", "SM-DP-CMCC"), PlatformGraphError);  // not an SM-SR
}

// The import (the source document §2.2): the foreign operator, its enabled
// profile's MNO, orders the change from its SM-SR to China Mobile's; China
// Mobile then orders its profile from its SM-DP and enables it.
TEST(Cooperation, TheImportPlanHandsTheEuiccToTheHomeSmSr) {
  const PlatformGraph g = deployment();
  const std::optional<ExportPlan> p = import_plan(g, "Operator EU", "SM-SR-CMCC");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, CooperationMode::Import);
  EXPECT_EQ(to_string(p->mode), "import");
  EXPECT_EQ(p->through, "CMCC");
  EXPECT_EQ(functions(*p),
            (std::vector<std::string>{"SM-SR change request", "ES4.PrepareSMSRChange", "ES4.SMSRChange",
                                      "ES7.HandoverEUICC", "ES7.AuthenticateSMSR", "ES7.CreateAdditionalKeySet",
                                      "ES2.DownloadProfile", "ES3.CreateISDP",
                                      "ES3.SendData (ES8 key establishment, download)", "ES4.EnableProfile"}));
  EXPECT_EQ(p->steps[0].callee, "SM-SR-EU");  // OneLink asks the foreign SM-SR to let go
  EXPECT_EQ(p->steps[1].caller, "Operator EU");
  EXPECT_EQ(p->steps[1].callee, "SM-SR-CMCC");
  EXPECT_EQ(p->steps[2].callee, "SM-SR-EU");
  EXPECT_EQ(p->steps[3].caller, "SM-SR-EU");
  EXPECT_EQ(p->steps[3].callee, "SM-SR-CMCC");
  EXPECT_EQ(p->steps[6].caller, "CMCC");
  EXPECT_EQ(p->steps[6].callee, "SM-DP-CMCC");
  EXPECT_EQ(p->steps[9].caller, "CMCC");
  // No SM-SR it drives (the delegated partner): no import.
  EXPECT_FALSE(import_plan(g, "Operator AF", "SM-SR-CMCC"));
  EXPECT_THROW(import_plan(g, "CMCC", "SM-SR-CMCC"), PlatformGraphError);
  EXPECT_THROW(import_plan(g, "Operator EU", "SM-DP-CMCC"), PlatformGraphError);
}

// The import of a device whose foreign operator works through an eSIM
// agent (the proxy mode, §4.1.6): the agent's SM-SR hands the eUICC over,
// ordered by the foreign operator over ES4 as on its own SM-SR; without the
// ES7 link between the agent's SM-SR and China Mobile's, no import.
TEST(Cooperation, TheImportPlanTakesTheEuiccFromAnAgentsSmSr) {
  PlatformGraph g = deployment();
  const std::optional<ExportPlan> p = import_plan(g, "Operator LA", "SM-SR-CMCC");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, CooperationMode::Import);
  EXPECT_EQ(p->through, "CMCC");
  EXPECT_EQ(functions(*p),
            (std::vector<std::string>{"ES4.PrepareSMSRChange", "ES4.SMSRChange", "ES7.HandoverEUICC",
                                      "ES7.AuthenticateSMSR", "ES7.CreateAdditionalKeySet", "ES2.DownloadProfile",
                                      "ES3.CreateISDP", "ES3.SendData (ES8 key establishment, download)",
                                      "ES4.EnableProfile"}));  // no OneLink interface to the agent
  EXPECT_EQ(p->steps[0].caller, "Operator LA");
  EXPECT_EQ(p->steps[0].callee, "SM-SR-CMCC");
  EXPECT_EQ(p->steps[1].callee, "SM-SR-AGENT");
  EXPECT_EQ(p->steps[2].caller, "SM-SR-AGENT");
  EXPECT_EQ(p->steps[2].callee, "SM-SR-CMCC");
  g.add_interface("OneLink", "SM-SR-AGENT", Interface::OneLinkForeign);
  EXPECT_EQ(import_plan(g, "Operator LA", "SM-SR-CMCC")->steps[0].function, "SM-SR change request");

  PlatformGraph no_es7;
  no_es7.add_party("CMCC", PartyKind::HomeOperator);
  no_es7.add_platform("SM-DP-CMCC", R::SmDp, "CMCC");
  no_es7.add_platform("SM-SR-CMCC", R::SmSr, "CMCC");
  no_es7.add_interface("CMCC", "SM-DP-CMCC", I::Es2);
  no_es7.add_interface("SM-DP-CMCC", "SM-SR-CMCC", I::Es3);
  no_es7.add_party("Agent", PartyKind::EsimAgent);
  no_es7.add_platform("SM-SR-AGENT", R::SmSr, "Agent");
  no_es7.add_party("Operator LA", PartyKind::ForeignOperator);
  no_es7.add_interface("Operator LA", "SM-SR-AGENT", I::Es4);
  EXPECT_FALSE(import_plan(no_es7, "Operator LA", "SM-SR-CMCC"));
  no_es7.add_interface("SM-SR-AGENT", "SM-SR-CMCC", I::Es7);
  EXPECT_TRUE(import_plan(no_es7, "Operator LA", "SM-SR-CMCC"));
}

// The operator's retry after a failed download (cooperation_flow.hpp): the
// plan from ES2.DownloadProfile on, the SM-SR change left out; a plan
// without one (delegated) is whole already.
TEST(Cooperation, TheDownloadPartLeavesTheSmSrChangeOut) {
  const PlatformGraph g = deployment();
  const ExportPlan direct = export_plans(g, "Operator EU", "SM-SR-CMCC").front();
  const ExportPlan part = download_part(direct);
  EXPECT_EQ(part.mode, CooperationMode::Direct);
  EXPECT_EQ(part.through, "Operator EU");
  EXPECT_EQ(functions(part), (std::vector<std::string>{"ES2.DownloadProfile", "ES3.CreateISDP",
                                                       "ES3.SendData (ES8 key establishment, download)",
                                                       "ES4.EnableProfile"}));
  EXPECT_EQ(part.steps.front().caller, "Operator EU");
  EXPECT_EQ(part.steps.front().callee, "SM-DP-EU");
  const ExportPlan delegated = export_plans(g, "Operator AF", "SM-SR-CMCC").front();
  EXPECT_EQ(functions(download_part(delegated)), functions(delegated));
}

}  // namespace test_cooperation
}  // namespace twinmodels::platform
