// OneLink's usage and threshold alerts in engine runs (the source document
// §3.2.1, 阈值告警; population key activity_data, platforms.onelink's
// data_alert, account_data_alert, billing_period): every own activity of a
// followed device moves its activity_data, which OneLink counts as the
// card's and its account's usage in the billing period; a card's or an
// account's usage reaching its limit raises one onelink_usage_alert row per
// period. Short billing periods never reach the limit; the loader checks
// the keys.
#include <gtest/gtest.h>

#include <string>

#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_onelink_usage_runs {

using namespace twinsim::testing;

// 10 meters reporting every hour (jitter 10 min) over 6 h, 10 kB each time;
// `onelink` the platform's map.
twinsim::Scenario meters(const std::string& onelink) {
  const std::string text =
      "general: {name: onelink-usage, seed: 33, stop: 6h}\n"
      "populations:\n"
      "  - name: meters\n"
      "    count: 10\n"
      "    profile: " ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof\n"
      "    device_model: modem\n"
      "    start: {profile: uniform, at: 0s, over: 1min}\n"
      "    activity: {period: 1h, jitter: 10min}\n"
      "    activity_data: 10kB\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  onelink: " + onelink + "\n";
  return twinsim::parse_scenario(text, "onelink-usage.yaml");
}

// Connected rows of the devices' own activities (value 2, modem_cycle.cpp).
std::size_t activities(const Outcome& r) {
  std::size_t n = 0;
  for (const Row& e : r.events) n += e.kind == static_cast<std::uint8_t>(twinsim::EventKind::Connected) && e.value == 2;
  return n;
}

TEST(OneLinkUsageRuns, EachCardAndTheAccountRaiseOneAlertPerPeriod) {
  const Outcome r = run(meters("{populations: [meters], data_alert: 40kB, account_data_alert: 300kB, billing_period: 1d}"),
                        "usage-alerts");
  const auto& m = r.metrics;
  const std::size_t n = activities(r);
  // About six activities each in 6 h.
  EXPECT_GE(n, 50u);
  EXPECT_EQ(m.at("onelink.data_bytes"), static_cast<double>(n) * 10'000);
  // Every meter passes 40 kB at its fourth activity; the account passes
  // 300 kB at the 30th of all.
  EXPECT_EQ(m.at("onelink.usage_alerts"), 11);
  std::size_t rows = 0;
  for (const Row& e : r.events) {
    if (e.kind != twinsim::onelink_usage_alert_kind()) continue;
    ++rows;
    EXPECT_TRUE(e.value == 40'000 || e.value == 300'000) << e.value;
  }
  EXPECT_EQ(rows, 11u);
}

TEST(OneLinkUsageRuns, ShortBillingPeriodsNeverReachTheLimit) {
  // Two hours hold two or three activities: 30 kB at most, below 40 kB.
  const Outcome r = run(meters("{populations: [meters], data_alert: 40kB, billing_period: 2h}"), "usage-short");
  EXPECT_EQ(r.metrics.at("onelink.usage_alerts"), 0);
  EXPECT_GT(r.metrics.at("onelink.data_bytes"), 0);
}

TEST(OneLinkUsageRuns, WithoutActivityDataNothingIsCounted) {
  twinsim::Scenario s = meters("{populations: [meters], data_alert: 1B}");
  s.populations[0].activity_data_bytes = 0;
  const Outcome r = run(s, "usage-none");
  EXPECT_EQ(r.metrics.at("onelink.data_bytes"), 0);
  EXPECT_EQ(r.metrics.at("onelink.usage_alerts"), 0);
}

// The meters population (lines 3-7), its activity_data on line 8, then
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
    OneLinkUsage, ScenarioErrors,
    testing::Values(
        BrokenCase{"ActivityDataNotASize", kMeters + "    activity_data: 10kb\n",
                   "t.yaml:8:20: populations[0].activity_data: '10kb': unknown unit 'kb'; a size takes B, kB, MB or GB"},
        BrokenCase{"ActivityDataFractionOfAByte", kMeters + "    activity_data: 1.5B\n",
                   "t.yaml:8:20: populations[0].activity_data: '1.5B': expected whole bytes below 2^53"},
        BrokenCase{"ActivityDataOnUsim",
                   "general: {stop: 1h}\npopulations:\n  - name: meters\n    count: 10\n    activity_data: 1kB\n",
                   "t.yaml:5:20: populations[0].activity_data: applies to device_model modem only"},
        BrokenCase{"DataAlertZero", kMeters + "platforms:\n  onelink: {populations: [meters], data_alert: 0B}\n",
                   "t.yaml:9:48: platforms.onelink.data_alert: a data limit must be above 0B"},
        BrokenCase{"AccountDataAlertNotASize",
                   kMeters + "platforms:\n  onelink: {populations: [meters], account_data_alert: lots}\n",
                   "t.yaml:9:56: platforms.onelink.account_data_alert: 'lots': expected a size: a number and a unit (B, kB, MB or "
                   "GB), e.g. 200B"},
        BrokenCase{"BillingPeriodTooShort",
                   kMeters + "platforms:\n  onelink: {populations: [meters], billing_period: 500ms}\n",
                   "t.yaml:9:52: platforms.onelink.billing_period: a billing period must be at least 1s, found 500ms"}));

}  // namespace test_onelink_usage_runs
