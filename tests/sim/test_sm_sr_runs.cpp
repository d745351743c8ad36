// International cards (SGP.02 M2M eUICCs) and the SM-SR in engine runs
// (sim/twinsim/engine/sm_sr_run.hpp, docs/SCENARIOS.md "campaigns"): an
// enable-profile campaign moves every tracker to the local operator's
// profile over SMS and its notification comes back; an outage of the
// SM-SR refuses the calls it meets, failures inside it leave the profiles
// as they were, SMS that never reach a sleeping tracker expire the call
// after max_attempts; the SM-SR's load is sampled into /platforms; a run
// repeats itself (checkpoints: tests/app/test_euicc_checkpoints.cpp).
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "cardcore/euicc/sgp02.hpp"
#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_sm_sr_runs {

using namespace twinsim::testing;
using twinsim::EventKind;
using twinsim::SmSrEvent;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }
std::uint8_t k(SmSrEvent e) { return twinsim::smsr_event_kind(e); }

// `count` LTE-M trackers with China Mobile's profile enabled and a German
// operator's disabled, up in the first minute; PSM after `t3324` with a
// periodic TAU every `t3412`; an enable-profile campaign of the German
// profile at 5 min, 10 devices a minute; `extra` appended (platforms,
// faults).
twinsim::Scenario trackers(int count, const std::string& t3324, const std::string& t3412, const std::string& stop,
                           const std::string& extra = "", const std::string& campaign_extra = "") {
  const std::string text = "general: {name: smsr-runs, seed: 5, stop: " + stop + "}\npopulations:\n" +
                           trackers_population(count, t3324, t3412) + "engine: {multiplexers: 2}\n" + extra +
                           "campaigns:\n" + switch_trackers_campaign(campaign_extra);
  return twinsim::parse_scenario(text, "smsr-runs.yaml");
}

// The attach requests' order per device: the IMSI is not in the row, so
// the test reads the HSS's side: unknown_imsi stays 0 and every device
// attaches again after its REFRESH.
std::map<std::uint32_t, std::vector<std::uint8_t>> kinds_by_device(const std::vector<Row>& rows) {
  std::map<std::uint32_t, std::vector<std::uint8_t>> out;
  for (const Row& r : rows) out[r.device].push_back(r.kind);
  return out;
}

TEST(SmSrRuns, EnableProfileSwitchesEveryTrackerAndItsNotificationComesBack) {
  const Outcome r = run(trackers(30, "1min", "20min", "1h"), "enable");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 30);
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("smsr.expired"), 0);
  EXPECT_EQ(m.at("smsr.refused"), 0);
  EXPECT_EQ(m.at("smsr.notifications"), 30);
  EXPECT_EQ(m.at("refreshes"), 30);
  EXPECT_EQ(m.at("devices_registered"), 30);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("auth_rejects"), 0);
  // Three SMS per tracker: the SM-SR's address (UpdateConnectivityParameters),
  // EnableProfile, the notification's confirmation.
  EXPECT_EQ(m.at("sms.submitted"), 90);
  EXPECT_EQ(m.at("sms.delivered"), 90);
  EXPECT_GT(m.at("smsr.last_done_s"), 300);
  // Per tracker, in order: the call done, the REFRESH, an attach (on the
  // new profile: the MME knew its IMSI), the eUICC's notification.
  const std::uint8_t refresh = twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Refresh));
  for (const auto& [device, kinds] : kinds_by_device(r.events)) {
    const auto done = std::find(kinds.begin(), kinds.end(), k(SmSrEvent::Done));
    ASSERT_NE(done, kinds.end()) << "device " << device;
    const auto refreshed = std::find(kinds.begin(), kinds.end(), refresh);
    ASSERT_NE(refreshed, kinds.end()) << "device " << device;
    const auto attach = std::find(refreshed, kinds.end(), k(EventKind::AttachRequest));
    ASSERT_NE(attach, kinds.end()) << "device " << device;
    const auto note = std::find(attach, kinds.end(), k(SmSrEvent::Notification));
    EXPECT_NE(note, kinds.end()) << "device " << device;
  }
  for (const Row& e : r.events) {
    if (e.kind == k(SmSrEvent::Notification)) {
      EXPECT_EQ(e.value, cardcore::euicc::notification::kProfileChangeSucceeded);
    }
    if (e.kind == k(SmSrEvent::Done)) {
      EXPECT_EQ(e.value, 0);  // campaign 0
    }
  }
}

