// The domestic write module (twinmodels::ota::WriteModule): the worker pool,
// the submission rate limit, outages, PoR tracking, retries with the next
// attempt and the permanent failures, each at its exact time; and its
// checkpoint state.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "twinmodels/ota/write_module.hpp"

namespace test_write_module {

using namespace twinmodels;
using namespace twinmodels::ota;

WriteModuleConfig fast(std::uint32_t workers, NetTime service) {
  WriteModuleConfig c;
  c.workers = workers;
  c.service_time = service;
  c.submit_rate = 1000;
  c.submit_burst = 1000;
  c.max_attempts = 3;
  c.retry_after = 10 * kSecond;
  return c;
}

// Runs the module from `from` to `to` as its driver does: one poll at each
// wake-up, each submission answered by `answer` (which may report outcomes).
template <typename Answer>
std::vector<WriteSubmission> run(WriteModule& m, NetTime to, Answer answer) {
  std::vector<WriteSubmission> all;
  for (NetTime t = m.next_wakeup(); t <= to; t = m.next_wakeup()) {
    m.poll(t);
    for (const WriteSubmission& s : m.take_submissions()) {
      all.push_back(s);
      answer(s);
    }
  }
  return all;
}

std::vector<NetTime> times(const std::vector<WriteSubmission>& v) {
  std::vector<NetTime> out;
  for (const WriteSubmission& s : v) out.push_back(s.at);
  return out;
}

TEST(WriteModule, OneWorkerBuildsOnePacketAtATime) {
  WriteModule m(fast(1, 100 * kMs), 3);
  for (std::uint32_t o = 0; o < 3; ++o) m.release(0, o);
  EXPECT_EQ(m.queued(), 3u);
  const auto subs = run(m, kHour, [](const WriteSubmission&) {});
  EXPECT_EQ(times(subs), (std::vector<NetTime>{100 * kMs, 200 * kMs, 300 * kMs}));
  for (std::uint32_t o = 0; o < 3; ++o) {
    EXPECT_EQ(subs[o].order, o);
    EXPECT_EQ(subs[o].attempt, 1u);
    EXPECT_EQ(m.state(o), WriteOrderState::Submitted);
  }
  EXPECT_EQ(m.counters().busy, 300 * kMs);
  EXPECT_EQ(m.busy_by(300 * kMs), 300 * kMs);
  EXPECT_EQ(m.next_wakeup(), kNever);
}

TEST(WriteModule, WorkersInParallelAndTheRateLimitSpacesSubmissions) {
  WriteModuleConfig c = fast(4, 100 * kMs);
  c.submit_rate = 2;  // one every 500 ms
  c.submit_burst = 1;
  WriteModule m(c, 4);
  for (std::uint32_t o = 0; o < 4; ++o) m.release(0, o);
  const auto subs = run(m, kHour, [](const WriteSubmission&) {});
  // All four built by 100 ms; the bucket lets one through every 500 ms.
  EXPECT_EQ(times(subs), (std::vector<NetTime>{100 * kMs, 600 * kMs, 1100 * kMs, 1600 * kMs}));
}

TEST(WriteModule, BusyTimeCountsServicesUnderWayUpToTheTime) {
  WriteModule m(fast(4, 100 * kMs), 6);
  for (std::uint32_t o = 0; o < 6; ++o) m.release(0, o);
  m.poll(0);
  EXPECT_EQ(m.in_service(), 4u);
  EXPECT_EQ(m.busy_by(0), 0);
  EXPECT_EQ(m.busy_by(50 * kMs), 200 * kMs);  // four workers for 50 ms
  m.poll(150 * kMs);                           // four built at 100 ms, two more in service since
  EXPECT_EQ(m.in_service(), 2u);
  EXPECT_EQ(m.busy_by(150 * kMs), 400 * kMs + 2 * 50 * kMs);
}

TEST(WriteModule, APollLateStillGivesEveryStepItsOwnTime) {
  WriteModule m(fast(1, 100 * kMs), 3);
  m.release(0, 0);
  m.release(50 * kMs, 1);
  m.release(50 * kMs, 2);
  m.poll(10 * kSecond);  // long after everything
  EXPECT_EQ(times(m.take_submissions()), (std::vector<NetTime>{100 * kMs, 200 * kMs, 300 * kMs}));
}

TEST(WriteModule, NothingStartsOrLeavesDuringAnOutage) {
  WriteModuleConfig c = fast(1, 100 * kMs);
  c.outages = {{50 * kMs, kSecond}, {2 * kSecond, 3 * kSecond}};
  WriteModule m(c, 2);
  m.release(0, 0);           // in service at 0, built at 100 ms, inside the outage
  m.release(500 * kMs, 1);   // waits for the end of the outage
  const auto subs = run(m, kHour, [](const WriteSubmission&) {});
  EXPECT_EQ(times(subs), (std::vector<NetTime>{kSecond, 1100 * kMs}));
  EXPECT_EQ(m.up_at(2500 * kMs), 3 * kSecond);
  EXPECT_EQ(m.up_at(3 * kSecond), 3 * kSecond);
  EXPECT_EQ(m.up_at(0), 0);
}

TEST(WriteModule, APorDoneOrAlreadyAppliedEndsTheOrder) {
  WriteModule m(fast(2, 0), 2);
  m.release(0, 0);
  m.release(0, 1);
  run(m, kHour, [&](const WriteSubmission& s) { m.on_por(s.at + kSecond, s.order, s.order == 0 ? 0x00 : 0x01); });
  EXPECT_EQ(m.state(0), WriteOrderState::Done);
  EXPECT_EQ(m.state(1), WriteOrderState::Done);
  // The SMSC's report after the PoR changes nothing.
  m.on_final_report(2 * kSecond, 0);
  EXPECT_EQ(m.state(0), WriteOrderState::Done);
  const auto out = m.take_outcomes();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (WriteOutcome{WriteOutcome::Kind::Done, 0, 1, 0x00, kSecond}));
  EXPECT_EQ(m.counters().done, 2u);
  EXPECT_EQ(m.counters().last_done, kSecond);
  EXPECT_EQ(m.counters().por_ok, 2u);
}

