// OneLink's per-account billing calendars and quota alerts
// (models/twinmodels/platform/billing_cycle.hpp, onelink_account.hpp):
// monthly cycles on the day an account chose, usage, thresholds and quota
// levels restarting with each account's own cycle, each level once per
// card and cycle, and both kept across a checkpoint.
#include <gtest/gtest.h>

#include <stdexcept>

#include "state_refusals.hpp"
#include "twinmodels/platform/onelink.hpp"

namespace twinmodels::testing {
namespace test_onelink_billing {

using namespace twinmodels::platform;

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
// Time 0 is 2026-01-01T00:00:00Z, 08:00 in China Standard Time (UTC+8).
// A cycle on the 15th: 2025-12-15 00:00 CST to 2026-01-15 00:00 CST
// (2026-01-14T16:00Z, 13 d 16 h after time 0), then to 2026-02-15.
constexpr std::int64_t kJan15 = 13 * kDay + 16 * kHour;
constexpr std::int64_t kFeb15 = kJan15 + 31 * kDay;
// A cycle on the 1st: from 2026-01-01 00:00 CST (8 h before time 0) to 2026-02-01.
constexpr std::int64_t kFeb1 = 31 * kDay - 8 * kHour;

BillingPeriods monthly(unsigned day) {
  BillingPeriods p;
  p.monthly = MonthlyCycle{day};
  return p;
}

Card card(const std::string& iccid, std::optional<std::uint64_t> data_limit = std::nullopt) {
  Card c;
  c.iccid = iccid;
  c.expected = {iccid, "46004000000" + iccid.substr(iccid.size() - 4), ""};
  c.thresholds.data_bytes = data_limit;
  return c;
}

TEST(BillingCycle, PeriodsStartAtMidnightChinaTimeOnTheAccountsDay) {
  const MonthlyCycle on15{15};
  EXPECT_EQ(cycle_index(on15, 0), 0);
  EXPECT_EQ(cycle_index(on15, kJan15 - 1), 0);
  EXPECT_EQ(cycle_index(on15, kJan15), 1);
  EXPECT_EQ(cycle_index(on15, kFeb15 - 1), 1);
  EXPECT_EQ(cycle_index(on15, kFeb15), 2);
  EXPECT_EQ(cycle_start_ms(on15, 1), kJan15);
  EXPECT_EQ(cycle_start_ms(on15, 2), kFeb15);
  EXPECT_EQ(cycle_start_ms(on15, 0), -(17 * kDay + 8 * kHour));  // 2025-12-15 00:00 CST
  const MonthlyCycle on1{1};
  EXPECT_EQ(cycle_start_ms(on1, 0), -8 * kHour);
  EXPECT_EQ(cycle_index(on1, kFeb1 - 1), 0);
  EXPECT_EQ(cycle_index(on1, kFeb1), 1);
  // February 2026 has 28 days: the cycle on the 1st of March starts 28 days later.
  EXPECT_EQ(cycle_start_ms(on1, 2), kFeb1 + 28 * kDay);
  // In UTC the 15th starts 8 hours later than in China.
  MonthlyCycle utc{15};
  utc.utc_offset_min = 0;
  EXPECT_EQ(cycle_start_ms(utc, 1), kJan15 + 8 * kHour);
  EXPECT_THROW(check_cycle(MonthlyCycle{0}), std::invalid_argument);
  EXPECT_THROW(check_cycle(MonthlyCycle{29}), std::invalid_argument);
  EXPECT_NO_THROW(check_cycle(MonthlyCycle{28}));
}

TEST(OneLinkBilling, EachAccountsUsageAndThresholdsRestartWithItsOwnCycle) {
  OneLink ol{OneLinkConfig{BillingPeriods{0, 365 * kDay, {}}, {}, 64}};
  Thresholds t;
  t.data_bytes = 1000;
  ol.add_account("MID", "meters, cycle on the 15th", t, monthly(15));
  ol.add_account("FIRST", "locks, cycle on the 1st", t, monthly(1));
  ol.add_account("PLATFORM", "the platform's calendar", t);
  ol.add_card("MID", card("89860000000000000011", 1000));
  ol.add_card("FIRST", card("89860000000000000029", 1000));
  ol.add_card("PLATFORM", card("89860000000000000037", 1000));
  EXPECT_EQ(ol.period_of("MID", kJan15), 1);
  EXPECT_EQ(ol.period_of("FIRST", kJan15), 0);
  EXPECT_EQ(ol.period_of("PLATFORM", kFeb15), 0);
  EXPECT_FALSE(ol.period_of("NONE", 0));

  for (const char* iccid : {"89860000000000000011", "89860000000000000029", "89860000000000000037"}) {
    ol.report_usage(iccid, kJan15 - 1, Usage{900, 0});
    ol.report_usage(iccid, kJan15, Usage{900, 0});
  }
  // The 15th's account crossed into its next cycle: 900 in each, no alert;
  // the others counted 1800 in one period: the card's and the account's alerts.
  std::vector<Alert> alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 4u);
  for (const Alert& a : alerts) EXPECT_NE(a.account_id, "MID") << describe(a);
  EXPECT_EQ(ol.card_usage("89860000000000000011", 0).data_bytes, 900u);
  EXPECT_EQ(ol.card_usage("89860000000000000011", 1).data_bytes, 900u);
  EXPECT_EQ(ol.account_usage("FIRST", 0).data_bytes, 1800u);
  // The 1st's account starts again on February 1st: its limit fires again there.
  ol.report_usage("89860000000000000029", kFeb1 - 1, Usage{1, 0});
  EXPECT_TRUE(ol.take_alerts().empty());  // both fired this period
  ol.report_usage("89860000000000000029", kFeb1, Usage{1000, 0});
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].period, 1);
  EXPECT_EQ(alerts[0].iccid, "89860000000000000029");
  EXPECT_EQ(alerts[1].iccid, "");  // the account's
}

