// The SMSC's process crashing (SmscConfig::crashes; a scenario's `smsc`
// `crash` fault): its store on disk is kept (TS 23.040 §3), nothing moves
// while it is down, submissions are taken at the restart, the answer to an
// attempt that a crash interrupted is lost and the message is attempted
// again, an expiry in the crash is noticed at the restart with its own time
// in TP-DT (§9.2.3.15), alerts while down are lost; a state saved in the
// crash resumes exactly.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cardcore/sms/status_report.hpp"
#include "twinmodels/network/smsc.hpp"

namespace test_smsc_crash {

using cardcore::sms::SmsSubmit;
using namespace twinmodels;

SmsSubmit sms(std::uint8_t mr, cardcore::sms::ValidityPeriod vp = {}) {
  SmsSubmit s;
  s.mr = mr;
  s.srr = true;
  s.da = {cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, "8613800000002"};
  s.pid = 0x7F;
  s.dcs = 0xF6;
  s.vp = vp;
  return s;
}

SmscConfig crashed(NetTime from, NetTime to) {
  SmscConfig cfg;
  cfg.rate_per_second = 2;
  cfg.burst = 2;
  cfg.crashes = {{from, to}};
  return cfg;
}

std::vector<DeliveryAttempt> attempts_at(Smsc& smsc, NetTime t) {
  smsc.poll(t);
  return smsc.take_outputs().attempts;
}

TEST(SmscCrash, SubmissionsInTheCrashAreTakenAtTheRestart) {
  Smsc smsc(crashed(10 * kSecond, 70 * kSecond));
  smsc.submit(20 * kSecond, 1, sms(1));
  smsc.submit(30 * kSecond, 2, sms(2));
  EXPECT_EQ(smsc.counters().held, 2u);
  EXPECT_EQ(smsc.next_wakeup(), 70 * kSecond);
  const std::vector<DeliveryAttempt> a = attempts_at(smsc, 70 * kSecond);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_TRUE(smsc.delivery_result(71 * kSecond, a[0].id, DeliveryOutcome::Delivered));
  const std::vector<SmscReport> reports = smsc.take_outputs().reports;
  ASSERT_EQ(reports.size(), 1u);
  // TP-SCTS is the restart, when the SMSC took it (§9.2.2.3).
  const cardcore::sms::SmsStatusReport sr = cardcore::sms::decode_status_report(reports[0].status_report);
  EXPECT_EQ(sr.scts, smsc.config().clock.timestamp(70 * kSecond));
  // One taken before the crash is not held.
  Smsc before(crashed(10 * kSecond, 70 * kSecond));
  before.submit(5 * kSecond, 1, sms(1));
  EXPECT_EQ(before.counters().held, 0u);
  EXPECT_EQ(attempts_at(before, 5 * kSecond).size(), 1u);
}

TEST(SmscCrash, AnAnswerInTheCrashIsLostAndTheMessageIsTriedAgainAtTheRestart) {
  Smsc smsc(crashed(5 * kSecond, kMinute));
  smsc.submit(0, 1, sms(1));
  const std::vector<DeliveryAttempt> first = attempts_at(smsc, 0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(smsc.answer_reaches(4 * kSecond, first[0].id));
  EXPECT_FALSE(smsc.answer_reaches(8 * kSecond, first[0].id));
  EXPECT_TRUE(smsc.crashed_at(8 * kSecond));
  // Delivered to the device, but the answer finds no SMSC.
  EXPECT_FALSE(smsc.delivery_result(8 * kSecond, first[0].id, DeliveryOutcome::Delivered));
  EXPECT_TRUE(smsc.take_outputs().reports.empty());
  EXPECT_EQ(smsc.counters().answers_lost, 1u);
  EXPECT_EQ(smsc.counters().delivered, 0u);
  EXPECT_EQ(smsc.next_wakeup(), kMinute) << "the restart, with no retry wait";
  EXPECT_TRUE(attempts_at(smsc, 30 * kSecond).empty());
  const std::vector<DeliveryAttempt> again = attempts_at(smsc, kMinute);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, first[0].id);
  EXPECT_EQ(again[0].attempt, 2u);
  // An attempt begun after the restart is answered as usual.
  EXPECT_TRUE(smsc.answer_reaches(kMinute + kSecond, again[0].id));
  EXPECT_TRUE(smsc.delivery_result(kMinute + kSecond, again[0].id, DeliveryOutcome::Delivered));
  const std::vector<SmscReport> reports = smsc.take_outputs().reports;
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].delivered);
  EXPECT_EQ(reports[0].attempts, 2u);
}

TEST(SmscCrash, AnAnswerAfterTheRestartToAnAttemptBeforeTheCrashIsLostAndTriedAgainAtOnce) {
  Smsc smsc(crashed(5 * kSecond, 10 * kSecond));
  smsc.submit(0, 1, sms(1));
  const std::vector<DeliveryAttempt> first = attempts_at(smsc, 0);
  ASSERT_EQ(first.size(), 1u);
  // A paging occasion 30 s later: the SMSC restarted in between, with no
  // dialogue for the answer.
  EXPECT_FALSE(smsc.answer_reaches(30 * kSecond, first[0].id));
  EXPECT_FALSE(smsc.delivery_result(30 * kSecond, first[0].id, DeliveryOutcome::Absent));
  EXPECT_TRUE(smsc.take_outputs().alerts.empty()) << "nothing of the lost answer is acted on";
  EXPECT_EQ(smsc.next_wakeup(), 30 * kSecond);
  const std::vector<DeliveryAttempt> again = attempts_at(smsc, 30 * kSecond);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 2u);
}