TEST(WriteModule, AFailedAttemptIsRetriedWithTheNextAttemptThenFails) {
  WriteModule m(fast(1, 100 * kMs), 1);
  m.release(0, 0);
  // Every message expires in the SMSC 1 s after it was submitted.
  const auto subs = run(m, kHour, [&](const WriteSubmission& s) { m.on_final_report(s.at + kSecond, s.order); });
  // 100 ms build; report at 1.1 s; retry queued at 11.1 s, built at 11.2 s; ...
  EXPECT_EQ(times(subs), (std::vector<NetTime>{100 * kMs, 11200 * kMs, 22300 * kMs}));
  EXPECT_EQ(subs[1].attempt, 2u);
  EXPECT_EQ(subs[2].attempt, 3u);
  EXPECT_EQ(m.state(0), WriteOrderState::Failed);
  EXPECT_EQ(m.attempts(0), 3u);
  const auto out = m.take_outcomes();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, WriteOutcome::Kind::Retry);
  EXPECT_EQ(out[2], (WriteOutcome{WriteOutcome::Kind::Failed, 0, 3, kPorUnreadable, 23300 * kMs}));
  EXPECT_EQ(m.counters().retries, 2u);
  EXPECT_EQ(m.counters().failed, 1u);
}

TEST(WriteModule, AnErrorPorWaitsForTheFinalReportAndAPermanentOneFailsAtOnce) {
  WriteModule m(fast(3, 0), 3);
  for (std::uint32_t o = 0; o < 3; ++o) m.release(0, o);
  m.poll(0);
  ASSERT_EQ(m.take_submissions().size(), 3u);
  m.on_por(kSecond, 0, 0x05);            // the NVM refused: may go through next time
  m.on_por(kSecond, 1, kPorUnreadable);  // counter low, or a PoR that does not verify
  m.on_por(kSecond, 2, 0x02);            // bad format: the same packet fails again
  EXPECT_EQ(m.state(0), WriteOrderState::Submitted);
  EXPECT_EQ(m.state(1), WriteOrderState::Submitted);
  EXPECT_EQ(m.state(2), WriteOrderState::Failed);
  m.on_final_report(2 * kSecond, 0);
  m.on_final_report(2 * kSecond, 1);
  EXPECT_EQ(m.state(0), WriteOrderState::RetryWait);
  EXPECT_EQ(m.state(1), WriteOrderState::RetryWait);
  EXPECT_EQ(m.retrying(), 2u);
  EXPECT_EQ(m.queued(), 0u);
  const auto out = m.take_outcomes();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (WriteOutcome{WriteOutcome::Kind::Failed, 2, 1, 0x02, kSecond}));
  EXPECT_EQ(out[1], (WriteOutcome{WriteOutcome::Kind::Retry, 0, 1, 0x05, 2 * kSecond}));
  EXPECT_EQ(m.counters().por_errors, 3u);
  EXPECT_EQ(m.next_wakeup(), 12 * kSecond);
  // A PoR for an order not in the SMSC is ignored.
  m.on_por(3 * kSecond, 0, 0x00);
  EXPECT_EQ(m.state(0), WriteOrderState::RetryWait);
}

