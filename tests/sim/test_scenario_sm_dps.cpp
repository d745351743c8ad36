// Scenario files with several SM-DPs (platforms.sm_dp as a list), the
// SM-DP a download-profile campaign names (its key sm_dp) and the fault
// target sm-dp:<id>: what loads, and the message every mistake gets
// (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_sm_dps {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
// The profiles list (lines 10-11), then platforms.sm_dp with two SM-DPs
// (lines 12-15).
const std::string& kProfiles = twinsim::testing::kLoaderProfiles;
const std::string kTwoSmDps =
    "platforms:\n"
    "  sm_dp:\n"
    "    - {id: SM-DP-CMCC, host: sm-dp-cmcc}\n"
    "    - {id: SM-DP-DE, host: sm-dp-de, workers: 3}\n";
// campaigns[0] on line 17, at the German SM-DP.
const std::string kDownload =
    "campaigns:\n  - {name: german, kind: download-profile, population: trackers, at: 10min, profile: DE-MNO, "
    "sm_dp: SM-DP-DE}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

// platforms.sm_dp with `n` SM-DPs D0, D1, ... (hosts d0, d1, ...) from line 14.
std::string many_sm_dps(int n) {
  std::string text = "platforms:\n  sm_dp:\n";
  for (int i = 0; i < n; ++i)
    text += "    - {id: D" + std::to_string(i) + ", host: d" + std::to_string(i) + "}\n";
  return text;
}

TEST(ScenarioSmDps, ListedSmDpsKeepTheirIdsAndHosts) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles + kTwoSmDps + kDownload);
  ASSERT_EQ(s.sm_dps.size(), 2u);
  EXPECT_EQ(s.sm_dps[0].id, "SM-DP-CMCC");
  EXPECT_EQ(s.sm_dps[0].host, "sm-dp-cmcc");
  EXPECT_EQ(s.sm_dps[1].id, "SM-DP-DE");
  EXPECT_EQ(s.sm_dps[1].host, "sm-dp-de");
  EXPECT_EQ(s.sm_dps[1].server.workers, 3u);
  ASSERT_EQ(s.campaigns.size(), 1u);
  EXPECT_EQ(s.campaigns[0].sm_dp, 1);
  EXPECT_EQ(s.sm_dp_index("SM-DP-DE"), std::optional<std::uint8_t>(1));
  EXPECT_EQ(s.sm_dp_index("SM-DP-FR"), std::nullopt);
  EXPECT_EQ(s.sm_dp_ids(), "SM-DP-CMCC, SM-DP-DE");
}

TEST(ScenarioSmDps, OneSmDpIsAMapWithAnOptionalId) {
  const twinsim::Scenario plain = load(kGen + kCards + kProfiles + "platforms:\n  sm_dp: {workers: 2}\n");
  ASSERT_EQ(plain.sm_dps.size(), 1u);
  EXPECT_EQ(plain.sm_dps[0].id, "SM-DP");
  EXPECT_EQ(plain.sm_dps[0].host, "sm-dp");
  const twinsim::Scenario named = load(kGen + kCards + kProfiles + "platforms:\n  sm_dp: {id: SM-DP-CMCC}\n");
  EXPECT_EQ(named.sm_dps[0].id, "SM-DP-CMCC");
}

TEST(ScenarioSmDps, ACampaignWithoutSmDpGoesToTheFirst) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles + kTwoSmDps +
                                   "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: 10min, "
                                   "profile: DE-MNO}\n");
  EXPECT_EQ(s.campaigns[0].sm_dp, 0);
}