TEST(SmSrRuns, AnOutageOfTheSmSrRefusesTheCallsItMeets) {
  // Batches at 5, 6 and 7 min; the SM-SR is down from 5.5 to 6.5 min: the
  // second batch is refused, the others go through.
  const Outcome r = run(trackers(30, "1min", "20min", "1h", "faults:\n  - {at: 330s, target: sm-sr, action: outage, for: 1min}\n"),
                        "outage");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.refused"), 10);
  EXPECT_EQ(m.at("smsr.done"), 20);
  EXPECT_EQ(m.at("refreshes"), 20);
  EXPECT_EQ(m.at("smsr.notifications"), 20);
  EXPECT_EQ(count_of(r.events, k(SmSrEvent::Refused)), 10u);
  for (const Row& e : r.events) {
    if (e.kind == k(SmSrEvent::Refused)) {
      EXPECT_DOUBLE_EQ(e.t, 360);
    }
  }
}

TEST(SmSrRuns, ACrashLosesTheCallsQueuedAndKeepsTheOperationsUnderWay) {
  // One worker, 2 s a call: the batch of 6 min is served from 360 s one
  // every 2 s. The SM-SR's server dies at 365 s (calls 1 and 2 served at
  // 362 and 364 s, the third in service, seven queued) and is up at 395 s:
  // eight calls lost, failed at 365 s; the two served had their scripts
  // sent and finish after the crash (the SM-SR's records are kept).
  const Outcome r = run(trackers(30, "1min", "20min", "1h",
                                 "platforms:\n  sm_sr: {workers: 1, service_time: 2s}\n"
                                 "faults:\n  - {at: 365s, target: sm-sr, action: crash, restart: 30s}\n"),
                        "crash");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.lost"), 8);
  EXPECT_EQ(m.at("smsr.failed"), 8);
  EXPECT_EQ(m.at("smsr.refused"), 0);
  EXPECT_EQ(m.at("smsr.done"), 22);
  EXPECT_EQ(m.at("refreshes"), 22);
  EXPECT_EQ(m.at("smsr.notifications"), 22);
  EXPECT_EQ(m.at("devices_registered"), 30);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  std::map<std::uint32_t, double> failed_at, done_at;
  for (const Row& e : r.events) {
    if (e.kind == k(SmSrEvent::Failed)) failed_at[e.device] = e.t;
    if (e.kind == k(SmSrEvent::Done)) done_at[e.device] = e.t;
  }
  ASSERT_EQ(failed_at.size(), 8u);
  for (const auto& [device, t] : failed_at) {
    EXPECT_DOUBLE_EQ(t, 365) << device;
    EXPECT_EQ(done_at.count(device), 0u) << device;
  }
  // The crashed batch (devices 10-19): the two calls served before the
  // crash are done (their trackers' PoRs at the TAU, after it), the rest
  // failed; the other batches are untouched.
  std::size_t done_in_batch = 0;
  for (std::uint32_t d = 10; d < 20; ++d) {
    EXPECT_NE(done_at.count(d) + failed_at.count(d), 0u) << d;
    if (done_at.count(d)) {
      ++done_in_batch;
      EXPECT_GT(done_at[d], 365) << d;
    }
  }
  EXPECT_EQ(done_in_batch, 2u);
  for (std::uint32_t d : {0u, 9u, 20u, 29u}) EXPECT_EQ(done_at.count(d), 1u) << d;
}

