// The devices' own MO SMS (population key activity_sms; modem_own_sms.cpp)
// and OneLink's SMS usage (platforms.onelink's sms_alert,
// account_sms_alert; onelink_sms_usage.cpp): each own activity of a modem
// device sends its population's MO SMS through the SMSC, one after the
// other's RP-ACK; OneLink counts those of the cards it follows per billing
// period and raises one SMS usage alert per card or account and period.
// The loader checks the keys.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_onelink_sms_runs {

using namespace twinsim::testing;
using twinsim::EventKind;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";

// 10 meters OneLink follows, reporting every hour (jitter 10 min) over 6 h
// with 2 MO SMS each time, and 4 trackers it does not follow with 1;
// `onelink` the platform's map.
twinsim::Scenario texting(const std::string& onelink) {
  const std::string text =
      "general: {name: onelink-sms, seed: 35, stop: 6h}\n"
      "populations:\n"
      "  - {name: meters, count: 10, profile: " + kProfile + ", device_model: modem, "
      "start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 1h, jitter: 10min}, activity_sms: 2}\n"
      "  - {name: trackers, count: 4, imsi_prefix: '46008', profile: " + kProfile + ", device_model: modem, "
      "start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 30min}, activity_sms: 1}\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  onelink: " + onelink + "\n";
  return twinsim::parse_scenario(text, "onelink-sms.yaml");
}

// The times of the devices' own activities (Connected rows, value 2), by device.
std::map<std::uint32_t, std::vector<double>> activities(const Outcome& r) {
  std::map<std::uint32_t, std::vector<double>> out;
  for (const Row& e : r.events) {
    if (e.kind == static_cast<std::uint8_t>(EventKind::Connected) && e.value == 2) out[e.device].push_back(e.t);
  }
  return out;
}

TEST(OneLinkSmsRuns, EachActivitySendsItsSmsThroughTheSmscAndOneLinkCountsTheFollowedCards) {
  const Outcome r =
      run(texting("{populations: [meters], sms_alert: 5, account_sms_alert: 30, billing_period: 1d}"), "sms-alerts");
  const auto& m = r.metrics;
  // Every activity's SMS reach the SMSC 0.5 s (network.smsc's
  // delivery_latency) and 1.5 s (after the first one's RP-ACK) after it.
  std::map<std::uint32_t, std::vector<double>> sms;
  std::map<std::uint32_t, std::vector<std::int64_t>> numbers;
  for (const Row& e : r.events) {
    if (e.kind != twinsim::sms_mo_kind()) continue;
    sms[e.device].push_back(e.t);
    numbers[e.device].push_back(e.value);
  }
  std::size_t meters_sms = 0, trackers_sms = 0;
  for (const auto& [device, times] : activities(r)) {
    const bool meter = device < 10;
    std::vector<double> expected;
    std::vector<std::int64_t> expected_numbers;
    for (double t : times) {
      expected.push_back(t + 0.5);
      expected_numbers.push_back(1);
      if (!meter) continue;
      expected.push_back(t + 1.5);
      expected_numbers.push_back(2);
    }
    ASSERT_EQ(sms[device].size(), expected.size()) << "device " << device;
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(sms[device][i], expected[i], 1e-6);
    EXPECT_EQ(numbers[device], expected_numbers);
    (meter ? meters_sms : trackers_sms) += expected.size();
  }
  EXPECT_GE(meters_sms, 100u);  // about six activities a meter
  EXPECT_GE(trackers_sms, 40u);
  EXPECT_EQ(m.at("sms.mo"), static_cast<double>(meters_sms + trackers_sms));
  // OneLink counts the meters' only.
  EXPECT_EQ(m.at("onelink.sms_mo"), static_cast<double>(meters_sms));
  // Every meter reaches 5 SMS at its third activity, the account 30 at
  // its 30th SMS; the data alerts stay silent (no activity_data).
  std::size_t card_alerts = 0, account_alerts = 0;
  for (const Row& e : r.events) {
    if (e.kind != twinsim::onelink_sms_alert_kind()) continue;
    ASSERT_LT(e.device, 10u);
    if (e.value == 5) ++card_alerts;
    else if (e.value == 30) ++account_alerts;
    else ADD_FAILURE() << "an SMS alert at " << e.value << " SMS";
  }
  EXPECT_EQ(card_alerts, 10u);
  EXPECT_EQ(account_alerts, 1u);
  EXPECT_EQ(m.at("onelink.sms_alerts"), 11);
  EXPECT_EQ(m.at("onelink.usage_alerts"), 0);
  EXPECT_EQ(m.at("onelink.data_bytes"), 0);
}

