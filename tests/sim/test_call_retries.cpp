// The MNOs' campaign calls made again (campaigns[i].retry;
// sim/twinsim/engine/call_retries.hpp): the SM-SR's calls its crash lost
// or its outage refused, the SM-DP's orders its outage refused, each made
// again `retry_after` later up to `max_attempts` calls; the bookkeeping's
// checkpoint and its damage; the loader's checks.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/call_retries.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_call_retries {

using namespace twinsim::testing;
using twinsim::CallRetries;
using twinsim::SmDpEvent;
using twinsim::SmSrEvent;

std::uint8_t k(SmSrEvent e) { return twinsim::smsr_event_kind(e); }

// `count` trackers pageable for 1 min after each exchange; the German
// profile enabled from 5 min, 10 a minute, with `retry` (campaigns[0]'s
// map continued); `extra` before the campaigns.
twinsim::Scenario trackers(int count, const std::string& extra, const std::string& retry) {
  const std::string text = "general: {name: call-retries, seed: 5, stop: 1h}\npopulations:\n" +
                           trackers_population(count, "1min", "20min") + "engine: {multiplexers: 2}\n" + extra +
                           "campaigns:\n" + switch_trackers_campaign(retry);
  return twinsim::parse_scenario(text, "call-retries.yaml");
}

TEST(CallRetryRuns, TheCallsTheSmSrsCrashLostAreMadeAgainAfterTheRestart) {
  // SmSrRuns.ACrashLosesTheCallsQueuedAndKeepsTheOperationsUnderWay with
  // the MNO making its calls again a minute after the failure: the eight
  // the crash at 365 s lost are made again at 425 s (the SM-SR up at 395
  // s) and done.
  const std::string crash = "platforms:\n  sm_sr: {workers: 1, service_time: 2s}\n"
                            "faults:\n  - {at: 365s, target: sm-sr, action: crash, restart: 30s}\n";
  const Outcome r = run(trackers(30, crash, ", retry: {retry_after: 1min, max_attempts: 3}"), "retry-crash");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.lost"), 8);
  EXPECT_EQ(m.at("smsr.retried"), 8);
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("smsr.done"), 30);
  EXPECT_EQ(m.at("refreshes"), 30);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  for (const Row& e : r.events) EXPECT_NE(e.kind, k(SmSrEvent::Failed)) << e.device;
  // Without the retry they fail.
  const Outcome once = run(trackers(30, crash, ""), "retry-crash-once");
  EXPECT_EQ(once.metrics.at("smsr.failed"), 8);
  EXPECT_EQ(once.metrics.at("smsr.retried"), 0);
}

TEST(CallRetryRuns, AnOutageLongerThanTheRetriesRefusesTheCallsAtTheirLastAttempt) {
  // The SM-SR down from 5.5 to 8 min: the second batch (6 min) is refused
  // at 6 and 6.5 min, the third (7 min) at 7 and 7.5 min; their two calls
  // made, they end refused. The first (5 min) and the fourth (8 min) meet
  // it up and are done.
  const Outcome r = run(trackers(40, "faults:\n  - {at: 330s, target: sm-sr, action: outage, for: 150s}\n",
                                 ", retry: {retry_after: 30s, max_attempts: 2}"),
                        "retry-outage");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.retried"), 20);
  EXPECT_EQ(m.at("smsr.refused"), 20);
  EXPECT_EQ(m.at("smsr.done"), 20);
  std::size_t refused = 0;
  for (const Row& e : r.events) {
    if (e.kind != k(SmSrEvent::Refused)) continue;
    ++refused;
    // Each at its second call, 30 s after the first.
    EXPECT_TRUE(e.t == 390 || e.t == 450) << e.t;
  }
  EXPECT_EQ(refused, 20u);
}

TEST(CallRetryRuns, TheOrdersAnSmDpsOutageRefusedAreMadeAgainAndDone) {
  // SmDpRuns.AnOutageOfTheSmDpRefusesTheOrdersItMeets with retries: the
  // batch of 6 min, refused, is ordered again at 7 min (the SM-DP up from
  // 6.5 min) and installed.
  const std::string text = "general: {name: smdp-retries, seed: 9, stop: 40min}\npopulations:\n" +
                           importers_population(20) + "engine: {multiplexers: 2}\n" +
                           "faults:\n  - {at: 330s, target: sm-dp, action: outage, for: 1min}\n"
                           "campaigns:\n"
                           "  - {name: import, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
                           "batch_size: 10, batch_interval: 1min, retry: {retry_after: 1min, max_attempts: 2}}\n";
  const Outcome r = run(twinsim::parse_scenario(text, "smdp-retries.yaml"), "smdp-retries");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.retried"), 10);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  EXPECT_EQ(m.at("smdp.done"), 20);
  EXPECT_EQ(m.at("refreshes"), 20);
  for (const Row& e : r.events) EXPECT_NE(e.kind, twinsim::smdp_event_kind(SmDpEvent::Refused));
}

// ------------------------------------------------- the bookkeeping itself

twinsim::Scenario one_campaign(std::uint32_t max_attempts) {
  twinsim::Scenario s;
  twinsim::CampaignSpec c;
  c.name = "c";
  c.retry = twinsim::RetrySpec{60, max_attempts};
  s.campaigns.push_back(c);
  return s;
}

