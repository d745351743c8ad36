// PlatformServer::save_state() / restore_state() for checkpoints: a server
// restored mid-way — requests queued, in service, done and not taken,
// admission tokens spent, an outage ahead, failures drawn — ends the same
// requests at the same times as the original from then on; truncated,
// damaged or mismatching state is refused and changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "state_refusals.hpp"
#include "twinmodels/platform/platform_server.hpp"

namespace twinmodels::testing {
namespace test_platform_server_state {

using cardcore::Bytes;
using platform::Admission;
using platform::PlatformServer;
using platform::ServedRequest;
using platform::ServerConfig;

ServerConfig busy_config() {
  ServerConfig c;
  c.workers = 3;
  c.default_service = 200 * kMs;
  c.service["ES4.AuditEIS"] = 700 * kMs;
  c.queue_limit = 50;
  c.admission = platform::AdmissionRate{20, 10};
  c.outages = {{3 * kSecond, 4 * kSecond}};
  c.crashes = {{2 * kSecond, 2500 * kMs}};
  c.failure_ratio = 0.25;
  c.seed = 77;
  return c;
}

std::string line(const ServedRequest& r) {
  return std::to_string(r.id) + " " + r.function + " " + std::to_string(r.admitted) + " " + std::to_string(r.started) +
         " " + std::to_string(r.done) + (r.lost ? " lost" : r.failed ? " failed" : " served");
}

std::string line(const platform::ServerCounters& c) {
  return std::to_string(c.admitted) + " " + std::to_string(c.down) + " " + std::to_string(c.rate_limited) + " " +
         std::to_string(c.queue_full) + " " + std::to_string(c.served) + " " + std::to_string(c.failed) + " " +
         std::to_string(c.max_queue) + " " + std::to_string(c.busy);
}

// The same inputs to a server from `from` to `to`: a request every 30 ms
// (every fifth an audit), polls at its wake-ups; returns what it says.
std::vector<std::string> drive(PlatformServer& s, NetTime from, NetTime to, std::uint64_t first_id) {
  std::vector<std::string> out;
  std::uint64_t id = first_id;
  for (NetTime t = from; t <= to; t += 30 * kMs) {
    while (s.next_wakeup() <= t) s.poll(s.next_wakeup());
    const Admission a = s.submit(t, id, id % 5 == 0 ? "ES4.AuditEIS" : "ES4.EnableProfile");
    out.push_back(std::to_string(id) + " " + platform::to_string(a));
    ++id;
    for (const ServedRequest& r : s.take_done()) out.push_back(line(r));
  }
  while (s.next_wakeup() != kNever) s.poll(s.next_wakeup());
  for (const ServedRequest& r : s.take_done()) out.push_back(line(r));
  out.push_back(line(s.counters()));
  return out;
}

// Mid-way: requests queued, every worker busy, done ones not taken.
PlatformServer mid_way() {
  PlatformServer s(busy_config());
  for (std::uint64_t id = 1; id <= 12; ++id) s.submit(static_cast<NetTime>(id) * 10 * kMs, id, "ES4.EnableProfile");
  s.poll(400 * kMs);
  return s;
}

TEST(PlatformServerState, RestoredMidWayGoesOnAsTheOriginal) {
  PlatformServer a = mid_way();
  ASSERT_GT(a.queued(), 0u);
  ASSERT_EQ(a.in_service(), 3u);
  PlatformServer b(busy_config());
  b.restore_state(a.save_state());
  EXPECT_EQ(b.save_state(), a.save_state());
  EXPECT_EQ(b.queued(), a.queued());
  EXPECT_EQ(b.in_service(), a.in_service());
  EXPECT_EQ(b.next_wakeup(), a.next_wakeup());
  // The requests done before the checkpoint and not taken come out of both.
  const std::vector<ServedRequest> da = a.take_done(), db = b.take_done();
  ASSERT_FALSE(da.empty());
  ASSERT_EQ(da.size(), db.size());
  for (std::size_t i = 0; i < da.size(); ++i) EXPECT_EQ(line(da[i]), line(db[i]));
  // The same inputs from then on, across the outage and the rate limit:
  // the same admissions, ends, failures and counters.
  const std::vector<std::string> la = drive(a, 410 * kMs, 6 * kSecond, 100);
  const std::vector<std::string> lb = drive(b, 410 * kMs, 6 * kSecond, 100);
  EXPECT_EQ(la, lb);
  const auto has = [&](const std::string& word) {
    return std::any_of(la.begin(), la.end(), [&](const std::string& l) { return l.find(word) != std::string::npos; });
  };
  EXPECT_TRUE(has("rate limited"));
  EXPECT_TRUE(has(" down"));
  EXPECT_TRUE(has("failed"));
  EXPECT_TRUE(has("lost"));  // the crash at 2 s
  EXPECT_EQ(b.lost(), a.lost());
  EXPECT_EQ(a.crashes_done(), 1u);
  EXPECT_EQ(a.save_state(), b.save_state());
}

TEST(PlatformServerState, TheAdmissionTokensSpentAreKept) {
  // A burst of 10 at 20/s: ten taken at 0, the eleventh refused in both.
  ServerConfig c = busy_config();
  PlatformServer a(c);
  for (std::uint64_t id = 1; id <= 10; ++id) ASSERT_EQ(a.submit(0, id, "f"), Admission::Accepted);
  PlatformServer b(c);
  b.restore_state(a.save_state());
  EXPECT_EQ(a.submit(0, 11, "f"), Admission::RateLimited);
  EXPECT_EQ(b.submit(0, 11, "f"), Admission::RateLimited);
  EXPECT_EQ(b.submit(50 * kMs, 12, "f"), Admission::Accepted);
  // A fresh server would have taken it: the state is what refused it.
  PlatformServer fresh(c);
  EXPECT_EQ(fresh.submit(0, 11, "f"), Admission::Accepted);
}

class PlatformServerStateErrors : public ::testing::Test {
 protected:
  PlatformServer target{busy_config()};
  Bytes saved = mid_way().save_state();
  std::optional<StateRefusals<PlatformServer>> check;

