// The SMSC's delivery side down (SmscConfig::outages; a scenario's `smsc`
// `outage` fault): store and forward (TS 23.040 §3) goes on without
// forwarding — no attempt starts, submissions are stored, validity keeps
// running (§9.2.3.12) and what expires meanwhile is discarded at its expiry
// with TP-ST 0x46 (§9.2.3.15); at the outage's end the stored messages
// leave as the token bucket allows. A state saved in the outage resumes
// exactly.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "twinmodels/network/smsc.hpp"

namespace test_smsc_outage {

using cardcore::sms::SmsSubmit;
using namespace twinmodels;

constexpr NetTime kDay = 24 * kHour;

SmsSubmit sms(std::uint8_t mr, cardcore::sms::ValidityPeriod vp = {}) {
  SmsSubmit s;
  s.mr = mr;
  s.da = {cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, "8613800000001"};
  s.pid = 0x7F;
  s.dcs = 0xF6;
  s.vp = vp;
  return s;
}

struct Seen {
  std::vector<DeliveryAttempt> attempts;
  std::vector<SmscReport> reports;
};

// Polls at every wake-up up to `until`, each attempt delivered.
void run(Smsc& smsc, NetTime until, Seen& seen) {
  for (NetTime t = smsc.next_wakeup(); t <= until && t != kNever; t = smsc.next_wakeup()) {
    smsc.poll(t);
    SmscOutputs o = smsc.take_outputs();
    for (const DeliveryAttempt& a : o.attempts) {
      seen.attempts.push_back(a);
      smsc.delivery_result(t, a.id, DeliveryOutcome::Delivered);
    }
    seen.reports.insert(seen.reports.end(), o.reports.begin(), o.reports.end());
    SmscOutputs after = smsc.take_outputs();
    seen.reports.insert(seen.reports.end(), after.reports.begin(), after.reports.end());
  }
}

SmscConfig down(NetTime from, NetTime to) {
  SmscConfig cfg;
  cfg.rate_per_second = 2;
  cfg.burst = 2;
  cfg.outages = {{from, to}};
  return cfg;
}

TEST(SmscOutage, NoAttemptWhileDownThenTheStoredLeaveAtTheRate) {
  Smsc smsc(down(10 * kSecond, 70 * kSecond));
  smsc.submit(0, 1, sms(1));
  // Submitted in the outage: taken and stored.
  for (std::uint64_t d = 2; d < 6; ++d) smsc.submit(20 * kSecond, d, sms(static_cast<std::uint8_t>(d)));
  Seen seen;
  run(smsc, 20 * kSecond, seen);
  ASSERT_EQ(seen.attempts.size(), 1u);  // device 1's, before the outage
  EXPECT_EQ(smsc.messages_in_store(), 4u);
  EXPECT_EQ(smsc.next_wakeup(), 70 * kSecond) << "the outage's end";
  run(smsc, kHour, seen);
  ASSERT_EQ(seen.attempts.size(), 5u);
  // The burst of 2 at the end, then one every 500 ms, in submission order.
  const NetTime expected[] = {70 * kSecond, 70 * kSecond, 70 * kSecond + 500 * kMs, 71 * kSecond};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(seen.attempts[i + 1].at, expected[i]) << i;
    EXPECT_EQ(seen.attempts[i + 1].destination, i + 2) << i;
  }
  EXPECT_EQ(smsc.counters().delivered, 5u);
  EXPECT_EQ(smsc.counters().expired, 0u);
}