TEST(OneLinkSmsRuns, ShortBillingPeriodsNeverReachTheSmsLimit) {
  // An hour holds one or two activities of a meter: 4 SMS at most, below 5.
  const Outcome r = run(texting("{populations: [meters], sms_alert: 5, billing_period: 1h}"), "sms-short");
  EXPECT_EQ(r.metrics.at("onelink.sms_alerts"), 0);
  EXPECT_GT(r.metrics.at("onelink.sms_mo"), 0);
}

TEST(OneLinkSmsRuns, WithoutActivitySmsNoSmsIsSent) {
  twinsim::Scenario s = texting("{populations: [meters], sms_alert: 1}");
  for (twinsim::PopulationSpec& p : s.populations) p.activity_sms = 0;
  const Outcome r = run(s, "sms-none");
  EXPECT_EQ(r.metrics.at("sms.mo"), 0);
  EXPECT_EQ(r.metrics.at("onelink.sms_mo"), 0);
  EXPECT_EQ(r.metrics.at("onelink.sms_alerts"), 0);
  EXPECT_EQ(count_of(r.events, twinsim::sms_mo_kind()), 0u);
}

// The meters population (lines 3-7), its activity_sms on line 8, then
// platforms on line 9.
const std::string kMeters =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - name: meters\n"
    "    count: 10\n"
    "    device_model: modem\n"
    "    start: {profile: uniform, at: 0s, over: 1min}\n"
    "    activity: {period: 1h, jitter: 10min}\n";

INSTANTIATE_TEST_SUITE_P(
    OneLinkSms, ScenarioErrors,
    testing::Values(
        BrokenCase{"ActivitySmsTooMany", kMeters + "    activity_sms: 256\n",
                   "t.yaml:8:19: populations[0].activity_sms: expected a whole number from 0 to 255, found 256"},
        BrokenCase{"ActivitySmsNegative", kMeters + "    activity_sms: -1\n",
                   "t.yaml:8:19: populations[0].activity_sms: expected a whole number from 0 to 255, found '-1'"},
        BrokenCase{"ActivitySmsNotANumber", kMeters + "    activity_sms: [1]\n",
                   "t.yaml:8:19: populations[0].activity_sms: expected a whole number from 0 to 255, found a list"},
        BrokenCase{"ActivitySmsOnUsim",
                   "general: {stop: 1h}\npopulations:\n  - name: meters\n    count: 10\n    activity_sms: 1\n",
                   "t.yaml:5:19: populations[0].activity_sms: applies to device_model modem only"},
        BrokenCase{"SmsAlertZero", kMeters + "platforms:\n  onelink: {populations: [meters], sms_alert: 0}\n",
                   "t.yaml:9:47: platforms.onelink.sms_alert: expected a whole number (1 or more), found 0"},
        BrokenCase{"SmsAlertASize", kMeters + "platforms:\n  onelink: {populations: [meters], sms_alert: 10kB}\n",
                   "t.yaml:9:47: platforms.onelink.sms_alert: expected a whole number (1 or more), found '10kB'"},
        BrokenCase{"AccountSmsAlertZero",
                   kMeters + "platforms:\n  onelink: {populations: [meters], account_sms_alert: 0}\n",
                   "t.yaml:9:55: platforms.onelink.account_sms_alert: expected a whole number (1 or more), found 0"}));

}  // namespace test_onelink_sms_runs
