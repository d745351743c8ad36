// OneLink's customer API and quota alerts in engine runs
// (sim/twinsim/engine/onelink_api_run.hpp; platforms.onelink's server and
// accounts, a campaign's cards_per_request): an onelink-query campaign's
// cards go in requests of several cards through OneLink's server, each
// answered per card when served (onelink_query rows) and recorded
// (onelink_query_request); an outage or the admission rate refuses
// requests, whose cards get no answer (onelink_query_refused). An
// account's data plan raises each quota level once per card and billing
// period of its own calendar (onelink_quota_alert). The loader checks the
// keys.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>
#include <string>

#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinmodels/platform/fault_diagnosis.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_onelink_api_runs {

using namespace twinsim::testing;

// 10 meters powering up in the first minute, reporting every hour (jitter
// 10 min) with 10 kB each time, over `stop`; `onelink` the platform's map,
// `extra` appended (campaigns, faults).
twinsim::Scenario meters(const std::string& onelink, const std::string& extra, const std::string& stop = "1h") {
  const std::string text =
      "general: {name: onelink-api, seed: 12, stop: " + stop + "}\n"
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
      "  onelink: " + onelink + "\n" + extra;
  return twinsim::parse_scenario(text, "onelink-api.yaml");
}

std::size_t rows_of(const Outcome& r, std::uint8_t kind) {
  std::size_t n = 0;
  for (const Row& e : r.events) n += e.kind == kind;
  return n;
}

TEST(OneLinkApiRuns, QueriesGoInRequestsOfSeveralCardsThroughOneLinksServer) {
  // One worker, 2 s a request: the 10 cards asked at 40 min go in requests
  // of 4, 4 and 2, answered 2, 4 and 6 s later, each card once.
  const Outcome r = run(meters("{populations: [meters], workers: 1, service_time: 2s}",
                               "campaigns:\n  - {name: ask, kind: onelink-query, population: meters, at: 40min, "
                               "cards_per_request: 4}\n"),
                        "api-batches");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("onelink.query_requests"), 3);
  EXPECT_EQ(m.at("onelink.query_requests_answered"), 3);
  EXPECT_EQ(m.at("onelink.query_requests_refused"), 0);
  EXPECT_EQ(m.at("onelink.queries"), 10);
  EXPECT_EQ(m.at("onelink.queries_offline"), 0);
  std::map<double, std::int64_t> requests;  // answered at -> cards
  for (const Row& e : r.events) {
    if (e.kind == twinsim::onelink_query_request_kind()) requests[e.t] = e.value;
  }
  EXPECT_EQ(requests, (std::map<double, std::int64_t>{{2402.0, 4}, {2404.0, 4}, {2406.0, 2}}));
  std::map<double, std::size_t> answers;
  std::set<std::uint32_t> cards;
  for (const Row& e : r.events) {
    if (e.kind != twinsim::onelink_query_kind()) continue;
    ++answers[e.t];
    cards.insert(e.device);
    EXPECT_EQ(e.value, static_cast<std::int64_t>(twinmodels::platform::FaultReason::NotOffline));
  }
  EXPECT_EQ(answers, (std::map<double, std::size_t>{{2402.0, 4}, {2404.0, 4}, {2406.0, 2}}));
  EXPECT_EQ(cards.size(), 10u);
}

TEST(OneLinkApiRuns, ARequestsServiceTimeGrowsWithItsCards) {
  // One worker, 2 s a request and 1 s a card: the requests of 4, 4 and 2
  // cards asked at 40 min take 6, 6 and 4 s, one after the other.
  const Outcome r = run(meters("{populations: [meters], workers: 1, service_time: 2s, service_time_per_card: 1s}",
                               "campaigns:\n  - {name: ask, kind: onelink-query, population: meters, at: 40min, "
                               "cards_per_request: 4}\n"),
                        "api-per-card");
  std::map<double, std::int64_t> requests;  // answered at -> cards
  for (const Row& e : r.events) {
    if (e.kind == twinsim::onelink_query_request_kind()) requests[e.t] = e.value;
  }
  EXPECT_EQ(requests, (std::map<double, std::int64_t>{{2406.0, 4}, {2412.0, 4}, {2416.0, 2}}));
  EXPECT_EQ(r.metrics.at("onelink.queries"), 10);
}

