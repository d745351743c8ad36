// The notifications to the MNOs in engine runs (GSMA SGP.02 §5.1.3: the
// receiver acknowledges each; the SM-SRs' ES4 ones, the SM-DPs' ES2 ones
// §5.3.8-§5.3.11; sim/twinsim/engine/mno_notifications.cpp): an MNO in an
// outage (`mno:<operator>` fault) refuses those whose sender has
// notification_retry; the sender sends each again `retry_after` later until
// the MNO takes it after its outage, or gives it up after `max_attempts`
// sends. Each send is a line of the platform log.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_mno_notification_runs {

using namespace twinsim::testing;
namespace pf = twinmodels::platform;

std::string log_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("esimtwin-mno-" + name + "-" + std::to_string(getpid()) + ".jsonl"))
      .string();
}

// The sends of notification `name` to `to` in the platform log at `path`,
// per EID in time order.
std::map<std::string, std::vector<std::int64_t>> sends_of(const std::string& path, const std::string& name,
                                                          const std::string& to) {
  std::ifstream in(path);
  std::map<std::string, std::vector<std::int64_t>> out;
  for (pf::TraceEntry& e : pf::read_trace(in)) {
    const auto* n = std::get_if<pf::PlatformNotification>(&e.message);
    if (n != nullptr && pf::notification_name(*n) == name && n->to == to) out[n->eid].push_back(e.time_ms);
  }
  return out;
}

// The retries of `sends`, each EID's sent during the outage (before
// `up_ms`), once every `every_ms`, the last one after.
std::size_t retries_through(const std::map<std::string, std::vector<std::int64_t>>& sends, std::int64_t up_ms,
                            std::int64_t every_ms) {
  std::size_t retries = 0;
  for (const auto& [eid, times] : sends) {
    SCOPED_TRACE(eid);
    EXPECT_GE(times.size(), 2u);
    if (times.size() < 2) continue;
    EXPECT_LT(times.front(), up_ms);
    for (std::size_t k = 1; k < times.size(); ++k) EXPECT_EQ(times[k] - times[k - 1], every_ms);
    EXPECT_LT(times[times.size() - 2], up_ms);
    EXPECT_GE(times.back(), up_ms);
    retries += times.size() - 1;
  }
  return retries;
}

// Six trackers of China Mobile's; the German operator enables its profile
// on them from 5 min (China Mobile hears over ES4 that its own was
// disabled) and disables it at 25 min (China Mobile's, the fall-back, is
// enabled: ES4 again). China Mobile's endpoint is down from 4 to 10 min;
// the SM-SR has `retry` as its notification_retry.
twinsim::Scenario switched_trackers(const std::string& retry) {
  return twinsim::parse_scenario(
      "general: {name: mno-es4, seed: 43, stop: 40min}\npopulations:\n" + trackers_population(6, "10min", "20min") +
          "engine: {multiplexers: 2}\nplatforms:\n  sm_sr: {workers: 4, service_time: 50ms, notification_retry: " + retry +
          "}\ncampaigns:\n" + switch_trackers_campaign() +
          "  - {name: home, kind: disable-profile, population: trackers, profile: DE-MNO, at: 25min}\n"
          "faults:\n  - {at: 4min, target: 'mno:CMCC', action: outage, for: 6min}\n",
      "mno-es4.yaml");
}

// Four importers: the German profile downloaded by the SM-DP at 5 min,
// China Mobile's enabled again at 25 min (the SM-SR tells the SM-DP, ES3,
// which tells the German operator, ES2). The German operator's endpoint is
// down from 24 to 34 min; the SM-DP has `retry` as its notification_retry.
twinsim::Scenario importers(const std::string& retry) {
  return twinsim::parse_scenario(
      "general: {name: mno-es2, seed: 41, stop: 50min}\npopulations:\n" + importers_population(4) +
          "engine: {multiplexers: 2}\n"
          "platforms:\n"
          "  sm_sr: {id: SM-SR-CMCC, address: '8613900200777', workers: 4, service_time: 50ms}\n"
          "  sm_dp: {id: SM-DP-DE, workers: 2, service_time: 200ms, notification_retry: " +
          retry +
          "}\n"
          "campaigns:\n"
          "  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
          "batch_size: 10, batch_interval: 1min}\n"
          "  - {name: back, kind: enable-profile, population: importers, profile: CMCC, at: 25min, "
          "batch_size: 10, batch_interval: 1min}\n"
          "faults:\n  - {at: 24min, target: 'mno:DE-MNO', action: outage, for: 10min}\n",
      "mno-es2.yaml");
}

