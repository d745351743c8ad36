// OneLink's checkpoints (models/twinmodels/platform/onelink_state.cpp): a
// OneLink saved mid-way — cards with events, a block, a sleeping card,
// usage with alerts fired and one not taken, a foreign request in flight
// and one done — and restored into a fresh one goes on exactly as the
// original under the same inputs; damaged or cut states are refused and
// leave it unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "state_refusals.hpp"
#include "twinmodels/platform/onelink.hpp"

namespace twinmodels::testing {
namespace test_onelink_state {

using namespace twinmodels::platform;
using K = CardEventKind;

const std::string kMeter = "89860012000000000011";
const std::string kMeterEid = "89049032000000000000000000000011";
const std::string kLock = "89860012000000000029";

OneLinkConfig config() { return OneLinkConfig{BillingPeriods{0, 1000, {}}, {}, 4}; }

CardEvent ev(K kind, std::int64_t at, std::string imsi = {}) {
  CardEvent e;
  e.kind = kind;
  e.at_ms = at;
  e.imsi = std::move(imsi);
  return e;
}

// Two accounts; the meter (an eUICC) registered, asleep, with more events
// than its history keeps; the lock blocked; usage over the thresholds; a
// download done and a switch in flight.
OneLink mid_way() {
  OneLink ol(config());
  Thresholds t;
  t.data_bytes = 1000;
  t.offline_ms = 500;
  ol.add_account("A-GRID", "State Grid meters", t);
  ol.add_account("A-LOCK", "Smart locks");
  Card meter;
  meter.iccid = kMeter;
  meter.eid = kMeterEid;
  meter.expected = {kMeter, "460041230000011", "8614700000011"};
  meter.smsr_id = "SM-SR-CMCC";
  ol.add_card("A-GRID", meter);
  Card lock;
  lock.iccid = kLock;
  lock.expected = {kLock, "460041230000029", ""};
  lock.thresholds.sms_count = 2;
  ol.add_card("A-LOCK", lock);
  for (std::int64_t t0 : {0, 100, 200}) ol.report_event(kMeter, ev(K::Registered, t0, "460041230000011"));
  CardEvent psm = ev(K::PsmEntered, 300);
  psm.next_reachable_ms = 5000;
  ol.report_event(kMeter, psm);
  ol.report_event(kLock, ev(K::Registered, 10, "460041230000029"));
  ol.report_event(kLock, ev(K::Blocked, 400));
  ol.report_usage(kMeter, 150, Usage{1200, 1});
  ol.report_usage(kLock, 160, Usage{0, 3});
  ol.take_alerts();
  ol.report_usage(kMeter, 1150, Usage{2000, 0});  // an alert of period 1, not taken
  const ForeignRequest done = ol.request_profile_download(kMeter, "SM-DP-DE", {"89490000000000000011", "262020000000011", ""}, 250);
  FunctionResult ok;
  ok.function = "ES2.DownloadProfile";
  ok.call_id = done.id;
  ok.eid = kMeterEid;
  ok.iccid = "89490000000000000011";
  ol.on_result(ok, 260);
  ol.request_smsr_switch(kMeter, "SM-SR-DE", 270);
  return ol;
}

// The same inputs to both; their outputs and states must agree.
void expect_same_future(OneLink& a, OneLink& b) {
  for (OneLink* ol : {&a, &b}) {
    ol->report_event(kLock, ev(K::Unblocked, 2000));
    ol->report_event(kMeter, ev(K::PsmLeft, 5000));
    ol->report_usage(kLock, 2100, Usage{0, 5});
    ol->check_offline(9000);
  }
  const std::vector<Alert> x = a.take_alerts(), y = b.take_alerts();
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].kind, y[i].kind);
    EXPECT_EQ(x[i].iccid, y[i].iccid);
    EXPECT_EQ(x[i].at_ms, y[i].at_ms);
    EXPECT_EQ(x[i].value, y[i].value);
  }
  for (const std::string& c : {kMeter, kLock}) {
    EXPECT_EQ(a.status(c)->status, b.status(c)->status);
    EXPECT_EQ(a.diagnose(c, 9500)->reason, b.diagnose(c, 9500)->reason);
    EXPECT_EQ(describe(*a.diagnose(c, 9500)), describe(*b.diagnose(c, 9500)));
    EXPECT_EQ(a.events(c)->size(), b.events(c)->size());
  }
  EXPECT_EQ(a.request_smsr_switch(kLock, "SM-SR-X", 9600).id, b.request_smsr_switch(kLock, "SM-SR-X", 9600).id);
  EXPECT_EQ(a.save_state(), b.save_state());
}