TEST(ScenarioSmDps, AFaultNamesAnSmDpById) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles + kTwoSmDps + kDownload +
                                   "faults:\n  - {at: 20min, target: 'sm-dp:SM-DP-DE', action: outage, for: 5min}\n"
                                   "  - {at: 30min, target: sm-dp, action: outage, for: 5min}\n");
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::SmDp);
  EXPECT_EQ(s.faults[0].sm_dp, 1);
  EXPECT_EQ(s.faults[1].sm_dp, 0);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioSmDps, ScenarioErrors,
    testing::Values(
        BrokenCase{"SecondSmDpWithoutId", kGen + kCards + kProfiles + "platforms:\n  sm_dp:\n    - {id: A}\n    - {host: b}\n",
                   "t.yaml:15:7: platforms.sm_dp[1].id: required key is missing"},
        BrokenCase{"SecondSmDpWithoutHost", kGen + kCards + kProfiles + "platforms:\n  sm_dp:\n    - {id: A}\n    - {id: B}\n",
                   "t.yaml:15:7: platforms.sm_dp[1].host: required key is missing"},
        BrokenCase{"SmDpIdTwice",
                   kGen + kCards + kProfiles + "platforms:\n  sm_dp:\n    - {id: A}\n    - {id: A, host: b}\n",
                   "t.yaml:15:12: platforms.sm_dp[1].id: SM-DP 'A' is listed twice"},
        BrokenCase{"SmDpHostTwice",
                   kGen + kCards + kProfiles + "platforms:\n  sm_dp:\n    - {id: A}\n    - {id: B, host: sm-dp}\n",
                   "t.yaml:15:21: platforms.sm_dp[1].host: 'sm-dp' is the host name of SM-DP 'A': the run file keeps "
                   "one table per name"},
        BrokenCase{"SmDpHostOfAnSmSr",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr: {host: sr}\n  sm_dp:\n    - {id: A}\n    - {id: B, host: sr}\n",
                   "t.yaml:16:21: platforms.sm_dp[1].host: 'sr' is the host name of SM-SR 'SM-SR': the run file keeps "
                   "one table per name"},
        BrokenCase{"SmDpHostOfTheHss",
                   kGen + kCards + kProfiles + "platforms:\n  sm_dp:\n    - {id: A}\n    - {id: B, host: hss}\n",
                   "t.yaml:15:21: platforms.sm_dp[1].host: 'hss' is the host name of another platform: the run file "
                   "keeps one table per name"},
        BrokenCase{"SmDpBadId", kGen + kCards + kProfiles + "platforms:\n  sm_dp: {id: 'SM DP'}\n",
                   "t.yaml:13:15: platforms.sm_dp.id: expected an identifier of 1 to 64 letters, digits, '-', '_' "
                   "or '.', found 'SM DP'"},
        BrokenCase{"SmDpEmptyList", kGen + kCards + kProfiles + "platforms:\n  sm_dp: []\n",
                   "t.yaml:13:10: platforms.sm_dp: needs at least one SM-DP"},
        BrokenCase{"SeventeenSmDps", kGen + kCards + kProfiles + many_sm_dps(17),
                   "t.yaml:30:7: platforms.sm_dp[16]: at most 16 SM-DPs"},
        BrokenCase{"CampaignUnknownSmDp",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: 10min, "
                       "profile: DE-MNO, sm_dp: SM-DP-FR}\n",
                   "t.yaml:17:96: campaigns[0].sm_dp: no SM-DP with id 'SM-DP-FR' (platforms.sm_dp: SM-DP-CMCC, "
                   "SM-DP-DE)"},
        BrokenCase{"SmDpOnAnotherKind",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "campaigns:\n  - {name: c, kind: set-fallback, population: trackers, at: 10min, profile: DE-MNO, "
                       "sm_dp: SM-DP-DE}\n",
                   "t.yaml:17:92: campaigns[0].sm_dp: applies to download-profile, enable-profile, disable-profile, "
                   "delete-profile, audit-eis, get-eis and update-policy-rules campaigns only"},
        BrokenCase{"SmDpOnWriteCard",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n"
                          "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 10min, "
                          "imsi_prefix: '46008', sm_dp: SM-DP}\n",
                   "t.yaml:6:93: campaigns[0].sm_dp: applies to download-profile, enable-profile, disable-profile, "
                   "delete-profile, audit-eis, get-eis and update-policy-rules campaigns only"},
        BrokenCase{"FaultUnknownSmDp",
                   kGen + kCards + kProfiles + kTwoSmDps + kDownload +
                       "faults:\n  - {at: 20min, target: 'sm-dp:SM-DP-FR', action: outage}\n",
                   "t.yaml:19:25: faults[0].target: no SM-DP with id 'SM-DP-FR' (platforms.sm_dp: SM-DP-CMCC, "
                   "SM-DP-DE)"},
        BrokenCase{"FaultSmDpByIdWithoutCampaign",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "faults:\n  - {at: 20min, target: 'sm-dp:SM-DP-DE', action: outage}\n",
                   "t.yaml:17:25: faults[0].target: 'sm-dp:SM-DP-DE': the SM-DPs run only with download-profile "
                   "campaigns; this scenario has none"}));

}  // namespace test_scenario_sm_dps
