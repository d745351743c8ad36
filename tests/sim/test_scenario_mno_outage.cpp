// The MNOs' notification endpoints in a scenario (docs/SCENARIOS.md, "The
// platforms' notifications"; SGP.02 §5.1.3): an `outage` fault with target
// `mno:<operator>`, and platforms.sm_dp[i].notification_retry for the
// SM-DPs' ES2 notifications; what loads, and the message every mistake
// gets.
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_mno_outage {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
// The population (lines 3-11), platforms from line 12 on.
const std::string kPop = twinsim::testing::kLoaderCards + twinsim::testing::kLoaderProfiles;
const std::string kRetry = "notification_retry: {retry_after: 1min, max_attempts: 3}";
const std::string kEnable = "campaigns:\n  - {name: e, kind: enable-profile, population: trackers, at: 10min, profile: DE-MNO}\n";
const std::string kDownload =
    "campaigns:\n  - {name: d, kind: download-profile, population: trackers, at: 10min, profile: DE-MNO}\n";

// The SM-SR's map on line 13, the campaign on line 15, the fault on line 17.
std::string with_fault(const std::string& sm_sr, const std::string& fault) {
  return kGen + kPop + "platforms:\n  sm_sr: " + sm_sr + "\n" + kEnable + "faults:\n  - " + fault + "\n";
}

// The SM-SR on line 13, the SM-DP's map on line 14, the campaign on line 16.
std::string with_sm_dp(const std::string& sm_dp, const std::string& campaigns = kDownload) {
  return kGen + kPop + "platforms:\n  sm_sr: {workers: 2}\n  sm_dp: " + sm_dp + "\n" + campaigns;
}

TEST(ScenarioMnoOutage, AnMnosOutageNamesItsOperator) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      with_fault("{" + kRetry + "}", "{at: 5min, target: mno:CMCC, action: outage, for: 10min}"), "t.yaml");
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::Mno);
  EXPECT_EQ(s.faults[0].mno, "CMCC");
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::Outage);
  EXPECT_EQ(s.faults[0].at_s, 300);
  EXPECT_EQ(s.faults[0].for_s, 600);
}

TEST(ScenarioMnoOutage, TheSmDpTakesItsRetries) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(with_sm_dp("{workers: 2, notification_retry: {retry_after: 90s, max_attempts: 4}}"), "t.yaml");
  ASSERT_TRUE(s.sm_dps.at(0).notification_retry);
  EXPECT_EQ(s.sm_dps[0].notification_retry->retry_after_s, 90);
  EXPECT_EQ(s.sm_dps[0].notification_retry->max_attempts, 4u);
  EXPECT_EQ(s.sm_dps[0].notification_retry_where, "t.yaml:14:43: platforms.sm_dp.notification_retry");
  EXPECT_FALSE(twinsim::parse_scenario(with_sm_dp("{workers: 2}"), "t.yaml").sm_dps.at(0).notification_retry);
}

TEST(ScenarioMnoOutage, TheSmSrRetriesWithoutDownloads) {
  // Its ES4 notifications to the MNOs are retried too: no download needed.
  const twinsim::Scenario s = twinsim::parse_scenario(kGen + kPop + "platforms:\n  sm_sr: {" + kRetry + "}\n" + kEnable, "t.yaml");
  ASSERT_TRUE(s.sm_srs.at(0).notification_retry);
  EXPECT_EQ(s.sm_srs[0].notification_retry->max_attempts, 3u);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioMnoOutageBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"UnknownMno",
                   with_fault("{" + kRetry + "}", "{at: 5min, target: mno:XX, action: outage, for: 10min}"),
                   "t.yaml:17:24: faults[0].target: no MNO 'XX' among the populations' profiles (their operators: "
                   "CMCC, DE-MNO)"},
        BrokenCase{"EmptyMno", with_fault("{" + kRetry + "}", "{at: 5min, target: 'mno:', action: outage, for: 10min}"),
                   "t.yaml:17:24: faults[0].target: no MNO '' among the populations' profiles (their operators: "
                   "CMCC, DE-MNO)"},
        BrokenCase{"NobodyWaits", with_fault("{workers: 2}", "{at: 5min, target: mno:CMCC, action: outage, for: 10min}"),
                   "t.yaml:17:24: faults[0].target: 'mno:CMCC': an MNO's outage refuses only the notifications whose "
                   "sender waits for the acknowledgement, and no SM-SR or SM-DP has notification_retry "
                   "(platforms.sm_sr[i], platforms.sm_dp[i])"},
        BrokenCase{"NotAnOutage", with_fault("{" + kRetry + "}", "{at: 5min, target: mno:CMCC, action: degrade, for: 10min}"),
                   "t.yaml:17:42: faults[0].action: unknown action for an MNO 'degrade'"},
        BrokenCase{"SmDpRetryWithoutItsDownloads",
                   with_sm_dp("{workers: 2, " + kRetry + "}", kEnable),
                   "t.yaml:14:43: platforms.sm_dp.notification_retry: SM-DP 'SM-DP' sends ES2 notifications only about "
                   "profiles it installed (download-profile campaigns whose orders go to it); this scenario has none"},
        BrokenCase{"SmDpRetryWithoutWait", with_sm_dp("{workers: 2, notification_retry: {max_attempts: 3}}"),
                   "t.yaml:14:43: platforms.sm_dp.notification_retry.retry_after: required key is missing"},
        BrokenCase{"SmDpRetryAtOnce", with_sm_dp("{workers: 2, notification_retry: {retry_after: 0s, max_attempts: 3}}"),
                   "t.yaml:14:57: platforms.sm_dp.notification_retry.retry_after: the retry wait must be longer "
                   "than 0s, found 0s"},
        BrokenCase{"SmDpRetryNoAttempt", with_sm_dp("{workers: 2, notification_retry: {retry_after: 1min, max_attempts: 0}}"),
                   "t.yaml:14:77: platforms.sm_dp.notification_retry.max_attempts: expected a whole number from 1 to "
                   "255, found 0"}),
    [](const ::testing::TestParamInfo<BrokenCase>& i) { return std::string(i.param.name); });

}  // namespace test_scenario_mno_outage
