// The write-card platform's write module in engine runs
// (twinmodels::ota::WriteModule, docs/SCENARIOS.md platforms.write_module):
// a write whose SMS expired while the meters slept is retried with the next
// counter and lands at the meters' next wake-up; past max_attempts the
// orders fail; an outage of the module holds the campaign back; batches
// leave at their times; the worker pool and the rate limit space the
// packets; the module's load is sampled into /platforms.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "modem_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_write_module_runs {

using namespace twinsim::testing;
using twinmodels::kMinute;
using twinmodels::kSecond;
using twinsim::EventKind;
using Kind = twinmodels::ota::WriteOutcome::Kind;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }
std::uint8_t k(Kind o) { return twinsim::write_outcome_kind(static_cast<std::uint8_t>(o)); }

std::vector<double> times_of(const std::vector<Row>& rows, std::uint8_t kind) {
  std::vector<double> t;
  for (const Row& e : rows)
    if (e.kind == kind) t.push_back(e.t);
  std::sort(t.begin(), t.end());
  return t;
}

// 12 meters in PSM from about 2 min after power-up, periodic TAU every hour
// (at about 3660-3730 s). The campaign at 1200 s with a 5 min validity:
// every first message expires at 1500 s while the meters sleep.
twinsim::Scenario sleeping_meters_short_validity(std::uint32_t max_attempts) {
  twinsim::Scenario sc = meters(12, 2 * 3600, 1 * kMinute);
  twinsim::CampaignSpec c = write_card_at(1200, 0);
  c.validity_s = 300;
  sc.campaigns.push_back(c);
  sc.write_module.config.max_attempts = max_attempts;
  // A retry 35 min after the expiry meets the meters' periodic TAU.
  sc.write_module.config.retry_after = 35 * kMinute;
  return sc;
}

TEST(WriteModuleRuns, AnExpiredWriteIsRetriedWithTheNextCounterAndLandsAtTheNextWakeUp) {
  // Attempt 1 at 1200.05 s expires at 1500.05 s; attempt 2 is queued 35 min
  // later (3600.05 s), leaves at 3600.1 s valid for 5 min, and meets each
  // meter's periodic TAU (3660-3730 s): the SMSC's alert delivers it. Its
  // packet carries counter 2, which the card (at 0) takes.
  const Outcome r = run(sleeping_meters_short_validity(2), "retry");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("sms.submitted"), 24);
  EXPECT_EQ(m.at("sms.expired"), 12);
  EXPECT_EQ(m.at("sms.delivered"), 12);
  EXPECT_EQ(m.at("ota.retries"), 12);
  EXPECT_EQ(m.at("ota.done"), 12);
  EXPECT_EQ(m.at("ota.failed"), 0);
  EXPECT_EQ(m.at("ota.por_ok"), 12);
  EXPECT_EQ(m.at("refreshes"), 12);
  EXPECT_EQ(m.at("devices_registered"), 12);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_GT(m.at("ota.last_done_s"), 3600);
  EXPECT_LT(m.at("ota.last_done_s"), 3900);
  std::map<std::uint32_t, double> first_submitted, expired, retry, done;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::SmsSubmitted) && !first_submitted.count(e.device)) first_submitted[e.device] = e.t;
    if (e.kind == k(EventKind::SmsExpired)) expired[e.device] = e.t;
    if (e.kind == k(Kind::Retry)) {
      EXPECT_EQ(e.value, 1);  // after the first attempt
      retry[e.device] = e.t;
    }
    if (e.kind == k(Kind::Done)) {
      EXPECT_EQ(e.value, 2);  // it took two
      done[e.device] = e.t;
    }
  }
  ASSERT_EQ(retry.size(), 12u);
  ASSERT_EQ(done.size(), 12u);
  for (const auto& [d, t] : retry) {
    SCOPED_TRACE(d);
    EXPECT_NEAR(t, first_submitted.at(d) + 300, 1e-6);  // the SMSC's final report: validity over
    EXPECT_NEAR(expired.at(d), t, 1e-6);
    EXPECT_GT(done.at(d), 3600.1);
  }
  // Submissions: twelve at 1200.05 (8 workers: twelve by 1200.1), twelve more from 3600.05.
  const std::vector<double> submitted = times_of(r.events, k(EventKind::SmsSubmitted));
  ASSERT_EQ(submitted.size(), 24u);
  EXPECT_NEAR(submitted.front(), 1200.05, 1e-9);
  EXPECT_NEAR(submitted[11], 1200.10, 1e-9);
  EXPECT_NEAR(submitted[12], 3600.10, 1e-9);
}