TEST(OneLinkState, ARestoredOneLinkGoesOnAsTheOriginal) {
  OneLink original = mid_way();
  const cardcore::Bytes saved = original.save_state();
  OneLink copy(config());
  copy.restore_state(saved);
  EXPECT_EQ(copy.save_state(), saved);
  EXPECT_EQ(copy.card_by_eid(kMeterEid)->iccid, kMeter);
  EXPECT_EQ(copy.card(kMeter)->expected.imsi, "262020000000011");  // the completed download
  EXPECT_EQ(copy.events(kMeter)->size(), 4u);                       // history 4
  EXPECT_EQ(copy.requests().size(), 2u);
  ASSERT_EQ(copy.account("A-GRID")->cards.size(), 1u);
  EXPECT_EQ(copy.account_usage("A-GRID", 1).data_bytes, 2000u);
  expect_same_future(original, copy);
}

TEST(OneLinkState, ARestoredOneLinkKnowsTheRequestInFlight) {
  OneLink original = mid_way();
  OneLink copy(config());
  copy.restore_state(original.save_state());
  ASSERT_TRUE(copy.in_flight_request(kMeter));
  EXPECT_EQ(copy.requests()[*copy.in_flight_request(kMeter)].id, "OL-2");
  EXPECT_FALSE(copy.in_flight_request(kLock));
  // Still one request per card in flight; its result ends it.
  EXPECT_EQ(copy.request_smsr_switch(kMeter, "SM-SR-X", 300).result->reason, "Request in progress");
  FunctionResult ok;
  ok.function = "OneLink.SmSrSwitch";
  ok.call_id = "OL-2";
  EXPECT_TRUE(copy.on_result(ok, 310));
  EXPECT_FALSE(copy.in_flight_request(kMeter));
  EXPECT_EQ(copy.card(kMeter)->smsr_id, "SM-SR-DE");
}

TEST(OneLinkState, RequestsOutOfTheirOrderAreRefused) {
  const cardcore::Bytes saved = mid_way().save_state();
  OneLink target(config());
  const StateRefusals<OneLink> check(target, "OneLink state: ");
  const std::string second = "OL-2";
  const auto at = std::search(saved.begin(), saved.end(), second.begin(), second.end());
  ASSERT_NE(at, saved.end());
  cardcore::Bytes bad = saved;
  bad[static_cast<std::size_t>(at - saved.begin()) + 3] = '3';
  check.refused(resealed(bad), "request OL-3 is not OL-2");
}

TEST(OneLinkState, CutOrDamagedStatesAreRefusedAndChangeNothing) {
  const cardcore::Bytes saved = mid_way().save_state();
  OneLink target(config());
  target.add_account("A-OTHER", "Other");
  const StateRefusals<OneLink> check(target, "OneLink state: ");
  check.cuts_refused(saved);
  check.sealed_cuts_refused(saved);
  check.flips_refused(saved);
  check.header_damage_refused(saved, "OneLink", 1);  // version 1 (no account calendars) is refused
  check.header_damage_refused(saved, "OneLink", 2);  // version 2 (no PoR status in a result) too
}

}  // namespace test_onelink_state
}  // namespace twinmodels::testing
