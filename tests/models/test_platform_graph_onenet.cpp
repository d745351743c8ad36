// OneNET in the deployment graph (models/twinmodels/platform/platform_graph.hpp;
// the source document §3.2.3: chip management integrated with OneNET): the
// home operator runs it, and its chip management talks to it.
#include <gtest/gtest.h>

#include "twinmodels/platform/platform_graph.hpp"

namespace test_platform_graph_onenet {

namespace pf = twinmodels::platform;
using pf::Interface;
using pf::PartyKind;
using pf::PlatformGraph;
using pf::PlatformGraphError;
using R = pf::PlatformRole;

TEST(PlatformGraphOneNet, TheHomeOperatorsChipManagementTalksToItsOneNet) {
  PlatformGraph g;
  g.add_party("CMCC", PartyKind::HomeOperator);
  g.add_party("Operator EU", PartyKind::ForeignOperator);
  const auto chips = g.add_platform("chip management", R::ChipManagement, "CMCC");
  const auto onenet = g.add_platform("OneNET", R::OneNet, "CMCC");
  g.add_interface("chip management", "OneNET", Interface::ChipManagementOneNet);
  EXPECT_TRUE(g.connected(chips, onenet, Interface::ChipManagementOneNet));
  EXPECT_EQ(pf::to_string(R::OneNet), "OneNET");
  EXPECT_EQ(pf::to_string(Interface::ChipManagementOneNet), "chip-management-OneNET");
  EXPECT_EQ(g.platforms("CMCC", R::OneNet), (std::vector<PlatformGraph::NodeId>{onenet}));
  // Only the home operator runs OneNET; the interface joins chip management
  // to OneNET only.
  EXPECT_THROW(g.add_platform("EU OneNET", R::OneNet, "Operator EU"), PlatformGraphError);
  EXPECT_THROW(g.add_interface("OneNET", "chip management", Interface::ChipManagementOneNet), PlatformGraphError);
  g.add_platform("SM-SR-CMCC", R::SmSr, "CMCC");
  EXPECT_THROW(g.add_interface("SM-SR-CMCC", "OneNET", Interface::ChipManagementOneNet), PlatformGraphError);
}

}  // namespace test_platform_graph_onenet
