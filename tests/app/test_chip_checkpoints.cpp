// Checkpoints of runs with the chip management platform
// (platforms.chip_management, docs/CHECKPOINTS.md): the registry (pools,
// chips with their audit trails, billing), its server, the requests under
// way and waiting for a retry (the lifecycle campaigns' steps too) and the
// numbers in quarantine are saved, and
// a resumed run continues the original exactly; a damaged state gets a
// clear error. With international cards (eUICCs) the profile records too:
// the downloads, enables and deletions under way and the deleted numbers
// in quarantine.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <utility>

#include "esimtwin_process.hpp"

namespace test_chip_checkpoints {

using esimtwin::testing::have_h5py;
using esimtwin::testing::metric_lines;
using esimtwin::testing::python_tool;
using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::write_temp;

// Meters whose chips the chip management platform follows: activations at
// power-on (the platform down for a minute, retries), a re-numbering
// campaign recorded on the chips, the old numbers recycled after 5 min.
const char* kChips = R"(general: {name: chip-checkpoints, seed: 37, stop: 30min}
populations:
  - name: meters
    count: 30
    device_model: modem
    modem: nb-iot
    power_saving: {t3324: 2min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  chip_management: {populations: [meters], workers: 1, service_time: 200ms, quarantine: 5min, retry_after: 1min}
campaigns:
  - {name: renumber, kind: write-card, population: meters, at: 4min, batch_size: 10, batch_interval: 1min, imsi_prefix: "46008"}
faults:
  - {at: 50s, target: chip-management, action: outage, for: 1min}
)";

// The lifecycle campaigns: suspended at 4 min, resumed at 8, deactivated at
// 12 (numbers 5 min in quarantine, then the chips' Recycle steps), scrapped
// at 20; the platform down over the resumption's first releases; OneLink
// told of the blocks and lifts; the meters power-cycled while suspended
// (their attaches barred) and again from 10 min, some of them before their
// resumption was served.
const char* kLifecycle = R"(general: {name: chip-lifecycle-checkpoints, seed: 41, stop: 30min}
populations:
  - name: meters
    count: 30
    device_model: modem
    modem: nb-iot
    power_saving: {t3324: 2min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  chip_management: {populations: [meters], workers: 1, service_time: 200ms, quarantine: 5min, retry_after: 1min}
  onelink: {populations: [meters]}
campaigns:
  - {name: stop, kind: chip-suspend, population: meters, at: 4min, over: 1min}
  - {name: start, kind: chip-resume, population: meters, at: 8min, batch_size: 10, batch_interval: 1min}
  - {name: close, kind: chip-deactivate, population: meters, at: 12min, over: 30s}
  - {name: end, kind: chip-scrap, population: meters, at: 20min}
faults:
  - {at: 8min, target: chip-management, action: outage, for: 90s}
  - {at: 6min, target: population:meters, action: power-cycle, over: 30s}
  - {at: 10min, target: population:meters, action: power-cycle, over: 30s}
)";

// Importers whose eUICCs chip management follows (China Mobile's profile
// enabled, the German one at the SM-DP): downloaded at 4 min (not enabled),
// enabled at 7, disabled at 10 (the fall-back's number active again),
// deleted at 13; the deleted numbers 5 min in quarantine; the platform down
// over the enables' first records.
const char* kEuiccs = R"(general: {name: chip-euicc-checkpoints, seed: 43, stop: 25min}
populations:
  - name: importers
    count: 10
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202", state: not-installed, package: profiles/saip/partner-eu.der}
    pin: "1234"
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 10min, t3412: 20min}
    connected: 20s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 24h, jitter: 1h}
engine: {multiplexers: 2}
platforms:
  chip_management: {populations: [importers], workers: 1, service_time: 2s, quarantine: 5min, retry_after: 30s}
campaigns:
  - {name: download, kind: download-profile, population: importers, profile: DE-MNO, at: 4min, enable: false}
  - {name: enable, kind: enable-profile, population: importers, profile: DE-MNO, at: 7min}
  - {name: disable, kind: disable-profile, population: importers, profile: DE-MNO, at: 10min}
  - {name: delete, kind: delete-profile, population: importers, profile: DE-MNO, at: 13min}
faults:
  - {at: 7min, target: chip-management, action: outage, for: 1min}
)";

