// Scenario files with get-eis campaigns (ES2.GetEIS at an SM-DP, GSMA
// SGP.02 §5.3.1): what loads, and the message every mistake gets
// (docs/SCENARIOS.md, "The SM-DP's campaigns").
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_get_eis {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
// The profiles list (lines 10-11), then platforms.sm_dp with two SM-DPs
// (lines 12-15); campaigns[0] on line 17.
const std::string kProfiles =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";
const std::string kTwoSmDps =
    "platforms:\n"
    "  sm_dp:\n"
    "    - {id: SM-DP-CMCC, host: sm-dp-cmcc}\n"
    "    - {id: SM-DP-DE, host: sm-dp-de}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

TEST(ScenarioGetEis, AGetEisCampaignIsTheMnosEs2CallAtItsSmDp) {
  const twinsim::Scenario s =
      load(kGen + kCards + kProfiles + kTwoSmDps +
           "campaigns:\n  - {name: eis, kind: get-eis, population: trackers, at: 10min, sm_dp: SM-DP-DE, "
           "batch_size: 5, batch_interval: 1min}\n");
  ASSERT_EQ(s.campaigns.size(), 1u);
  const twinsim::CampaignSpec& c = s.campaigns[0];
  EXPECT_EQ(c.kind, twinsim::CampaignKind::GetEis);
  EXPECT_TRUE(c.via_sm_dp);
  EXPECT_TRUE(twinsim::orders_at_sm_dp(c));
  EXPECT_EQ(c.sm_dp, 1);
  EXPECT_FALSE(twinsim::names_a_profile(c.kind));
  // The MNO of the population's first profile asks (as for an audit).
  EXPECT_EQ(twinsim::ordering_operator(s, 0), "CMCC");
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioGetEis, ScenarioErrors,
    testing::Values(
        BrokenCase{"GetEisWithoutSmDp",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "campaigns:\n  - {name: eis, kind: get-eis, population: trackers, at: 10min}\n",
                   "t.yaml:17:23: campaigns[0].kind: a get-eis campaign needs `sm_dp`: the MNO asks an SM-DP for the "
                   "EIS (ES2.GetEIS)"},
        BrokenCase{"GetEisNamingAProfile",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "campaigns:\n  - {name: eis, kind: get-eis, population: trackers, at: 10min, sm_dp: SM-DP-DE, "
                       "profile: CMCC}\n",
                   "t.yaml:17:91: campaigns[0].profile: a get-eis campaign names no profile: the EIS has them all"},
        BrokenCase{"GetEisAtAnUnknownSmDp",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "campaigns:\n  - {name: eis, kind: get-eis, population: trackers, at: 10min, sm_dp: SM-DP-FR}\n",
                   "t.yaml:17:72: campaigns[0].sm_dp: no SM-DP with id 'SM-DP-FR' (platforms.sm_dp: SM-DP-CMCC, "
                   "SM-DP-DE)"},
        BrokenCase{"GetEisOfDomesticCards",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n" + kTwoSmDps +
                       "campaigns:\n  - {name: eis, kind: get-eis, population: meters, at: 10min, sm_dp: SM-DP-DE}\n",
                   "t.yaml:10:44: campaigns[0].population: population 'meters' has card domestic; the SM-SR's "
                   "campaigns need card international"},
        BrokenCase{"GetEisWithEnable",
                   kGen + kCards + kProfiles + kTwoSmDps +
                       "campaigns:\n  - {name: eis, kind: get-eis, population: trackers, at: 10min, sm_dp: SM-DP-DE, "
                       "enable: false}\n",
                   "t.yaml:17:90: campaigns[0].enable: applies to download-profile campaigns only"}));

}  // namespace test_scenario_get_eis