TEST(WriteModule, VerdictsFollowTheAppletsResultCodes) {
  EXPECT_EQ(verdict_of(0x00), PorVerdict::Done);
  EXPECT_EQ(verdict_of(0x01), PorVerdict::Done);
  for (int r : {0x02, 0x03, 0x04, 0x06}) EXPECT_EQ(verdict_of(r), PorVerdict::Permanent) << r;
  for (int r : {0x05, 0x07, kPorUnreadable}) EXPECT_EQ(verdict_of(r), PorVerdict::Retry) << r;
}

TEST(WriteModule, RefusesBadConfigurationsAndASecondRelease) {
  auto bad = [](auto edit) {
    WriteModuleConfig c = fast(1, 0);
    edit(c);
    EXPECT_THROW(WriteModule(c, 1), std::invalid_argument);
  };
  bad([](WriteModuleConfig& c) { c.workers = 0; });
  bad([](WriteModuleConfig& c) { c.service_time = -1; });
  bad([](WriteModuleConfig& c) { c.retry_after = -1; });
  bad([](WriteModuleConfig& c) { c.max_attempts = 0; });
  bad([](WriteModuleConfig& c) { c.max_attempts = 256; });
  bad([](WriteModuleConfig& c) { c.submit_rate = 0; });
  bad([](WriteModuleConfig& c) { c.outages = {{5, 5}}; });
  bad([](WriteModuleConfig& c) { c.outages = {{10, 20}, {15, 30}}; });
  bad([](WriteModuleConfig& c) { c.crashes = {{5, 5}}; });
  bad([](WriteModuleConfig& c) { c.crashes = {{10, 20}, {5, 8}}; });
  WriteModule m(fast(1, 0), 1);
  m.release(0, 0);
  EXPECT_THROW(m.release(1, 0), std::logic_error);
  EXPECT_THROW(m.release(1, 1), std::out_of_range);
}

// Drives a module from `from` to `to`, logging what it does: even orders
// answer done on their 2nd attempt, odd ones never (the SMSC's final report).
void drive(WriteModule& m, NetTime from, NetTime to, std::vector<std::string>& log) {
  for (NetTime t = std::max(from, m.next_wakeup()); t <= to; t = m.next_wakeup()) {
    m.poll(t);
    for (const WriteSubmission& s : m.take_submissions()) {
      log.push_back("submit " + std::to_string(s.order) + "/" + std::to_string(s.attempt) + " at " + std::to_string(s.at));
      if (s.order % 2 == 0 && s.attempt == 2) m.on_por(s.at + kSecond, s.order, 0);
      else m.on_final_report(s.at + 2 * kSecond, s.order);
    }
    for (const WriteOutcome& o : m.take_outcomes())
      log.push_back("outcome " + std::to_string(o.order) + " " + std::to_string(static_cast<int>(o.kind)) + " at " +
                    std::to_string(o.at));
  }
}

// Two workers of 300 ms, 4 submissions a second, ten orders released
// 100 ms apart plus `edit`; saved at 5 s and restored into a second module,
// both driven on: the same log and state, and each order's done time. The
// original, driven to the end.
template <typename Edit>
WriteModule restored_at_5s_goes_on_as_the_original(Edit edit) {
  WriteModuleConfig c = fast(2, 300 * kMs);
  c.submit_rate = 4;
  c.submit_burst = 2;
  edit(c);
  WriteModule a(c, 10);
  for (std::uint32_t o = 0; o < 10; ++o) a.release(o * 100 * kMs, o);
  std::vector<std::string> head, tail_a, tail_b;
  drive(a, 0, 5 * kSecond, head);
  const cardcore::Bytes saved = a.save_state();
  WriteModule b(c, 10);
  b.restore_state(saved);
  EXPECT_EQ(b.save_state(), saved);
  drive(a, 5 * kSecond, kHour, tail_a);
  drive(b, 5 * kSecond, kHour, tail_b);
  EXPECT_FALSE(tail_a.empty());
  EXPECT_EQ(tail_a, tail_b);
  EXPECT_EQ(b.save_state(), a.save_state());
  for (std::uint32_t o = 0; o < 10; ++o) EXPECT_EQ(b.done_at(o), a.done_at(o)) << o;
  return a;
}

