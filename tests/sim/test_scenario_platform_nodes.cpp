// The platforms' places on network.topology (the `node` keys of
// platforms.sm_sr, platforms.sm_dp, platforms.write_module,
// platforms.onelink, platforms.chip_management and network.smsc,
// twinsim/scenario/platform_routes.hpp): the latencies between them, and
// the message every mistake gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace test_scenario_platform_nodes {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
// Lines 10-11.
const std::string& kProfiles = twinsim::testing::kLoaderProfiles;
// platforms from line 12: two SM-SRs (lines 14-15) and an SM-DP (line 17)
// with the given extra keys.
std::string platforms(const std::string& sr0, const std::string& sr1, const std::string& dp) {
  return "platforms:\n  sm_sr:\n"
         "    - {id: SR-CN, host: sr-cn, address: '8613900200777'" + sr0 + "}\n"
         "    - {id: SR-DE, host: sr-de, address: '491720000777'" + sr1 + "}\n"
         "  sm_dp:\n"
         "    - {id: DP-DE, host: dp-de" + dp + "}\n";
}
// The write module (line 18), OneLink (line 19) and chip management (line
// 20) after platforms(), with the given extra keys.
std::string others(const std::string& module, const std::string& onelink, const std::string& chips) {
  return "  write_module: {workers: 2" + module + "}\n"
         "  onelink: {populations: [trackers]" + onelink + "}\n"
         "  chip_management: {populations: [trackers]" + chips + "}\n";
}
// network from line 18 (21 after others()): the SMSC (the line after) and a
// topology in which Beijing and Frankfurt are 120 ms apart; `extra_nodes`
// and `extra_links` after the listed ones.
std::string network(const std::string& smsc = "", const std::string& extra_nodes = "",
                    const std::string& extra_links = "") {
  return "network:\n"
         "  smsc: {rate: 10" + smsc + "}\n"
         "  topology:\n"
         "    nodes:\n"
         "      - {name: ran, kind: ran_mme}\n"
         "      - {name: core, kind: core_router}\n"
         "      - {name: hss, kind: hss}\n"
         "      - {name: smsc-bj, kind: smsc}\n"
         "      - {name: sr-bj, kind: sm_sr}\n"
         "      - {name: fra, kind: core_router}\n"
         "      - {name: sr-fra, kind: sm_sr}\n"
         "      - {name: dp-fra, kind: platform}\n" +
         extra_nodes +
         "    links:\n"
         "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
         "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
         "      - {name: core-smsc, from: core, to: smsc-bj, latency: 1ms}\n"
         "      - {name: core-sr, from: core, to: sr-bj, latency: 3ms}\n"
         "      - {name: intl, from: core, to: fra, latency: 120ms}\n"
         "      - {name: fra-sr, from: fra, to: sr-fra, latency: 4ms}\n"
         "      - {name: fra-dp, from: fra, to: dp-fra, latency: 5ms}\n" +
         extra_links;
}
// The write module 2 ms from the core, OneLink 6 ms and chip management 7 ms
// in Beijing, and a platform node with no link.
const std::string kBeijingPlatforms =
    "      - {name: wm-bj, kind: platform}\n"
    "      - {name: ol-bj, kind: platform}\n"
    "      - {name: cm-bj, kind: platform}\n"
    "      - {name: island, kind: platform}\n";
const std::string kBeijingPlatformLinks =
    "      - {name: core-wm, from: core, to: wm-bj, latency: 2ms}\n"
    "      - {name: core-ol, from: core, to: ol-bj, latency: 6ms}\n"
    "      - {name: core-cm, from: core, to: cm-bj, latency: 7ms}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

TEST(ScenarioPlatformNodes, EachPlatformTakesTheLatencyOfItsRoute) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles +
                                   platforms(", node: sr-bj", ", node: sr-fra", ", node: dp-fra") +
                                   network(", node: smsc-bj"));
  EXPECT_EQ(s.sm_srs[0].node, "sr-bj");
  EXPECT_EQ(s.sm_dps[0].node, "dp-fra");
  EXPECT_EQ(s.network.smsc.node, "smsc-bj");
  const twinsim::PlatformRoutes r(s);
  EXPECT_TRUE(r.any());
  EXPECT_NEAR(r.sm_sr_smsc_s(0), 0.004, 1e-12);          // sr-bj - core - smsc-bj
  EXPECT_NEAR(r.sm_sr_smsc_s(1), 0.125, 1e-12);          // sr-fra - fra - core - smsc-bj
  EXPECT_NEAR(r.sm_sr_sm_sr_s(0, 1), 0.127, 1e-12);      // sr-bj - core - fra - sr-fra
  EXPECT_NEAR(r.sm_sr_sm_sr_s(1, 0), 0.127, 1e-12);
  EXPECT_EQ(r.sm_sr_sm_sr_s(1, 1), 0);
  EXPECT_NEAR(r.sm_dp_sm_sr_s(0, 0), 0.128, 1e-12);      // dp-fra - fra - core - sr-bj
  EXPECT_NEAR(r.sm_dp_sm_sr_s(0, 1), 0.009, 1e-12);      // dp-fra - fra - sr-fra
}

