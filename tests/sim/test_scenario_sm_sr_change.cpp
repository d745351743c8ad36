// Scenario files with several SM-SRs (platforms.sm_sr as a list), the SM-SR
// a population starts with (euicc.sm_sr) and smsr-change campaigns: what
// loads, and the message every mistake gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_sm_sr_change {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
// The profiles list (lines 10-11), then platforms.sm_sr with two SM-SRs
// (lines 12-15).
const std::string kProfiles =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";
const std::string kTwoSmSrs =
    "platforms:\n"
    "  sm_sr:\n"
    "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777'}\n"
    "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 3}\n";
// campaigns[0] on line 17.
const std::string kChange = "campaigns:\n  - {name: hand-over, kind: smsr-change, population: trackers, at: 10min, to: SM-SR-DE}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

TEST(ScenarioSmSrChange, ListedSmSrsKeepTheirIdsHostsAndNumbers) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles + kTwoSmSrs + kChange);
  ASSERT_EQ(s.sm_srs.size(), 2u);
  EXPECT_EQ(s.sm_srs[0].id, "SM-SR-CMCC");
  EXPECT_EQ(s.sm_srs[0].host, "sm-sr-cmcc");
  EXPECT_EQ(s.sm_srs[1].id, "SM-SR-DE");
  EXPECT_EQ(s.sm_srs[1].address, "491720000777");
  EXPECT_EQ(s.sm_srs[1].server.workers, 3u);
  // Without euicc.sm_sr the eUICCs start with the first.
  EXPECT_EQ(s.populations[0].sm_sr, 0);
  ASSERT_EQ(s.campaigns.size(), 1u);
  EXPECT_EQ(s.campaigns[0].kind, twinsim::CampaignKind::SmSrChange);
  EXPECT_EQ(s.campaigns[0].to, 1);
  EXPECT_EQ(s.sm_sr_index("SM-SR-DE"), std::optional<std::uint8_t>(1));
  EXPECT_EQ(s.sm_sr_ids(), "SM-SR-CMCC, SM-SR-DE");
}

TEST(ScenarioSmSrChange, APopulationNamesTheSmSrItStartsWith) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles + "      sm_sr: SM-SR-DE\n" + kTwoSmSrs +
                                   "campaigns:\n  - {name: back, kind: smsr-change, population: trackers, at: 10min, "
                                   "to: SM-SR-CMCC}\n");
  EXPECT_EQ(s.populations[0].sm_sr, 1);
  EXPECT_EQ(s.campaigns[0].to, 0);
}

TEST(ScenarioSmSrChange, ASecondChangeMayGoBack) {
  const twinsim::Scenario s = load(kGen + kCards + kProfiles + kTwoSmSrs + kChange +
                                   "  - {name: back, kind: smsr-change, population: trackers, at: 1h, to: SM-SR-CMCC}\n");
  EXPECT_EQ(s.campaigns[1].to, 0);
}

