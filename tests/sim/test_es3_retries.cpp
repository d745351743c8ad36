// An SM-DP's own ES3 calls made again (platforms.sm_dp[i].es3_retry;
// sim/twinsim/engine/es3_retries.hpp): the calls an SM-SR's crash lost
// go again after the restart and the downloads finish; without es3_retry
// they fail their orders. The bookkeeping's checkpoint and its damage; the
// loader's checks.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/es3_retries.hpp"

namespace test_es3_retries {

using namespace twinsim::testing;
using twinsim::Es3Retries;
namespace pf = twinmodels::platform;

// 20 importers downloading the German profile from 5 min, 10 a minute,
// through an SM-SR that crashes at `crash_at` for 30 s; `sm_dp` the SM-DP's
// map (platforms.sm_dp).
twinsim::Scenario downloads(const std::string& crash_at, const std::string& sm_dp) {
  const std::string text = "general: {name: es3-retries, seed: 11, stop: 40min}\npopulations:\n" +
                           importers_population(20) + "engine: {multiplexers: 2}\n" +
                           "platforms:\n  sm_sr: {workers: 1, service_time: 200ms}\n  sm_dp: " + sm_dp + "\n" +
                           "faults:\n  - {at: " + crash_at + ", target: sm-sr, action: crash, restart: 30s}\n"
                           "campaigns:\n"
                           "  - {name: import, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
                           "batch_size: 10, batch_interval: 1min}\n";
  return twinsim::parse_scenario(text, "es3-retries.yaml");
}

TEST(Es3RetryRuns, TheSmDpsCallsTheSmSrsCrashLostAreMadeAgainAndTheDownloadsFinish) {
  // The first batch's CreateISDPs queue at the SM-SR (one worker, 200 ms
  // each): the crash at 300.5 s loses 8 of them; they go again at 345.5 s,
  // after the restart at 330.5 s.
  const std::string crash_at = "300500ms";
  const Outcome r = run(downloads(crash_at, "{es3_retry: {retry_after: 45s, max_attempts: 3}}"), "es3-retry");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.lost"), 8);
  EXPECT_EQ(m.at("smdp.es3_retried"), 8);
  EXPECT_EQ(m.at("smdp.done"), 20);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("refreshes"), 20);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  // Without es3_retry, the orders whose calls were lost fail.
  const Outcome once = run(downloads(crash_at, "{}"), "es3-retry-once");
  EXPECT_EQ(once.metrics.at("smdp.es3_retried"), 0);
  EXPECT_EQ(once.metrics.at("smdp.failed"), 8);
  EXPECT_EQ(once.metrics.at("smdp.done"), 12);
}


// ------------------------------------------------- the bookkeeping itself

pf::Es3Call es3_call(const std::string& id) {
  pf::Es3Call c;
  c.smsr_id = "SM-SR";
  c.call.kind = pf::FunctionCall::Kind::CreateIsdp;
  c.call.interface = "ES3";
  c.call.call_id = id;
  c.call.eid = "89086030000000000000000000000095";
  c.call.iccid = "8986910000000000001";
  return c;
}

// The SM-SR's server's answers (platform_server.hpp) and one of its model.
pf::FunctionResult lost(const std::string& id) {
  return pf::failed_result("ES3.CreateISDP", id, "", "", "Platform", "Unavailable", "SM-SR: crashed, the request was lost");
}
pf::FunctionResult by_the_euicc(const std::string& id) {
  return pf::failed_result("ES3.CreateISDP", id, "", "", "eUICC", "No response", "3 attempts");
}