TEST(ScenarioPlatformNodes, WithoutNodesThePlatformsSitAtTheHss) {
  // The SM-SR in Frankfurt, the others at the HSS's node.
  const twinsim::PlatformRoutes r(load(kGen + kCards + kProfiles + platforms("", ", node: sr-fra", "") + network()));
  EXPECT_EQ(r.sm_sr_smsc_s(0), 0);
  EXPECT_NEAR(r.sm_sr_smsc_s(1), 0.125, 1e-12);  // sr-fra - fra - core - hss
  EXPECT_EQ(r.sm_dp_sm_sr_s(0, 0), 0);
  // Without a topology nothing is far.
  EXPECT_FALSE(twinsim::PlatformRoutes(load(kGen + kCards + kProfiles + platforms("", "", ""))).any());
}

TEST(ScenarioPlatformNodes, TheWriteModuleOneLinkAndChipManagementTakeTheirRoutes) {
  const twinsim::Scenario s =
      load(kGen + kCards + kProfiles + platforms(", node: sr-bj", ", node: sr-fra", ", node: dp-fra") +
           others(", node: wm-bj", ", node: ol-bj", ", node: cm-bj") +
           network(", node: smsc-bj", kBeijingPlatforms, kBeijingPlatformLinks));
  EXPECT_EQ(s.write_module.node, "wm-bj");
  EXPECT_EQ(s.onelink.node, "ol-bj");
  EXPECT_EQ(s.chip_management.node, "cm-bj");
  const twinsim::PlatformRoutes r(s);
  EXPECT_NEAR(r.write_module_smsc_s(), 0.003, 1e-12);              // wm-bj - core - smsc-bj
  EXPECT_NEAR(r.onelink_sm_dp_s(0), 0.131, 1e-12);                 // ol-bj - core - fra - dp-fra
  EXPECT_NEAR(r.onelink_sm_sr_s(0), 0.009, 1e-12);                 // ol-bj - core - sr-bj
  EXPECT_NEAR(r.onelink_sm_sr_s(1), 0.130, 1e-12);                 // ol-bj - core - fra - sr-fra
  EXPECT_NEAR(r.chip_management_sm_dp_s(0), 0.132, 1e-12);         // cm-bj - core - fra - dp-fra
  EXPECT_NEAR(r.chip_management_sm_sr_s(0), 0.010, 1e-12);         // cm-bj - core - sr-bj
  EXPECT_NEAR(r.chip_management_sm_sr_s(1), 0.131, 1e-12);
  EXPECT_NEAR(r.chip_management_write_module_s(), 0.009, 1e-12);   // cm-bj - core - wm-bj
  EXPECT_NEAR(r.chip_management_hss_s(), 0.008, 1e-12);            // cm-bj - core - hss
  EXPECT_NEAR(r.chip_management_onelink_s(), 0.013, 1e-12);        // cm-bj - core - ol-bj
  // The hops of the messages on the links (platform_links.hpp): their
  // nodes, each way, and the same latency.
  const auto& t = *s.network.topology;
  const twinsim::PlatformHop& sr_cm = r.sm_sr_to_chip_management(1);
  EXPECT_TRUE(sr_cm.crosses);
  EXPECT_EQ(sr_cm.from, t.at("sr-fra"));
  EXPECT_EQ(sr_cm.to, t.at("cm-bj"));
  EXPECT_NEAR(sr_cm.latency_s, 0.131, 1e-12);
  const twinsim::PlatformHop& back = r.smsc_to_write_module();
  EXPECT_EQ(back.from, t.at("smsc-bj"));
  EXPECT_EQ(back.to, t.at("wm-bj"));
  EXPECT_NEAR(back.latency_s, 0.003, 1e-12);
  EXPECT_EQ(r.sm_dp_to_sm_sr(0, 1).from, t.at("dp-fra"));
  EXPECT_EQ(r.sm_sr_to_sm_dp(1, 0).to, t.at("dp-fra"));
  EXPECT_TRUE(r.messages_cross());
}