TEST(WriteModuleRuns, PastMaxAttemptsTheOrdersFail) {
  const Outcome r = run(sleeping_meters_short_validity(1), "no-retry");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("sms.submitted"), 12);
  EXPECT_EQ(m.at("sms.expired"), 12);
  EXPECT_EQ(m.at("ota.retries"), 0);
  EXPECT_EQ(m.at("ota.done"), 0);
  EXPECT_EQ(m.at("ota.failed"), 12);
  EXPECT_EQ(m.at("refreshes"), 0);
  std::map<std::uint32_t, double> submitted;
  std::size_t failed = 0;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::SmsSubmitted)) submitted[e.device] = e.t;
    if (e.kind != k(Kind::Failed)) continue;
    ++failed;
    EXPECT_EQ(e.value, -1);  // no PoR was read
    EXPECT_NEAR(e.t, submitted.at(e.device) + 300, 1e-6);  // validity over
  }
  EXPECT_EQ(failed, 12u);
}

TEST(WriteModuleRuns, AnOutageHoldsTheCampaignBackUntilItEnds) {
  // Pageable meters; the campaign releases everything at 600 s, the module
  // is down from 590 s for 5 min: the first packets start at 890 s.
  twinsim::Scenario sc = meters(20, 1800, std::nullopt);
  sc.campaigns.push_back(write_card_at(600, 0));
  twinsim::FaultSpec f;
  f.at_s = 590;
  f.for_s = 300;
  f.target = twinsim::FaultTarget::WriteModule;
  f.action = twinsim::FaultAction::Outage;
  sc.faults.push_back(f);
  sc.write_module.config.workers = 2;
  sc.write_module.config.service_time = 100 * twinmodels::kMs;
  const Outcome r = run(sc, "outage");
  EXPECT_EQ(r.metrics.at("ota.done"), 20);
  const std::vector<double> submitted = times_of(r.events, k(EventKind::SmsSubmitted));
  ASSERT_EQ(submitted.size(), 20u);
  // Two workers of 100 ms from 890 s: two packets every 100 ms.
  for (std::size_t i = 0; i < submitted.size(); ++i)
    EXPECT_NEAR(submitted[i], 890.1 + 0.1 * static_cast<double>(i / 2), 1e-9) << i;
}

TEST(WriteModuleRuns, BatchesLeaveAtTheirTimesAndTheRateLimitSpacesThem) {
  twinsim::Scenario sc = meters(12, 1800, std::nullopt);
  twinsim::CampaignSpec c = write_card_at(600, 0);
  c.batch_size = 5;
  c.batch_interval_s = 60;
  sc.campaigns.push_back(c);
  sc.write_module.config.service_time = 0;
  sc.write_module.config.submit_rate = 10;  // one every 100 ms
  sc.write_module.config.submit_burst = 1;
  const Outcome r = run(sc, "batches");
  EXPECT_EQ(r.metrics.at("ota.done"), 12);
  const std::vector<double> submitted = times_of(r.events, k(EventKind::SmsSubmitted));
  ASSERT_EQ(submitted.size(), 12u);
  // Batches of 5, 5 and 2 at 600, 660 and 720 s, 100 ms apart within each.
  for (std::size_t i = 0; i < submitted.size(); ++i)
    EXPECT_NEAR(submitted[i], 600 + 60.0 * static_cast<double>(i / 5) + 0.1 * static_cast<double>(i % 5), 1e-9) << i;
}

TEST(WriteModuleRuns, ItsLoadIsSampledIntoTheRunFile) {
  twinsim::Scenario sc = meters(40, 1200, std::nullopt);
  sc.campaigns.push_back(write_card_at(600, 0));
  sc.write_module.config.workers = 1;
  sc.write_module.config.service_time = 5 * kSecond;  // 40 packets: 200 s of work
  const Outcome r = run(sc, "sampled");
  EXPECT_EQ(r.metrics.at("ota.done"), 40);
  ASSERT_TRUE(r.platforms.count("write-module"));
  const std::vector<PlatformRow>& rows = r.platforms.at("write-module");
  ASSERT_FALSE(rows.empty());
  std::uint64_t served = 0;
  double busy_peak = 0, busy_sum = 0;
  std::uint64_t queue_peak = 0;
  for (const PlatformRow& p : rows) {
    served += p.served;
    busy_peak = std::max(busy_peak, p.busy);
    busy_sum += p.busy;
    queue_peak = std::max(queue_peak, p.queue);
    EXPECT_EQ(p.rejected, 0u);
  }
  EXPECT_EQ(served, 40u);
  EXPECT_NEAR(busy_peak, 1.0, 1e-9);  // the one worker busy through whole intervals
  // At 660 s: 12 built, the 13th starting, 27 or 28 waiting.
  EXPECT_GE(queue_peak, 27u);
  EXPECT_LE(queue_peak, 28u);
  EXPECT_GT(busy_sum, 0);
}

}  // namespace test_write_module_runs
