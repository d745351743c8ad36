// platforms.sm_sr[i].notification_retry (docs/SCENARIOS.md, "The
// platforms' notifications"; SGP.02 §5.1.3): what loads, and the message
// every mistake gets (the SM-DPs' key and the MNOs' outages:
// test_scenario_mno_outage.cpp).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_notification_retry {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
// The population (lines 3-11), platforms from line 12 on; the SM-SR's map
// on line 13.
const std::string kPop = twinsim::testing::kLoaderCards + twinsim::testing::kLoaderProfiles;
const std::string kDownload =
    "campaigns:\n  - {name: d, kind: download-profile, population: trackers, at: 10min, profile: DE-MNO}\n";

std::string with_sm_sr(const std::string& sm_sr) {
  return kGen + kPop + "platforms:\n  sm_sr: " + sm_sr + "\n  sm_dp: {workers: 2}\n" + kDownload;
}

TEST(ScenarioNotificationRetry, TheSmSrTakesItsRetries) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(with_sm_sr("{notification_retry: {retry_after: 90s, max_attempts: 4}}"), "t.yaml");
  ASSERT_TRUE(s.sm_srs.at(0).notification_retry);
  EXPECT_EQ(s.sm_srs[0].notification_retry->retry_after_s, 90);
  EXPECT_EQ(s.sm_srs[0].notification_retry->max_attempts, 4u);
  EXPECT_EQ(s.sm_srs[0].notification_retry_where, "t.yaml:13:31: platforms.sm_sr.notification_retry");
}

TEST(ScenarioNotificationRetry, WithoutTheKeyEachIsSentOnce) {
  const twinsim::Scenario s = twinsim::parse_scenario(with_sm_sr("{workers: 2}"), "t.yaml");
  EXPECT_FALSE(s.sm_srs.at(0).notification_retry);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioNotificationRetryBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"RetryWithoutWait", with_sm_sr("{notification_retry: {max_attempts: 3}}"),
                   "t.yaml:13:31: platforms.sm_sr.notification_retry.retry_after: required key is missing"},
        BrokenCase{"RetryWithoutAttempts", with_sm_sr("{notification_retry: {retry_after: 1min}}"),
                   "t.yaml:13:31: platforms.sm_sr.notification_retry.max_attempts: required key is missing"},
        BrokenCase{"RetryAtOnce", with_sm_sr("{notification_retry: {retry_after: 0s, max_attempts: 3}}"),
                   "t.yaml:13:45: platforms.sm_sr.notification_retry.retry_after: the retry wait must be longer "
                   "than 0s, found 0s"},
        BrokenCase{"RetryWaitNotADuration", with_sm_sr("{notification_retry: {retry_after: soon, max_attempts: 3}}"),
                   "t.yaml:13:45: platforms.sm_sr.notification_retry.retry_after: 'soon': expected a duration: a number and a unit "
                   "(ms, s, min, h or d), e.g. 30s, 1.5h"},
        BrokenCase{"RetryNoAttempt", with_sm_sr("{notification_retry: {retry_after: 1min, max_attempts: 0}}"),
                   "t.yaml:13:65: platforms.sm_sr.notification_retry.max_attempts: expected a whole number from 1 to 255, "
                   "found 0"},
        BrokenCase{"RetryTooManyAttempts", with_sm_sr("{notification_retry: {retry_after: 1min, max_attempts: 256}}"),
                   "t.yaml:13:65: platforms.sm_sr.notification_retry.max_attempts: expected a whole number from 1 to 255, "
                   "found 256"},
        BrokenCase{"RetryNotAMap", with_sm_sr("{notification_retry: 5}"),
                   "t.yaml:13:31: platforms.sm_sr.notification_retry: expected a map of keys (retry_after, max_attempts), "
                   "found the text '5'"},
        BrokenCase{"RetryUnknownKey", with_sm_sr("{notification_retry: {retry_after: 1min, max_attempts: 3, interval: 1min}}"),
                   "t.yaml:13:68: platforms.sm_sr.notification_retry.interval: unknown key (known here: retry_after, "
                   "max_attempts)"}),
    [](const ::testing::TestParamInfo<BrokenCase>& i) { return std::string(i.param.name); });

}  // namespace test_scenario_notification_retry