TEST(SmSrRuns, ACrashHoldsThePoRsAndNotificationsAtTheSmscUntilTheRestart) {
  // Trackers pageable for 10 min after each exchange: the first batch's
  // scripts (served from 300 s) reach them at once. The SM-SR's process
  // dies at 301 s and is up at 341 s, before the next batch: the SMSC
  // keeps the reports (with the PoRs) and the eUICCs' notifications that
  // come for it meanwhile and hands them over when the SM-SR binds again;
  // nothing of them is lost. The SM-SR sends nothing while down: each
  // script's next SMS leaves when the PoR of the one before is taken.
  const Outcome r = run(trackers(20, "10min", "20min", "1h",
                                 "platforms:\n  sm_sr: {workers: 4, service_time: 50ms}\n"
                                 "faults:\n  - {at: 301s, target: sm-sr, action: crash, restart: 40s}\n"),
                        "crash-sms");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.lost"), 0) << "the batch was served before the crash";
  EXPECT_EQ(m.at("smsr.done"), 20);
  EXPECT_EQ(m.at("smsr.notifications"), 20);
  EXPECT_EQ(m.at("refreshes"), 20);
  std::size_t sent_at_restart = 0;
  for (const Row& e : r.events) {
    const bool smsr_sms = e.kind == k(EventKind::SmsSubmitted) && e.value == -1;
    if (e.kind != k(SmSrEvent::Done) && e.kind != k(SmSrEvent::Notification) && !smsr_sms) continue;
    EXPECT_FALSE(e.t >= 301 && e.t < 341) << "kind " << int(e.kind) << " at " << e.t;
    if (smsr_sms && e.t == 341) ++sent_at_restart;
  }
  // The first batch's PoRs came in the crash: their scripts go on at the restart.
  EXPECT_EQ(sent_at_restart, 10u);
}

TEST(SmSrRuns, FailuresInsideTheSmSrLeaveEveryProfileAsItWas) {
  const Outcome r = run(trackers(20, "1min", "20min", "1h", "platforms:\n  sm_sr: {failure_ratio: 1}\n"), "failing");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.failed"), 20);
  EXPECT_EQ(m.at("smsr.done"), 0);
  EXPECT_EQ(m.at("refreshes"), 0);
  EXPECT_EQ(m.at("sms.submitted"), 0);
  EXPECT_EQ(m.at("devices_registered"), 20);
}

TEST(SmSrRuns, WithoutAnAnswerTheSmSrSendsAgainThenTheCallExpires) {
  // PSM after 1 min, TAU every 3 h: from 5 min the trackers sleep past the
  // stop. Each SMS is valid 5 min: the SM-SR's address and then the
  // EnableProfile go out max_attempts (2) times each and expire.
  const Outcome r = run(trackers(10, "1min", "3h", "2h", "platforms:\n  sm_sr: {max_attempts: 2}\n", ", validity: 5min"),
                        "expired");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.expired"), 10);
  EXPECT_EQ(m.at("smsr.done"), 0);
  EXPECT_EQ(m.at("refreshes"), 0);
  EXPECT_EQ(m.at("sms.expired"), 40);
  EXPECT_EQ(m.at("sms.delivered"), 0);
}

TEST(SmSrRuns, TheSmSrIsSampledIntoThePlatformsTables) {
  const Outcome r = run(trackers(30, "1min", "20min", "1h", "platforms:\n  sm_sr: {host: smsr-cn}\n"), "sampled");
  ASSERT_TRUE(r.platforms.count("smsr-cn"));
  std::uint64_t served = 0;
  for (const PlatformRow& row : r.platforms.at("smsr-cn")) served += row.served;
  EXPECT_EQ(served, 30u);
}

TEST(SmSrRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  const Outcome a = run(trackers(20, "1min", "20min", "40min"), "same-a");
  const Outcome b = run(trackers(20, "1min", "20min", "40min"), "same-b");
  expect_same_outcome(a, b);
}

// The trackers switched to the German profile at 5 min (10 a minute), then
// `then` (more campaigns) in the same run; no PSM (TAU every 20 min, PSM
// after 10 min) so that each function reaches them at once.
twinsim::Scenario switched_then(const std::string& then) {
  const std::string text = "general: {name: smsr-functions, seed: 6, stop: 1h}\npopulations:\n" +
                           trackers_population(20, "10min", "20min") +
                           "engine: {multiplexers: 2}\n"
                           "platforms:\n  onelink: {populations: [trackers]}\n"
                           "campaigns:\n" +
                           switch_trackers_campaign() + then;
  return twinsim::parse_scenario(text, "smsr-functions.yaml");
}

