// Chip management of international cards (eUICCs, GSMA SGP.02) in engine
// runs (sim/twinsim/engine/chip_management_run.hpp): each importer's eUICC
// produced and sold before the run, its China Mobile profile's number
// activated at its first power-on, then what its SM-DP and SM-SR report
// done on the card: the German profile downloaded (the OTA writing of an
// eUICC), enabled, disabled (the fall-back profile's number the active one
// again), deleted (its number into quarantine and recycled); an SM-SR
// change in the audit trail; the MNO's enable and disable through an SM-DP
// (ES2) of a profile installed at the factory, whose number the chip held
// from its activation. What the card did not do is not recorded: a
// download that fails, the deletion of the enabled profile the eUICC
// refuses. A run repeats itself.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_chip_euicc_runs {

using namespace twinsim::testing;

const std::string kChips = "  chip_management: {populations: [importers], workers: 2, service_time: 100ms, quarantine: 5min}\n";

// `count` importers (China Mobile's profile enabled with the fall-back
// attribute, the German one at the SM-DP) whose chips chip management
// follows; `campaigns` (list items).
twinsim::Scenario importers(int count, const std::string& campaigns, const std::string& platforms = "") {
  const std::string text = "general: {name: chip-euicc-runs, seed: 21, stop: 40min}\npopulations:\n" +
                           importers_population(count) + "engine: {multiplexers: 2}\nplatforms:\n" + kChips + platforms +
                           "campaigns:\n" + campaigns;
  return twinsim::parse_scenario(text, "chip-euicc-runs.yaml");
}

// The German profile downloaded at 5 min (not enabled), enabled at 10,
// disabled at 15 (China Mobile's, the fall-back, enabled again), deleted at
// 20; each within the importers' 10 min out of PSM after an exchange.
const std::string kProfileLife =
    "  - {name: download, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, enable: false}\n"
    "  - {name: enable, kind: enable-profile, population: importers, profile: DE-MNO, at: 10min}\n"
    "  - {name: disable, kind: disable-profile, population: importers, profile: DE-MNO, at: 15min}\n"
    "  - {name: delete, kind: delete-profile, population: importers, profile: DE-MNO, at: 20min}\n";

