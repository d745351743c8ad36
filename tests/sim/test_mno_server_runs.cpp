// The MNOs' notification endpoints as servers in engine runs (platforms.mno;
// GSMA SGP.02 §5.1.3: the receiver acknowledges each notification;
// sim/twinsim/engine/mno_servers.cpp): China Mobile's server refuses the
// SM-SR's ES4 notifications above its admission rate or with its queue
// full, or fails some inside; the SM-SR sends each refused one again with
// its notification_retry until the server admits and acknowledges it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_mno_server_runs {

using namespace twinsim::testing;
namespace pf = twinmodels::platform;

std::string log_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("esimtwin-mnosrv-" + name + "-" + std::to_string(getpid()) + ".jsonl"))
      .string();
}

// The sends of the ES4 notifications to China Mobile in the platform log
// at `path`, per EID and notification.
std::map<std::string, std::size_t> sends_to_cmcc(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, std::size_t> out;
  for (pf::TraceEntry& e : pf::read_trace(in)) {
    const auto* n = std::get_if<pf::PlatformNotification>(&e.message);
    if (n != nullptr && n->interface == "ES4" && n->to == "CMCC") ++out[n->eid + " " + pf::notification_name(*n)];
  }
  return out;
}

// Six trackers of China Mobile's; the German operator enables its profile
// on them at 5 min (China Mobile hears over ES4 that its own was disabled)
// and disables it at 25 min (China Mobile's is enabled: ES4 again). China
// Mobile's endpoint is the server `mno`; the SM-SR retries every minute.
twinsim::Scenario switched_trackers(const std::string& mno) {
  return twinsim::parse_scenario(
      "general: {name: mno-server, seed: 43, stop: 45min}\npopulations:\n" + trackers_population(6, "10min", "20min") +
          "engine: {multiplexers: 2}\nplatforms:\n  sm_sr: {workers: 4, service_time: 50ms, notification_retry: "
          "{retry_after: 1min, max_attempts: 20}}\n  mno:\n    - " + mno + "\ncampaigns:\n" + switch_trackers_campaign() +
          "  - {name: home, kind: disable-profile, population: trackers, profile: DE-MNO, at: 25min}\n",
      "mno-server.yaml");
}

// Every notification reached China Mobile once admitted: each send but the
// last of each was refused (or failed inside) and sent again.
void expect_all_acknowledged(const Outcome& r, const std::string& log) {
  EXPECT_EQ(r.metrics.at("smsr.done"), 12);
  EXPECT_EQ(r.metrics.at("notifications.es4"), 12);
  EXPECT_EQ(r.metrics.at("notifications.es4_given_up"), 0);
  EXPECT_EQ(r.metrics.at("mno.acknowledged"), 12);
  EXPECT_EQ(r.metrics.at("mno.admitted"), 12 + r.metrics.at("mno.failed"));
  EXPECT_EQ(r.metrics.at("notifications.es4_retries"), r.metrics.at("mno.refused") + r.metrics.at("mno.failed"));
  const auto sends = sends_to_cmcc(log);
  std::filesystem::remove(log);
  ASSERT_EQ(sends.size(), 12u);
  std::size_t total = 0;
  for (const auto& [what, n] : sends) total += n;
  EXPECT_EQ(static_cast<double>(total), 12 + r.metrics.at("notifications.es4_retries"));
}

TEST(MnoServerRuns, AboveItsAdmissionRateNotificationsAreRetriedAndArrive) {
  const std::string log = log_path("rate");
  // One notification admitted every 50 s.
  const Outcome r = run(switched_trackers("{operator: CMCC, workers: 1, service_time: 2s, admission_rate: 0.02, burst: 1}"),
                        "mno-server-rate", log);
  // The six of each switch leave within seconds: five refused at first.
  EXPECT_GE(r.metrics.at("mno.refused"), 10);
  EXPECT_EQ(r.metrics.at("mno.failed"), 0);
  expect_all_acknowledged(r, log);
}

TEST(MnoServerRuns, WithItsQueueFullNotificationsAreRetriedAndArrive) {
  const std::string log = log_path("queue");
  // One served at a time for 20 s, one waiting.
  const Outcome r = run(switched_trackers("{operator: CMCC, workers: 1, service_time: 20s, queue_limit: 1}"),
                        "mno-server-queue", log);
  EXPECT_GE(r.metrics.at("mno.refused"), 8);
  EXPECT_EQ(r.metrics.at("mno.failed"), 0);
  expect_all_acknowledged(r, log);
}

TEST(MnoServerRuns, NotificationsFailedInsideAreRetriedAndArrive) {
  const std::string log = log_path("failed");
  const Outcome r = run(switched_trackers("{operator: CMCC, workers: 4, service_time: 1s, failure_ratio: 0.5}"),
                        "mno-server-failed", log);
  EXPECT_EQ(r.metrics.at("mno.refused"), 0);
  EXPECT_GE(r.metrics.at("mno.failed"), 1);
  expect_all_acknowledged(r, log);
}

TEST(MnoServerRuns, WithoutPlatformsMnoNoMnoIsAServer) {
  const Outcome r = run(twinsim::parse_scenario(
                            "general: {name: mno-none, seed: 43, stop: 40min}\npopulations:\n" +
                                trackers_population(6, "10min", "20min") +
                                "engine: {multiplexers: 2}\nplatforms:\n  sm_sr: {workers: 4, service_time: 50ms}\n"
                                "campaigns:\n" + switch_trackers_campaign(),
                            "mno-none.yaml"),
                        "mno-server-none");
  EXPECT_EQ(r.metrics.at("notifications.es4"), 6);
  EXPECT_EQ(r.metrics.at("mno.admitted"), 0);
  EXPECT_EQ(r.metrics.at("mno.acknowledged"), 0);
}

}  // namespace test_mno_server_runs