TEST(OneLinkApiRuns, AnOutageOrTheAdmissionRateRefusesRequests) {
  // OneLink's server down from 30 to 50 min: the 5 requests of 2 cards
  // asked at 40 min are refused (value 1), no card is answered.
  const Outcome down = run(meters("{populations: [meters]}",
                                  "campaigns:\n  - {name: ask, kind: onelink-query, population: meters, at: 40min, "
                                  "cards_per_request: 2}\n"
                                  "faults:\n  - {at: 30min, target: onelink, action: outage, for: 20min}\n"),
                           "api-down");
  EXPECT_EQ(down.metrics.at("onelink.query_requests"), 5);
  EXPECT_EQ(down.metrics.at("onelink.query_requests_refused"), 5);
  EXPECT_EQ(down.metrics.at("onelink.query_cards_refused"), 10);
  EXPECT_EQ(down.metrics.at("onelink.queries"), 0);
  EXPECT_EQ(rows_of(down, twinsim::onelink_query_kind()), 0u);
  for (const Row& e : down.events) {
    if (e.kind == twinsim::onelink_query_refused_kind()) {
      EXPECT_EQ(e.value, 1);
      EXPECT_EQ(e.t, 2400.0);
    }
  }
  EXPECT_EQ(rows_of(down, twinsim::onelink_query_refused_kind()), 5u);
  // One request a second, a burst of 2: of the 10 single-card requests
  // at once, 2 are admitted, 8 refused above the rate (value 2).
  const Outcome busy = run(meters("{populations: [meters], admission_rate: 1, burst: 2}",
                                  "campaigns:\n  - {name: ask, kind: onelink-query, population: meters, at: 40min}\n"),
                           "api-busy");
  EXPECT_EQ(busy.metrics.at("onelink.query_requests"), 10);
  EXPECT_EQ(busy.metrics.at("onelink.query_requests_answered"), 2);
  EXPECT_EQ(busy.metrics.at("onelink.query_requests_refused"), 8);
  EXPECT_EQ(busy.metrics.at("onelink.queries"), 2);
  for (const Row& e : busy.events) {
    if (e.kind == twinsim::onelink_query_refused_kind()) {
      EXPECT_EQ(e.value, 2);
    }
  }
}

TEST(OneLinkApiRuns, EachQuotaLevelFiresOncePerCardAndTheAccountsPeriod) {
  // A 50 kB plan with levels at 40 % (20 kB, the second 10 kB activity)
  // and 80 % (40 kB, the fourth): in each 3-hour period of the account
  // every meter has two activities or more, so each reaches 40 % once a
  // period; 80 % only a meter with four in one period, once.
  const Outcome r = run(meters("{populations: [meters], accounts: [{population: meters, billing_period: 3h, "
                               "data_plan: 50kB, quota_alerts: [40, 80]}]}",
                               "", "6h"),
                        "api-quota");
  std::map<std::pair<std::uint32_t, int>, std::size_t> forty, eighty;  // (device, period)
  std::size_t rows = 0;
  for (const Row& e : r.events) {
    if (e.kind != twinsim::onelink_quota_alert_kind()) continue;
    ++rows;
    const std::pair<std::uint32_t, int> key{e.device, e.t < 3 * 3600 ? 0 : 1};
    ASSERT_TRUE(e.value == 40 || e.value == 80) << e.value;
    ++(e.value == 40 ? forty : eighty)[key];
  }
  EXPECT_EQ(r.metrics.at("onelink.quota_alerts"), static_cast<double>(rows));
  EXPECT_EQ(forty.size(), 20u);  // every meter in both periods
  for (const auto& [key, n] : forty) EXPECT_EQ(n, 1u) << key.first << " period " << key.second;
  for (const auto& [key, n] : eighty) {
    EXPECT_EQ(n, 1u) << key.first << " period " << key.second;
    EXPECT_EQ(forty.count(key), 1u);
  }
  EXPECT_LT(eighty.size(), 20u);
  // A monthly cycle on the 1st: no new cycle in 6 h, each meter's 5 or 6
  // activities reach both levels once.
  const Outcome month = run(meters("{populations: [meters], accounts: [{population: meters, cycle_day: 1, "
                                   "data_plan: 50kB, quota_alerts: [40, 80]}]}",
                                   "", "6h"),
                            "api-quota-month");
  EXPECT_EQ(month.metrics.at("onelink.quota_alerts"), 20);
  std::size_t month_eighty = 0;
  for (const Row& e : month.events) month_eighty += e.kind == twinsim::onelink_quota_alert_kind() && e.value == 80;
  EXPECT_EQ(month_eighty, 10u);
}

const std::string kMeters =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - name: meters\n"
    "    count: 10\n"
    "    device_model: modem\n"
    "platforms:\n";