TEST(ChipEuiccRuns, DownloadEnableDisableDeleteAndRecyclingAreRecorded) {
  const Outcome r = run(importers(4, kProfileLife), "chip-euicc-life");
  const auto& m = r.metrics;
  // What the card did, as the SM-DP and the SM-SR report it.
  ASSERT_EQ(m.at("smdp.done"), 4);
  ASSERT_EQ(m.at("smsr.done"), 12);
  EXPECT_EQ(m.at("chip.activated"), 4);
  EXPECT_EQ(m.at("chip.profiles_downloaded"), 4);
  EXPECT_EQ(m.at("chip.profiles_enabled"), 8);  // the enables, and the fall-back's at the disables
  EXPECT_EQ(m.at("chip.profiles_deleted"), 4);
  // The German numbers 5 min in quarantine after the deletions, then back.
  EXPECT_EQ(m.at("chip.recycled"), 4);
  EXPECT_EQ(m.at("chip.quarantined"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
  EXPECT_EQ(m.at("chip.ota_written"), 0);  // no write-card campaign
  EXPECT_EQ(m.at("chip.sm_sr_changes"), 0);
  std::uint64_t served = 0;
  for (const PlatformRow& row : r.platforms.at("chip-management")) served += row.served;
  EXPECT_EQ(served, 4u * 5);  // activation, download, enable, the fall-back's enable, deletion
}

TEST(ChipEuiccRuns, ADownloadThatFailsRecordsNothing) {
  // The SM-SR fails every ES3 call inside: no ISD-P, nothing on the cards.
  const Outcome r = run(importers(4, kProfileLife, "  sm_sr: {failure_ratio: 1}\n"), "chip-euicc-failed");
  const auto& m = r.metrics;
  ASSERT_EQ(m.at("smdp.failed"), 4);
  EXPECT_EQ(m.at("chip.activated"), 4);
  EXPECT_EQ(m.at("chip.profiles_downloaded"), 0);
  EXPECT_EQ(m.at("chip.profiles_enabled"), 0);
  EXPECT_EQ(m.at("chip.profiles_deleted"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);  // nothing reported, nothing refused
}

TEST(ChipEuiccRuns, TheDeletionTheEuiccRefusesRecordsNothing) {
  // The German profile downloaded and enabled, then its deletion ordered
  // while it is enabled: refused (SGP.02 §3.5), its number stays the chip's.
  const Outcome r = run(importers(4,
                                  "  - {name: download, kind: download-profile, population: importers, profile: DE-MNO, "
                                  "at: 5min}\n"
                                  "  - {name: delete, kind: delete-profile, population: importers, profile: DE-MNO, "
                                  "at: 10min}\n"),
                        "chip-euicc-delete-enabled");
  const auto& m = r.metrics;
  ASSERT_EQ(m.at("smdp.done"), 4);
  ASSERT_EQ(m.at("smsr.failed"), 4);
  EXPECT_EQ(m.at("chip.profiles_downloaded"), 4);
  EXPECT_EQ(m.at("chip.profiles_deleted"), 0);
  EXPECT_EQ(m.at("chip.recycled"), 0);
  EXPECT_EQ(m.at("chip.quarantined"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
}

TEST(ChipEuiccRuns, AnSmSrChangeIsRecordedThenTheDownloadThroughTheNewSmSr) {
  const std::string two_sm_srs =
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms}\n";
  const Outcome r = run(importers(4,
                                  "  - {name: hand-over, kind: smsr-change, population: importers, to: SM-SR-DE, at: 5min}\n"
                                  "  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, "
                                  "at: 10min}\n",
                                  two_sm_srs),
                        "chip-euicc-smsr-change");
  const auto& m = r.metrics;
  ASSERT_EQ(m.at("smsr.changes_done"), 4);
  ASSERT_EQ(m.at("smdp.done"), 4);
  EXPECT_EQ(m.at("chip.sm_sr_changes"), 4);
  EXPECT_EQ(m.at("chip.profiles_downloaded"), 4);
  EXPECT_EQ(m.at("chip.failed"), 0);
}

TEST(ChipEuiccRuns, EnablesThroughAnSmDpOfAFactoryProfileAreRecorded) {
  // China Mobile's profile enabled (fall-back), the German one installed
  // and disabled: both numbers the chip's from its activation. The German
  // operator enables its profile at 5 min and disables it at 20 through its
  // SM-DP (ES2, relayed over ES3); China Mobile audits at 35 (no record).
  const std::string text =
      "general: {name: chip-euicc-es2, seed: 27, stop: 50min}\npopulations:\n" +
      lte_m_trackers("trackers", 10,
                     "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
                     "        - {operator: DE-MNO, imsi_prefix: '26202'}\n",
                     "10min", "20min") +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr: {workers: 4, service_time: 50ms}\n"
      "  sm_dp:\n"
      "    - {id: SM-DP-CMCC, host: sm-dp-cmcc}\n"
      "    - {id: SM-DP-DE, host: sm-dp-de, workers: 2, service_time: 100ms}\n"
      "  chip_management: {populations: [trackers]}\n"
      "campaigns:\n"
      "  - {name: enable, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, sm_dp: SM-DP-DE}\n"
      "  - {name: disable, kind: disable-profile, population: trackers, profile: DE-MNO, at: 20min, sm_dp: SM-DP-DE}\n"
      "  - {name: audit, kind: audit-eis, population: trackers, at: 35min, sm_dp: SM-DP-CMCC}\n";
  const Outcome r = run(twinsim::parse_scenario(text, "chip-euicc-es2.yaml"), "chip-euicc-es2");
  const auto& m = r.metrics;
  ASSERT_EQ(m.at("smdp.done"), 30);
  EXPECT_EQ(m.at("chip.activated"), 10);
  EXPECT_EQ(m.at("chip.profiles_enabled"), 20);  // the German profile's, then China Mobile's again
  EXPECT_EQ(m.at("chip.profiles_downloaded"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
  std::uint64_t served = 0;
  for (const PlatformRow& row : r.platforms.at("chip-management")) served += row.served;
  EXPECT_EQ(served, 10u * 3);  // activation, two enables; the audit makes none
}

TEST(ChipEuiccRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  const Outcome a = run(importers(4, kProfileLife), "chip-euicc-same-a");
  const Outcome b = run(importers(4, kProfileLife), "chip-euicc-same-b");
  expect_same_outcome(a, b);
}

}  // namespace test_chip_euicc_runs
