// A link's delay from a scenario fault (docs/SCENARIOS.md, "faults": delay),
// end to end through the engine with the modem model: an attach made while
// the core links add 2 s each way registers at least 4 s later than one
// made outside the fault, and nothing is lost.
#include <gtest/gtest.h>

#include <map>

#include "modem_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_link_delay_runs {

using namespace twinsim::testing;
using twinmodels::modem::ModemEvent;
using twinsim::EventKind;

// Each device's first attach: from its ATTACH REQUEST to its registration.
std::map<std::uint32_t, std::pair<double, double>> first_attaches(const Outcome& r) {
  const auto registered = twinsim::modem_report_kind(static_cast<std::uint8_t>(ModemEvent::Registered));
  std::map<std::uint32_t, std::pair<double, double>> out;
  for (const Row& e : r.events) {
    if (e.kind == static_cast<std::uint8_t>(EventKind::AttachRequest) && !out.count(e.device)) out[e.device] = {e.t, -1};
    if (e.kind == registered && out.count(e.device) && out[e.device].second < 0) out[e.device].second = e.t;
  }
  return out;
}

TEST(LinkDelayRuns, AttachesInTheDelayTakeBothWaysLonger) {
  // 60 meters power up over the first minute; the core links of both
  // multiplexers add 2 s each way over the first 30 s.
  twinsim::Scenario sc = meters(60, 600, std::nullopt);
  twinsim::FaultSpec f;
  f.at_s = 0;
  f.for_s = 30;
  f.target = twinsim::FaultTarget::CoreLinks;
  f.action = twinsim::FaultAction::Delay;
  f.latency_s = 2;
  sc.faults.push_back(f);
  const Outcome r = run(sc, "link-delay");
  EXPECT_EQ(r.metrics.at("devices_registered"), 60);
  EXPECT_EQ(r.metrics.at("requests_lost"), 0);
  std::size_t in = 0, out = 0;
  for (const auto& [device, attach] : first_attaches(r)) {
    const auto [asked, registered] = attach;
    ASSERT_GT(registered, 0) << "device " << device;
    // The MME asks the HSS a moment after the ATTACH REQUEST: the delay is
    // the one at that time.
    if (asked < 29) {
      ++in;
      EXPECT_GE(registered - asked, 4.0) << "device " << device;
      EXPECT_LT(registered - asked, 7.0) << "device " << device;
    } else if (asked > 31) {
      ++out;
      EXPECT_LT(registered - asked, 3.0) << "device " << device;
    }
  }
  EXPECT_GT(in, 20u);
  EXPECT_GT(out, 20u);
}

}  // namespace test_link_delay_runs