TEST(Es3Retries, ACallTheServerDidNotServeGoesAgainUntilItsCallsAreSpent) {
  Es3Retries r(twinsim::RetrySpec{20, 3});
  r.sent(es3_call("a/1"));
  r.sent(es3_call("b/1"));
  EXPECT_TRUE(r.again(1'000'000, lost("a/1")));
  EXPECT_EQ(r.next(), 21'000'000);
  EXPECT_TRUE(r.again(2'000'000, pf::failed_result("ES3.CreateISDP", "b/1", "", "", "Platform", "Busy", "")));
  EXPECT_TRUE(r.take_due(20'000'000).empty());
  auto due = r.take_due(22'000'000);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].first, 21'000'000);
  EXPECT_EQ(due[0].second.call.call_id, "a/1");
  EXPECT_EQ(due[1].second.call.call_id, "b/1");
  EXPECT_EQ(due[1].second.smsr_id, "SM-SR");
  EXPECT_TRUE(r.again(30'000'000, lost("a/1")));    // its third call
  EXPECT_FALSE(r.again(60'000'000, lost("a/1")));   // three made: the SM-DP takes the answer
  EXPECT_FALSE(r.again(60'000'000, lost("a/1")));   // forgotten
  // An answer of the SM-SR's model is the SM-DP's, and the call is forgotten.
  EXPECT_FALSE(r.again(61'000'000, by_the_euicc("b/1")));
  EXPECT_FALSE(r.again(62'000'000, lost("b/1")));
  EXPECT_EQ(r.retried(), 3u);
  // Without es3_retry nothing is kept.
  Es3Retries none(std::nullopt);
  none.sent(es3_call("a/1"));
  EXPECT_FALSE(none.again(0, lost("a/1")));
  EXPECT_EQ(none.next(), twinmodels::kNever);
}

TEST(Es3Retries, TheStateRoundTripsAndDamageIsRefused) {
  Es3Retries r(twinsim::RetrySpec{20, 3});
  r.sent(es3_call("a/1"));
  r.sent(es3_call("b/1"));
  r.again(1'000'000, lost("b/1"));
  cardcore::Bytes saved;
  r.save(saved);
  Es3Retries back(twinsim::RetrySpec{20, 3});
  twinmodels::state::Reader in(saved, "es3");
  back.restore(in, {"SM-SR"});
  in.expect_end();
  cardcore::Bytes again;
  back.save(again);
  EXPECT_EQ(again, saved);
  EXPECT_EQ(back.next(), 21'000'000);
  auto refused = [&](const cardcore::Bytes& bad, std::optional<twinsim::RetrySpec> spec, const std::string& why,
                     std::vector<std::string> ids = {"SM-SR"}) {
    Es3Retries x(spec);
    twinmodels::state::Reader rd(bad, "es3");
    try {
      x.restore(rd, ids);
      rd.expect_end();
      ADD_FAILURE() << "taken: " << why;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  for (std::size_t n = 0; n < saved.size(); ++n)
    refused(cardcore::Bytes(saved.begin(), saved.begin() + n), twinsim::RetrySpec{20, 3}, "truncated");
  refused(saved, std::nullopt, "the SM-DP has no es3_retry");
  refused(saved, twinsim::RetrySpec{20, 3}, "an ES3 call to SM-SR 'SM-SR', which the scenario has not", {"SM-SR-DE"});
  // b/1's two calls (after retried u64 and the count u32 comes a/1: its
  // calls u32, ...) above a max_attempts of 1.
  refused(saved, twinsim::RetrySpec{20, 1}, "an ES3 call made 2 times");
  // The call due names one not sent: its id's last byte changed.
  cardcore::Bytes bad = saved;
  bad.back() = '9';
  refused(bad, twinsim::RetrySpec{20, 3}, "ES3 call 'b/9' due again was not sent");
}

const std::string& kGen = kLoaderGeneral;
const std::string kTrackers = kLoaderCards + kLoaderProfiles;

INSTANTIATE_TEST_SUITE_P(
    Es3Retry, ScenarioErrors,
    testing::Values(BrokenCase{"Es3RetryAtOnce",
                               kGen + kTrackers + "platforms:\n  sm_dp: {es3_retry: {retry_after: 0s, max_attempts: 2}}\n",
                               "t.yaml:13:36: platforms.sm_dp.es3_retry.retry_after: the retry wait must be longer than 0s, found 0s"},
                    BrokenCase{"Es3RetryUnknownKey",
                               kGen + kTrackers +
                                   "platforms:\n  sm_dp: {es3_retry: {retry_after: 1s, max_attempts: 2, jitter: 1s}}\n",
                               "t.yaml:13:57: platforms.sm_dp.es3_retry.jitter: unknown key (known here: retry_after, max_attempts)"}));

}  // namespace test_es3_retries
