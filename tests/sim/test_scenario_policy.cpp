// update-policy-rules campaigns in scenario files (docs/SCENARIOS.md,
// "campaigns"): the profile's new POL2 as a list of "<ACTION>
// <Qualification>" rules (SGP.02 Policy Rules), ordered at the SM-SR (ES4)
// or at an SM-DP (`sm_dp`: ES2, relayed over ES3); what loads, and the
// message every mistake gets.
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_policy {

using twinmodels::platform::Pol2Action;
using twinmodels::platform::Pol2Qualification;
using twinmodels::platform::Pol2Rule;
using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
const std::string kTwo =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";
// campaigns[0] opens on line 13; `rest` continues its map.
std::string policy(const std::string& rest) {
  return kGen + kCards + kTwo + "campaigns:\n  - {name: p, kind: update-policy-rules, population: trackers, at: 10min, " +
         rest + "}\n";
}

TEST(ScenarioPolicy, AnUpdatePolicyRulesCampaignCarriesItsPol2) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(policy("profile: DE-MNO, pol2: ['DISABLE Not-Allowed', 'DELETE Not-Allowed']"), "t.yaml");
  ASSERT_EQ(s.campaigns.size(), 1u);
  const twinsim::CampaignSpec& c = s.campaigns[0];
  EXPECT_EQ(c.kind, twinsim::CampaignKind::UpdatePolicyRules);
  EXPECT_EQ(c.profile, 1);
  EXPECT_FALSE(c.via_sm_dp);
  EXPECT_EQ(c.pol2, (std::vector<Pol2Rule>{{Pol2Action::Disable, Pol2Qualification::NotAllowed},
                                           {Pol2Action::Delete, Pol2Qualification::NotAllowed}}));
  EXPECT_TRUE(twinsim::carried_by_sm_sr(c.kind));
  EXPECT_TRUE(twinsim::names_a_profile(c.kind));
  // The MNO that orders it: the profile's operator.
  EXPECT_EQ(twinsim::ordering_operator(s, 0), "DE-MNO");
  // An empty list: the profile's POL2 without rules.
  EXPECT_TRUE(twinsim::parse_scenario(policy("profile: DE-MNO, pol2: []"), "t.yaml").campaigns[0].pol2.empty());
  // Ordered at an SM-DP, which relays it (ES2 then ES3).
  const twinsim::Scenario relayed =
      twinsim::parse_scenario(policy("profile: DE-MNO, sm_dp: SM-DP, pol2: ['DISABLE Auto-Delete']"), "t.yaml");
  EXPECT_TRUE(relayed.campaigns[0].via_sm_dp);
  EXPECT_TRUE(twinsim::orders_at_sm_dp(relayed.campaigns[0]));
  EXPECT_EQ(relayed.campaigns[0].pol2,
            (std::vector<Pol2Rule>{{Pol2Action::Disable, Pol2Qualification::AutoDelete}}));
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioPolicy, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"Pol2Missing", policy("profile: DE-MNO"), "t.yaml:13:5: campaigns[0].pol2: required key is missing"},
        BrokenCase{"ProfileMissing", policy("pol2: []"), "t.yaml:13:5: campaigns[0].profile: required key is missing"},
        BrokenCase{"Pol2NotAList", policy("profile: DE-MNO, pol2: 'DISABLE Not-Allowed'"),
                   "t.yaml:13:98: campaigns[0].pol2: expected a list of rules such as [\"DISABLE Not-Allowed\"] (an "
                   "empty list: no rule), found the text 'DISABLE Not-Allowed'"},
        BrokenCase{"RuleUnknownAction", policy("profile: DE-MNO, pol2: ['SUSPEND Not-Allowed']"),
                   "t.yaml:13:99: campaigns[0].pol2[0]: expected '<ACTION> <Qualification>' (ACTION: ENABLE, DISABLE "
                   "or DELETE; Qualification: Not-Allowed or Auto-Delete), found 'SUSPEND Not-Allowed'"},
        BrokenCase{"RuleWithoutQualification", policy("profile: DE-MNO, pol2: [DISABLE]"),
                   "t.yaml:13:99: campaigns[0].pol2[0]: expected '<ACTION> <Qualification>' (ACTION: ENABLE, DISABLE "
                   "or DELETE; Qualification: Not-Allowed or Auto-Delete), found 'DISABLE'"},
        BrokenCase{"AutoDeleteOnDelete", policy("profile: DE-MNO, pol2: ['DELETE Auto-Delete']"),
                   "t.yaml:13:98: campaigns[0].pol2: not a POL2 the SM-SR takes: rule 0 (DELETE Auto-Delete): "
                   "Auto-Delete qualifies DISABLE only"},
        BrokenCase{"TwoRulesForOneAction",
                   policy("profile: DE-MNO, pol2: ['DISABLE Not-Allowed', 'DISABLE Auto-Delete']"),
                   "t.yaml:13:98: campaigns[0].pol2: not a POL2 the SM-SR takes: rule 1 (DISABLE Auto-Delete): a "
                   "second rule for DISABLE"},
        BrokenCase{"Pol2OnAnotherKind",
                   kGen + kCards + kTwo +
                       "campaigns:\n  - {name: p, kind: disable-profile, population: trackers, at: 10min, "
                       "profile: DE-MNO, pol2: []}\n",
                   "t.yaml:13:94: campaigns[0].pol2: applies to update-policy-rules campaigns only"},
        BrokenCase{"Pol2OnWriteCard",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n"
                          "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 10min, "
                          "imsi_prefix: '46008', pol2: []}\n",
                   "t.yaml:6:92: campaigns[0].pol2: applies to update-policy-rules campaigns only"},
        BrokenCase{"Pol2ThroughOneLink",
                   kGen + kCards + kTwo + "platforms:\n  onelink: {populations: [trackers]}\n" +
                       "campaigns:\n  - {name: p, kind: update-policy-rules, population: trackers, at: 10min, "
                       "profile: DE-MNO, pol2: [], onelink: true}\n",
                   "t.yaml:15:111: campaigns[0].onelink: applies to download-profile and smsr-change campaigns only"},
        BrokenCase{"UnknownSmDp", policy("profile: DE-MNO, sm_dp: SM-DP-X, pol2: []"),
                   "t.yaml:13:99: campaigns[0].sm_dp: no SM-DP with id 'SM-DP-X' (platforms.sm_dp: SM-DP)"}));

}  // namespace test_scenario_policy
