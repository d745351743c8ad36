// A platform as a server (twinmodels::platform::PlatformServer): admission
// (down, rate limited, queue full), the worker pool with per-function
// service times, outages, failures inside drawn from the seed, and a
// server in front of the SM-SR model whose calls then reach a real eUICC.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "smsr_rig.hpp"
#include "twinmodels/platform/platform_server.hpp"

namespace twinmodels::testing {
namespace test_platform_server {

using platform::Admission;
using platform::PlatformServer;
using platform::ServedRequest;
using platform::ServerConfig;

ServerConfig one_worker(NetTime service) {
  ServerConfig c;
  c.workers = 1;
  c.default_service = service;
  return c;
}

// Everything the server finishes by `to`, polled at each of its wake-ups.
std::vector<ServedRequest> run_to(PlatformServer& s, NetTime to) {
  std::vector<ServedRequest> all;
  for (NetTime t = s.next_wakeup(); t <= to; t = s.next_wakeup()) {
    s.poll(t);
    for (ServedRequest& r : s.take_done()) all.push_back(std::move(r));
  }
  return all;
}

TEST(PlatformServer, OneWorkerServesInOrderEachFunctionForItsServiceTime) {
  ServerConfig c = one_worker(100 * kMs);
  c.service["ES4.AuditEIS"] = 500 * kMs;
  PlatformServer s(c);
  EXPECT_EQ(s.submit(0, 1, "ES4.EnableProfile"), Admission::Accepted);
  EXPECT_EQ(s.submit(0, 2, "ES4.AuditEIS"), Admission::Accepted);
  EXPECT_EQ(s.submit(10 * kMs, 3, "ES4.DisableProfile"), Admission::Accepted);
  EXPECT_EQ(s.queued(), 2u);
  EXPECT_EQ(s.in_service(), 1u);
  const auto done = run_to(s, kHour);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].id, 1u);
  EXPECT_EQ(done[0].done, 100 * kMs);
  EXPECT_EQ(done[1].id, 2u);
  EXPECT_EQ(done[1].started, 100 * kMs);
  EXPECT_EQ(done[1].done, 600 * kMs);
  EXPECT_EQ(done[2].admitted, 10 * kMs);
  EXPECT_EQ(done[2].started, 600 * kMs);
  EXPECT_EQ(done[2].done, 700 * kMs);
  EXPECT_EQ(s.counters().served, 3u);
  EXPECT_EQ(s.counters().busy, 700 * kMs);
  EXPECT_EQ(s.counters().max_queue, 2u);
}

TEST(PlatformServer, AShortServiceFreesItsWorkerBeforeALongOne) {
  ServerConfig c = one_worker(100 * kMs);
  c.workers = 2;
  c.service["long"] = kSecond;
  PlatformServer s(c);
  s.submit(0, 1, "long");
  s.submit(0, 2, "short");
  s.submit(0, 3, "short");
  s.poll(10 * kSecond);  // late: every step at its own time all the same
  const auto done = s.take_done();
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].id, 2u);
  EXPECT_EQ(done[1].id, 3u);
  EXPECT_EQ(done[1].started, 100 * kMs);  // on the worker request 2 freed
  EXPECT_EQ(done[2].id, 1u);
  EXPECT_EQ(done[2].done, kSecond);
}

TEST(PlatformServer, RefusesWhenDownAboveItsRateOrWithItsQueueFull) {
  ServerConfig c = one_worker(kSecond);
  c.queue_limit = 1;
  c.admission = platform::AdmissionRate{2, 2};  // two at once, then one every 500 ms
  c.outages = {{10 * kSecond, 20 * kSecond}};
  PlatformServer s(c);
  EXPECT_EQ(s.submit(0, 1, "f"), Admission::Accepted);  // in service at once
  EXPECT_EQ(s.submit(0, 2, "f"), Admission::Accepted);  // queued
  EXPECT_EQ(s.submit(0, 3, "f"), Admission::RateLimited);
  EXPECT_EQ(s.submit(500 * kMs, 4, "f"), Admission::QueueFull);  // 2 still waits
  EXPECT_EQ(s.submit(kSecond + 500 * kMs, 5, "f"), Admission::Accepted);  // 2 in service since 1 s
  EXPECT_EQ(s.submit(12 * kSecond, 6, "f"), Admission::Down);
  EXPECT_EQ(s.counters().admitted, 3u);
  EXPECT_EQ(s.counters().rate_limited, 1u);
  EXPECT_EQ(s.counters().queue_full, 1u);
  EXPECT_EQ(s.counters().down, 1u);
  const platform::FunctionResult busy = platform::server_refusal("SM-SR-CMCC", Admission::QueueFull,
                                                                 "ES4.EnableProfile", "c5", "eid", "iccid");
  EXPECT_EQ(busy.status, platform::ExecutionStatus::Failed);
  EXPECT_EQ(busy.subject, "Platform");
  EXPECT_EQ(busy.reason, "Busy");
  EXPECT_EQ(busy.message, "SM-SR-CMCC: queue full");
  EXPECT_EQ(platform::server_refusal("SM-SR-CMCC", Admission::Down, "f", "c6", "", "").reason, "Unavailable");
}