INSTANTIATE_TEST_SUITE_P(
    OneLinkApi, ScenarioErrors,
    testing::Values(
        BrokenCase{"AccountOfAnUnfollowedPopulation",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: trackers, cycle_day: 5}]}\n",
                   "t.yaml:7:60: platforms.onelink.accounts[0].population: population 'trackers' is not one OneLink "
                   "follows (platforms.onelink.populations: meters)"},
        BrokenCase{"AccountTwice",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters, cycle_day: 5}, "
                             "{population: meters, cycle_day: 6}]}\n",
                   "t.yaml:7:96: platforms.onelink.accounts[1].population: population 'meters' has its account's "
                   "terms already"},
        BrokenCase{"CycleDayTooLate",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters, cycle_day: 31}]}\n",
                   "t.yaml:7:79: platforms.onelink.accounts[0].cycle_day: expected a whole number from 1 to 28, found 31"},
        BrokenCase{"CycleDayAndPeriod",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters, cycle_day: 3, "
                             "billing_period: 1d}]}\n",
                   "t.yaml:7:98: platforms.onelink.accounts[0].billing_period: give either `cycle_day` (a monthly "
                   "cycle) or `billing_period` (a fixed length), not both"},
        BrokenCase{"QuotaAlertsWithoutPlan",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters, quota_alerts: [80]}]}\n",
                   "t.yaml:7:82: platforms.onelink.accounts[0].quota_alerts: `quota_alerts` needs `data_plan`"},
        BrokenCase{"QuotaAlertsDescending",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters, data_plan: 1MB, "
                             "quota_alerts: [100, 80]}]}\n",
                   "t.yaml:7:104: platforms.onelink.accounts[0].quota_alerts[1]: the levels must "
                   "ascend: 80 after 100"},
        BrokenCase{"ServiceTimePerCardNegative",
                   kMeters + "  onelink: {populations: [meters], service_time_per_card: -1s}\n",
                   "t.yaml:7:59: platforms.onelink.service_time_per_card: '-1s': a duration cannot be negative"},
        BrokenCase{"ServiceTimePerCardNotADuration",
                   kMeters + "  onelink: {populations: [meters], service_time_per_card: ten}\n",
                   "t.yaml:7:59: platforms.onelink.service_time_per_card: 'ten': expected a duration: a number and "
                   "a unit (ms, s, min, h or d), e.g. 30s, 1.5h"},
        BrokenCase{"DataPlanZero",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters, data_plan: 0B}]}\n",
                   "t.yaml:7:79: platforms.onelink.accounts[0].data_plan: a data plan must be above 0B and at most "
                   "1PB, found 0B"},
        BrokenCase{"AccountWithoutTerms",
                   kMeters + "  onelink: {populations: [meters], accounts: [{population: meters}]}\n",
                   "t.yaml:7:47: platforms.onelink.accounts[0]: an account's terms need `cycle_day`, `billing_period` "
                   "or `data_plan`"},
        BrokenCase{"CardsPerRequestTooMany",
                   kMeters + "  onelink: {populations: [meters]}\ncampaigns:\n  - {name: q, kind: onelink-query, "
                             "population: meters, at: 1min, cards_per_request: 101}\n",
                   "t.yaml:9:85: campaigns[0].cards_per_request: expected a whole number from 1 to 100, found 101"},
        BrokenCase{"CardsPerRequestOnAnotherKind",
                   kMeters + "  onelink: {populations: [meters]}\ncampaigns:\n  - {name: w, kind: write-card, "
                             "population: meters, at: 1min, imsi_prefix: \"46008\", cards_per_request: 5}\n",
                   "t.yaml:9:104: campaigns[0].cards_per_request: applies to onelink-query campaigns only: the cards "
                   "one request of OneLink's customer API names"},
        BrokenCase{"OneLinkOutageWithoutQueries",
                   kMeters + "  onelink: {populations: [meters]}\nfaults:\n  - {at: 1min, target: onelink, action: outage}\n",
                   "t.yaml:9:24: faults[0].target: 'onelink': OneLink's server takes the customers' queries, which "
                   "run only with onelink-query campaigns; this scenario has none"},
        BrokenCase{"OneLinkRestoreWithoutFollowedCards",
                   kMeters + "  hss: {cores: 2}\nfaults:\n  - {at: 2min, target: onelink, action: restore-backup, backup_at: 1min}\n",
                   "t.yaml:9:24: faults[0].target: 'onelink': OneLink keeps records only of the populations it "
                   "follows (platforms.onelink); this scenario has none"},
        BrokenCase{"OneLinkRestoreAfterItsBackup",
                   kMeters + "  onelink: {populations: [meters]}\nfaults:\n  - {at: 2min, target: onelink, "
                             "action: restore-backup, backup_at: 3min}\n",
                   "t.yaml:9:68: faults[0].backup_at: the backup must be older than the restore (at 2min)"}));

}  // namespace test_onelink_api_runs
