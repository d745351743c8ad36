// The SM-DP's other ES2 functions in engine runs (SGP.02 §5.3; docs/SCENARIOS.md
// "The SM-DP's campaigns"): enable-profile, disable-profile, delete-profile
// and audit-eis campaigns with `sm_dp` are the MNO's ES2 orders at that
// SM-DP, which checks them (the eUICC's EIS from its SM-SR, the profile's
// owner) and relays each to the SM-SR over ES3; the SM-DP's counters take
// them, the SM-SR's campaign counters do not. The trackers switch to the
// German profile and back; deleting the enabled profile is refused by the
// eUICC, through both platforms; a run repeats itself; the platform log
// has the MNOs' ES2 requests.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_sm_dp_es2_runs {

using namespace twinsim::testing;

const std::string kProfiles =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";

// `count` trackers; `campaigns` (list items) at the German operator's SM-DP.
twinsim::Scenario trackers(int count, const std::string& campaigns) {
  const std::string text = "general: {name: smdp-es2-runs, seed: 27, stop: 50min}\npopulations:\n" +
                           lte_m_trackers("trackers", count, kProfiles, "10min", "20min") +
                           "engine: {multiplexers: 2}\n"
                           "platforms:\n"
                           "  sm_sr: {workers: 4, service_time: 50ms}\n"
                           "  sm_dp:\n"
                           "    - {id: SM-DP-CMCC, host: sm-dp-cmcc}\n"
                           "    - {id: SM-DP-DE, host: sm-dp-de, workers: 2, service_time: 100ms}\n"
                           "campaigns:\n" + campaigns;
  return twinsim::parse_scenario(text, "smdp-es2-runs.yaml");
}

TEST(SmDpEs2Runs, EnableThroughTheSmDpThenDisableAndAuditThroughIt) {
  const Outcome r = run(trackers(10, "  - {name: enable, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, "
                                     "sm_dp: SM-DP-DE}\n"
                                     "  - {name: disable, kind: disable-profile, population: trackers, profile: DE-MNO, at: 20min, "
                                     "sm_dp: SM-DP-DE}\n"
                                     "  - {name: audit, kind: audit-eis, population: trackers, at: 35min, sm_dp: SM-DP-CMCC}\n"),
                        "smdp-es2");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.done"), 30);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  // Not the SM-SR's campaign calls: the SM-DP's ES3 calls.
  EXPECT_EQ(m.at("smsr.done"), 0);
  // Two switches per tracker (to the German profile and back to the
  // fall-back), each with its REFRESH and notification.
  EXPECT_EQ(m.at("refreshes"), 20);
  EXPECT_EQ(m.at("smsr.notifications"), 20);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("devices_registered"), 10);
}

TEST(SmDpEs2Runs, DeletingTheEnabledProfileIsRefusedThroughBothPlatforms) {
  const Outcome r = run(trackers(5, "  - {name: delete, kind: delete-profile, population: trackers, profile: CMCC, at: 5min, "
                                    "sm_dp: SM-DP-CMCC}\n"),
                        "smdp-es2-delete");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.failed"), 5);
  EXPECT_EQ(m.at("smdp.done"), 0);
  EXPECT_EQ(m.at("refreshes"), 0);
}

TEST(SmDpEs2Runs, ARunThroughTheSmDpRepeatsItself) {
  const std::string campaign =
      "  - {name: enable, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, sm_dp: SM-DP-DE}\n";
  const Outcome a = run(trackers(6, campaign), "smdp-es2-a");
  expect_same_outcome(a, run(trackers(6, campaign), "smdp-es2-b"));
}

// The platform log (--platform-log) writes the MNOs' ES2 orders at the
// SM-DP as SGP.02's ES2 requests (function_json.hpp's Es2RelayRequest),
// which read back: the requester the ordering MNO, the eUICC's SM-SR, the
// profile's ICCID (none for AuditEIS).
TEST(SmDpEs2Runs, ThePlatformLogHasTheMnosEs2Requests) {
  const std::string log = (std::filesystem::temp_directory_path() /
                           ("esimtwin-smdp-es2-log-" + std::to_string(getpid()) + ".jsonl"))
                              .string();
  const Outcome r = run(trackers(3, "  - {name: enable, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, "
                                    "sm_dp: SM-DP-DE}\n"
                                    "  - {name: audit, kind: audit-eis, population: trackers, at: 20min, sm_dp: SM-DP-CMCC}\n"),
                        "smdp-es2-log", log);
  EXPECT_EQ(r.metrics.at("smdp.done"), 6);
  std::ifstream in(log);
  std::map<std::string, std::size_t> requests;
  for (const twinmodels::platform::TraceEntry& e : twinmodels::platform::read_trace(in)) {
    const auto* q = std::get_if<twinmodels::platform::FunctionRequest>(&e.message);
    if (q == nullptr) continue;
    const auto* relay = std::get_if<twinmodels::platform::Es2RelayRequest>(&q->input);
    if (relay == nullptr) continue;
    ++requests[twinmodels::platform::function_of(*q)];
    EXPECT_EQ(relay->request.smsr_id, "SM-SR");
    EXPECT_EQ(relay->request.eid.size(), 32u);
    if (relay->function == twinmodels::platform::Es2Relay::EnableProfile) {
      EXPECT_EQ(q->requester, "DE-MNO");
      EXPECT_EQ(relay->request.iccid.substr(0, 6), "898691");  // the German profile's (the second)
    } else {
      EXPECT_EQ(q->requester, "CMCC");
      EXPECT_TRUE(relay->request.iccid.empty());
    }
  }
  std::filesystem::remove(log);
  EXPECT_EQ(requests, (std::map<std::string, std::size_t>{{"ES2.EnableProfile", 3}, {"ES2.AuditEIS", 3}}));
}

}  // namespace test_sm_dp_es2_runs
