// The SM-SR's ES3 notifications sent again (platforms.sm_sr[i].
// notification_retry; SGP.02 §5.1.3: the receiver acknowledges each;
// sim/twinsim/engine/sm_sr_notice_retries.cpp): an SM-DP down, or with its
// queue full, when they come refuses them; the SM-SR sends each again after the refusal came back
// and the wait, until the SM-DP takes it or the attempts run out.
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

namespace test_notification_retry_runs {

using namespace twinsim::testing;
namespace pf = twinmodels::platform;

// Four importers: the German profile downloaded at 5 min, China Mobile's
// enabled again at 25 min (the SM-SR tells the SM-DP that installed the
// German one, ES3, which tells the German operator, ES2). China Mobile's
// SM-SR has `retry` as its notification_retry ("" none); the SM-DP is down
// from 24 min for `down`. With `far`, the platforms at their nodes; `sm_dp`
// and `campaigns`: more keys of the SM-DP and more campaigns.
twinsim::Scenario importers(const std::string& retry, const std::string& down, bool far = false,
                            const std::string& sm_dp = "", const std::string& campaigns = "") {
  const std::string text =
      "general: {name: notification-retries, seed: 41, stop: 50min}\npopulations:\n" + importers_population(4) +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms" +
      (far ? std::string(", node: sr-bj") : "") + (retry.empty() ? "" : ", notification_retry: " + retry) + "}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms" +
      (far ? std::string(", node: sr-fra") : "") + "}\n"
      "  sm_dp: {id: SM-DP-DE, workers: 2, service_time: 200ms" + (far ? std::string(", node: dp-fra") : "") + sm_dp + "}\n" +
      (far ? kBeijingFrankfurt : std::string()) +
      "campaigns:\n"
      "  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
      "batch_size: 10, batch_interval: 1min}\n"
      "  - {name: back, kind: enable-profile, population: importers, profile: CMCC, at: 25min, "
      "batch_size: 10, batch_interval: 1min}\n" + campaigns +
      (down.empty() ? "" : "faults:\n  - {at: 24min, target: sm-dp, action: outage, for: " + down + "}\n");
  return twinsim::parse_scenario(text, "notification-retries.yaml");
}

std::string log_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("esimtwin-retry-" + name + "-" + std::to_string(getpid()) + ".jsonl"))
      .string();
}

// The ES3 notifications' sends in the platform log at `path` (which it
// removes), per EID in time order; and the ES2 ones' count.
struct Sends {
  std::map<std::string, std::vector<std::int64_t>> es3;
  std::size_t es2 = 0;
};
Sends sends_of(const std::string& path) {
  std::ifstream in(path);
  Sends out;
  for (pf::TraceEntry& e : pf::read_trace(in)) {
    const auto* n = std::get_if<pf::PlatformNotification>(&e.message);
    if (n == nullptr) continue;
    if (n->interface == "ES3") {
      EXPECT_EQ(pf::notification_name(*n), "ES3.HandleProfileDisabledNotification");
      out.es3[n->eid].push_back(e.time_ms);
    }
    out.es2 += n->interface == "ES2";
  }
  std::filesystem::remove(path);
  return out;
}

constexpr std::int64_t kOutageEndMs = 34 * 60'000;

