// The SMSC (TS 23.040 §3 store and forward): throughput limit, per-destination
// queues and retry schedules, validity periods (§9.2.3.12) with failure
// reports, SMS-STATUS-REPORT TPDUs (§9.2.2.3), and the alert that delivers an
// MT SMS to a PSM device at its next wake-up.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cardcore/sms/status_report.hpp"
#include "twinmodels/network/mme_reachability.hpp"
#include "twinmodels/network/rate_limiter.hpp"
#include "twinmodels/network/sms_clock.hpp"
#include "twinmodels/network/smsc.hpp"

namespace test_smsc {

using cardcore::sms::SmsSubmit;
using namespace twinmodels;

SmsSubmit ota_sms(std::uint8_t mr, bool srr, cardcore::sms::ValidityPeriod vp = {}) {
  SmsSubmit s;
  s.mr = mr;
  s.srr = srr;
  s.da = {cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, "8613800000001"};
  s.pid = 0x7F;
  s.dcs = 0xF6;
  s.vp = vp;
  return s;
}

// Polls at every wake-up up to `until`, answering each attempt with `answer`.
template <class Answer>
std::vector<DeliveryAttempt> run(Smsc& smsc, NetTime until, Answer answer, std::vector<SmscReport>* reports = nullptr) {
  std::vector<DeliveryAttempt> all;
  for (NetTime t = smsc.next_wakeup(); t <= until && t != kNever; t = smsc.next_wakeup()) {
    smsc.poll(t);
    SmscOutputs o = smsc.take_outputs();
    for (const auto& a : o.attempts) {
      all.push_back(a);
      smsc.delivery_result(t, a.id, answer(a));
    }
    SmscOutputs after = smsc.take_outputs();
    if (reports) {
      reports->insert(reports->end(), o.reports.begin(), o.reports.end());
      reports->insert(reports->end(), after.reports.begin(), after.reports.end());
    }
  }
  return all;
}

TEST(RateLimiter, IsATokenBucket) {
  RateLimiter r(2, 3);  // 2/s, bucket of 3
  EXPECT_EQ(r.interval(), 500 * kMs);
  EXPECT_TRUE(r.try_take(0));
  EXPECT_TRUE(r.try_take(0));
  EXPECT_TRUE(r.try_take(0));
  EXPECT_FALSE(r.try_take(0));
  EXPECT_EQ(r.earliest(0), 500 * kMs);
  EXPECT_THROW(r.take(499 * kMs), std::logic_error);
  r.take(500 * kMs);
  // After 10 s idle the bucket is full again, not fuller.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(r.try_take(11 * kSecond));
  EXPECT_FALSE(r.try_take(11 * kSecond));
  EXPECT_THROW(RateLimiter(0, 1), std::invalid_argument);
  EXPECT_THROW(RateLimiter(1, 0), std::invalid_argument);
}

TEST(SmsClock, WritesAndReadsTheServiceCentreTimeStamp) {
  const SmsClock c;  // 2026-01-01T00:00:00Z, UTC+8
  const cardcore::sms::Timestamp ts = c.timestamp(90 * kMinute + 5 * kSecond + 999'999);
  EXPECT_EQ(cardcore::sms::to_string(ts), "26-01-01 09:30:05 +32");
  EXPECT_EQ(c.time_of(ts), 90 * kMinute + 5 * kSecond);
  EXPECT_EQ(cardcore::sms::to_string(c.timestamp(-kSecond)), "26-01-01 07:59:59 +32");
  EXPECT_EQ(cardcore::sms::to_string(c.timestamp(59 * 24 * kHour)), "26-03-01 08:00:00 +32");  // 2026 is not leap
  cardcore::sms::Timestamp feb29 = ts;
  feb29.month = 2;
  feb29.day = 29;
  EXPECT_THROW(c.time_of(feb29), std::invalid_argument);
  feb29.year = 28;
  EXPECT_NO_THROW(c.time_of(feb29));
}

TEST(Smsc, AtItsRateLimitQueuesAttemptsAndSpacesThem) {
  SmscConfig cfg;
  cfg.rate_per_second = 2;
  cfg.burst = 2;
  Smsc smsc(cfg);
  for (std::uint64_t d = 0; d < 6; ++d) smsc.submit(0, d, ota_sms(static_cast<std::uint8_t>(d), false));
  const auto attempts = run(smsc, kHour, [](const DeliveryAttempt&) { return DeliveryOutcome::Delivered; });
  ASSERT_EQ(attempts.size(), 6u);
  const NetTime expected[] = {0, 0, 500 * kMs, 1000 * kMs, 1500 * kMs, 2000 * kMs};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(attempts[i].at, expected[i]) << i;
    EXPECT_EQ(attempts[i].destination, i) << "served in submission order";
  }
  EXPECT_EQ(smsc.counters().delivered, 6u);
  EXPECT_EQ(smsc.messages_in_store(), 0u);
  EXPECT_EQ(smsc.next_wakeup(), kNever);
}

TEST(Smsc, RetriesAnAbsentDeviceOnScheduleAndAsksForAnAlertOnce) {
  SmscConfig cfg;
  cfg.retry_schedule = {30 * kSecond, 2 * kMinute, 10 * kMinute};
  Smsc smsc(cfg);
  smsc.submit(0, 7, ota_sms(1, false));
  std::vector<AlertRequest> alerts;
  std::vector<NetTime> times;
  for (NetTime t = smsc.next_wakeup(); t <= 40 * kMinute; t = smsc.next_wakeup()) {
    smsc.poll(t);
    for (const auto& a : smsc.take_outputs().attempts) {
      times.push_back(a.at);
      smsc.delivery_result(t, a.id, DeliveryOutcome::Absent);
    }
    for (const auto& a : smsc.take_outputs().alerts) alerts.push_back(a);
  }
  // 0, +30 s, +2 min, +10 min, then +10 min again (the last wait repeats).
  const std::vector<NetTime> expected = {0, 30 * kSecond, 150 * kSecond, 750 * kSecond, 1350 * kSecond, 1950 * kSecond};
  EXPECT_EQ(times, expected);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0], (AlertRequest{7, 0}));
}

