// ES2.GetEIS in engine runs (GSMA SGP.02 §5.3.1; docs/SCENARIOS.md "The
// SM-DP's campaigns"): a get-eis campaign is the MNO's call at the SM-DP,
// which asks the eUICC's SM-SR (ES3.GetEIS, §5.4.1, across the route
// between the two) and answers with the EIS of the MNO's own profiles.
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

namespace test_get_eis_runs {

using namespace twinsim::testing;
namespace pf = twinmodels::platform;

const std::string kProfiles =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";

// The SM-DP 100 ms from the SM-SR with `far`, else at its node.
twinsim::Scenario trackers(int count, bool far, const std::string& campaigns) {
  const std::string text =
      "general: {name: get-eis-runs, seed: 29, stop: 30min}\npopulations:\n" +
      lte_m_trackers("trackers", count, kProfiles, "10min", "20min") +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr: {workers: 4, service_time: 50ms" + std::string(far ? ", node: sr" : "") + "}\n"
      "  sm_dp:\n"
      "    - {id: SM-DP-CMCC, host: sm-dp-cmcc" + std::string(far ? ", node: dp" : "") + "}\n"
      "    - {id: SM-DP-DE, host: sm-dp-de, workers: 2, service_time: 100ms}\n"
      "network:\n"
      "  topology:\n"
      "    nodes:\n"
      "      - {name: ran, kind: ran_mme}\n"
      "      - {name: core, kind: core_router}\n"
      "      - {name: hss, kind: hss}\n"
      "      - {name: sr, kind: sm_sr}\n"
      "      - {name: dp, kind: platform}\n"
      "    links:\n"
      "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
      "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
      "      - {name: core-sr, from: core, to: sr, latency: 40ms}\n"
      "      - {name: core-dp, from: core, to: dp, latency: 60ms}\n"
      "campaigns:\n" + campaigns;
  return twinsim::parse_scenario(text, "get-eis-runs.yaml");
}

std::string log_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("esimtwin-geteis-" + name + "-" + std::to_string(getpid()) + ".jsonl"))
      .string();
}

TEST(GetEisRuns, TheMnoGetsTheEisOfItsProfilesThroughTheSmDp) {
  const std::string near_log = log_path("near"), far_log = log_path("far");
  const std::string campaigns =
      "  - {name: eis-cmcc, kind: get-eis, population: trackers, at: 5min, sm_dp: SM-DP-CMCC, batch_size: 3, "
      "batch_interval: 1min}\n";
  const Outcome near = run(trackers(6, false, campaigns), "geteis-near", near_log);
  const Outcome far = run(trackers(6, true, campaigns), "geteis-far", far_log);
  for (const Outcome* r : {&near, &far}) {
    const auto& m = r->metrics;
    EXPECT_EQ(m.at("smdp.done"), 6);
    EXPECT_EQ(m.at("smdp.failed"), 0);
    // China Mobile's EIS of each eUICC: its one profile, not the German one.
    EXPECT_EQ(m.at("smdp.eis_returned"), 6);
    EXPECT_EQ(m.at("smdp.eis_profiles"), 6);
    EXPECT_EQ(m.at("smsr.done"), 0);
    EXPECT_EQ(m.at("refreshes"), 0);
  }
  for (const auto& [path, round_trip_ms] : {std::pair{near_log, 0}, std::pair{far_log, 200}}) {
    SCOPED_TRACE(path);
    std::ifstream in(path);
    std::map<std::string, std::int64_t> asked;  // by EID: ES3.GetEIS sent
    std::size_t es2_requests = 0, es2_results = 0, es3_results = 0;
    for (const pf::TraceEntry& e : pf::read_trace(in)) {
      if (const auto* q = std::get_if<pf::FunctionRequest>(&e.message)) {
        const auto* g = std::get_if<pf::GetEisRequest>(&q->input);
        ASSERT_NE(g, nullptr) << pf::function_of(*q);
        if (g->interface == "ES2") {
          ++es2_requests;
          EXPECT_EQ(q->requester, "CMCC");
        } else {
          EXPECT_EQ(q->requester, "SM-DP-CMCC");
          asked[g->eid] = e.time_ms;
        }
      } else if (const auto* r = std::get_if<pf::FunctionResult>(&e.message)) {
        EXPECT_TRUE(r->ok()) << pf::describe(*r);
        // The log's GetEIS results carry the EIS (SGP.02 §5.3.1, §5.4.1):
        // the SM-SR's whole, the MNO's with its own profile alone.
        ASSERT_TRUE(r->eis) << pf::describe(*r);
        EXPECT_EQ(r->eis->eid, r->eid);
        if (r->function == "ES3.GetEIS") {
          EXPECT_EQ(r->eis->profiles.size(), 2u);
          ++es3_results;
          continue;
        }
        ASSERT_EQ(r->eis->profiles.size(), 1u);
        EXPECT_EQ(r->eis->profiles.front().mno_id, "CMCC");
        ++es2_results;
        // ES3.GetEIS there and its answer back: 2 x 100 ms (dp - core - sr).
        ASSERT_TRUE(asked.count(r->eid));
        EXPECT_GE(e.time_ms - asked.at(r->eid), round_trip_ms);
        EXPECT_LT(e.time_ms - asked.at(r->eid), round_trip_ms + 1000);
      }
    }
    EXPECT_EQ(es2_requests, 6u);
    EXPECT_EQ(es2_results, 6u);
    EXPECT_EQ(es3_results, 6u);
    std::filesystem::remove(path);
  }
}

TEST(GetEisRuns, AnSmSrOutageFailsTheMnosCall) {
  const Outcome r = run(twinsim::parse_scenario(
                            "general: {name: get-eis-outage, seed: 29, stop: 20min}\npopulations:\n" +
                                lte_m_trackers("trackers", 4, kProfiles, "10min", "20min") +
                                "engine: {multiplexers: 2}\nplatforms:\n  sm_sr: {workers: 4, service_time: 50ms}\n"
                                "  sm_dp: {id: SM-DP-CMCC}\n"
                                "campaigns:\n  - {name: eis, kind: get-eis, population: trackers, at: 5min, sm_dp: SM-DP-CMCC}\n"
                                "faults:\n  - {at: 4min, target: sm-sr, action: outage, for: 5min}\n",
                            "get-eis-outage.yaml"),
                        "geteis-outage");
  // The SM-SR's server refuses ES3.GetEIS (Platform, Unavailable): the
  // SM-DP's answer to the MNO fails with it.
  EXPECT_EQ(r.metrics.at("smdp.failed"), 4);
  EXPECT_EQ(r.metrics.at("smdp.done"), 0);
  EXPECT_EQ(r.metrics.at("smdp.eis_returned"), 0);
}

TEST(GetEisRuns, ARunRepeatsItself) {
  const std::string campaigns =
      "  - {name: eis-de, kind: get-eis, population: trackers, at: 5min, sm_dp: SM-DP-DE}\n";
  const Outcome a = run(trackers(4, true, campaigns), "geteis-a");
  expect_same_outcome(a, run(trackers(4, true, campaigns), "geteis-b"));
  // China Mobile (the first profile's operator) asks the German SM-DP: its one profile each.
  EXPECT_EQ(a.metrics.at("smdp.eis_profiles"), 4);
}

}  // namespace test_get_eis_runs