  void SetUp() override {
    target.submit(0, 1, "other");  // another state than the saved one
    check.emplace(target, "platform server state: ");
  }
  void refused(const Bytes& s, const std::string& expected) { check->refused(s, expected); }
};

TEST_F(PlatformServerStateErrors, TruncatedInputAtEveryLengthIsRefused) { check->cuts_refused(saved); }

TEST_F(PlatformServerStateErrors, TruncatedBodiesUnderAValidCrcAreFoundByTheParser) { check->sealed_cuts_refused(saved); }

TEST_F(PlatformServerStateErrors, AFlippedByteIsRefused) { check->flips_refused(saved); }

TEST_F(PlatformServerStateErrors, DamageUnderAValidCrcAndMismatchesAreRefused) {
  check->header_damage_refused(saved, "platform server", 9);
  // The worker count (u32 after the header) is the config's.
  Bytes bad = saved;
  bad[6] = 4;
  refused(resealed(bad), "saved with 4 workers, this server has 3");
  // The admission flag.
  bad = saved;
  bad[10] = 0;
  refused(resealed(bad), "without an admission rate");
  bad = saved;
  bad[10] = 2;
  refused(resealed(bad), "admission is 2");
  // Into a server built with another config.
  ServerConfig two = busy_config();
  two.workers = 2;
  PlatformServer other(two);
  EXPECT_THROW(other.restore_state(saved), std::invalid_argument);
  ServerConfig open = busy_config();
  open.admission.reset();
  PlatformServer unlimited(open);
  EXPECT_THROW(unlimited.restore_state(saved), std::invalid_argument);
  // Saved past a crash, restored into a server without crashes.
  PlatformServer crashed = mid_way();
  crashed.poll(3 * kSecond);
  ASSERT_EQ(crashed.crashes_done(), 1u);
  ServerConfig calm = busy_config();
  calm.crashes.clear();
  PlatformServer never_crashes(calm);
  try {
    never_crashes.restore_state(crashed.save_state());
    ADD_FAILURE() << "restored";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("1 crashes done, this server has 0"), std::string::npos) << e.what();
  }
  ServerConfig small = busy_config();
  small.queue_limit = 1;
  PlatformServer tight(small);
  EXPECT_THROW(tight.restore_state(saved), std::invalid_argument);
}

}  // namespace test_platform_server_state
}  // namespace twinmodels::testing
