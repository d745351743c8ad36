// Per-function service times of the platforms' servers (`service_times` of
// platforms.sm_sr, platforms.sm_dp and platforms.chip_management,
// twinmodels::platform::ServerConfig::service): the loader reads them by
// the function names the server serves and refuses others; in a run, an
// SM-SR whose one worker takes 20 s for each ES4.EnableProfile serves a
// batch of ten enables one after the other, while its other functions keep
// the default service time.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinmodels/network/net_time.hpp"

namespace test_service_times_runs {

using namespace twinsim::testing;
namespace net = twinmodels;

// 10 trackers switched to the German profile at 5 min, all in one batch,
// by an SM-SR with one worker; `times` its service_times.
twinsim::Scenario switch_with(const std::string& times) {
  const std::string text = "general: {name: service-times, seed: 31, stop: 30min}\npopulations:\n" +
                           trackers_population(10, "10min", "20min") +
                           "engine: {multiplexers: 2}\n"
                           "platforms:\n"
                           "  sm_sr: {workers: 1, service_time: 20ms" + times + "}\n"
                           "campaigns:\n" + switch_trackers_campaign();
  return twinsim::parse_scenario(text, "service-times.yaml");
}

TEST(ServiceTimesRuns, TheLoaderReadsEachFunctionsTime) {
  const twinsim::Scenario s = switch_with(", service_times: {ES4.EnableProfile: 20s, ES4.AuditEIS: 1500ms}");
  const auto& service = s.sm_srs.at(0).server.service;
  ASSERT_EQ(service.size(), 2u);
  EXPECT_EQ(service.at("ES4.EnableProfile"), 20 * net::kSecond);
  EXPECT_EQ(service.at("ES4.AuditEIS"), 1500 * net::kMs);
  EXPECT_EQ(s.sm_srs.at(0).server.default_service, 20 * net::kMs);
}

TEST(ServiceTimesRuns, ASlowFunctionQueuesTheCampaignBehindOneWorker) {
  const Outcome fast = run(switch_with(""), "service-default");
  const Outcome slow = run(switch_with(", service_times: {ES4.EnableProfile: 20s}"), "service-slow");
  for (const Outcome* r : {&fast, &slow}) {
    EXPECT_EQ(r->metrics.at("smsr.done"), 10);
    EXPECT_EQ(r->metrics.at("smsr.failed"), 0);
  }
  // One worker, 20 s each: the tenth call is served 200 s after the batch.
  EXPECT_GE(slow.metrics.at("smsr.last_done_s"), 300 + 200);
  EXPECT_LT(fast.metrics.at("smsr.last_done_s"), 300 + 60);
  // The 200 s of service show as a queue at the server.
  std::uint64_t slow_queue = 0, fast_queue = 0;
  for (const PlatformRow& row : slow.platforms.at("sm-sr")) slow_queue = std::max(slow_queue, row.queue);
  for (const PlatformRow& row : fast.platforms.at("sm-sr")) fast_queue = std::max(fast_queue, row.queue);
  EXPECT_GE(slow_queue, 5u);
  EXPECT_EQ(fast_queue, 0u);
}

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
// The profiles on lines 10-11, the platforms from line 12.
const std::string& kProfiles = twinsim::testing::kLoaderProfiles;

INSTANTIATE_TEST_SUITE_P(
    ServiceTimes, ScenarioErrors,
    testing::Values(
        BrokenCase{"SmSrUnknownFunction",
                   kGen + kCards + kProfiles + "platforms:\n  sm_sr: {service_times: {ES4.EnableProfil: 1s}}\n",
                   "t.yaml:13:27: platforms.sm_sr.service_times.ES4.EnableProfil: unknown key; did you mean 'ES4.EnableProfile'?"},
        BrokenCase{"SmSrFunctionOfTheSmDp",
                   kGen + kCards + kProfiles + "platforms:\n  sm_sr: {service_times: {ES2.DownloadProfile: 1s}}\n",
                   "t.yaml:13:27: platforms.sm_sr.service_times.ES2.DownloadProfile: unknown key"},
        BrokenCase{"SmDpBadTime",
                   kGen + kCards + kProfiles + "platforms:\n  sm_dp: {service_times: {ES2.DownloadProfile: fast}}\n",
                   "t.yaml:13:48: platforms.sm_dp.service_times.ES2.DownloadProfile: 'fast': expected a duration"},
        BrokenCase{"ServiceTimesNotAMap",
                   kGen + kCards + kProfiles + "platforms:\n  sm_dp: {service_times: 1s}\n",
                   "t.yaml:13:26: platforms.sm_dp.service_times: expected a map of keys (ES2.DownloadProfile, ES2.EnableProfile, "
                   "ES2.DisableProfile, ES2.DeleteProfile, ES2.AuditEIS, ES2.GetEIS), found the text '1s'"}));

}  // namespace test_service_times_runs
