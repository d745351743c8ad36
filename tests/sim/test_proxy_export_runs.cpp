// The export in the proxy cooperation mode in engine runs (the source
// document §4): an eSIM agent's platforms stand between China Mobile and
// the foreign operator. China Mobile hands the trackers' eUICCs from its
// SM-SR to the agent's (smsr-change, SGP.02 §3.8), then the foreign
// operator's profile is downloaded through the agent's SM-DP (ES2 at
// SM-DP-AGENT, ES3 through SM-SR-AGENT, §5.3.2) and enabled: every tracker
// ends on the foreign profile, its notification at the agent's SM-SR;
// China Mobile's SM-DP takes no order.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "export_checks.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_proxy_export_runs {

using namespace twinsim::testing;
// `count` exporters with China Mobile's SM-SR; the change to the agent's
// SM-SR at 5 min, the download through the agent's SM-DP at 15 min, each
// 10 a minute.
twinsim::Scenario proxy_export(int count) {
  const std::string text =
      "general: {name: proxy-export-runs, seed: 14, stop: 45min}\npopulations:\n" + importers_population(count) +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms}\n"
      "    - {id: SM-SR-AGENT, host: sm-sr-agent, address: '85260000777', workers: 4, service_time: 50ms}\n"
      "  sm_dp:\n"
      "    - {id: SM-DP-CMCC, host: sm-dp-cmcc}\n"
      "    - {id: SM-DP-AGENT, host: sm-dp-agent, workers: 2, service_time: 200ms}\n"
      "  onelink: {populations: [importers]}\n"
      "campaigns:\n"
      "  - {name: to-agent, kind: smsr-change, population: importers, to: SM-SR-AGENT, at: 5min, batch_size: 10, "
      "batch_interval: 1min}\n"
      "  - {name: foreign-profile, kind: download-profile, population: importers, profile: DE-MNO, "
      "sm_dp: SM-DP-AGENT, at: 15min, batch_size: 10, batch_interval: 1min}\n";
  return twinsim::parse_scenario(text, "proxy-export-runs.yaml");
}

TEST(ProxyExportRuns, TheAgentsSmSrAndSmDpBringTheForeignProfile) {
  const Outcome r = run(proxy_export(10), "proxy-export");
  expect_handed_over_then_downloaded(r, 10, "sm-sr-agent");
  // The agent's SM-DP took every order, China Mobile's none.
  EXPECT_EQ(served(r, "sm-dp-agent"), 10u);
  EXPECT_EQ(served(r, "sm-dp-cmcc"), 0u);
}

}  // namespace test_proxy_export_runs
