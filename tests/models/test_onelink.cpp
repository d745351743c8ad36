// OneLink, the connectivity-management platform model
// (models/twinmodels/platform/onelink.hpp): accounts and their cards, the
// online status folded from network events, fault diagnosis with its
// evidence, usage and offline alerts once per period / offline spell, and
// the requests to foreign eSIM platforms whose completion changes what the
// diagnosis expects.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "twinmodels/platform/emm_cause.hpp"
#include "twinmodels/platform/onelink.hpp"

namespace twinmodels::testing {
namespace test_onelink {

using namespace twinmodels::platform;
using K = CardEventKind;

const std::string kMeter = "89860012000000000011";     // an eUICC card of the account
const std::string kMeterEid = "89049032000000000000000000000011";
const std::string kMeterImsi = "460041230000011";
const std::string kLock = "89860012000000000029";      // a domestic card, no EID
const std::string kLockImsi = "460041230000029";
const std::string kForeignIccid = "89440000000000000037";
const std::string kForeignImsi = "234150000000037";

CardEvent ev(K kind, std::int64_t at, std::string imsi = {}) {
  CardEvent e;
  e.kind = kind;
  e.at_ms = at;
  e.imsi = std::move(imsi);
  return e;
}
CardEvent reject(std::int64_t at, std::uint8_t cause, std::string imsi = {}) {
  CardEvent e = ev(K::AttachRejected, at, std::move(imsi));
  e.emm_cause = cause;
  return e;
}

// An account with an eUICC meter and a domestic lock card, 1 s periods.
struct OneLinkWorld {
  OneLink onelink{OneLinkConfig{BillingPeriods{0, 1000, {}}, {}, 64}};

  OneLinkWorld() {
    onelink.add_account("A-GRID", "State Grid meters");
    Card meter;
    meter.iccid = kMeter;
    meter.eid = kMeterEid;
    meter.expected = {kMeter, kMeterImsi, "8614700000011"};
    meter.smsr_id = "SM-SR-CMCC";
    onelink.add_card("A-GRID", meter);
    Card lock;
    lock.iccid = kLock;
    lock.expected = {kLock, kLockImsi, "8614700000029"};
    onelink.add_card("A-GRID", lock);
  }

  void report(const std::string& iccid, const CardEvent& e) { ASSERT_TRUE(onelink.report_event(iccid, e)); }
  Diagnosis diagnose(std::int64_t now, const std::string& iccid = kMeter) { return *onelink.diagnose(iccid, now); }
};

struct OneLinkRig : ::testing::Test, OneLinkWorld {};

std::vector<K> kinds(const std::vector<CardEvent>& es) {
  std::vector<K> out;
  for (const CardEvent& e : es) out.push_back(e.kind);
  return out;
}

// ------------------------------------------------------------ accounts

TEST_F(OneLinkRig, AccountsListTheirCardsByIccidAndEid) {
  ASSERT_NE(onelink.account("A-GRID"), nullptr);
  EXPECT_EQ(onelink.account("A-GRID")->cards, (std::vector<std::string>{kMeter, kLock}));
  ASSERT_NE(onelink.card_by_eid(kMeterEid), nullptr);
  EXPECT_EQ(onelink.card_by_eid(kMeterEid)->iccid, kMeter);
  EXPECT_EQ(onelink.card(kLock)->expected.imsi, kLockImsi);
  EXPECT_EQ(onelink.card("8986"), nullptr);
  EXPECT_THROW(onelink.add_account("A-GRID", "again"), std::invalid_argument);
  EXPECT_THROW(onelink.add_card("A-NONE", Card{"8986", "", {}, "", {}}), std::invalid_argument);
  EXPECT_THROW(onelink.add_card("A-GRID", Card{kLock, "", {}, "", {}}), std::invalid_argument);
  EXPECT_THROW(onelink.add_card("A-GRID", Card{"89860099", kMeterEid, {}, "", {}}), std::invalid_argument);
}

// ------------------------------------------------------------ status

TEST_F(OneLinkRig, StatusIsUnknownBeforeAnyEvent) {
  const CardStatus s = *onelink.status(kMeter);
  EXPECT_EQ(s.status, OnlineStatus::Unknown);
  EXPECT_FALSE(s.last_event.has_value());
  EXPECT_FALSE(onelink.status("8986").has_value());
  EXPECT_FALSE(onelink.report_event("8986", ev(K::Registered, 1)));
}

TEST_F(OneLinkRig, StatusFollowsTheEventSequenceWithTheLastEventsTime) {
  report(kMeter, ev(K::Registered, 1000, kMeterImsi));
  CardStatus s = *onelink.status(kMeter);
  EXPECT_EQ(s.status, OnlineStatus::Online);
  EXPECT_EQ(s.last_event->at_ms, 1000);
  EXPECT_EQ(s.imsi_seen, kMeterImsi);

  CardEvent psm = ev(K::PsmEntered, 2000);
  psm.next_reachable_ms = 9000;
  report(kMeter, psm);
  s = *onelink.status(kMeter);
  EXPECT_EQ(s.status, OnlineStatus::Sleeping);
  EXPECT_EQ(s.expected_back_ms, 9000);
  EXPECT_EQ(s.since_ms, 2000);

  report(kMeter, ev(K::PsmLeft, 9000));
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Online);
  report(kMeter, ev(K::EdrxEntered, 9500));
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Sleeping);
  report(kMeter, ev(K::EdrxLeft, 9600));
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Online);

  report(kMeter, ev(K::PagingFailed, 10000));
  report(kMeter, ev(K::AttachTimedOut, 12000));
  s = *onelink.status(kMeter);
  EXPECT_EQ(s.status, OnlineStatus::Offline);
  EXPECT_EQ(s.since_ms, 10000);  // offline since the first of the spell
  EXPECT_EQ(s.last_event->at_ms, 12000);
  EXPECT_EQ(s.last_event->kind, K::AttachTimedOut);
  EXPECT_FALSE(s.expected_back_ms.has_value());

  report(kMeter, ev(K::Unblocked, 13000));  // changes nothing by itself
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Offline);
  EXPECT_EQ(onelink.status(kMeter)->since_ms, 10000);

  EXPECT_FALSE(onelink.report_event(kMeter, ev(K::Registered, 11000)));  // older than the last one
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Offline);
  EXPECT_EQ(onelink.events(kMeter)->size(), 8u);
}

