// SM-SR changes in engine runs (sim/twinsim/engine/sm_sr_changes.hpp,
// docs/SCENARIOS.md "campaigns"): with two SM-SRs, an smsr-change campaign
// hands every tracker's eUICC from China Mobile's SM-SR to a German one
// over the air (the key establishment through the ECASD, SGP.02 §3.8);
// afterwards the new SM-SR's ES4 calls and the SM-DP's ES3 calls reach the
// cards over the new key set and its number takes their notifications (the
// direct export, end to end); the other way round, a German SM-SR hands
// its eUICCs to China Mobile's, whose SM-DP then downloads its profile
// (the import by SM-SR change); an outage of the current SM-SR in the middle
// of the change (its ES7 link unreachable) leaves every eUICC with it, key
// set and all; an outage of the new SM-SR refuses the orders; a run repeats
// itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "euicc_run_scenarios.hpp"
#include "export_checks.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_sm_sr_change_runs {

using namespace twinsim::testing;
const std::string kTwoSmSrs =
    "platforms:\n"
    "  sm_sr:\n"
    "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms}\n"
    "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms}\n";

// `count` exporters (importers_population: China Mobile's profile enabled,
// the German one at the SM-DP) with China Mobile's SM-SR; the SM-SR change
// to the German one at 5 min, 10 a minute; `campaigns` after it, `extra`
// after the platforms (faults).
twinsim::Scenario exporters(int count, const std::string& campaigns = "", const std::string& extra = "") {
  const std::string text = "general: {name: smsr-change-runs, seed: 12, stop: 45min}\npopulations:\n" +
                           importers_population(count) + "engine: {multiplexers: 2}\n" + kTwoSmSrs + extra +
                           "campaigns:\n"
                           "  - {name: hand-over, kind: smsr-change, population: importers, to: SM-SR-DE, at: 5min, "
                           "batch_size: 10, batch_interval: 1min}\n" +
                           campaigns;
  return twinsim::parse_scenario(text, "smsr-change-runs.yaml");
}

const std::string kDownload =
    "  - {name: german-profile, kind: download-profile, population: importers, profile: DE-MNO, at: 15min, "
    "batch_size: 10, batch_interval: 1min}\n";
const std::string kAudit = "  - {name: audit, kind: audit-eis, population: importers, at: 25min}\n";

TEST(SmSrChangeRuns, TheDirectExportHandsOverThenDownloadsThroughTheNewSmSr) {
  const Outcome r = run(exporters(10, kDownload, "  onelink: {populations: [importers]}\n"), "direct-export");
  // The SM-DP's ES3 calls went to the German SM-SR, over its key set.
  expect_handed_over_then_downloaded(r, 10, "sm-sr-de");
  EXPECT_GT(r.metrics.at("smsr.changes_last_done_s"), 300);
}

TEST(SmSrChangeRuns, TheNewSmSrsCallsReachTheCardsOverItsKeySet) {
  const Outcome r = run(exporters(10, kAudit), "change-then-audit");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_done"), 10);
  // AuditEIS from the German SM-SR: its SCP80 key set, its counter.
  EXPECT_EQ(m.at("smsr.done"), 10);
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("smsr.expired"), 0);
}

TEST(SmSrChangeRuns, ACurrentSmSrUnreachableMidChangeKeepsEveryEuicc) {
  // The orders are served by 5 min + 0.4 s; China Mobile's SM-SR goes down
  // at 5 min + 1 s, before its first ES7 script (after the registration's
  // SMS round trip), until 15 min: the German SM-SR cannot reach the
  // eUICCs through it; SGP.02 §3.8's change ends Expired and the eUICCs
  // stay with China Mobile's SM-SR, whose audit at 25 min finds them.
  const Outcome r =
      run(exporters(10, kAudit, "faults:\n  - {at: 301s, target: 'sm-sr:SM-SR-CMCC', action: outage, for: 599s}\n"),
          "current-unreachable");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_done"), 0);
  EXPECT_EQ(m.at("smsr.changes_expired"), 10);
  EXPECT_EQ(m.at("smsr.done"), 10);
  EXPECT_EQ(m.at("smsr.failed"), 0);
}

TEST(SmSrChangeRuns, AnOutageOfTheNewSmSrRefusesThePreparation) {
  const Outcome r = run(exporters(10, "", "faults:\n  - {at: 4min, target: 'sm-sr:SM-SR-DE', action: outage, for: 5min}\n"),
                        "new-down");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_refused"), 10);
  EXPECT_EQ(m.at("smsr.changes_done"), 0);
  // Nothing reached the cards.
  EXPECT_EQ(m.at("sms.submitted"), 0);
}

TEST(SmSrChangeRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  const Outcome a = run(exporters(10), "change-same-a");
  const Outcome b = run(exporters(10), "change-same-b");
  expect_same_outcome(a, b);
}

TEST(SmSrChangeRuns, TheImportHandsTheGermanSmSrsEuiccsToChinaMobile) {
  // Trackers made abroad, their German profile enabled, with the German
  // SM-SR; the German operator (the enabled profile's MNO) orders the
  // change to China Mobile's SM-SR at 5 min, whose SM-DP downloads China
  // Mobile's profile from 15 min.
  const std::string population = lte_m_trackers(
      "imported", 10,
      "        - {operator: DE-MNO, imsi_prefix: '26202', state: enabled, fallback: true}\n"
      "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed, package: " ESIMTWIN_SOURCE_DIR
      "/profiles/saip/cmcc-m2m.der}\n"
      "      sm_sr: SM-SR-DE\n",
      "10min", "20min", "    pin: '1234'\n");
  const std::string text = "general: {name: smsr-change-import, seed: 13, stop: 45min}\npopulations:\n" + population +
                           "engine: {multiplexers: 2}\n" + kTwoSmSrs +
                           "campaigns:\n"
                           "  - {name: to-cmcc, kind: smsr-change, population: imported, to: SM-SR-CMCC, at: 5min, "
                           "batch_size: 10, batch_interval: 1min}\n"
                           "  - {name: china-mobile, kind: download-profile, population: imported, profile: CMCC, "
                           "at: 15min, batch_size: 10, batch_interval: 1min}\n";
  const Outcome r = run(twinsim::parse_scenario(text, "smsr-change-import.yaml"), "import-by-change");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.changes_done"), 10);
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("smsr.notifications"), 10);
  EXPECT_EQ(m.at("refreshes"), 10);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  // The German SM-SR served the change's ES4 order and ES7 scripts; China
  // Mobile's the preparation, its own ES5 calls and the download's ES3 calls.
  EXPECT_EQ(served(r, "sm-sr-de"), 10u * 3);
  EXPECT_GT(served(r, "sm-sr-cmcc"), 10u * 3);
}

}  // namespace test_sm_sr_change_runs
