// The SM-DP in engine runs (sim/twinsim/engine/sm_dp_run.hpp,
// docs/SCENARIOS.md "campaigns"): a download-profile campaign installs a
// German operator's profile on every tracker over ES3 through the SM-SR
// (CreateISDP, the ES8 key establishment and download as SendData,
// ProfileDownloadCompleted, EnableProfile) and the trackers attach with
// it; without enable the profile stays disabled; an outage of the SM-DP
// refuses the orders it meets, failures inside it and an outage of the
// SM-SR fail them with the cards as they were; a second order of the same
// profile is refused by the SM-DP's stock; a run repeats itself.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_sm_dp_runs {

using namespace twinsim::testing;
using twinsim::EventKind;
using twinsim::SmDpEvent;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }
std::uint8_t k(SmDpEvent e) { return twinsim::smdp_event_kind(e); }

// `count` importers; the German profile downloaded from 5 min, 10 a minute
// (`campaign_extra` continues the campaign's map); `extra` before the
// campaigns (platforms, faults).
twinsim::Scenario importers(int count, const std::string& extra = "", const std::string& campaign_extra = "") {
  const std::string text = "general: {name: smdp-runs, seed: 9, stop: 40min}\npopulations:\n" + importers_population(count) +
                           "engine: {multiplexers: 2}\n" + extra +
                           "campaigns:\n"
                           "  - {name: import, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
                           "batch_size: 10, batch_interval: 1min" + campaign_extra + "}\n";
  return twinsim::parse_scenario(text, "smdp-runs.yaml");
}

TEST(SmDpRuns, DownloadProfileInstallsAndEnablesTheProfileOnEveryTracker) {
  const Outcome r = run(importers(20, "platforms:\n  onelink: {populations: [importers]}\n"), "download");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.done"), 20);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  EXPECT_GT(m.at("smdp.last_done_s"), 300);
  // The SM-SR's own calls are not campaign calls: only the notifications count.
  EXPECT_EQ(m.at("smsr.done"), 0);
  EXPECT_EQ(m.at("smsr.notifications"), 20);
  // Enabled: REFRESH, and the attach with the downloaded IMSI the HSS holds.
  EXPECT_EQ(m.at("refreshes"), 20);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("auth_rejects"), 0);
  EXPECT_EQ(m.at("devices_registered"), 20);
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
  EXPECT_EQ(m.at("sms.failed"), 0);
  EXPECT_EQ(m.at("sms.expired"), 0);
  // Per tracker: the order done, then REFRESH and an attach after it.
  const std::uint8_t refresh = twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Refresh));
  std::map<std::uint32_t, std::vector<std::uint8_t>> kinds;
  for (const Row& e : r.events) kinds[e.device].push_back(e.kind);
  for (const auto& [device, list] : kinds) {
    ASSERT_EQ(std::count(list.begin(), list.end(), k(SmDpEvent::Done)), 1) << "device " << device;
    const auto refreshed = std::find(list.begin(), list.end(), refresh);
    ASSERT_NE(refreshed, list.end()) << "device " << device;
    EXPECT_NE(std::find(refreshed, list.end(), k(EventKind::AttachRequest)), list.end()) << "device " << device;
  }
}

TEST(SmDpRuns, WithoutEnableTheDownloadedProfileStaysDisabled) {
  const Outcome r = run(importers(10, "", ", enable: false"), "no-enable");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("refreshes"), 0);
  EXPECT_EQ(m.at("smsr.notifications"), 0);
  EXPECT_EQ(m.at("devices_registered"), 10);
}

TEST(SmDpRuns, AnOutageOfTheSmDpRefusesTheOrdersItMeets) {
  // Batches at 5 and 6 min; the SM-DP is down from 5.5 to 6.5 min.
  const Outcome r = run(importers(20, "faults:\n  - {at: 330s, target: sm-dp, action: outage, for: 1min}\n"), "smdp-outage");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.refused"), 10);
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("refreshes"), 10);
  for (const Row& e : r.events) {
    if (e.kind == k(SmDpEvent::Refused)) {
      EXPECT_DOUBLE_EQ(e.t, 360);
    }
  }
}

