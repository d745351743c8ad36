// OneLink in engine runs (platforms.onelink, sim/twinsim/engine/onelink_run.hpp):
// it follows the cards of the populations it names from the network's
// events. Trackers the SM-SR could not switch run the old profile while
// the customer ordered the new one: OneLink says "wrong profile" for exactly
// those; sleeping trackers are "power saving"; meters the HSS keeps
// rejecting are offline, raise the offline alert once their limit passes,
// and are not online at the end.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/platform/fault_diagnosis.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_onelink_runs {

using namespace twinsim::testing;
using twinmodels::platform::FaultReason;
using twinsim::OneLinkEvent;
using twinsim::SmSrEvent;

std::uint8_t k(OneLinkEvent e) { return twinsim::onelink_event_kind(e); }
std::uint8_t k(SmSrEvent e) { return twinsim::smsr_event_kind(e); }

// 30 trackers (PSM after 1 min, TAU every 20 min) switched to the German
// profile from 5 min, 10 a minute; 10 domestic meters; `extra` appended
// (platforms, faults).
twinsim::Scenario fleet(const std::string& extra) {
  const std::string text = "general: {name: onelink-runs, seed: 8, stop: 1h}\npopulations:\n" +
                           trackers_population(30, "1min", "20min") +
                           "  - name: meters\n"
                           "    count: 10\n"
                           "    profile: " ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof\n"
                           "    device_model: modem\n"
                           "    start: {profile: uniform, at: 0s, over: 1min}\n"
                           "    activity: {period: 24h, jitter: 1h}\n"
                           "engine: {multiplexers: 2}\n"
                           "campaigns:\n" +
                           switch_trackers_campaign() + extra;
  return twinsim::parse_scenario(text, "onelink-runs.yaml");
}

TEST(OneLinkRuns, TrackersTheSmSrCouldNotSwitchRunTheWrongProfile) {
  const Outcome r = run(fleet("platforms:\n  onelink: {populations: [trackers, meters]}\n"
                              "faults:\n  - {at: 330s, target: sm-sr, action: outage, for: 1min}\n"),
                        "wrong-profile");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.refused"), 10);
  EXPECT_EQ(m.at("smsr.done"), 20);
  EXPECT_EQ(m.at("onelink.wrong_profile"), 10);
  EXPECT_EQ(m.at("onelink.power_saving"), 20);  // the switched trackers sleep in PSM
  EXPECT_EQ(m.at("onelink.not_offline"), 10);   // the meters, online without PSM
  EXPECT_EQ(m.at("onelink.online") + m.at("onelink.sleeping"), 40);
  EXPECT_EQ(m.at("onelink.alerts"), 0);
  // The wrong ones are exactly those the SM-SR refused.
  std::set<std::uint32_t> refused, wrong;
  for (const Row& e : r.events) {
    if (e.kind == k(SmSrEvent::Refused)) refused.insert(e.device);
    if (e.kind == k(OneLinkEvent::Diagnosis) && e.value == static_cast<std::int64_t>(FaultReason::WrongProfile))
      wrong.insert(e.device);
  }
  EXPECT_EQ(refused, wrong);
  EXPECT_EQ(count_of(r.events, k(OneLinkEvent::Diagnosis)), 40u);
}

TEST(OneLinkRuns, RestoredFromABackupBeforeTheSwitchItSeesTheSwitchedTrackersRunTheWrongProfile) {
  // OneLink's records restored at 40 min from the backup of 4 min, before
  // the campaign (from 5 min): it expects the China Mobile profile again of
  // every tracker the SM-SR switched; the meters' expectations did not move.
  const Outcome r = run(fleet("platforms:\n  onelink: {populations: [trackers, meters]}\n"
                              "faults:\n  - {at: 40min, target: onelink, action: restore-backup, backup_at: 4min}\n"),
                        "onelink-restore");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 30);
  EXPECT_EQ(m.at("onelink.expectations_restored"), 30);
  EXPECT_EQ(m.at("onelink.wrong_profile"), 30);
  EXPECT_EQ(m.at("onelink.not_offline"), 10);
  // A backup taken after the switches restores nothing.
  const Outcome later = run(fleet("platforms:\n  onelink: {populations: [trackers, meters]}\n"
                                  "faults:\n  - {at: 50min, target: onelink, action: restore-backup, backup_at: 40min}\n"),
                            "onelink-restore-later");
  EXPECT_EQ(later.metrics.at("onelink.expectations_restored"), 0);
  EXPECT_EQ(later.metrics.at("onelink.wrong_profile"), 0);
}