TEST(ScenarioPlatformNodes, WithoutTheirNodesTheirMessagesTakeNoTime) {
  // The SMSC and the SM-SRs far apart, the three without nodes: as before their keys.
  const twinsim::PlatformRoutes r(load(kGen + kCards + kProfiles +
                                       platforms(", node: sr-bj", ", node: sr-fra", ", node: dp-fra") +
                                       others("", "", "") + network(", node: smsc-bj")));
  EXPECT_EQ(r.write_module_smsc_s(), 0);
  EXPECT_EQ(r.onelink_sm_dp_s(0), 0);
  EXPECT_EQ(r.onelink_sm_sr_s(1), 0);
  EXPECT_EQ(r.chip_management_sm_sr_s(1), 0);
  EXPECT_EQ(r.chip_management_hss_s(), 0);
  EXPECT_EQ(r.chip_management_onelink_s(), 0);
  // OneLink with a node, chip management without: nothing between the two.
  const twinsim::PlatformRoutes one(load(kGen + kCards + kProfiles + platforms("", "", "") +
                                         others("", ", node: ol-bj", "") +
                                         network("", kBeijingPlatforms, kBeijingPlatformLinks)));
  EXPECT_NEAR(one.onelink_sm_sr_s(0), 0.007, 1e-12);  // ol-bj - core - hss (the SM-SR's place)
  EXPECT_EQ(one.chip_management_onelink_s(), 0);
  // A hop to or from a platform without a node crosses nothing.
  EXPECT_FALSE(r.write_module_to_smsc().crosses);
  EXPECT_FALSE(r.sm_sr_to_chip_management(1).crosses);
  EXPECT_FALSE(one.chip_management_to_onelink().crosses);
  EXPECT_TRUE(one.sm_sr_to_onelink(0).crosses);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioPlatformNodes, ScenarioErrors,
    testing::Values(
        BrokenCase{"NodeWithoutTopology", kGen + kCards + kProfiles + platforms(", node: sr-bj", "", ""),
                   "t.yaml:14:64: platforms.sm_sr[0].node: a platform's node needs network.topology"},
        BrokenCase{"UnknownNode", kGen + kCards + kProfiles + platforms("", "", ", node: dp-sha") + network(),
                   "t.yaml:17:38: platforms.sm_dp[0].node: no node 'dp-sha' in network.topology"},
        BrokenCase{"SmSrAtAnotherKind", kGen + kCards + kProfiles + platforms("", ", node: dp-fra", "") + network(),
                   "t.yaml:15:63: platforms.sm_sr[1].node: node 'dp-fra' is of kind platform; SM-SR 'SR-DE' sits at a "
                   "node of kind sm_sr"},
        BrokenCase{"SmscAtAnotherKind", kGen + kCards + kProfiles + platforms("", "", "") + network(", node: hss"),
                   "t.yaml:19:26: network.smsc.node: node 'hss' is of kind hss; the SMSC sits at a node of kind smsc"},
        BrokenCase{"NoRoute",
                   kGen + kCards + kProfiles + platforms("", "", ", node: dp-far") +
                       network("", "      - {name: dp-far, kind: platform}\n"),
                   "t.yaml:17:38: platforms.sm_dp[0].node: no route in network.topology from SM-DP 'DP-DE' to SM-SR "
                   "'SR-CN' at 'hss'"},
        BrokenCase{"WriteModuleNodeWithoutTopology",
                   kGen + kCards + kProfiles + platforms("", "", "") + others(", node: wm-bj", "", ""),
                   "t.yaml:18:36: platforms.write_module.node: a platform's node needs network.topology"},
        BrokenCase{"UnknownOneLinkNode",
                   kGen + kCards + kProfiles + platforms("", "", "") + others("", ", node: ol-sha", "") + network(),
                   "t.yaml:19:44: platforms.onelink.node: no node 'ol-sha' in network.topology"},
        BrokenCase{"ChipManagementAtAnotherKind",
                   kGen + kCards + kProfiles + platforms("", "", "") + others("", "", ", node: sr-bj") + network(),
                   "t.yaml:20:52: platforms.chip_management.node: node 'sr-bj' is of kind sm_sr; chip management sits at a node of "
                   "kind platform"},
        BrokenCase{"WriteModuleAtAnotherKind",
                   kGen + kCards + kProfiles + platforms("", "", "") + others(", node: smsc-bj", "", "") + network(),
                   "t.yaml:18:36: platforms.write_module.node: node 'smsc-bj' is of kind smsc; the write module sits at a node of "
                   "kind platform"},
        BrokenCase{"WriteModuleWithoutRoute",
                   kGen + kCards + kProfiles + platforms("", "", "") + others(", node: island", "", "") +
                       network("", kBeijingPlatforms),
                   "t.yaml:18:36: platforms.write_module.node: no route in network.topology from the write module to the SMSC at "
                   "'hss'"},
        BrokenCase{"OneLinkWithoutRoute",
                   kGen + kCards + kProfiles + platforms("", "", "") + others("", ", node: island", "") +
                       network("", kBeijingPlatforms),
                   "t.yaml:19:44: platforms.onelink.node: no route in network.topology from OneLink to SM-DP 'DP-DE' at 'hss'"},
        BrokenCase{"ChipManagementWithoutRoute",
                   kGen + kCards + kProfiles + platforms("", "", "") + others("", ", node: ol-bj", ", node: island") +
                       network("", kBeijingPlatforms, kBeijingPlatformLinks),
                   "t.yaml:20:52: platforms.chip_management.node: no route in network.topology from chip management to SM-DP "
                   "'DP-DE' at 'hss'"}));

}  // namespace test_scenario_platform_nodes