TEST(CallRetries, ACallIsMadeAgainUntilItsAttemptsAreSpentAndServedForgetsIt) {
  const twinsim::Scenario s = one_campaign(3);
  CallRetries r;
  const CallRetries::Call a{0, 7}, b{0, 8};
  EXPECT_TRUE(r.again(1'000'000, s.campaigns[0], a));
  EXPECT_EQ(r.next(), 61'000'000);
  EXPECT_TRUE(r.again(2'000'000, s.campaigns[0], b));
  EXPECT_TRUE(r.take_due(60'000'000).empty());
  const auto due = r.take_due(62'000'000);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].second, a);
  EXPECT_EQ(due[1].second, b);
  EXPECT_TRUE(r.again(61'000'000, s.campaigns[0], a));    // its third call
  EXPECT_FALSE(r.again(121'000'000, s.campaigns[0], a));  // three made
  r.served(b);
  EXPECT_TRUE(r.again(200'000'000, s.campaigns[0], b));   // counted from one again
  EXPECT_EQ(r.retried(), 4u);
  // Without a retry, a call is made once.
  twinsim::CampaignSpec none;
  EXPECT_FALSE(r.again(0, none, a));
}

TEST(CallRetries, TheStateRoundTripsAndDamageIsRefused) {
  twinsim::Scenario s = one_campaign(3);
  s.campaigns.push_back(s.campaigns[0]);
  s.campaigns[1].name = "other";  // another platform's: a retry of its may not be here
  auto ours = [](const twinsim::CampaignSpec& c) { return c.name == "c"; };
  CallRetries r;
  r.again(1'000'000, s.campaigns[0], {0, 7});
  r.again(2'000'000, s.campaigns[0], {0, 3});
  r.take_due(61'500'000);
  r.again(70'000'000, s.campaigns[0], {0, 7});
  cardcore::Bytes saved;
  r.save(saved);
  CallRetries back;
  twinmodels::state::Reader in(saved, "retries");
  back.restore(in, s, 10, ours, "the SM-SR");
  in.expect_end();
  cardcore::Bytes again;
  back.save(again);
  EXPECT_EQ(again, saved);
  auto refused = [&](cardcore::Bytes bad, std::uint64_t devices, const std::string& why) {
    CallRetries x;
    twinmodels::state::Reader rd(bad, "retries");
    try {
      x.restore(rd, s, devices, ours, "the SM-SR");
      rd.expect_end();
      ADD_FAILURE() << "taken: " << why;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  refused(saved, 5, "device 7 is not in the run");
  for (std::size_t n = 0; n < saved.size(); ++n) refused(cardcore::Bytes(saved.begin(), saved.begin() + n), 10, "truncated");
  // The first call due's campaign (after retried u64, count u32, at u64):
  // 2, no such campaign; 1, another platform's.
  cardcore::Bytes bad = saved;
  bad[8 + 4 + 8] = 2;
  refused(bad, 10, "campaign 2 makes no call again");
  bad[8 + 4 + 8] = 1;
  refused(bad, 10, "campaign 'other' is not one of the SM-SR");
  // Device 7's calls made (the last u32) above max_attempts.
  bad = saved;
  bad[bad.size() - 4] = 4;
  refused(bad, 10, "a call made 4 times");
}

const std::string& kGen = kLoaderGeneral;
const std::string kTrackers = kLoaderCards + kLoaderProfiles;
const std::string kEnable = "campaigns:\n  - {name: c, kind: enable-profile, population: trackers, profile: CMCC, at: 1min";

INSTANTIATE_TEST_SUITE_P(
    CampaignRetry, ScenarioErrors,
    testing::Values(
        BrokenCase{"RetryOnWriteCard",
                   kGen +
                       "populations:\n  - {name: meters, count: 10, device_model: modem}\n"
                       "campaigns:\n  - {name: w, kind: write-card, population: meters, at: 1min, imsi_prefix: '46001', "
                       "retry: {retry_after: 1min, max_attempts: 2}}\n",
                   "t.yaml:6:92: campaigns[0].retry: applies to the SM-SR's and the SM-DP's campaigns only"},
        BrokenCase{"RetryWithoutWait", kGen + kTrackers + kEnable + ", retry: {max_attempts: 2}}\n",
                   "t.yaml:13:91: campaigns[0].retry.retry_after: required key is missing"},
        BrokenCase{"RetryAtOnce", kGen + kTrackers + kEnable + ", retry: {retry_after: 0s, max_attempts: 2}}\n",
                   "t.yaml:13:105: campaigns[0].retry.retry_after: the retry wait must be longer than 0s, found 0s"},
        BrokenCase{"RetryTooManyAttempts", kGen + kTrackers + kEnable + ", retry: {retry_after: 1s, max_attempts: 256}}\n",
                   "t.yaml:13:123: campaigns[0].retry.max_attempts: expected a whole number from 1 to 255, found 256"},
        BrokenCase{"RetryUnknownKey",
                   kGen + kTrackers + kEnable + ", retry: {retry_after: 1s, max_attempts: 2, backoff: 2}}\n",
                   "t.yaml:13:126: campaigns[0].retry.backoff: unknown key"},
        BrokenCase{"RetryOnAnSmSrChange",
                   kGen + kTrackers +
                       "platforms:\n  sm_sr:\n    - {id: A}\n    - {id: B, host: b, address: '4917'}\n"
                       "campaigns:\n  - {name: c, kind: smsr-change, population: trackers, to: B, at: 1min, "
                       "retry: {retry_after: 1min, max_attempts: 2}}\n",
                   "t.yaml:17:80: campaigns[0].retry: applies to the MNO's calls at the SM-SR (ES4) and its orders at the SM-DP "
                   "(ES2): not to an SM-SR change or an order through OneLink"}));

}  // namespace test_call_retries