TEST(OneLinkRuns, MetersTheHssRejectsAreOfflineAndRaiseTheAlert) {
  // The HSS is down from the start: the meters' attaches are rejected
  // (#22) again and again; after 10 min offline each raises one alert.
  const Outcome r = run(fleet("platforms:\n  onelink: {populations: [meters], offline_alert: 10min}\n"
                              "faults:\n  - {at: 0s, target: hss, action: outage}\n"),
                        "offline");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("onelink.offline"), 10);
  EXPECT_EQ(m.at("onelink.online"), 0);
  EXPECT_EQ(m.at("onelink.alerts"), 10);
  EXPECT_EQ(m.at("onelink.not_offline"), 0);
  EXPECT_EQ(count_of(r.events, k(OneLinkEvent::Diagnosis)), 10u);  // the trackers are not followed
  for (const Row& e : r.events) {
    if (e.kind == k(OneLinkEvent::Alert)) {
      EXPECT_GE(e.device, 30u);   // a meter
      EXPECT_GT(e.value, 600);    // seconds offline, past the limit
      EXPECT_LE(e.t, 12 * 60.0);  // checked every minute
    }
  }
}

TEST(OneLinkRuns, TheCustomersQueriesGetOneLinksDiagnosisThen) {
  // The source document §3.2.1: the customer asks OneLink about its cards
  // (online status query, fault diagnosis). The HSS is down for the first
  // 20 minutes: asked at 10 min, every meter is offline (its attaches
  // rejected); asked again at 40 min, after it attached, none is. Each
  // card is a request of its own at OneLink's server (4 workers, 20 ms
  // each): answered within a tenth of a second.
  const std::string campaigns =
      "  - {name: during, kind: onelink-query, population: meters, at: 10min}\n"
      "  - {name: after, kind: onelink-query, population: meters, at: 40min, batch_size: 5, batch_interval: 1min}\n";
  const Outcome r = run(fleet(campaigns + "platforms:\n  onelink: {populations: [meters]}\n"
                                          "faults:\n  - {at: 0s, target: hss, action: outage, for: 20min}\n"),
                        "queries");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("onelink.queries"), 20);
  EXPECT_EQ(m.at("onelink.queries_offline"), 10);
  std::size_t during = 0, after = 0;
  for (const Row& e : r.events) {
    if (e.kind != twinsim::onelink_query_kind()) continue;
    EXPECT_GE(e.device, 30u);  // a meter
    if (e.t < 1200) {
      ++during;
      EXPECT_TRUE(e.t > 600.0 && e.t < 600.1) << e.t;
      EXPECT_NE(e.value, static_cast<std::int64_t>(FaultReason::NotOffline)) << e.device;
    } else {
      ++after;
      // Two batches of 5.
      EXPECT_TRUE((e.t > 2400.0 && e.t < 2400.1) || (e.t > 2460.0 && e.t < 2460.1)) << e.t;
      EXPECT_EQ(e.value, static_cast<std::int64_t>(FaultReason::NotOffline)) << e.device;
    }
  }
  EXPECT_EQ(during, 10u);
  EXPECT_EQ(after, 10u);
  // Asked without an outage: none offline.
  const Outcome calm = run(fleet(campaigns + "platforms:\n  onelink: {populations: [meters]}\n"), "queries-calm");
  EXPECT_EQ(calm.metrics.at("onelink.queries"), 20);
  EXPECT_EQ(calm.metrics.at("onelink.queries_offline"), 0);
}

}  // namespace test_onelink_runs
