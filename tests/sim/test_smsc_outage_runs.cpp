// The SMSC's outage in engine runs (docs/SCENARIOS.md, "faults": target
// `smsc`): while its delivery side is down no delivery attempt starts, the
// write module's submissions are still taken and stored (TS 23.040 §3), the
// stored messages leave when it ends, at the SMSC's rate; one down to the
// end of the run lets every message's validity run out (§9.2.3.12).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "modem_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_smsc_outage_runs {

using namespace twinsim::testing;
using twinsim::EventKind;

std::vector<double> times_of(const std::vector<Row>& rows, EventKind kind) {
  std::vector<double> t;
  for (const Row& e : rows)
    if (e.kind == static_cast<std::uint8_t>(kind)) t.push_back(e.t);
  std::sort(t.begin(), t.end());
  return t;
}

twinsim::FaultSpec smsc_outage(double at_s, double for_s) {
  twinsim::FaultSpec f;
  f.at_s = at_s;
  f.for_s = for_s;
  f.target = twinsim::FaultTarget::Smsc;
  f.action = twinsim::FaultAction::Outage;
  return f;
}

TEST(SmscOutageRuns, NothingIsDeliveredWhileDownThenTheStoreDrainsAtTheRate) {
  // Pageable meters; the campaign releases all 20 at 600 s; the SMSC is
  // down from 590 s for 5 min and delivers 4 a second with a burst of 2.
  twinsim::Scenario sc = meters(20, 1800, std::nullopt);
  sc.campaigns.push_back(write_card_at(600, 0));
  sc.faults.push_back(smsc_outage(590, 300));
  sc.network.smsc.config.rate_per_second = 4;
  sc.network.smsc.config.burst = 2;
  const Outcome r = run(sc, "smsc-outage");
  EXPECT_EQ(r.metrics.at("ota.done"), 20);
  EXPECT_EQ(r.metrics.at("sms.expired"), 0);
  const std::vector<double> submitted = times_of(r.events, EventKind::SmsSubmitted);
  ASSERT_EQ(submitted.size(), 20u);
  EXPECT_LT(submitted.back(), 890) << "taken and stored in the outage";
  const std::vector<double> attempts = times_of(r.events, EventKind::SmsAttempt);
  ASSERT_EQ(attempts.size(), 20u);
  // None before the end; then 2 at once and one every 250 ms.
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const double expected = 890 + (i < 2 ? 0.0 : 0.25 * static_cast<double>(i - 1));
    EXPECT_NEAR(attempts[i], expected, 1e-6) << i;
  }
}

TEST(SmscOutageRuns, DownToTheEndEveryMessageExpiresUntried) {
  // Valid 5 min; the SMSC down from 300 s to the end: the write module's
  // single attempts expire in store 300 s after their submission.
  twinsim::Scenario sc = meters(12, 1800, std::nullopt);
  twinsim::CampaignSpec c = write_card_at(600, 0);
  c.validity_s = 300;
  sc.campaigns.push_back(c);
  sc.write_module.config.max_attempts = 1;
  sc.faults.push_back(smsc_outage(300, 0));
  const Outcome r = run(sc, "smsc-down");
  EXPECT_EQ(r.metrics.at("sms.attempts"), 0);
  EXPECT_EQ(r.metrics.at("sms.expired"), 12);
  EXPECT_EQ(r.metrics.at("ota.failed"), 12);
  EXPECT_EQ(r.metrics.at("ota.done"), 0);
  const std::vector<double> submitted = times_of(r.events, EventKind::SmsSubmitted);
  const std::vector<double> expired = times_of(r.events, EventKind::SmsExpired);
  ASSERT_EQ(expired.size(), 12u);
  for (std::size_t i = 0; i < expired.size(); ++i) EXPECT_NEAR(expired[i], submitted.at(i) + 300, 1e-6) << i;
}

}  // namespace test_smsc_outage_runs