TEST(OneLinkBilling, ABadCalendarOrPlanIsRefused) {
  OneLink ol;
  EXPECT_THROW(ol.add_account("A", "a", {}, monthly(29)), std::invalid_argument);
  BillingPeriods none;
  none.length_ms = 0;
  EXPECT_THROW(ol.add_account("A", "a", {}, none), std::invalid_argument);
  EXPECT_THROW(ol.add_account("A", "a", {}, std::nullopt, QuotaPlan{0, {80}}), std::invalid_argument);
  EXPECT_THROW(ol.add_account("A", "a", {}, std::nullopt, QuotaPlan{1000, {100, 80}}), std::invalid_argument);
  EXPECT_THROW(ol.add_account("A", "a", {}, std::nullopt, QuotaPlan{1000, {80, 80}}), std::invalid_argument);
  EXPECT_THROW(ol.add_account("A", "a", {}, std::nullopt, QuotaPlan{1000, {0}}), std::invalid_argument);
  EXPECT_THROW(ol.add_account("A", "a", {}, std::nullopt, QuotaPlan{1000, {1001}}), std::invalid_argument);
  EXPECT_THROW(ol.add_account("A", "a", {}, std::nullopt, QuotaPlan{QuotaPlan::kMaxBytes + 1, {80}}),
               std::invalid_argument);
  EXPECT_EQ(ol.account("A"), nullptr);  // nothing added
  EXPECT_NO_THROW(ol.add_account("A", "a", {}, monthly(28), QuotaPlan{1000, {80, 100, 1000}}));
}

TEST(OneLinkQuota, EachLevelFiresOncePerCardAndCycle) {
  OneLink ol;
  ol.add_account("M", "meters", {}, monthly(15), QuotaPlan{999, {80, 100}});
  ol.add_card("M", card("89860000000000000011"));
  ol.add_card("M", card("89860000000000000029"));
  const std::string a = "89860000000000000011";
  EXPECT_EQ(quota_level_bytes(QuotaPlan{999, {80}}, 80), 800u);  // 799.2 rounded up: reaching 80 %

  ol.report_usage(a, 1000, Usage{799, 0});
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_usage(a, 2000, Usage{1, 0});
  std::vector<Alert> alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, AlertKind::QuotaLevel);
  EXPECT_EQ(alerts[0].percent, 80);
  EXPECT_EQ(alerts[0].value, 800u);
  EXPECT_EQ(alerts[0].limit, 800u);
  EXPECT_EQ(alerts[0].iccid, a);
  EXPECT_NE(describe(alerts[0]).find("QuotaLevel account=M iccid=" + a + " period=0 value=800 limit=800 percent=80"),
            std::string::npos);
  ol.report_usage(a, 3000, Usage{100, 0});
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_usage(a, 4000, Usage{99, 0});
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].percent, 100);
  EXPECT_EQ(alerts[0].limit, 999u);
  ol.report_usage(a, 5000, Usage{5000, 0});
  EXPECT_TRUE(ol.take_alerts().empty());  // once per cycle

  // The other card has its own levels.
  ol.report_usage("89860000000000000029", 6000, Usage{850, 0});
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].iccid, "89860000000000000029");

  // The next cycle: both levels again, in one report, lower first.
  ol.report_usage(a, kJan15, Usage{2000, 0});
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].percent, 80);
  EXPECT_EQ(alerts[1].percent, 100);
  EXPECT_EQ(alerts[0].period, 1);
}

TEST(OneLinkQuota, ARestoredOneLinkKeepsCalendarsPlansAndTheLevelsFired) {
  const auto build = [] {
    OneLink ol;
    ol.add_account("M", "meters", {}, monthly(15), QuotaPlan{1000, {50, 100}});
    ol.add_account("B", "boundaries", {}, BillingPeriods{0, 1, {100, 200}});
    ol.add_card("M", card("89860000000000000011"));
    ol.add_card("B", card("89860000000000000029"));
    return ol;
  };
  OneLink original = build();
  original.report_usage("89860000000000000011", 10, Usage{600, 0});
  ASSERT_EQ(original.take_alerts().size(), 1u);  // 50 %
  original.report_usage("89860000000000000011", 20, Usage{500, 0});  // 100 %, not taken
  const cardcore::Bytes saved = original.save_state();

  OneLink restored;  // accounts come from the state
  restored.restore_state(saved);
  ASSERT_NE(restored.account("M"), nullptr);
  ASSERT_TRUE(restored.account("M")->plan);
  EXPECT_EQ(restored.account("M")->plan->alert_percent, (std::vector<std::uint16_t>{50, 100}));
  EXPECT_EQ(restored.period_of("M", kJan15), 1);
  EXPECT_EQ(restored.period_of("B", 150), 1);
  for (OneLink* ol : {&original, &restored}) {
    std::vector<Alert> alerts = ol->take_alerts();
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].percent, 100);
    ol->report_usage("89860000000000000011", 30, Usage{1, 0});
    EXPECT_TRUE(ol->take_alerts().empty());  // fired already this cycle
    ol->report_usage("89860000000000000011", kJan15, Usage{700, 0});
    alerts = ol->take_alerts();
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].period, 1);
  }
  EXPECT_EQ(restored.save_state(), original.save_state());

  OneLink target;
  const StateRefusals<OneLink> check(target, "OneLink state: ");
  check.header_damage_refused(saved, "OneLink", 1);  // the version without calendars
  check.flips_refused(saved);
}

}  // namespace test_onelink_billing
}  // namespace twinmodels::testing