TEST(WriteModule, ARestoredModuleGoesOnExactlyAsTheOriginal) {
  const WriteModule a =
      restored_at_5s_goes_on_as_the_original([](WriteModuleConfig& c) { c.outages = {{3 * kSecond, 4 * kSecond}}; });
  EXPECT_EQ(a.counters().done, 5u);
  EXPECT_EQ(a.counters().failed, 5u);
}

// The time each order was done: its good PoR's; none for a failed order.
TEST(WriteModule, KeepsWhenEachOrderWasDone) {
  WriteModule m(fast(1, 100 * kMs), 3);
  for (std::uint32_t o = 0; o < 3; ++o) m.release(0, o);
  EXPECT_EQ(m.done_at(0), WriteModule::kNotDone);
  // Order 0 answers done 2 s after its packet, order 1 already applied
  // (01) 5 s after; order 2's card refuses the format (02): failed.
  run(m, kHour, [&](const WriteSubmission& s) {
    m.on_por(s.at + (s.order == 1 ? 5 : 2) * kSecond, s.order, s.order == 2 ? 0x02 : s.order);
  });
  EXPECT_EQ(m.done_at(0), 100 * kMs + 2 * kSecond);
  EXPECT_EQ(m.done_at(1), 200 * kMs + 5 * kSecond);
  EXPECT_EQ(m.done_at(2), WriteModule::kNotDone);
  EXPECT_EQ(m.state(2), WriteOrderState::Failed);
  EXPECT_EQ(m.counters().last_done, m.done_at(1));
}