TEST_F(OneLinkRig, AProfileSwitchOrABlockTakesTheCardOffline) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  CardEvent sw = ev(K::ProfileSwitched, 100);
  sw.iccid = kMeter;
  report(kMeter, sw);
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Offline);
  report(kMeter, ev(K::Registered, 200, kMeterImsi));
  report(kMeter, ev(K::Blocked, 300));
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Offline);
  EXPECT_TRUE(onelink.status(kMeter)->block.has_value());
}

TEST(OneLinkHistory, KeepsTheLastEventsOnly) {
  OneLink ol{OneLinkConfig{BillingPeriods{}, {}, 3}};
  ol.add_account("A", "a");
  ol.add_card("A", Card{"8986001", "", {"8986001", "460040000000001", ""}, "", {}});
  for (int t = 0; t < 5; ++t) ASSERT_TRUE(ol.report_event("8986001", ev(K::NoCell, t)));
  ASSERT_EQ(ol.events("8986001")->size(), 3u);
  EXPECT_EQ(ol.events("8986001")->front().at_ms, 2);
}

// ------------------------------------------------------------ diagnosis

TEST_F(OneLinkRig, OnlineWithTheExpectedImsiIsNotOffline) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  const Diagnosis d = diagnose(10);
  EXPECT_EQ(d.reason, FaultReason::NotOffline);
  EXPECT_TRUE(d.evidence.empty());
  EXPECT_FALSE(onelink.diagnose("8986", 10).has_value());
  EXPECT_EQ(diagnose(10, kLock).reason, FaultReason::Unknown);  // no events
}

TEST_F(OneLinkRig, NoCoverageFromAttachTimeoutsAndNoCell) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  report(kMeter, ev(K::NoCell, 100));
  report(kMeter, ev(K::AttachTimedOut, 200, kMeterImsi));
  report(kMeter, ev(K::AttachTimedOut, 300, kMeterImsi));
  const Diagnosis d = diagnose(400);
  EXPECT_EQ(d.reason, FaultReason::NoCoverage);
  EXPECT_EQ(kinds(d.evidence), (std::vector<K>{K::NoCell, K::AttachTimedOut, K::AttachTimedOut}));
  EXPECT_NE(describe(d).find("t=300 ms AttachTimedOut"), std::string::npos);
}

