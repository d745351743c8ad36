// The platforms' places on network.topology (the `node` keys of
// platforms.sm_sr, platforms.sm_dp and network.smsc,
// twinsim/scenario/platform_routes.hpp): the latencies between them, and
// the message every mistake gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace {

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
// network from line 18: the SMSC (line 19) and a topology in which Beijing
// and Frankfurt are 120 ms apart; `extra_nodes` after the listed ones.
std::string network(const std::string& smsc = "", const std::string& extra_nodes = "") {
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
         "      - {name: fra-dp, from: fra, to: dp-fra, latency: 5ms}\n";
}

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

}  // namespace

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
                   "'SR-CN' at 'hss'"}));