TEST(PlatformServer, NoServiceStartsDuringAnOutageAndThoseUnderWayFinish) {
  ServerConfig c = one_worker(kSecond);
  c.outages = {{500 * kMs, 5 * kSecond}};
  PlatformServer s(c);
  s.submit(0, 1, "f");            // in service 0..1 s, through the outage's start
  s.submit(100 * kMs, 2, "f");    // waits for the end of the outage
  const auto done = run_to(s, kHour);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].done, kSecond);
  EXPECT_EQ(done[1].started, 5 * kSecond);
  EXPECT_EQ(done[1].done, 6 * kSecond);
}

// A crash at 1.5 s, restarted at 5 s: the service under way and the queue
// end at the crash, lost; while it is down it refuses; after the restart a
// fresh worker serves.
TEST(PlatformServer, ACrashLosesTheQueueAndTheServiceUnderWayAndRefusesUntilTheRestart) {
  ServerConfig c = one_worker(kSecond);
  c.crashes = {{1500 * kMs, 5 * kSecond}};
  PlatformServer s(c);
  for (std::uint64_t id = 1; id <= 3; ++id) EXPECT_EQ(s.submit(0, id, "f"), Admission::Accepted);
  s.poll(1200 * kMs);
  ASSERT_EQ(s.take_done().size(), 1u);  // 1 served at 1 s, 2 in service, 3 queued
  EXPECT_EQ(s.next_wakeup(), 1500 * kMs);  // the crash, before 2's end at 2 s
  s.poll(1500 * kMs);
  const std::vector<ServedRequest> lost = s.take_done();
  ASSERT_EQ(lost.size(), 2u);
  for (const ServedRequest& r : lost) {
    EXPECT_TRUE(r.failed && r.lost) << r.id;
    EXPECT_EQ(r.done, 1500 * kMs) << r.id;
  }
  EXPECT_EQ(lost[0].id, 2u);
  EXPECT_EQ(lost[0].started, kSecond);
  EXPECT_EQ(lost[1].id, 3u);
  EXPECT_EQ(s.queued() + s.in_service(), 0u);
  EXPECT_EQ(s.lost(), 2u);
  EXPECT_EQ(s.crashes_done(), 1u);
  EXPECT_EQ(s.next_wakeup(), kNever);
  EXPECT_EQ(s.submit(2 * kSecond, 4, "f"), Admission::Down);
  EXPECT_EQ(s.submit(5 * kSecond, 5, "f"), Admission::Accepted);
  const auto after = run_to(s, kHour);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, 5u);
  EXPECT_EQ(after[0].done, 6 * kSecond);
  EXPECT_FALSE(after[0].failed);
  EXPECT_EQ(s.counters().served, 2u);
  EXPECT_EQ(s.counters().failed, 2u);  // the lost ones
  EXPECT_EQ(s.counters().down, 1u);
  EXPECT_EQ(s.counters().busy, 2500 * kMs);  // 1 s, the half second of 2's, 1 s
  // A failure answer names the crash and says unavailable.
  const auto r = platform::server_failure("SM-SR-CMCC", lost[0], "c2", "", "");
  EXPECT_EQ(r.reason, "Unavailable");
  EXPECT_EQ(r.message, "SM-SR-CMCC: crashed, the request was lost");
}

// A crash with nothing queued or in service changes nothing but the
// refusals; a polled server passes crashes it had no work during.
TEST(PlatformServer, ACrashOfAnIdleServerLosesNothing) {
  ServerConfig c = one_worker(kSecond);
  c.crashes = {{10 * kSecond, 20 * kSecond}, {30 * kSecond, 31 * kSecond}};
  PlatformServer s(c);
  s.submit(0, 1, "f");
  EXPECT_EQ(run_to(s, kHour).size(), 1u);
  s.poll(40 * kSecond);
  EXPECT_EQ(s.crashes_done(), 2u);
  EXPECT_EQ(s.lost(), 0u);
  EXPECT_EQ(s.submit(41 * kSecond, 2, "f"), Admission::Accepted);
}