TEST_F(OneLinkRig, NoCoverageFromARejectForTheArea) {
  report(kMeter, reject(100, 15, kMeterImsi));
  const Diagnosis d = diagnose(200);
  EXPECT_EQ(d.reason, FaultReason::NoCoverage);
  ASSERT_EQ(d.evidence.size(), 1u);
  EXPECT_EQ(d.evidence[0].emm_cause, 15);
  EXPECT_NE(describe(d).find("#15 No suitable cells in tracking area"), std::string::npos);
  report(kLock, reject(100, 11));
  EXPECT_EQ(diagnose(200, kLock).reason, FaultReason::NoCoverage);
}

TEST_F(OneLinkRig, PowerSavingUntilItsNextTauThenNoCoverage) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  CardEvent psm = ev(K::PsmEntered, 1000);
  psm.next_reachable_ms = 3'600'000;
  report(kMeter, psm);
  Diagnosis d = diagnose(60'000);
  EXPECT_EQ(d.reason, FaultReason::PowerSaving);
  EXPECT_EQ(d.expected_back_ms, 3'600'000);
  EXPECT_EQ(kinds(d.evidence), std::vector<K>{K::PsmEntered});
  EXPECT_EQ(diagnose(3'600'000 + 4 * 60'000).reason, FaultReason::PowerSaving);  // within the grace
  d = diagnose(3'600'000 + 4 * 60'000 + 1);
  EXPECT_EQ(d.reason, FaultReason::NoCoverage);
  EXPECT_EQ(d.expected_back_ms, 3'600'000);
}

TEST_F(OneLinkRig, WrongProfileWhenTheImsiSeenIsNotTheAccounts) {
  report(kMeter, ev(K::Registered, 0, kForeignImsi));
  EXPECT_EQ(onelink.status(kMeter)->status, OnlineStatus::Online);
  Diagnosis d = diagnose(10);
  EXPECT_EQ(d.reason, FaultReason::WrongProfile);
  ASSERT_EQ(d.evidence.size(), 1u);
  EXPECT_EQ(d.evidence[0].imsi, kForeignImsi);

  // Rejected with #3 while attaching with the wrong IMSI: the wrong
  // profile explains the reject (rule 3 before rule 4).
  report(kMeter, reject(100, 3, kForeignImsi));
  d = diagnose(200);
  EXPECT_EQ(d.reason, FaultReason::WrongProfile);
  EXPECT_EQ(d.evidence[0].kind, K::AttachRejected);
}

TEST_F(OneLinkRig, WrongProfileWhenTheSmSrReportsAnotherEnabledProfile) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  CardEvent sw = ev(K::ProfileSwitched, 100);
  sw.iccid = kForeignIccid;
  report(kMeter, sw);
  const Diagnosis d = diagnose(200);
  EXPECT_EQ(d.reason, FaultReason::WrongProfile);
  ASSERT_EQ(d.evidence.size(), 1u);
  EXPECT_EQ(d.evidence[0].iccid, kForeignIccid);
}

TEST_F(OneLinkRig, AnOrderForAnotherProfileChangesWhatDiagnosisExpects) {
  // The meter runs the foreign profile: wrong until the customer's order
  // makes that profile the expected one.
  report(kMeter, ev(K::Registered, 0, kForeignImsi));
  EXPECT_EQ(diagnose(10).reason, FaultReason::WrongProfile);
  ASSERT_TRUE(onelink.set_expected(kMeter, {kForeignIccid, kForeignImsi, ""}));
  EXPECT_EQ(diagnose(20).reason, FaultReason::NotOffline);
  EXPECT_EQ(onelink.card(kMeter)->expected.imsi, kForeignImsi);
  EXPECT_FALSE(onelink.set_expected("89860000000000000000", {}));
}

TEST_F(OneLinkRig, BlockedByTheOperatorUntilUnblocked) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  report(kMeter, ev(K::Blocked, 100));
  report(kMeter, ev(K::AttachTimedOut, 200));
  Diagnosis d = diagnose(300);
  EXPECT_EQ(d.reason, FaultReason::Blocked);
  EXPECT_EQ(kinds(d.evidence), std::vector<K>{K::Blocked});
  report(kMeter, ev(K::Unblocked, 400));
  d = diagnose(500);
  EXPECT_EQ(d.reason, FaultReason::NoCoverage);  // the timeout is left
}

TEST_F(OneLinkRig, BlockedByTheNetworksRejects) {
  for (std::uint8_t cause : {3, 6, 7, 8}) {
    OneLinkWorld rig;
    rig.report(kMeter, reject(100, cause, kMeterImsi));
    const Diagnosis d = rig.diagnose(200);
    EXPECT_EQ(d.reason, FaultReason::Blocked) << int(cause);
    ASSERT_EQ(d.evidence.size(), 1u);
    EXPECT_EQ(d.evidence[0].emm_cause, cause);
  }
  report(kLock, ev(K::AuthenticationRejected, 100));
  EXPECT_EQ(diagnose(200, kLock).reason, FaultReason::Blocked);
  EXPECT_TRUE(emm_cause_refuses_subscription(3));
  EXPECT_FALSE(emm_cause_refuses_subscription(15));
}

TEST_F(OneLinkRig, WornOutNvmFromCardFailures) {
  report(kMeter, ev(K::Registered, 0, kMeterImsi));
  report(kMeter, ev(K::AttachTimedOut, 50));
  CardEvent failed = ev(K::CardFailed, 100);
  failed.nvm_worn = true;
  report(kMeter, failed);
  Diagnosis d = diagnose(200);
  EXPECT_EQ(d.reason, FaultReason::WornOutNvm);
  EXPECT_EQ(kinds(d.evidence), std::vector<K>{K::CardFailed});
  EXPECT_NE(d.rule.find("NVM wear"), std::string::npos);

  report(kLock, ev(K::CardPowerLost, 100));
  d = diagnose(200, kLock);
  EXPECT_EQ(d.reason, FaultReason::WornOutNvm);
  EXPECT_EQ(d.rule.find("NVM wear"), std::string::npos);
}

TEST_F(OneLinkRig, AuthenticationFailureFromMacOrSynchFailures) {
  CardEvent mac = ev(K::AuthenticationFailure, 100, kMeterImsi);
  mac.emm_cause = 20;
  report(kMeter, mac);
  report(kMeter, ev(K::AttachTimedOut, 150));
  const Diagnosis d = diagnose(200);
  EXPECT_EQ(d.reason, FaultReason::AuthenticationFailure);
  ASSERT_EQ(d.evidence.size(), 1u);
  EXPECT_EQ(d.evidence[0].emm_cause, 20);
  EXPECT_NE(describe(d).find("#20 MAC failure"), std::string::npos);
}

TEST_F(OneLinkRig, FaultsBeforeTheLastRegistrationNoLongerCount) {
  report(kMeter, reject(100, 3, kMeterImsi));
  report(kMeter, ev(K::Registered, 200, kMeterImsi));
  report(kMeter, ev(K::Detached, 300));
  const Diagnosis d = diagnose(400);
  EXPECT_EQ(d.reason, FaultReason::Unknown);
  EXPECT_EQ(kinds(d.evidence), std::vector<K>{K::Detached});
}

// ------------------------------------------------------------ alerts

TEST(BillingPeriodsTest, FixedLengthOrExplicitBoundaries) {
  const BillingPeriods fixed{500, 1000, {}};
  EXPECT_EQ(fixed.index(500), 0);
  EXPECT_EQ(fixed.index(1499), 0);
  EXPECT_EQ(fixed.index(1500), 1);
  EXPECT_EQ(fixed.index(499), -1);
  const BillingPeriods months{0, 1, {100, 250}};
  EXPECT_EQ(months.index(99), 0);
  EXPECT_EQ(months.index(100), 1);
  EXPECT_EQ(months.index(249), 1);
  EXPECT_EQ(months.index(250), 2);
}

TEST(OneLinkAlerts, ACardsDataThresholdFiresOncePerPeriodAndAgainTheNext) {
  OneLink ol{OneLinkConfig{BillingPeriods{0, 1000, {}}, {}, 64}};
  ol.add_account("A", "a");
  Card c{"8986001", "", {"8986001", "460040000000001", ""}, "", {}};
  c.thresholds.data_bytes = 1000;
  ol.add_card("A", c);

  ASSERT_TRUE(ol.report_usage("8986001", 100, Usage{600, 0}));
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_usage("8986001", 200, Usage{500, 0});
  std::vector<Alert> alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, AlertKind::DataThreshold);
  EXPECT_EQ(alerts[0].iccid, "8986001");
  EXPECT_EQ(alerts[0].value, 1100u);
  EXPECT_EQ(alerts[0].limit, 1000u);
  EXPECT_EQ(alerts[0].period, 0);
  EXPECT_EQ(alerts[0].at_ms, 200);
  ol.report_usage("8986001", 300, Usage{5000, 0});
  EXPECT_TRUE(ol.take_alerts().empty());  // once per period
  EXPECT_EQ(ol.card_usage("8986001", 0).data_bytes, 6100u);

  ol.report_usage("8986001", 1100, Usage{999, 0});
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_usage("8986001", 1200, Usage{1, 0});
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].period, 1);
  EXPECT_EQ(alerts[0].value, 1000u);  // reaching the limit counts
  EXPECT_NE(describe(alerts[0]).find("DataThreshold account=A iccid=8986001 period=1"), std::string::npos);
  EXPECT_FALSE(ol.report_usage("8986", 1200, Usage{1, 0}));
}