TEST(ScenarioSmSrChange, AFaultNamesAnSmSrById) {
  const twinsim::Scenario s =
      load(kGen + kCards + kProfiles + kTwoSmSrs + kChange +
           "faults:\n  - {at: 20min, target: 'sm-sr:SM-SR-DE', action: outage, for: 5min}\n"
           "  - {at: 30min, target: sm-sr, action: outage, for: 5min}\n");
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::SmSr);
  EXPECT_EQ(s.faults[0].sm_sr, 1);
  EXPECT_EQ(s.faults[1].sm_sr, 0);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioSmSrChange, ScenarioErrors,
    testing::Values(
        BrokenCase{"SecondSmSrWithoutId",
                   kGen + kCards + kProfiles + "platforms:\n  sm_sr:\n    - {id: A, address: '1'}\n    - {host: b, address: '2'}\n",
                   "t.yaml:15:7: platforms.sm_sr[1].id: required key is missing"},
        BrokenCase{"SmSrIdTwice",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr:\n    - {id: A, address: '1'}\n    - {id: A, host: b, address: '2'}\n",
                   "t.yaml:15:12: platforms.sm_sr[1].id: SM-SR 'A' is listed twice"},
        BrokenCase{"SmSrHostTwice",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr:\n    - {id: A, address: '1'}\n    - {id: B, host: sm-sr, address: '2'}\n",
                   "t.yaml:15:21: platforms.sm_sr[1].host: 'sm-sr' is the host name of SM-SR 'A'"},
        BrokenCase{"SmSrAddressTwice",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr:\n    - {id: A, address: '1'}\n    - {id: B, host: b, address: '1'}\n",
                   "t.yaml:15:33: platforms.sm_sr[1].address: '1' is the number of SM-SR 'A'"},
        BrokenCase{"SmSrBadId", kGen + kCards + kProfiles + "platforms:\n  sm_sr: {id: 'SM SR'}\n",
                   "t.yaml:13:15: platforms.sm_sr.id: expected an identifier of 1 to 64 letters, digits, '-', '_' "
                   "or '.', found 'SM SR'"},
        BrokenCase{"SmSrEmptyList", kGen + kCards + kProfiles + "platforms:\n  sm_sr: []\n",
                   "t.yaml:13:10: platforms.sm_sr: needs at least one SM-SR"},
        BrokenCase{"PopulationUnknownSmSr", kGen + kCards + kProfiles + "      sm_sr: SM-SR-FR\n" + kTwoSmSrs,
                   "t.yaml:12:14: populations[0].euicc.sm_sr: no SM-SR with id 'SM-SR-FR' (platforms.sm_sr: "
                   "SM-SR-CMCC, SM-SR-DE)"},
        BrokenCase{"ChangeWithoutTo",
                   kGen + kCards + kProfiles + kTwoSmSrs +
                       "campaigns:\n  - {name: c, kind: smsr-change, population: trackers, at: 10min}\n",
                   "t.yaml:17:5: campaigns[0].to: required key is missing"},
        BrokenCase{"ChangeToUnknownSmSr",
                   kGen + kCards + kProfiles + kTwoSmSrs +
                       "campaigns:\n  - {name: c, kind: smsr-change, population: trackers, at: 10min, to: X}\n",
                   "t.yaml:17:71: campaigns[0].to: no SM-SR with id 'X' (platforms.sm_sr: SM-SR-CMCC, SM-SR-DE)"},
        BrokenCase{"ChangeToItsOwnSmSr",
                   kGen + kCards + kProfiles + kTwoSmSrs +
                       "campaigns:\n  - {name: c, kind: smsr-change, population: trackers, at: 10min, to: SM-SR-CMCC}\n",
                   "t.yaml:17:71: campaigns[0].to: the eUICCs of population 'trackers' are with SM-SR 'SM-SR-CMCC' "
                   "already (euicc.sm_sr)"},
        BrokenCase{"ChangeWithProfile",
                   kGen + kCards + kProfiles + kTwoSmSrs +
                       "campaigns:\n  - {name: c, kind: smsr-change, population: trackers, at: 10min, to: SM-SR-DE, "
                       "profile: CMCC}\n",
                   "t.yaml:17:90: campaigns[0].profile: an SM-SR change names no profile: the eUICC goes over with "
                   "all of them"},
        BrokenCase{"ToOnAnotherKind",
                   kGen + kCards + kProfiles + kTwoSmSrs +
                       "campaigns:\n  - {name: c, kind: audit-eis, population: trackers, at: 10min, to: SM-SR-DE}\n",
                   "t.yaml:17:69: campaigns[0].to: applies to smsr-change campaigns only"},
        BrokenCase{"FaultUnknownSmSr",
                   kGen + kCards + kProfiles + kTwoSmSrs + kChange +
                       "faults:\n  - {at: 20min, target: 'sm-sr:SM-SR-FR', action: outage}\n",
                   "t.yaml:19:25: faults[0].target: no SM-SR with id 'SM-SR-FR' (platforms.sm_sr: SM-SR-CMCC, "
                   "SM-SR-DE)"}));

}  // namespace test_scenario_sm_sr_change