TEST(MnoNotificationRuns, Es4RetriesReachTheMnoAfterItsOutage) {
  const std::string log = log_path("es4-through");
  const Outcome r = run(switched_trackers("{retry_after: 1min, max_attempts: 20}"), "mno-es4-through", log);
  EXPECT_EQ(r.metrics.at("smsr.done"), 12);
  // First sends: each tracker's disable (in the outage) and enable (after).
  EXPECT_EQ(r.metrics.at("notifications.es4"), 12);
  EXPECT_EQ(r.metrics.at("notifications.es4_given_up"), 0);
  // The ES3 ones' counters are not these.
  EXPECT_EQ(r.metrics.at("notifications.retries"), 0);
  const auto disabled = sends_of(log, "ES4.HandleProfileDisabledNotification", "CMCC");
  const auto enabled = sends_of(log, "ES4.HandleProfileEnabledNotification", "CMCC");
  std::filesystem::remove(log);
  ASSERT_EQ(disabled.size(), 6u);
  const std::size_t retries = retries_through(disabled, 10 * 60'000, 60'000);
  EXPECT_EQ(r.metrics.at("notifications.es4_retries"), static_cast<double>(retries));
  // Each first sent between 5 and 6 min, taken at its sixth send.
  EXPECT_EQ(retries, 6u * 5);
  // After the outage: taken at once.
  ASSERT_EQ(enabled.size(), 6u);
  for (const auto& [eid, times] : enabled) EXPECT_EQ(times.size(), 1u) << eid;
}

TEST(MnoNotificationRuns, Es4NotificationsAreGivenUpAfterTheirAttempts) {
  const std::string log = log_path("es4-given-up");
  const Outcome r = run(switched_trackers("{retry_after: 1min, max_attempts: 3}"), "mno-es4-given-up", log);
  EXPECT_EQ(r.metrics.at("notifications.es4"), 12);
  EXPECT_EQ(r.metrics.at("notifications.es4_retries"), 12);
  EXPECT_EQ(r.metrics.at("notifications.es4_given_up"), 6);
  const auto disabled = sends_of(log, "ES4.HandleProfileDisabledNotification", "CMCC");
  std::filesystem::remove(log);
  ASSERT_EQ(disabled.size(), 6u);
  for (const auto& [eid, times] : disabled) {
    ASSERT_EQ(times.size(), 3u) << eid;
    EXPECT_LT(times.back(), 10 * 60'000) << eid;
  }
}

TEST(MnoNotificationRuns, Es2RetriesReachTheMnoAfterItsOutage) {
  const std::string log = log_path("es2-through");
  const Outcome r = run(importers("{retry_after: 1min, max_attempts: 20}"), "mno-es2-through", log);
  EXPECT_EQ(r.metrics.at("smdp.done"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es3"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2_given_up"), 0);
  // China Mobile (ES4, not in an outage) takes its own at once.
  EXPECT_EQ(r.metrics.at("notifications.es4_retries"), 0);
  const auto sends = sends_of(log, "ES2.HandleProfileDisabledNotification", "DE-MNO");
  std::filesystem::remove(log);
  ASSERT_EQ(sends.size(), 4u);
  const std::size_t retries = retries_through(sends, 34 * 60'000, 60'000);
  EXPECT_EQ(r.metrics.at("notifications.es2_retries"), static_cast<double>(retries));
  EXPECT_EQ(retries, 4u * 9);  // each first sent between 25 and 26 min
}

TEST(MnoNotificationRuns, Es2NotificationsAreGivenUpAfterTheirAttempts) {
  const std::string log = log_path("es2-given-up");
  const Outcome r = run(importers("{retry_after: 1min, max_attempts: 3}"), "mno-es2-given-up", log);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2_retries"), 8);
  EXPECT_EQ(r.metrics.at("notifications.es2_given_up"), 4);
  const auto sends = sends_of(log, "ES2.HandleProfileDisabledNotification", "DE-MNO");
  std::filesystem::remove(log);
  ASSERT_EQ(sends.size(), 4u);
  for (const auto& [eid, times] : sends) EXPECT_EQ(times.size(), 3u) << eid;
}

}  // namespace test_mno_notification_runs