TEST(Smsc, ExpiresAtTheValidityPeriodWithAFailureReport) {
  SmscConfig cfg;
  cfg.retry_schedule = {30 * kSecond, 2 * kMinute, 10 * kMinute};
  Smsc smsc(cfg);
  // TP-VP relative 0: (0 + 1) x 5 minutes (§9.2.3.12.1).
  const SmscMessageId id = smsc.submit(10 * kSecond, 3, ota_sms(0x42, true, cardcore::sms::RelativeValidity{0}));
  std::vector<SmscReport> reports;
  const auto attempts = run(smsc, kHour, [](const DeliveryAttempt&) { return DeliveryOutcome::Absent; }, &reports);
  ASSERT_EQ(attempts.size(), 3u);  // 10 s, 40 s, 2 min 40 s; the next (12 min 40 s) is past the expiry
  ASSERT_EQ(reports.size(), 1u);
  const SmscReport& r = reports[0];
  EXPECT_EQ(r.id, id);
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.at, 10 * kSecond + 5 * kMinute);
  EXPECT_EQ(r.status, kTpStValidityPeriodExpired);
  EXPECT_EQ(r.attempts, 3u);
  const auto sr = cardcore::sms::decode_status_report(r.status_report);
  EXPECT_EQ(sr.st, 0x46);
  EXPECT_EQ(sr.mr, 0x42);
  EXPECT_EQ(sr.ra.value, "8613800000001");
  EXPECT_EQ(cardcore::sms::to_string(sr.scts), "26-01-01 08:00:10 +32");
  EXPECT_EQ(cardcore::sms::to_string(sr.dt), "26-01-01 08:05:10 +32");
  EXPECT_EQ(smsc.counters().expired, 1u);
  EXPECT_EQ(smsc.messages_in_store(), 0u);
}

TEST(Smsc, ValidityFormsAndTheCap) {
  SmscConfig cfg;
  cfg.max_validity = 3 * 24 * kHour;
  const Smsc smsc(cfg);
  EXPECT_EQ(smsc.expiry_of(kSecond, {}), kSecond + 24 * kHour);  // no TP-VP: the default
  EXPECT_EQ(smsc.expiry_of(0, cardcore::sms::RelativeValidity{0xA7}), 24 * kHour);
  EXPECT_EQ(smsc.expiry_of(0, cardcore::sms::RelativeValidity{0xFF}), 3 * 24 * kHour) << "63 weeks capped";
  EXPECT_EQ(smsc.expiry_of(0, cardcore::sms::enhanced_validity_of_seconds(90)), 90 * kSecond);
  EXPECT_EQ(smsc.expiry_of(0, cfg.clock.timestamp(2 * kHour)), 2 * kHour);  // absolute
}

