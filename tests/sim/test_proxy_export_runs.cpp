// The export in the proxy cooperation mode in engine runs (the source
// document §4): an eSIM agent's platforms stand between China Mobile and
// the foreign operator. China Mobile hands the trackers' eUICCs from its
// SM-SR to the agent's (smsr-change, SGP.02 §3.8), then the foreign
// operator's profile is downloaded through the agent's SM-DP (ES2 at
// SM-DP-AGENT, ES3 through SM-SR-AGENT, §5.3.2) and enabled: every tracker
// ends on the foreign profile, its notification at the agent's SM-SR;
// China Mobile's SM-DP takes no order.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace {

using namespace twinsim::testing;
using twinsim::SmDpEvent;
using twinsim::SmSrEvent;

std::uint8_t k(SmSrEvent e) { return twinsim::smsr_event_kind(e); }
std::uint8_t k(SmDpEvent e) { return twinsim::smdp_event_kind(e); }

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

std::uint64_t served(const Outcome& r, const std::string& host) {
  std::uint64_t n = 0;
  for (const PlatformRow& row : r.platforms.at(host)) n += row.served;
  return n;
}

}  // namespace

TEST(ProxyExportRuns, TheAgentsSmSrAndSmDpBringTheForeignProfile) {
  const Outcome r = run(proxy_export(10), "proxy-export");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_done"), 10);
  EXPECT_EQ(m.at("smsr.changes_failed"), 0);
  EXPECT_EQ(m.at("smsr.changes_expired"), 0);
  EXPECT_EQ(m.at("smsr.changes_refused"), 0);
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  // Enabled: REFRESH, the attach with the foreign IMSI, the notification
  // to the agent's SM-SR's number.
  EXPECT_EQ(m.at("smsr.notifications"), 10);
  EXPECT_EQ(m.at("refreshes"), 10);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
  EXPECT_EQ(m.at("sms.failed"), 0);
  // Per tracker: the change to the agent done, then the download.
  std::map<std::uint32_t, std::vector<std::uint8_t>> kinds;
  for (const Row& e : r.events) kinds[e.device].push_back(e.kind);
  ASSERT_EQ(kinds.size(), 10u);
  for (const auto& [device, list] : kinds) {
    const auto changed = std::find(list.begin(), list.end(), k(SmSrEvent::Done));
    ASSERT_NE(changed, list.end()) << "device " << device;
    EXPECT_NE(std::find(changed, list.end(), k(SmDpEvent::Done)), list.end()) << "device " << device;
  }
  // The agent's SM-DP took every order, China Mobile's none; both SM-SRs
  // served (China Mobile's the ES7 scripts, the agent's the download).
  EXPECT_EQ(served(r, "sm-dp-agent"), 10u);
  EXPECT_EQ(served(r, "sm-dp-cmcc"), 0u);
  EXPECT_GT(served(r, "sm-sr-cmcc"), 10u);
  EXPECT_GT(served(r, "sm-sr-agent"), 10u);
}