TEST(OneLinkAlerts, AnAccountsSmsThresholdCountsAllItsCards) {
  OneLink ol{OneLinkConfig{BillingPeriods{0, 1000, {}}, {}, 64}};
  Thresholds t;
  t.sms_count = 10;
  ol.add_account("A", "a", t);
  ol.add_card("A", Card{"8986001", "", {}, "", {}});
  ol.add_card("A", Card{"8986002", "", {}, "", {}});
  ol.report_usage("8986001", 10, Usage{0, 6});
  ol.report_usage("8986002", 20, Usage{0, 3});
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_usage("8986002", 30, Usage{0, 1});
  std::vector<Alert> alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, AlertKind::SmsThreshold);
  EXPECT_EQ(alerts[0].iccid, "");
  EXPECT_EQ(alerts[0].value, 10u);
  EXPECT_EQ(ol.account_usage("A", 0).sms_count, 10u);
  ol.report_usage("8986001", 40, Usage{0, 50});
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_usage("8986001", 2500, Usage{0, 10});
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].period, 2);
}

TEST(OneLinkAlerts, OfflineForLongerThanTheLimitFiresOncePerOfflineSpell) {
  OneLink ol;
  Thresholds t;
  t.offline_ms = 5000;
  ol.add_account("A", "a", t);
  ol.add_card("A", Card{"8986001", "", {}, "", {}});
  Card strict{"8986002", "", {}, "", {}};
  strict.thresholds.offline_ms = 100'000;  // replaces the account's
  ol.add_card("A", strict);
  for (const char* iccid : {"8986001", "8986002"}) {
    ol.report_event(iccid, ev(K::Registered, 0));
    ol.report_event(iccid, ev(K::Detached, 1000));
  }
  ol.check_offline(6000);  // 5000 ms: not longer than the limit
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.check_offline(6001);
  std::vector<Alert> alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, AlertKind::OfflineTooLong);
  EXPECT_EQ(alerts[0].iccid, "8986001");
  EXPECT_EQ(alerts[0].value, 5001u);
  ol.report_event("8986001", ev(K::NoCell, 7000));  // still the same spell
  ol.check_offline(9000);
  EXPECT_TRUE(ol.take_alerts().empty());

  ol.report_event("8986001", ev(K::Registered, 10'000));
  CardEvent psm = ev(K::PsmEntered, 10'500);
  ol.report_event("8986001", psm);
  ol.check_offline(20'000);  // sleeping is not offline
  EXPECT_TRUE(ol.take_alerts().empty());
  ol.report_event("8986001", ev(K::PagingFailed, 21'000));
  ol.check_offline(26'001);
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].value, 5001u);

  ol.check_offline(101'001);
  alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].iccid, "8986002");
}

// ------------------------------------------------------------ foreign platforms

FunctionResult result_for(const ForeignRequest& r, ExecutionStatus status) {
  FunctionResult f;
  f.function = function_name(r.kind);
  f.call_id = r.id;
  f.eid = r.eid;
  f.status = status;
  if (status == ExecutionStatus::Failed) {
    f.subject = "Profile ICCID";
    f.reason = "Refused";
  }
  return f;
}

TEST_F(OneLinkRig, ACompletedDownloadChangesWhatDiagnosisExpects) {
  const ForeignRequest req =
      onelink.request_profile_download(kMeter, "SM-DP-VODAFONE-UK", {kForeignIccid, kForeignImsi, "447700900037"}, 1000);
  EXPECT_EQ(req.status, ForeignRequestStatus::Sent);
  EXPECT_EQ(req.eid, kMeterEid);
  EXPECT_EQ(req.account_id, "A-GRID");
  EXPECT_FALSE(req.result.has_value());

  // The card shows up with the new profile before OneLink has the result.
  report(kMeter, ev(K::Registered, 2000, kForeignImsi));
  EXPECT_EQ(diagnose(2100).reason, FaultReason::WrongProfile);

  ASSERT_TRUE(onelink.on_result(result_for(req, ExecutionStatus::Success), 3000));
  const ForeignRequest* done = onelink.request(req.id);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->status, ForeignRequestStatus::Completed);
  EXPECT_EQ(done->done_ms, 3000);
  EXPECT_EQ(onelink.card(kMeter)->expected.imsi, kForeignImsi);
  EXPECT_EQ(onelink.card(kMeter)->expected.iccid, kForeignIccid);
  EXPECT_EQ(diagnose(3100).reason, FaultReason::NotOffline);
  const std::string line = describe(*done);
  EXPECT_NE(line.find("OneLink.ProfileDownload"), std::string::npos);
  EXPECT_NE(line.find("to=SM-DP-VODAFONE-UK"), std::string::npos);
  EXPECT_NE(line.find("Completed"), std::string::npos);
  EXPECT_NE(line.find("Executed-Success"), std::string::npos);

  EXPECT_FALSE(onelink.on_result(result_for(req, ExecutionStatus::Success), 3200));  // finished already
}

TEST_F(OneLinkRig, AFailedDownloadLeavesTheExpectationAlone) {
  const ForeignRequest req =
      onelink.request_profile_download(kMeter, "SM-DP-X", {kForeignIccid, kForeignImsi, ""}, 1000);
  ASSERT_TRUE(onelink.on_result(result_for(req, ExecutionStatus::Failed), 2000));
  EXPECT_EQ(onelink.request(req.id)->status, ForeignRequestStatus::Failed);
  EXPECT_EQ(onelink.card(kMeter)->expected.imsi, kMeterImsi);
  report(kMeter, ev(K::Registered, 3000, kForeignImsi));
  EXPECT_EQ(diagnose(3100).reason, FaultReason::WrongProfile);
  EXPECT_NE(describe(*onelink.request(req.id)).find("Profile ICCID: Refused"), std::string::npos);
}

TEST_F(OneLinkRig, ASmSrSwitchIsTrackedAndRecordsTheNewSmSr) {
  const ForeignRequest req = onelink.request_smsr_switch(kMeter, "SM-SR-FOREIGN", 500);
  EXPECT_EQ(req.status, ForeignRequestStatus::Sent);
  // One request in flight per card (ours).
  const ForeignRequest busy = onelink.request_profile_download(kMeter, "SM-DP-X", {kForeignIccid, kForeignImsi, ""}, 600);
  EXPECT_EQ(busy.status, ForeignRequestStatus::Failed);
  ASSERT_TRUE(busy.result.has_value());
  EXPECT_EQ(busy.result->reason, "Request in progress");

  FunctionResult other = result_for(req, ExecutionStatus::Success);
  other.eid = "89049032000000000000000000000099";
  EXPECT_FALSE(onelink.on_result(other, 700));
  other.call_id = "OL-999";
  other.eid = kMeterEid;
  EXPECT_FALSE(onelink.on_result(other, 700));
  EXPECT_EQ(onelink.card(kMeter)->smsr_id, "SM-SR-CMCC");

  ASSERT_TRUE(onelink.on_result(result_for(req, ExecutionStatus::Success), 800));
  EXPECT_EQ(onelink.card(kMeter)->smsr_id, "SM-SR-FOREIGN");
  EXPECT_EQ(onelink.card(kMeter)->expected.imsi, kMeterImsi);  // a switch keeps the profile
  EXPECT_EQ(onelink.requests().size(), 2u);
  EXPECT_NE(describe(req).find("OneLink.SmSrSwitch"), std::string::npos);
}

TEST_F(OneLinkRig, RequestsForCardsWithoutAnEuiccFailAtOnce) {
  ForeignRequest r = onelink.request_profile_download(kLock, "SM-DP-X", {kForeignIccid, kForeignImsi, ""}, 1);
  EXPECT_EQ(r.status, ForeignRequestStatus::Failed);
  ASSERT_TRUE(r.result.has_value());
  EXPECT_EQ(r.result->subject, "EID");
  EXPECT_EQ(r.result->status, ExecutionStatus::Failed);
  r = onelink.request_smsr_switch("8986", "SM-SR-FOREIGN", 2);
  EXPECT_EQ(r.status, ForeignRequestStatus::Failed);
  EXPECT_EQ(r.result->subject, "ICCID");
  EXPECT_EQ(onelink.requests().size(), 2u);
  EXPECT_FALSE(onelink.on_result(result_for(r, ExecutionStatus::Success), 3));
}

}  // namespace test_onelink
}  // namespace twinmodels::testing