TEST(Smsc, OneDestinationGetsItsMessagesInOrderOneAtATime) {
  Smsc smsc;
  const SmscMessageId a = smsc.submit(0, 5, ota_sms(1, true));
  const SmscMessageId b = smsc.submit(0, 5, ota_sms(2, true));
  smsc.poll(0);
  SmscOutputs o = smsc.take_outputs();
  ASSERT_EQ(o.attempts.size(), 1u);
  EXPECT_EQ(o.attempts[0].id, a);
  EXPECT_EQ(smsc.next_wakeup(), kNever) << "b waits for a";
  smsc.delivery_result(3 * kSecond, a, DeliveryOutcome::Delivered);
  o = smsc.take_outputs();
  ASSERT_EQ(o.reports.size(), 1u);
  EXPECT_TRUE(o.reports[0].delivered);
  const auto sr = cardcore::sms::decode_status_report(o.reports[0].status_report);
  EXPECT_EQ(sr.st, kTpStReceivedBySme);
  EXPECT_EQ(sr.mr, 1);
  EXPECT_EQ(cardcore::sms::to_string(sr.dt), "26-01-01 08:00:03 +32");
  EXPECT_EQ(smsc.next_wakeup(), 3 * kSecond);
  smsc.poll(3 * kSecond);
  o = smsc.take_outputs();
  ASSERT_EQ(o.attempts.size(), 1u);
  EXPECT_EQ(o.attempts[0].id, b);
  smsc.delivery_result(4 * kSecond, b, DeliveryOutcome::PermanentError, 0x43);
  o = smsc.take_outputs();
  ASSERT_EQ(o.reports.size(), 1u);
  EXPECT_FALSE(o.reports[0].delivered);
  EXPECT_EQ(o.reports[0].status, 0x43);
}

TEST(Smsc, WithoutStatusReportRequestTheReportHasNoTpdu) {
  Smsc smsc;
  const SmscMessageId id = smsc.submit(0, 1, ota_sms(9, false));
  smsc.poll(0);
  smsc.take_outputs();
  smsc.delivery_result(kSecond, id, DeliveryOutcome::Delivered);
  const SmscOutputs o = smsc.take_outputs();
  ASSERT_EQ(o.reports.size(), 1u);
  EXPECT_TRUE(o.reports[0].status_report.empty());
}

TEST(Smsc, BadInputsAreRefused) {
  SmscConfig empty;
  empty.retry_schedule.clear();
  EXPECT_THROW(Smsc{empty}, std::invalid_argument);
  SmscConfig zero_wait;
  zero_wait.retry_schedule = {kSecond, 0};
  EXPECT_THROW(Smsc{zero_wait}, std::invalid_argument);
  SmscConfig no_rate;
  no_rate.rate_per_second = 0;
  EXPECT_THROW(Smsc{no_rate}, std::invalid_argument);
  Smsc smsc;
  const SmscMessageId id = smsc.submit(0, 1, ota_sms(1, false));
  EXPECT_THROW(smsc.delivery_result(0, id, DeliveryOutcome::Delivered), std::invalid_argument) << "not in flight";
  EXPECT_THROW(smsc.delivery_result(0, id + 1, DeliveryOutcome::Delivered), std::invalid_argument) << "unknown";
}