TEST(SmDpRuns, FailuresInsideTheSmDpSendNothingToTheCards) {
  const Outcome r = run(importers(10, "platforms:\n  sm_dp: {failure_ratio: 1}\n"), "smdp-failing");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.failed"), 10);
  EXPECT_EQ(m.at("smdp.done"), 0);
  EXPECT_EQ(m.at("sms.submitted"), 0);
  EXPECT_EQ(m.at("refreshes"), 0);
}

TEST(SmDpRuns, AnSmSrThatFailsEveryCallFailsTheOrders) {
  // The SM-SR fails every ES3 call inside: CreateISDP fails, no ISD-P, the
  // order ends Failed naming the step; nothing reaches the cards.
  const Outcome r = run(importers(10, "platforms:\n  sm_sr: {failure_ratio: 1}\n"), "smsr-failing");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.failed"), 10);
  EXPECT_EQ(m.at("smdp.done"), 0);
  EXPECT_EQ(m.at("refreshes"), 0);
}

TEST(SmDpRuns, ASecondOrderOfTheSameProfileIsRefusedByTheStock) {
  // The operator orders the profile again at 20 min: its ICCID is installed.
  const Outcome r = run(importers(10, "", ", enable: false}\n  - {name: again, kind: download-profile, population: importers, "
                                          "profile: DE-MNO, at: 20min"),
                        "twice");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("smdp.failed"), 10);
  std::size_t failed_again = 0;
  for (const Row& e : r.events) failed_again += e.kind == k(SmDpEvent::Failed) && e.value == 1;
  EXPECT_EQ(failed_again, 10u);
}

TEST(SmDpRuns, RestoredFromABackupBeforeTheDownloadsTheSmDpOrdersAgainAndTheSmSrRefusesTheIccids) {
  // As above, but the SM-DP's records are restored at 15 min from its
  // backup of 4 min: its stock has each ICCID available again. The second
  // order goes as far as the SM-SR, whose EIS holds the ICCID and refuses
  // ES3.CreateISDP ("Already in use"): the order fails there, nothing is
  // installed twice.
  const std::string log = (std::filesystem::temp_directory_path() /
                           ("esimtwin-smdp-restore-" + std::to_string(getpid()) + ".jsonl")).string();
  const Outcome r = run(importers(10, "faults:\n  - {at: 15min, target: sm-dp, action: restore-backup, backup_at: 4min}\n",
                                  ", enable: false}\n  - {name: again, kind: download-profile, population: importers, "
                                  "profile: DE-MNO, at: 20min"),
                        "smdp-restore", log);
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.stock_restored"), 10);
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("smdp.failed"), 10);
  std::size_t failed_again = 0;
  for (const Row& e : r.events) failed_again += e.kind == k(SmDpEvent::Failed) && e.value == 1;
  EXPECT_EQ(failed_again, 10u);
  // The SM-SR's refusals, one per tracker: its ES3.CreateISDP results.
  std::ifstream in(log);
  std::size_t refused = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"Function\":\"ES3.CreateISDP\"") != std::string::npos && line.find("Already in use") != std::string::npos)
      ++refused;
  }
  EXPECT_EQ(refused, 10u);
  in.close();
  std::filesystem::remove(log);
  // Without the restore the SM-DP's stock refuses them (the test above):
  // no CreateISDP reaches the SM-SR.
}

TEST(SmDpRuns, TheSmDpIsSampledIntoThePlatformsTables) {
  const Outcome r = run(importers(10, "platforms:\n  sm_dp: {host: smdp-cn}\n"), "smdp-sampled");
  ASSERT_TRUE(r.platforms.count("smdp-cn"));
  std::uint64_t served = 0;
  for (const PlatformRow& row : r.platforms.at("smdp-cn")) served += row.served;
  EXPECT_EQ(served, 10u);
}

TEST(SmDpRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  const Outcome a = run(importers(10), "smdp-same-a");
  const Outcome b = run(importers(10), "smdp-same-b");
  expect_same_outcome(a, b);
}

}  // namespace test_sm_dp_runs