TEST(SmSrRuns, DisableProfileHandsTheTrackersBackToTheFallbackProfile) {
  // DisableProfile of the German profile at 20 min: the eUICC enables the
  // China Mobile profile (its fall-back attribute), REFRESH, re-attach.
  const Outcome r = run(switched_then("  - {name: back, kind: disable-profile, population: trackers, profile: DE-MNO, "
                                      "at: 20min, batch_size: 10, batch_interval: 1min}\n"),
                        "disable");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 40);
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("refreshes"), 40);
  EXPECT_EQ(m.at("smsr.notifications"), 40);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  // OneLink expects the fall-back profile after the disable, and finds it.
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
  EXPECT_EQ(m.at("devices_registered"), 20);
  std::size_t done_back = 0;
  for (const Row& e : r.events) done_back += e.kind == k(SmSrEvent::Done) && e.value == 1;
  EXPECT_EQ(done_back, 20u);
}

TEST(SmSrRuns, DeleteAuditAndFallbackRunWithoutASwitch) {
  // After the switch: the China Mobile profile (now disabled) deleted, the
  // fall-back attribute moved to the German profile, an audit of every EIS.
  const Outcome r = run(switched_then("  - {name: delete, kind: delete-profile, population: trackers, profile: CMCC, "
                                      "at: 20min, batch_size: 10, batch_interval: 1min}\n"
                                      "  - {name: fallback, kind: set-fallback, population: trackers, profile: DE-MNO, "
                                      "at: 15min, batch_size: 10, batch_interval: 1min}\n"
                                      "  - {name: audit, kind: audit-eis, population: trackers, at: 30min}\n"),
                        "functions");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 80);  // 20 x (enable, fall-back, delete, audit)
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("refreshes"), 20);  // the enable's only
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
}

TEST(SmSrRuns, TheEuiccRefusesToDeleteTheEnabledProfile) {
  const Outcome r = run(switched_then("  - {name: delete, kind: delete-profile, population: trackers, profile: DE-MNO, "
                                      "at: 20min, batch_size: 10, batch_interval: 1min}\n"),
                        "delete-enabled");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 20);    // the enables
  EXPECT_EQ(m.at("smsr.failed"), 20);  // the deletes: the SM-SR's EIS says enabled
  EXPECT_EQ(m.at("refreshes"), 20);
  std::size_t failed = 0;
  for (const Row& e : r.events) failed += e.kind == k(SmSrEvent::Failed) && e.value == 1;
  EXPECT_EQ(failed, 20u);
}

TEST(SmSrRuns, TheEmergencyAttributeGoesOnAProfileThatIsNotTheFallback) {
  // After the switch: the emergency profile attribute set on the German
  // profile (SGP.02 v3.1; no switch), then on China Mobile's, which has the
  // fall-back attribute: the eUICC refuses ('6985', card-core's
  // move_attribute: one profile does not carry both).
  const Outcome r = run(switched_then("  - {name: emergency, kind: set-emergency, population: trackers, profile: DE-MNO, "
                                      "at: 15min, batch_size: 10, batch_interval: 1min}\n"
                                      "  - {name: emergency-home, kind: set-emergency, population: trackers, profile: CMCC, "
                                      "at: 25min, batch_size: 10, batch_interval: 1min}\n"),
                        "emergency");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 40);    // 20 x (enable, emergency on DE-MNO)
  EXPECT_EQ(m.at("smsr.failed"), 20);  // emergency on CMCC
  EXPECT_EQ(m.at("refreshes"), 20);    // the enable's only
  std::size_t done = 0, failed = 0;
  for (const Row& e : r.events) {
    done += e.kind == k(SmSrEvent::Done) && e.value == 1;
    failed += e.kind == k(SmSrEvent::Failed) && e.value == 2;
  }
  EXPECT_EQ(done, 20u);
  EXPECT_EQ(failed, 20u);
}

}  // namespace test_sm_sr_runs