TEST(SmscCrash, AnExpiryInTheCrashIsNoticedAtTheRestartWithItsOwnTime) {
  // TP-VP relative 0x0B: 1 h (§9.2.3.12.1); down from 30 min to 2 h.
  const cardcore::sms::ValidityPeriod hour = cardcore::sms::RelativeValidity{0x0B};
  Smsc smsc(crashed(30 * kMinute, 2 * kHour));
  smsc.submit(0, 1, sms(1, hour));
  // Absent: the retry in 2 min, then 5, 10, 30 min, the last in the crash.
  for (NetTime t = smsc.next_wakeup(); t < 30 * kMinute; t = smsc.next_wakeup())
    for (const DeliveryAttempt& a : attempts_at(smsc, t)) EXPECT_TRUE(smsc.delivery_result(t, a.id, DeliveryOutcome::Absent));
  smsc.take_outputs();
  EXPECT_EQ(smsc.next_wakeup(), 47 * kMinute) << "due in the crash: poll moves it";
  smsc.poll(47 * kMinute);
  EXPECT_TRUE(smsc.take_outputs().reports.empty());
  EXPECT_EQ(smsc.next_wakeup(), 2 * kHour);
  smsc.poll(2 * kHour);
  const SmscOutputs out = smsc.take_outputs();
  EXPECT_TRUE(out.attempts.empty());
  ASSERT_EQ(out.reports.size(), 1u);
  EXPECT_EQ(out.reports[0].at, 2 * kHour);
  EXPECT_EQ(out.reports[0].status, kTpStValidityPeriodExpired);
  // TP-DT says the expiry, 1 h after the submission (§9.2.3.15).
  const cardcore::sms::SmsStatusReport sr = cardcore::sms::decode_status_report(out.reports[0].status_report);
  EXPECT_EQ(sr.dt, smsc.config().clock.timestamp(kHour));
  EXPECT_EQ(smsc.counters().expired, 1u);
}

TEST(SmscCrash, AnAlertWhileDownIsLostAndTheRetryScheduleStillComes) {
  Smsc smsc(crashed(kMinute, 10 * kMinute));
  smsc.submit(0, 1, sms(1));
  const std::vector<DeliveryAttempt> first = attempts_at(smsc, 0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(smsc.delivery_result(kSecond, first[0].id, DeliveryOutcome::Absent));
  EXPECT_EQ(smsc.take_outputs().alerts.size(), 1u);
  EXPECT_FALSE(smsc.device_reachable(90 * kSecond, 1));
  EXPECT_EQ(smsc.counters().alerts_lost, 1u);
  EXPECT_EQ(smsc.counters().alerts, 0u);
  // The retry 2 min after the absence fell in the crash: at the restart.
  EXPECT_EQ(smsc.next_wakeup(), kSecond + 2 * kMinute);
  EXPECT_TRUE(attempts_at(smsc, kSecond + 2 * kMinute).empty());
  const std::vector<DeliveryAttempt> again = attempts_at(smsc, 10 * kMinute);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 2u);
  // The messages-waiting flag is still set: an alert after the restart works.
  EXPECT_TRUE(smsc.delivery_result(10 * kMinute + kSecond, again[0].id, DeliveryOutcome::Absent));
  EXPECT_TRUE(smsc.device_reachable(11 * kMinute, 1));
}

TEST(SmscCrash, AStateSavedInTheCrashResumesExactly) {
  const SmscConfig cfg = crashed(20 * kSecond, 5 * kMinute);
  Smsc a(cfg);
  for (std::uint64_t d = 0; d < 6; ++d) a.submit(static_cast<NetTime>(d) * 5 * kSecond, d, sms(static_cast<std::uint8_t>(d)));
  // Attempts in flight at the crash, answered inside it and after it.
  std::vector<DeliveryAttempt> open;
  for (NetTime t = a.next_wakeup(); t < 20 * kSecond; t = a.next_wakeup())
    for (const DeliveryAttempt& x : attempts_at(a, t)) open.push_back(x);
  ASSERT_GE(open.size(), 3u);
  a.submit(kMinute, 9, sms(9));
  Smsc b(cfg);
  b.restore_state(a.save_state());
  EXPECT_EQ(b.save_state(), a.save_state());
  auto drive = [&](Smsc& s) {
    std::vector<DeliveryAttempt> seen;
    std::vector<bool> reached;
    for (std::size_t i = 0; i < open.size(); ++i)
      reached.push_back(s.delivery_result(i == 0 ? 2 * kMinute : 6 * kMinute, open[i].id, DeliveryOutcome::Delivered));
    for (NetTime t = s.next_wakeup(); t != kNever && t <= kHour; t = s.next_wakeup())
      for (const DeliveryAttempt& x : attempts_at(s, t)) {
        seen.push_back(x);
        s.delivery_result(t + kSecond, x.id, DeliveryOutcome::Delivered);
      }
    EXPECT_EQ(reached, std::vector<bool>(open.size(), false));
    return seen;
  };
  const std::vector<DeliveryAttempt> seen_a = drive(a), seen_b = drive(b);
  EXPECT_EQ(seen_a, seen_b);
  EXPECT_EQ(a.save_state(), b.save_state());
  EXPECT_EQ(a.counters().answers_lost, open.size());
  EXPECT_EQ(a.counters().delivered, 7u);
  EXPECT_EQ(a.messages_in_store(), 0u);
}

TEST(SmscCrash, BadCrashesAreRefused) {
  EXPECT_THROW(Smsc{crashed(kMinute, kMinute)}, std::invalid_argument);
  SmscConfig overlapping;
  overlapping.crashes = {{0, 2 * kMinute}, {kMinute, 3 * kMinute}};
  EXPECT_THROW(Smsc{overlapping}, std::invalid_argument);
}

}  // namespace test_smsc_crash
