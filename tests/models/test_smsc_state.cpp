// Smsc::save_state() / restore_state() for checkpoints: an SMSC restored
// mid-campaign — messages in store, attempts in flight, destinations absent
// and waiting for an alert, tokens spent — issues the same attempts, alerts
// and reports as the original from then on; truncated or garbled state is
// refused and changes nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "twinmodels/network/smsc.hpp"

namespace test_smsc_state {

using cardcore::sms::SmsSubmit;
using namespace twinmodels;

SmsSubmit submit_to(std::uint8_t mr, bool srr) {
  SmsSubmit s;
  s.mr = mr;
  s.srr = srr;
  s.da = {cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, "861380000" + std::to_string(1000 + mr)};
  s.pid = 0x7F;
  s.dcs = 0xF6;
  s.vp = cardcore::sms::RelativeValidity{0x0B};  // 1 hour (§9.2.3.12.1)
  return s;
}

SmscConfig slow() {
  SmscConfig c;
  c.rate_per_second = 2;
  c.burst = 2;
  return c;
}

// Everything the SMSC says, as text, in order.
struct Log {
  std::vector<std::string> lines;
  void take(Smsc& s) {
    SmscOutputs o = s.take_outputs();
    for (const auto& a : o.attempts)
      lines.push_back("attempt " + std::to_string(a.id) + " " + std::to_string(a.destination) + " " + std::to_string(a.at) + " " + std::to_string(a.attempt));
    for (const auto& a : o.alerts) lines.push_back("alert " + std::to_string(a.destination) + " " + std::to_string(a.at));
    for (const auto& r : o.reports)
      lines.push_back("report " + std::to_string(r.id) + " " + std::to_string(r.at) + " " + std::to_string(r.delivered) + " " +
                      std::to_string(r.status) + " " + std::to_string(r.attempts) + " " + cardcore::to_hex(r.status_report));
  }
};

// Drives an SMSC to `until`: destinations below 3 are absent on their first
// two attempts, the others take every message; destination 2 comes back
// (an alert) at 20 min. Attempts are answered when the next one is issued.
void drive(Smsc& s, NetTime until, Log& log, std::vector<DeliveryAttempt>& open) {
  bool alerted = false;
  for (NetTime t = s.next_wakeup(); t <= until && t != kNever; t = s.next_wakeup()) {
    if (!alerted && t >= 20 * kMinute) {
      alerted = true;
      s.device_reachable(20 * kMinute, 2);
    }
    for (const DeliveryAttempt& a : open)
      s.delivery_result(t, a.id, a.destination < 3 && a.attempt <= 2 ? DeliveryOutcome::Absent : DeliveryOutcome::Delivered);
    open.clear();
    s.poll(t);
    SmscOutputs o = s.take_outputs();
    open = o.attempts;
    // Put them back into the log in the same form.
    for (const auto& a : o.attempts)
      log.lines.push_back("attempt " + std::to_string(a.id) + " " + std::to_string(a.destination) + " " + std::to_string(a.at) + " " + std::to_string(a.attempt));
    for (const auto& a : o.alerts) log.lines.push_back("alert " + std::to_string(a.destination) + " " + std::to_string(a.at));
    for (const auto& r : o.reports)
      log.lines.push_back("report " + std::to_string(r.id) + " " + std::to_string(r.at) + " " + std::to_string(r.delivered) + " " +
                          std::to_string(r.status) + " " + std::to_string(r.attempts) + " " + cardcore::to_hex(r.status_report));
  }
  log.take(s);
}

Smsc mid_campaign(std::vector<DeliveryAttempt>& open) {
  Smsc s(slow());
  for (std::uint8_t i = 0; i < 12; ++i) s.submit(i * kSecond, i % 6, submit_to(i, i % 2 == 0));
  Log log;
  drive(s, 3 * kMinute, log, open);
  return s;
}

TEST(SmscState, RestoredMidCampaignGoesOnAsTheOriginal) {
  std::vector<DeliveryAttempt> open;
  Smsc a = mid_campaign(open);
  ASSERT_GT(a.messages_in_store(), 0u);
  Smsc b(slow());
  b.restore_state(a.save_state());
  EXPECT_EQ(b.save_state(), a.save_state());
  EXPECT_EQ(b.messages_in_store(), a.messages_in_store());
  EXPECT_EQ(b.next_wakeup(), a.next_wakeup());
  EXPECT_EQ(b.counters().attempts, a.counters().attempts);
  // A new submission gets the same id in both.
  EXPECT_EQ(a.submit(4 * kMinute, 9, submit_to(40, true)), b.submit(4 * kMinute, 9, submit_to(40, true)));
  std::vector<DeliveryAttempt> open_a = open, open_b = open;
  Log la, lb;
  drive(a, 3 * kHour, la, open_a);
  drive(b, 3 * kHour, lb, open_b);
  EXPECT_FALSE(la.lines.empty());
  EXPECT_EQ(la.lines, lb.lines);
  EXPECT_EQ(a.save_state(), b.save_state());
  EXPECT_EQ(a.counters().delivered, b.counters().delivered);
  EXPECT_EQ(a.counters().alerts, b.counters().alerts);
}

TEST(SmscState, OutputsNotYetTakenAreKept) {
  Smsc a(slow());
  a.submit(0, 7, submit_to(1, true));
  a.poll(0);  // an attempt waits in the outputs
  Smsc b(slow());
  b.restore_state(a.save_state());
  const SmscOutputs oa = a.take_outputs(), ob = b.take_outputs();
  ASSERT_EQ(oa.attempts.size(), 1u);
  EXPECT_EQ(oa.attempts, ob.attempts);
  b.delivery_result(kSecond, ob.attempts[0].id, DeliveryOutcome::Delivered);
  ASSERT_EQ(b.take_outputs().reports.size(), 1u);
}

TEST(SmscState, TruncatedOrGarbledStateIsRefusedAndChangesNothing) {
  std::vector<DeliveryAttempt> open;
  const cardcore::Bytes good = mid_campaign(open).save_state();
  Smsc b(slow());
  b.submit(0, 1, submit_to(1, false));
  const cardcore::Bytes before = b.save_state();
  auto refused = [&](const cardcore::Bytes& s, const std::string& expected) {
    try {
      b.restore_state(s);
      ADD_FAILURE() << "accepted: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("SMSC state: "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(b.save_state(), before);
  };
  for (std::size_t n = 0; n < good.size(); ++n) refused(cardcore::Bytes(good.begin(), good.begin() + n), "SMSC state");
  cardcore::Bytes magic = good;
  magic[1] = 'X';
  refused(magic, "not a saved SMSC state");
  cardcore::Bytes version = good;
  version[4] = 7;
  refused(version, "version 7");
  cardcore::Bytes next_id = good;
  for (int i = 6; i < 14; ++i) next_id[i] = 0;
  refused(next_id, "next_id is 0");
  cardcore::Bytes low_next_id = good;
  low_next_id[6] = 1;
  for (int i = 7; i < 14; ++i) low_next_id[i] = 0;
  refused(low_next_id, "is not below next_id 1");
  cardcore::Bytes trailing = good;
  trailing.push_back(1);
  refused(trailing, "trailing bytes");
}

}  // namespace test_smsc_state