TEST(SmscOutage, ValidityRunsOnAndExpiresInTheOutageAtItsTime) {
  Smsc smsc(down(0, 2 * kHour));
  // TP-VP relative 0x0B: (11 + 1) x 5 min = 1 h (§9.2.3.12.1); the other
  // without TP-VP: the default day.
  smsc.submit(kMinute, 1, sms(1, cardcore::sms::RelativeValidity{0x0B}));
  smsc.submit(kMinute, 2, sms(2));
  Seen seen;
  run(smsc, kDay, seen);
  ASSERT_EQ(seen.reports.size(), 2u);
  EXPECT_EQ(seen.reports[0].destination, 1u);
  EXPECT_FALSE(seen.reports[0].delivered);
  EXPECT_EQ(seen.reports[0].status, kTpStValidityPeriodExpired);
  EXPECT_EQ(seen.reports[0].at, kMinute + kHour) << "at its expiry, not at the outage's end";
  EXPECT_EQ(seen.reports[0].attempts, 0u);
  EXPECT_TRUE(seen.reports[1].delivered);
  ASSERT_EQ(seen.attempts.size(), 1u);
  EXPECT_EQ(seen.attempts[0].at, 2 * kHour);
  EXPECT_EQ(smsc.counters().expired, 1u);
}

TEST(SmscOutage, ToTheEndOfTheRunEveryMessageExpires) {
  Smsc smsc(down(0, kNever));
  smsc.submit(0, 1, sms(1));
  smsc.submit(0, 1, sms(2));  // behind the first: its validity runs as well
  Seen seen;
  run(smsc, 3 * kDay, seen);
  EXPECT_TRUE(seen.attempts.empty());
  ASSERT_EQ(seen.reports.size(), 2u);
  EXPECT_EQ(seen.reports[0].at, kDay);
  EXPECT_EQ(seen.reports[1].at, kDay);
  EXPECT_EQ(smsc.messages_in_store(), 0u);
  EXPECT_EQ(smsc.next_wakeup(), kNever);
}

TEST(SmscOutage, AnAttemptInFlightEndsAsTheNetworkAnswersAndItsRetryWaits) {
  Smsc smsc(down(10 * kSecond, 20 * kMinute));
  smsc.submit(9 * kSecond, 1, sms(1));
  smsc.poll(9 * kSecond);
  const std::vector<DeliveryAttempt> first = smsc.take_outputs().attempts;
  ASSERT_EQ(first.size(), 1u);
  // Absent at 11 s (in the outage): the retry 2 min later waits for the end.
  smsc.delivery_result(11 * kSecond, first[0].id, DeliveryOutcome::Absent);
  EXPECT_EQ(smsc.take_outputs().alerts.size(), 1u);
  // The device's alert in the outage does not bring it forward either.
  EXPECT_TRUE(smsc.device_reachable(5 * kMinute, 1));
  Seen seen;
  run(smsc, kHour, seen);
  ASSERT_EQ(seen.attempts.size(), 1u);
  EXPECT_EQ(seen.attempts[0].at, 20 * kMinute);
  EXPECT_EQ(seen.attempts[0].attempt, 2u);
}

TEST(SmscOutage, AStateSavedInTheOutageResumesExactly) {
  const SmscConfig cfg = down(30 * kSecond, 10 * kMinute);
  Smsc a(cfg);
  for (std::uint64_t d = 0; d < 8; ++d) a.submit(static_cast<NetTime>(d) * 10 * kSecond, d, sms(static_cast<std::uint8_t>(d)));
  Seen before;
  run(a, kMinute, before);
  Smsc b(cfg);
  b.restore_state(a.save_state());
  Seen seen_a, seen_b;
  run(a, kHour, seen_a);
  run(b, kHour, seen_b);
  EXPECT_EQ(seen_a.attempts, seen_b.attempts);
  ASSERT_EQ(seen_a.reports.size(), seen_b.reports.size());
  EXPECT_EQ(seen_a.attempts.size(), 5u) << "the 5 stored in the outage";
  EXPECT_EQ(seen_a.attempts.front().at, 10 * kMinute);
  EXPECT_EQ(a.save_state(), b.save_state());
}

TEST(SmscOutage, BadOutagesAreRefused) {
  EXPECT_THROW(Smsc{down(kMinute, kMinute)}, std::invalid_argument);
  SmscConfig overlapping;
  overlapping.outages = {{0, 2 * kMinute}, {kMinute, 3 * kMinute}};
  EXPECT_THROW(Smsc{overlapping}, std::invalid_argument);
}

}  // namespace test_smsc_outage