// Issue 6: "an MT SMS to a PSM device is delivered at its next wake-up". The
// SMSC tries, the MME says the device is in PSM (absent subscriber), the SMSC
// asks for an alert; the periodic TAU connects the device, the MME reports
// it, and the SMSC's attempt goes out then.
TEST(Smsc, MtSmsToAPsmDeviceIsDeliveredAtItsNextWakeUp) {
  constexpr std::uint64_t kDevice = 2;
  constexpr std::uint64_t kImsi = 460040000000002;
  constexpr std::uint32_t kTmsi = 0xABCD0002;
  const std::array<std::uint8_t, 3> t3412_ext = {0x5E, 0x01, 0x21};  // 1 h
  const std::array<std::uint8_t, 3> t3324 = {0x6A, 0x01, 0x21};      // 1 min
  const PowerSavingProfile profile = power_saving_from_ies(S1Mode::NbS1, {128, 0, PagingChannel::Npdcch, 0}, 0x49,
                                                           cardcore::ByteView(t3412_ext), cardcore::ByteView(t3324),
                                                           std::nullopt);
  MmeReachability mme(4, profile);
  mme.connected(kDevice, 0);
  const NetTime idle = 20 * kSecond;
  mme.released(kDevice, idle);
  const NetTime wake = next_periodic_tau(profile, idle);
  ASSERT_EQ(wake, idle + kHour);

  SmscConfig cfg;
  cfg.retry_schedule = {5 * kMinute, 20 * kMinute};  // retries fall inside PSM, never on the TAU
  Smsc smsc(cfg);
  smsc.submit(10 * kMinute, kDevice, ota_sms(7, true));

  NetTime delivered_at = kNever;
  std::uint32_t absent = 0;
  bool alerted = false;
  for (NetTime t = std::min(smsc.next_wakeup(), wake); t < 3 * kHour && delivered_at == kNever;) {
    if (t == wake && !alerted) {
      // The device's periodic TAU: it connects; the MME alerts the SMSC.
      alerted = true;
      const bool notify = mme.connected(kDevice, t);
      EXPECT_TRUE(notify);
      if (notify) {
        EXPECT_TRUE(smsc.device_reachable(t, kDevice));
      }
    }
    smsc.poll(t);
    SmscOutputs o = smsc.take_outputs();
    for (const auto& a : o.attempts) {
      const UeReachability r = mme.reachability(kDevice, kImsi, kTmsi, t);
      if (r.state == UeReachState::Connected) {
        smsc.delivery_result(t, a.id, DeliveryOutcome::Delivered);
        delivered_at = t;
      } else {
        EXPECT_EQ(r.state, UeReachState::Psm);
        EXPECT_EQ(r.at, wake);
        ++absent;
        smsc.delivery_result(t, a.id, DeliveryOutcome::Absent);
      }
    }
    for (const auto& al : smsc.take_outputs().alerts) mme.request_reachability_notification(al.destination);
    const NetTime next = smsc.next_wakeup();
    t = alerted ? next : std::min(next, wake);
  }
  EXPECT_EQ(delivered_at, wake);
  EXPECT_EQ(absent, 4u);  // 10, 15, 35 and 55 min: all in PSM; the next retry would be 75 min
  EXPECT_EQ(smsc.counters().alerts, 1u);
}

// An eDRX device (no PSM) is paged at its next paging occasion: the attempt
// stays in flight while the MME pages, and the report's discharge time is
// the occasion's (plus the time the delivery takes, here none).
TEST(Smsc, MtSmsToAnEdrxDeviceIsDeliveredAtItsPagingOccasion) {
  constexpr std::uint64_t kImsi = 460040000000123;
  constexpr std::uint32_t kTmsi = 0x12345678;  // test_paging.cpp: POs at 19.159 s + k x 20.48 s
  const std::array<std::uint8_t, 3> edrx = {0x6E, 0x01, 0x02};
  const PowerSavingProfile profile = power_saving_from_ies(S1Mode::NbS1, {128, 0, PagingChannel::Npdcch, 0}, 0x49,
                                                           std::nullopt, std::nullopt, cardcore::ByteView(edrx));
  MmeReachability mme(1, profile);
  mme.connected(0, 0);
  mme.released(0, kSecond);
  Smsc smsc;
  smsc.submit(25 * kSecond, 0, ota_sms(3, true));
  smsc.poll(25 * kSecond);
  const SmscOutputs o = smsc.take_outputs();
  ASSERT_EQ(o.attempts.size(), 1u);
  const UeReachability r = mme.reachability(0, kImsi, kTmsi, 25 * kSecond);
  ASSERT_EQ(r.state, UeReachState::Pageable);
  EXPECT_EQ(r.at, 3 * 10'240 * kMs + 8'919 * kMs);
  smsc.delivery_result(r.at, o.attempts[0].id, DeliveryOutcome::Delivered);
  const SmscOutputs done = smsc.take_outputs();
  ASSERT_EQ(done.reports.size(), 1u);
  EXPECT_EQ(done.reports[0].at, r.at);
  EXPECT_EQ(cardcore::sms::to_string(cardcore::sms::decode_status_report(done.reports[0].status_report).dt),
            "26-01-01 08:00:39 +32");
}

}  // namespace test_smsc