TEST(NotificationRetryRuns, WithoutRetriesADownSmDpStillTakesThem) {
  // The runs as before the key: each sent once and taken.
  const Outcome r = run(importers("", "10min"), "retry-none");
  EXPECT_EQ(r.metrics.at("notifications.es3"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  EXPECT_EQ(r.metrics.at("notifications.retries"), 0);
  EXPECT_EQ(r.metrics.at("notifications.given_up"), 0);
}

TEST(NotificationRetryRuns, RetriesGetThroughOnceTheOutageEnds) {
  const std::string log = log_path("through");
  const Outcome r = run(importers("{retry_after: 1min, max_attempts: 20}", "10min"), "retry-through", log);
  EXPECT_EQ(r.metrics.at("smsr.done"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es3"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  EXPECT_EQ(r.metrics.at("notifications.given_up"), 0);
  const Sends s = sends_of(log);
  ASSERT_EQ(s.es3.size(), 4u);
  EXPECT_EQ(s.es2, 4u);
  std::size_t retries = 0;
  for (const auto& [eid, times] : s.es3) {
    SCOPED_TRACE(eid);
    // Sent during the outage, then once a minute (no route: the refusal
    // is back at once) until the first send after its end.
    ASSERT_GE(times.size(), 2u);
    EXPECT_LT(times.front(), kOutageEndMs);
    for (std::size_t k = 1; k < times.size(); ++k) EXPECT_EQ(times[k] - times[k - 1], 60'000);
    EXPECT_LT(times[times.size() - 2], kOutageEndMs);
    EXPECT_GE(times.back(), kOutageEndMs);
    retries += times.size() - 1;
  }
  EXPECT_EQ(r.metrics.at("notifications.retries"), static_cast<double>(retries));
  EXPECT_EQ(retries, 4u * 9);  // each first sent between 25 and 26 min
}

TEST(NotificationRetryRuns, TooFewAttemptsAreGivenUp) {
  const std::string log = log_path("given-up");
  const Outcome r = run(importers("{retry_after: 1min, max_attempts: 3}", "10min"), "retry-given-up", log);
  EXPECT_EQ(r.metrics.at("notifications.es3"), 4);
  EXPECT_EQ(r.metrics.at("notifications.retries"), 8);
  EXPECT_EQ(r.metrics.at("notifications.given_up"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 0);
  const Sends s = sends_of(log);
  ASSERT_EQ(s.es3.size(), 4u);
  EXPECT_EQ(s.es2, 0u);
  for (const auto& [eid, times] : s.es3) EXPECT_EQ(times.size(), 3u) << eid;
}

// The run of `scenario` (the SM-DP down from 24 to 34 min, retries every
// minute): its four notifications all passed on, each sent again after
// `lo` to `hi` ms; its sends.
Sends retried_every(const twinsim::Scenario& scenario, const std::string& name, std::int64_t lo, std::int64_t hi) {
  const std::string log = log_path(name);
  const Outcome r = run(scenario, "retry-" + name, log);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  EXPECT_EQ(r.metrics.at("notifications.given_up"), 0);
  const Sends s = sends_of(log);
  EXPECT_EQ(s.es3.size(), 4u);
  for (const auto& [eid, times] : s.es3) {
    EXPECT_GE(times.size(), 2u) << eid;
    for (std::size_t k = 1; k < times.size(); ++k) {
      EXPECT_GE(times[k] - times[k - 1], lo) << eid;
      EXPECT_LE(times[k] - times[k - 1], hi) << eid;
    }
  }
  return s;
}

TEST(NotificationRetryRuns, TheRefusalCrossesTheRouteBeforeTheWait) {
  // 175 ms each way between China Mobile's SM-SR and the German SM-DP.
  const std::int64_t every = 60'000 + 2 * 175;
  const Sends s = retried_every(importers("{retry_after: 1min, max_attempts: 20}", "10min", true), "far", every, every);
  ASSERT_EQ(s.es3.size(), 4u);
  for (const auto& [eid, times] : s.es3) {
    ASSERT_GE(times.size(), 2u) << eid;
    EXPECT_LT(times[times.size() - 2] + 175, kOutageEndMs) << eid;
    EXPECT_GE(times.back() + 175, kOutageEndMs) << eid;
  }
}

TEST(NotificationRetryRuns, OnANarrowLinkTheNotificationAndItsRefusalTakeTheirTransfer) {
  // The German SM-DP behind a 20 kB/s link: each send and its refusal back
  // (report_size, 2000 B each) add 100 ms at least to the route's 175 ms
  // (platform_links.hpp), up to 400 ms when the four share the link.
  std::string text = importers("{retry_after: 1min, max_attempts: 20}", "10min", true).text;
  const std::string link = "latency: 5ms}";
  ASSERT_EQ(text.find(link), text.rfind(link));
  text.replace(text.find(link), link.size(), "latency: 5ms, bandwidth: 20kBps}");
  retried_every(twinsim::parse_scenario(text, "notification-retries-narrow.yaml"), "narrow", 60'000 + 2 * (175 + 100),
                60'000 + 2 * (175 + 400) + 50);
}

TEST(NotificationRetryRuns, AFullQueueRefusesThemUntilItEmpties) {
  // No outage: China Mobile asks the SM-DP for the four EIS at 24 min; its
  // two workers serve each ES2.GetEIS for 5 min and two more wait (queue
  // limit 2), so the queue is full from 24 to 29 min.
  const std::string log = log_path("queue");
  const Outcome r = run(importers("{retry_after: 1min, max_attempts: 20}", "", false,
                                  ", queue_limit: 2, service_times: {ES2.GetEIS: 5min}",
                                  "  - {name: eis, kind: get-eis, population: importers, at: 24min, sm_dp: SM-DP-DE}\n"),
                        "retry-queue", log);
  EXPECT_EQ(r.metrics.at("smdp.refused"), 0);
  EXPECT_EQ(r.metrics.at("smdp.eis_returned"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  EXPECT_EQ(r.metrics.at("notifications.given_up"), 0);
  const Sends s = sends_of(log);
  ASSERT_EQ(s.es3.size(), 4u);
  std::size_t retries = 0;
  for (const auto& [eid, times] : s.es3) {
    SCOPED_TRACE(eid);
    // The third and fourth GetEIS start at 29 min: the queue is not full
    // from then on.
    ASSERT_GE(times.size(), 2u);
    EXPECT_LT(times[times.size() - 2], 29 * 60'000);
    EXPECT_GE(times.back(), 29 * 60'000);
    retries += times.size() - 1;
  }
  EXPECT_EQ(r.metrics.at("notifications.retries"), static_cast<double>(retries));
  EXPECT_EQ(retries, 4u * 4);  // each first sent between 25 and 26 min
}

}  // namespace test_notification_retry_runs
