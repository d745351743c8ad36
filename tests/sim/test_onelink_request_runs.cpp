// OneLink's requests to foreign platforms in engine runs (campaigns with
// `onelink: true`, sim/twinsim/engine/onelink_run.hpp; the source document
// §3.2.1): the customer orders the SM-SR switch and the profile download
// through OneLink, which sends OneLink.SmSrSwitch / OneLink.ProfileDownload
// and follows each to the platform's answer. The direct export through
// OneLink ends with every request completed and the cards on the expected
// profile; a switch the new SM-SR refuses fails its requests; a download
// asked while the card's switch is in flight is failed by OneLink at once
// and never reaches the SM-DP; the scenario keys are checked.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "export_checks.hpp"
#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_onelink_request_runs {

using namespace twinsim::testing;

const std::string kPlatforms =
    "platforms:\n"
    "  sm_sr:\n"
    "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms}\n"
    "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms}\n"
    "  onelink: {populations: [importers]}\n";

// 10 exporters; the switch at 5 min and the download at `download_at`,
// both through OneLink, 10 a minute.
twinsim::Scenario through_onelink(const std::string& download_at, const std::string& faults = "") {
  const std::string text =
      "general: {name: onelink-requests, seed: 21, stop: 45min}\npopulations:\n" + importers_population(10) +
      "engine: {multiplexers: 2}\n" + kPlatforms + faults +
      "campaigns:\n"
      "  - {name: hand-over, kind: smsr-change, population: importers, to: SM-SR-DE, at: 5min, batch_size: 10, "
      "batch_interval: 1min, onelink: true}\n"
      "  - {name: german-profile, kind: download-profile, population: importers, profile: DE-MNO, at: " +
      download_at + ", batch_size: 10, batch_interval: 1min, onelink: true}\n";
  return twinsim::parse_scenario(text, "onelink-requests.yaml");
}

TEST(OneLinkRequestRuns, TheDirectExportThroughOneLinkCompletesEveryRequest) {
  const Outcome r = run(through_onelink("15min"), "onelink-direct");
  expect_handed_over_then_downloaded(r, 10, "sm-sr-de");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("onelink.requests"), 20);
  EXPECT_EQ(m.at("onelink.requests_completed"), 20);
  EXPECT_EQ(m.at("onelink.requests_failed"), 0);
  EXPECT_EQ(m.at("onelink.requests_in_flight"), 0);
  // The completed download made the German profile the expected one.
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
}

TEST(OneLinkRequestRuns, ASwitchTheNewSmSrRefusesFailsTheRequests) {
  const Outcome r =
      run(through_onelink("15min", "faults:\n  - {at: 4min, target: 'sm-sr:SM-SR-DE', action: outage, for: 5min}\n"),
          "onelink-refused");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_refused"), 10);
  // The switches failed; the downloads went to the SM-DP, which finds the
  // eUICCs with China Mobile's SM-SR and downloads through it.
  EXPECT_EQ(m.at("onelink.requests"), 20);
  EXPECT_EQ(m.at("onelink.requests_failed"), 10);
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("onelink.requests_completed"), 10);
  EXPECT_EQ(m.at("onelink.requests_in_flight"), 0);
  // The German profile runs, as the completed downloads told OneLink.
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
  EXPECT_EQ(m.at("onelink.online"), 10);
}

TEST(OneLinkRequestRuns, ADownloadAskedWhileTheSwitchRunsIsFailedAtOnce) {
  // The download is asked 2 s after the switch, long before any change is
  // done: OneLink keeps one request per card in flight, so it fails the
  // download itself and the SM-DP gets no order.
  const Outcome r = run(through_onelink("302s"), "onelink-busy");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_done"), 10);
  EXPECT_EQ(m.at("onelink.requests"), 20);
  EXPECT_EQ(m.at("onelink.requests_completed"), 10);
  EXPECT_EQ(m.at("onelink.requests_failed"), 10);
  EXPECT_EQ(m.at("smdp.done") + m.at("smdp.failed") + m.at("smdp.refused"), 0);
  EXPECT_EQ(count_of(r.events, twinsim::smdp_event_kind(twinsim::SmDpEvent::Done)), 0u);
}

TEST(OneLinkRequestRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  expect_same_outcome(run(through_onelink("15min"), "onelink-same-a"), run(through_onelink("15min"), "onelink-same-b"));
}

const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
// The profiles (lines 10-11), the platforms (12-16, without OneLink 12-15);
// campaigns[0] on line 18 (17).
const std::string& kProfiles = twinsim::testing::kLoaderProfiles;
const std::string kFollowed =
    "platforms:\n"
    "  sm_sr:\n"
    "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777'}\n"
    "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777'}\n"
    "  onelink: {populations: [trackers]}\n";
const std::string kNotFollowed =
    "platforms:\n"
    "  sm_sr:\n"
    "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777'}\n"
    "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777'}\n";
const std::string kCampaigns = "campaigns:\n  - {name: c, population: trackers, at: 10min, ";

TEST(OneLinkRequestRuns, TheScenarioKeyReadsACampaignThroughOneLink) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kCards + kProfiles + kFollowed + kCampaigns + "kind: smsr-change, to: SM-SR-DE, onelink: true}\n" +
          "  - {name: d, population: trackers, at: 20min, kind: download-profile, profile: DE-MNO, onelink: false}\n",
      "t.yaml");
  ASSERT_EQ(s.campaigns.size(), 2u);
  EXPECT_TRUE(s.campaigns[0].via_onelink);
  EXPECT_FALSE(s.campaigns[1].via_onelink);
}

INSTANTIATE_TEST_SUITE_P(
    OneLinkRequests, ScenarioErrors,
    testing::Values(
        BrokenCase{"OneLinkOnAnEnable",
                   kGen + kCards + kProfiles + kFollowed + kCampaigns + "kind: enable-profile, profile: DE-MNO, onelink: true}\n",
                   "t.yaml:18:96: campaigns[0].onelink: applies to download-profile and smsr-change campaigns only"},
        BrokenCase{"OneLinkOnAnAudit",
                   kGen + kCards + kProfiles + kFollowed + kCampaigns + "kind: audit-eis, onelink: true}\n",
                   "t.yaml:18:74: campaigns[0].onelink: applies to download-profile and smsr-change campaigns only"},
        BrokenCase{"OneLinkNotFollowing",
                   kGen + kCards + kProfiles + kNotFollowed + kCampaigns + "kind: smsr-change, to: SM-SR-DE, onelink: true}\n",
                   "t.yaml:17:90: campaigns[0].onelink: OneLink does not follow population 'trackers': name it in "
                   "platforms.onelink.populations"},
        BrokenCase{"OneLinkDownloadWithoutEnable",
                   kGen + kCards + kProfiles + kFollowed + kCampaigns +
                       "kind: download-profile, profile: DE-MNO, enable: false, onelink: true}\n",
                   "t.yaml:18:113: campaigns[0].onelink: OneLink.ProfileDownload installs and enables the profile: a "
                   "download through OneLink needs enable: true"},
        BrokenCase{"OneLinkNotABoolean",
                   kGen + kCards + kProfiles + kFollowed + kCampaigns + "kind: smsr-change, to: SM-SR-DE, onelink: yes}\n",
                   "t.yaml:18:90: campaigns[0].onelink: unknown onelink 'yes' (allowed: true, false)"}));

}  // namespace test_onelink_request_runs