TEST(PlatformServer, FailuresInsideFollowTheRatioAndTheSeed) {
  ServerConfig c = one_worker(0);
  c.workers = 8;
  c.failure_ratio = 0.25;
  c.seed = 42;
  PlatformServer a(c), b(c);
  for (std::uint64_t id = 0; id < 4000; ++id) {
    a.submit(0, id, "f");
    b.submit(0, id, "f");
  }
  a.poll(0);
  b.poll(0);
  const auto da = a.take_done(), db = b.take_done();
  ASSERT_EQ(da.size(), 4000u);
  std::size_t failed = 0;
  for (std::size_t i = 0; i < da.size(); ++i) {
    failed += da[i].failed;
    EXPECT_EQ(da[i].failed, db[i].failed);  // the same seed, the same draws
  }
  EXPECT_EQ(a.counters().failed, failed);
  // 4000 draws of p = 0.25: the standard deviation is 27.
  EXPECT_GT(failed, 880u);
  EXPECT_LT(failed, 1120u);
  c.failure_ratio = 0;
  PlatformServer none(c);
  none.submit(0, 1, "f");
  none.poll(0);
  EXPECT_FALSE(none.take_done().at(0).failed);
}

TEST(PlatformServer, RefusesBadConfigurations) {
  auto bad = [](auto edit) {
    ServerConfig c;
    edit(c);
    EXPECT_THROW(PlatformServer{c}, std::invalid_argument);
  };
  bad([](ServerConfig& c) { c.workers = 0; });
  bad([](ServerConfig& c) { c.default_service = -1; });
  bad([](ServerConfig& c) { c.service["f"] = -1; });
  bad([](ServerConfig& c) { c.failure_ratio = 1.5; });
  bad([](ServerConfig& c) { c.failure_ratio = -0.1; });
  bad([](ServerConfig& c) { c.admission = platform::AdmissionRate{0, 1}; });
  bad([](ServerConfig& c) { c.outages = {{10, 10}}; });
  bad([](ServerConfig& c) { c.outages = {{10, 20}, {5, 8}}; });
  bad([](ServerConfig& c) { c.crashes = {{10, 10}}; });
  bad([](ServerConfig& c) { c.crashes = {{10, 20}, {15, 30}}; });
}

// The SM-SR behind a server of one worker and 2 s per function: three
// ES4 calls arrive together; each reaches the SM-SR model when its service
// ends, which then sends its script to the real eUICC; the fourth call,
// beyond the queue limit, gets the platform's refusal and never reaches it.
TEST(PlatformServer, InFrontOfTheSmSrTheCallsReachTheEuiccOneAfterTheOther) {
  SmSrRig rig;
  ServerConfig c = one_worker(2 * kSecond);
  c.queue_limit = 2;
  PlatformServer server(c);
  std::vector<platform::FunctionCall> calls = {
      rig.call(platform::FunctionCall::Kind::AuditEis, "a1"),
      rig.call(platform::FunctionCall::Kind::AuditEis, "a2"),
      rig.call(platform::FunctionCall::Kind::AuditEis, "a3"),
      rig.call(platform::FunctionCall::Kind::AuditEis, "a4"),
  };
  std::vector<platform::FunctionResult> refused;
  for (std::uint64_t i = 0; i < calls.size(); ++i) {
    const Admission a = server.submit(0, i, "ES4.AuditEIS");
    if (a != Admission::Accepted)
      refused.push_back(platform::server_refusal("SM-SR-CMCC", a, "ES4.AuditEIS", calls[i].call_id, calls[i].eid, ""));
  }
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].call_id, "a4");
  EXPECT_EQ(refused[0].reason, "Busy");
  std::vector<std::pair<NetTime, std::string>> executed;
  for (NetTime t = server.next_wakeup(); t != kNever; t = server.next_wakeup()) {
    server.poll(t);
    for (const ServedRequest& r : server.take_done()) {
      rig.smsr_platform.call(calls[r.id]);
      rig.deliver();
      const platform::FunctionResult result = rig.only_result();
      EXPECT_EQ(result.status, platform::ExecutionStatus::Success) << platform::describe(result);
      executed.emplace_back(r.done, result.call_id);
    }
  }
  EXPECT_EQ(executed, (std::vector<std::pair<NetTime, std::string>>{
                          {2 * kSecond, "a1"}, {4 * kSecond, "a2"}, {6 * kSecond, "a3"}}));
}

}  // namespace test_platform_server
}  // namespace twinmodels::testing