TEST(ChipCheckpoints, ARunWithInternationalCardsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("chips-euicc-ck.yaml", kEuiccs);
  // While the downloads' records are served, during the outage (enables
  // waiting for a retry), after the disables, as the deletions start (their
  // numbers' quarantine after it), and after the deletions (an eUICC that
  // lost a profile: its state's size must not tell the resumed run apart).
  const std::string lines = metric_lines(expect_resumes_exactly(scenario, {"270s", "450s", "11min", "13min", "800s"}, "chip.", {"chip."}), "chip.");
  for (const auto& [metric, value] : {std::pair{"chip.profiles_downloaded", 10}, std::pair{"chip.profiles_enabled", 20},
                                      std::pair{"chip.profiles_deleted", 10}, std::pair{"chip.recycled", 10},
                                      std::pair{"chip.failed", 0}}) {
    char line[80];
    std::snprintf(line, sizeof line, "  %-26s %12.6g\n", metric, static_cast<double>(value));  // as `run` prints
    EXPECT_NE(lines.find(line), std::string::npos) << lines;
  }
}

// The network's detaches of barred devices: idle meters (no PSM, own
// activity every few minutes: some connected, most paged) suspended at
// 4 min get DETACH REQUEST #7; sleepers in PSM deactivated at 4 min are
// detached locally and meet TAU REJECT #10 at their next TAU, then ATTACH
// REJECT #7; the meters resumed at 12 min and power-cycled at 15 min attach
// again.
const char* kDetach = R"(general: {name: chip-detach-checkpoints, seed: 43, stop: 25min}
populations:
  - name: idle
    count: 20
    device_model: modem
    modem: nb-iot
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 3min, jitter: 1min}
  - name: sleepers
    count: 20
    device_model: modem
    modem: nb-iot
    imsi_prefix: "46002"
    power_saving: {t3324: 1min, t3412: 6min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  chip_management: {populations: [idle, sleepers], workers: 1, service_time: 200ms}
  onelink: {populations: [idle, sleepers]}
campaigns:
  - {name: stop-idle, kind: chip-suspend, population: idle, at: 4min, over: 20s}
  - {name: close-sleepers, kind: chip-deactivate, population: sleepers, at: 4min, over: 20s}
  - {name: start-idle, kind: chip-resume, population: idle, at: 12min}
faults:
  - {at: 15min, target: population:idle, action: power-cycle, over: 30s}
)";

TEST(ChipCheckpoints, ARunWithNetworkDetachesResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("chips-detach-ck.yaml", kDetach);
  // While the HSS's messages and the DETACH REQUESTs are on their way (the
  // suspensions' steps over 4-4.5 min), while T3422 runs for the sleepers
  // in PSM (the MME's detaches under way, CMRN 6), with sleepers detached
  // locally before their TAU, after the TAU rejects, while the
  // resumption's Insert Subscriber Data is on its way, after the power cycle.
  expect_resumes_exactly(scenario, {"243s", "251s", "262s", "5min", "9min", "720s", "16min"}, "chip.detaches_local                  20");
}

TEST(ChipCheckpoints, ARunWithChipManagementResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("chips-ck.yaml", kChips);
  // During the outage (retries waiting), while activations queue, during
  // the campaign's records, with numbers in quarantine.
  const std::string out =
      expect_resumes_exactly(scenario, {"70s", "125s", "5min", "12min"}, "chip.recycled                        30");
  // A damaged state (of the checkpoint at 5 min) gets a clear error.
  const std::string ck = esimtwin::testing::written_checkpoint(out, 2);
  ASSERT_FALSE(ck.empty());
  expect_damage_refused(ck, "chips-flipped", "/modem/chip_management: chip management run state: CRC-32 does not match");
}

TEST(ChipCheckpoints, ARunWithTheLifecycleCampaignsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("chips-lifecycle-ck.yaml", kLifecycle);
  // While suspensions are under way, while the barred attaches are
  // rejected, during the outage (resumptions waiting), with deactivated
  // chips' numbers in quarantine, after the scrap.
  // 30 at 6 min, 7 at 10 min whose resumption waited for the outage's
  // end, and 17 new attaches of meters the MME detached locally (in PSM at
  // the suspension or the deactivation, T3422 run out five times) after
  // their TAU met #10.
  expect_resumes_exactly(scenario, {"250s", "365s", "9min", "14min", "21min"}, "chip.attaches_barred                 54");
}

// A supply flow in the run (docs/SUPPLY.md, "In a run"): the shipped
// production-line test cards at 20 devices for 22 days (one batch, in
// service and written over the air at about 20.3 days), saved while the
// units are made (chips not produced yet) and with the test numbers in
// quarantine.
TEST(ChipCheckpoints, ARunWithASupplyFlowResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  expect_resumes_exactly(ESIMTWIN_SOURCE_DIR "/scenarios/production-line-test-cards.yaml --devices 20 --stop 22d",
                         {"3d", "21d"}, "chip.recycled                        20");
}

}  // namespace test_chip_checkpoints
