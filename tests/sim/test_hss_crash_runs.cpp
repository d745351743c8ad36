// An HSS crash from a scenario fault (docs/SCENARIOS.md, "faults": hss
// crash), end to end through the engine: the requests the HSS held and
// those reaching it until its restart are lost unanswered, each device's
// own timer runs out (network.request_timeout after it asked) and it asks
// again; nothing is refused, no SQN moves for a lost request, and every
// device attaches once the HSS is back.
#include <gtest/gtest.h>

#include <map>

#include "modem_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_hss_crash_runs {

using namespace twinsim::testing;
using twinsim::EventKind;
using twinmodels::modem::ModemEvent;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }

// 2 000 meters power up over 20 s, 100 a second, against an HSS of one
// core serving 50 vectors a second: its queue grows until it crashes at
// 10 s, with some 500 requests in it; it is up again at 30 s.
twinsim::Scenario crashing_hss() {
  twinsim::Scenario sc = twinsim::parse_scenario(R"(general: {name: hss-crash, seed: 5, stop: 10min}
populations:
  - name: meters
    count: 2000
    start: {profile: uniform, at: 0s, over: 20s}
    activity: {period: 1h, jitter: 0s}
platforms:
  hss: {cores: 1, flops_per_vector: 20Mf}
engine: {multiplexers: 2}
faults:
  - {at: 10s, target: hss, action: crash, restart: 20s}
)",
                                                 "hss-crash.yaml");
  sc.populations[0].profile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
  return sc;
}

TEST(HssCrashRuns, TheLostRequestsTimeOutAndAreAskedAgainAndEveryMeterAttaches) {
  const Outcome r = run(crashing_hss(), "hss-crash");
  const double lost = r.metrics.at("hss.crash_lost");
  // The queue at the crash (about 500), the 20 s of arrivals after it
  // (1 000 first requests) and the requests made again before the restart.
  EXPECT_GT(lost, 1500);
  EXPECT_LT(lost, 3000);
  EXPECT_EQ(r.metrics.at("hss.rejected"), 0);  // a crash refuses nothing: no answer at all
  EXPECT_EQ(count_of(r.events, k(EventKind::Rejected)), 0u);
  EXPECT_EQ(r.metrics.at("sync_failures"), 0);  // the lost requests moved no SQN
  EXPECT_EQ(r.metrics.at("auth_failures"), 0);
  EXPECT_EQ(r.metrics.at("devices_attached"), 2000);
  EXPECT_EQ(r.metrics.at("requests_lost"), 0);  // no lossy link: every loss is the crash's

  // No answer from the crash until the restart; each device asks again
  // only when its timer (15 s) has run out since it asked, once per lost request.
  std::map<std::uint32_t, double> asked;
  std::uint64_t asked_again = 0;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::Authenticated)) {
      EXPECT_FALSE(e.t > 10.1 && e.t < 30) << "device " << e.device << " at " << e.t;
      asked.erase(e.device);
    }
    if (e.kind != k(EventKind::VectorRequested)) continue;
    if (const auto it = asked.find(e.device); it != asked.end()) {
      EXPECT_GE(e.t, it->second + 15) << "device " << e.device;
      ++asked_again;
    }
    asked[e.device] = e.t;
  }
  EXPECT_EQ(static_cast<double>(asked_again), lost);
}

TEST(HssCrashRuns, ModemMetersWaitOutT3410AndRegister) {
  twinsim::Scenario sc = meters(300, 1800, std::nullopt);
  twinsim::FaultSpec f;
  f.at_s = 20;
  f.target = twinsim::FaultTarget::Hss;
  f.action = twinsim::FaultAction::Crash;
  f.restart_s = 30;
  sc.faults.push_back(f);
  const Outcome r = run(sc, "hss-crash-modem");
  EXPECT_GT(r.metrics.at("hss.crash_lost"), 100);  // the attaches of half a minute
  EXPECT_EQ(r.metrics.at("hss.rejected"), 0);
  EXPECT_EQ(r.metrics.at("auth_rejects"), 0);
  EXPECT_EQ(r.metrics.at("devices_registered"), 300);
  const auto registered = twinsim::modem_report_kind(static_cast<std::uint8_t>(ModemEvent::Registered));
  for (const Row& e : r.events) {
    if (e.kind == registered) {
      EXPECT_FALSE(e.t > 23 && e.t < 50) << "device " << e.device << " at " << e.t;
    }
  }
}

TEST(HssCrashRuns, SameSeedSameEvents) {
  expect_same_outcome(run(crashing_hss(), "hss-crash-a"), run(crashing_hss(), "hss-crash-b"));
}

}  // namespace test_hss_crash_runs