TEST(WriteModule, TruncatedOrInconsistentStateIsRefusedAndChangesNothing) {
  WriteModule a(fast(2, kSecond), 4);
  for (std::uint32_t o = 0; o < 4; ++o) a.release(0, o);
  a.poll(0);  // two in service, two queued
  const cardcore::Bytes saved = a.save_state();
  WriteModule b(fast(2, kSecond), 4);
  const cardcore::Bytes fresh = b.save_state();
  auto refused = [&](cardcore::Bytes bytes, const std::string& says) {
    try {
      b.restore_state(bytes);
      ADD_FAILURE() << "accepted; expected: " << says;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
    EXPECT_EQ(b.save_state(), fresh);
  };
  refused(cardcore::Bytes(saved.begin(), saved.end() - 3), "write module state: truncated");
  cardcore::Bytes magic = saved;
  magic[0] = 'X';
  refused(magic, "not a saved write module state");
  cardcore::Bytes trailing = saved;
  trailing.push_back(0);
  refused(trailing, "trailing bytes");
  // The order count sits after the header (6), counters (13 x 8), TAT (8)
  // and the crash steps (4).
  constexpr std::size_t kOrders = 6 + 104 + 8 + 4;
  cardcore::Bytes state = saved;
  state[kOrders + 4] = 3;  // order 0 claims to be Built: no FIFO holds it so
  refused(state, "service: 2 entries, 1 orders in service");
  // Version 2 (before crashes) is refused.
  cardcore::Bytes v2 = saved;
  v2[4] = 2;
  v2[5] = 0;
  refused(v2, "version 2");
  // Order 0 (in service, not done) with a done time: order i's done time
  // follows its state, attempts and PoR (4 bytes) at 12 bytes an order.
  cardcore::Bytes done = saved;
  done[kOrders + 4 + 4] = 5;
  refused(done, "order 0: done time");
  // Crash steps beyond this module's crashes (it has none).
  cardcore::Bytes steps = saved;
  steps[kOrders - 4] = 1;
  refused(steps, "1 crash steps done, this module has 0 crashes");
  WriteModule other(fast(2, kSecond), 5);
  EXPECT_THROW(other.restore_state(saved), std::invalid_argument);
  WriteModule three(fast(3, kSecond), 4);
  EXPECT_THROW(three.restore_state(saved), std::invalid_argument);
}

// A crash at 250 ms, restarted at 2 s, one worker of 100 ms. Order 0's
// packet left at 100 ms and its PoR came back before the crash: done.
// Order 1's left at 200 ms; its PoR reaches the module during the crash
// and is lost. Order 2 was being built: its packet is lost, its attempt
// made again. At the restart order 1 goes again (attempt 2, a higher
// counter) and its card answers 01, already applied.
TEST(WriteModule, ACrashLosesThePacketsNotSentAndTheRestartSendsAgainThoseOut) {
  WriteModuleConfig c = fast(1, 100 * kMs);
  c.crashes = {{250 * kMs, 2 * kSecond}};
  WriteModule m(c, 4);
  for (std::uint32_t o = 0; o < 4; ++o) m.release(0, o);
  const auto subs = run(m, kHour, [&](const WriteSubmission& s) {
    if (s.order == 1 && s.attempt == 1) m.on_por(kSecond, s.order, 0x00);  // lost: the module is down
    else m.on_por(s.at + 50 * kMs, s.order, s.order == 1 ? 0x01 : 0x00);
  });
  const std::vector<WriteSubmission> expected = {
      {0, 1, 100 * kMs}, {1, 1, 200 * kMs}, {3, 1, 2100 * kMs}, {2, 1, 2200 * kMs}, {1, 2, 2300 * kMs}};
  EXPECT_EQ(subs, expected);
  for (std::uint32_t o = 0; o < 4; ++o) EXPECT_EQ(m.state(o), WriteOrderState::Done) << o;
  EXPECT_EQ(m.attempts(1), 2u);
  EXPECT_EQ(m.attempts(2), 1u);
  EXPECT_EQ(m.done_at(1), 2350 * kMs);
  const WriteModuleCounters& k = m.counters();
  EXPECT_EQ(k.reports_lost, 1u);
  EXPECT_EQ(k.resent, 1u);
  EXPECT_EQ(k.packets_lost, 1u);
  EXPECT_EQ(k.done, 4u);
  EXPECT_EQ(k.submitted, 5u);
  EXPECT_EQ(k.busy, 550 * kMs);  // 100 + 100 + the 50 of order 2's lost build + 3 x 100
  EXPECT_EQ(m.crash_steps(), 2u);
  EXPECT_EQ(m.up_at(kSecond), 2 * kSecond);
  EXPECT_EQ(m.next_wakeup(), kNever);
}

// A resend after a restart may go beyond max_attempts; a report that
// reaches the module after the restart counts again.
TEST(WriteModule, AResendAfterARestartIsNotCountedAgainstMaxAttempts) {
  WriteModuleConfig c = fast(1, 0);
  c.max_attempts = 1;
  c.crashes = {{kSecond, 2 * kSecond}};
  WriteModule m(c, 1);
  m.release(0, 0);
  m.poll(0);
  ASSERT_EQ(m.take_submissions().size(), 1u);
  m.on_final_report(1500 * kMs, 0);  // lost
  m.poll(2 * kSecond);
  const auto again = m.take_submissions();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0], (WriteSubmission{0, 2, 2 * kSecond}));
  m.on_final_report(3 * kSecond, 0);  // no PoR again: now it fails
  EXPECT_EQ(m.state(0), WriteOrderState::Failed);
  EXPECT_EQ(m.counters().reports_lost, 1u);
  // Its state (2 attempts, max_attempts 1) restores into a module with the crash.
  WriteModule b(c, 1);
  b.restore_state(m.save_state());
  EXPECT_EQ(b.attempts(0), 2u);
  WriteModuleConfig calm = c;
  calm.crashes.clear();
  WriteModule never_crashes(calm, 1);
  EXPECT_THROW(never_crashes.restore_state(m.save_state()), std::invalid_argument);
}

// Saved during the crash (2.5 s to 6 s) and restored: the same from then
// on as the original.
TEST(WriteModule, RestoredDuringACrashGoesOnExactlyAsTheOriginal) {
  const WriteModule a =
      restored_at_5s_goes_on_as_the_original([](WriteModuleConfig& c) { c.crashes = {{2500 * kMs, 6 * kSecond}}; });
  EXPECT_EQ(a.crash_steps(), 2u);
  EXPECT_GT(a.counters().resent + a.counters().packets_lost, 0u);
  EXPECT_EQ(a.counters().done + a.counters().failed, 10u);
}

TEST(WriteModule, APollLateUsesTheWorkerThatFreesFirst) {
  // Two workers; the first order (released at 0) takes worker A until
  // 100 ms. Orders 1 and 2 come at 150 ms; order 3 at 160 ms. Polled once,
  // late: order 1 starts at 150 on A (free since 100), order 2 at 150 on B
  // (free since 0), order 3 at 250 when the first of them frees.
  WriteModule m(fast(2, 100 * kMs), 4);
  m.release(0, 0);
  m.poll(0);
  m.release(150 * kMs, 1);
  m.release(150 * kMs, 2);
  m.release(160 * kMs, 3);
  m.poll(10 * kSecond);
  EXPECT_EQ(times(m.take_submissions()), (std::vector<NetTime>{100 * kMs, 250 * kMs, 250 * kMs, 350 * kMs}));
}

}  // namespace test_write_module
