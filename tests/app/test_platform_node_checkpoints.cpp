// Checkpoints of runs with the write module, OneLink and chip management
// at their own network nodes (platforms.write_module.node,
// platforms.onelink.node, platforms.chip_management.node;
// docs/CHECKPOINTS.md): the messages on their way between them and their
// peers — the write module's packets to the SMSC and the PoRs and reports
// back (/modem/write_module_link, WMLK 1), OneLink's orders to the
// foreign platforms and the answers and reports to it (OLRN 4), the
// reports to chip management (CMRN 5) — are saved, and a resumed run
// continues the original exactly; a damaged link state gets a clear error.
#include <gtest/gtest.h>

#include <string>

#include "esimtwin_process.hpp"

namespace test_platform_node_checkpoints {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// Meters re-numbered from 4 min, 10 a minute (each packet built in 50 ms),
// the write module 41 ms from the SMSC, chip management 70 ms from the
// write module and 31 ms from the HSS; the meters suspended at 9 min and
// resumed at 11 (OneLink, 39 ms from chip management, told of it); other
// meters chip management follows and OneLink does not, suspended at 9 min.
const char* kRenumber = R"(general: {name: node-checkpoints, seed: 37, stop: 15min}
populations:
  - name: meters
    count: 30
    device_model: modem
    modem: nb-iot
    power_saving: {t3324: 2min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 7min, jitter: 1min}
  - {name: others, count: 5, device_model: modem, imsi_prefix: "46002", start: {profile: uniform, at: 0s, over: 1min}}
engine: {multiplexers: 2}
platforms:
  write_module: {workers: 2, node: wm-bj}
  chip_management: {populations: [meters, others], workers: 1, service_time: 200ms, node: cm-bj}
  onelink: {populations: [meters], node: ol-bj}
network:
  topology:
    nodes:
      - {name: ran, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: wm-bj, kind: platform}
      - {name: cm-bj, kind: platform}
      - {name: ol-bj, kind: platform}
    links:
      - {name: ran-core, from: ran, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-wm, from: core, to: wm-bj, latency: 40ms}
      - {name: core-cm, from: core, to: cm-bj, latency: 30ms}
      - {name: core-ol, from: core, to: ol-bj, latency: 9ms}
campaigns:
  - {name: renumber, kind: write-card, population: meters, at: 4min, batch_size: 10, batch_interval: 1min, imsi_prefix: "46008"}
  - {name: stop, kind: chip-suspend, population: meters, at: 9min}
  - {name: stop-others, kind: chip-suspend, population: others, at: 9min}
  - {name: start, kind: chip-resume, population: meters, at: 11min}
)";

// Trackers handed from China Mobile's SM-SR (Beijing) to a German one
// (Frankfurt) from 3 min and the German profile downloaded from 8 min,
// both ordered through OneLink in Beijing (9 ms from the core, 163 ms from
// the German SM-SR), chip management recording them (30 ms from the core).
const char* kThroughOneLink = R"(general: {name: onelink-node-checkpoints, seed: 29, stop: 15min}
populations:
  - name: exported
    count: 20
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202", state: not-installed, package: profiles/saip/partner-eu.der}
    pin: "1234"
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 3min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  sm_sr:
    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: "8613900200777", workers: 2, service_time: 100ms, node: sr-bj}
    - {id: SM-SR-DE, host: sm-sr-de, address: "491720000777", workers: 2, service_time: 100ms, node: sr-fra}
  onelink: {populations: [exported], node: ol-bj}
  chip_management: {populations: [exported], workers: 1, service_time: 200ms, node: cm-bj}
network:
  topology:
    nodes:
      - {name: ran, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: sr-bj, kind: sm_sr}
      - {name: sr-fra, kind: sm_sr}
      - {name: ol-bj, kind: platform}
      - {name: cm-bj, kind: platform}
    links:
      - {name: ran-core, from: ran, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-bj, from: core, to: sr-bj, latency: 20ms}
      - {name: intl, from: core, to: sr-fra, latency: 154ms}
      - {name: core-ol, from: core, to: ol-bj, latency: 9ms}
      - {name: core-cm, from: core, to: cm-bj, latency: 30ms}
campaigns:
  - {name: hand-over, kind: smsr-change, population: exported, to: SM-SR-DE, at: 3min, batch_size: 10, batch_interval: 1min, onelink: true}
  - {name: german, kind: download-profile, population: exported, profile: DE-MNO, at: 8min, batch_size: 10, batch_interval: 1min, onelink: true}
)";

TEST(PlatformNodeCheckpoints, TheWriteModulesMessagesOnTheirWayResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("node-renumber-ck.yaml", kRenumber);
  // With the first packets on their way to the SMSC (built 50 ms after
  // 4 min, there 41 ms later), the first PoRs on their way back (meter 0's
  // read at 241.748 s), its write's record on its way to chip management
  // (done at 241.789 s), in the middle of the writes, with the first
  // blocks on their way to OneLink, and at the resumptions.
  expect_resumes_exactly(scenario, {"240070ms", "241760ms", "241800ms", "6min", "540210ms", "11min"}, "ota.done", {"ota.", "chip.", "onelink."});
}

TEST(PlatformNodeCheckpoints, OneLinksOrdersAndAnswersOnTheirWayResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("node-onelink-ck.yaml", kThroughOneLink);
  // OneLink's first switch orders on their way to the German SM-SR, the
  // first answers on their way back (the first changes done at 185.948 s)
  // with the reports to chip management, the changes under way, and the
  // downloads.
  expect_resumes_exactly(scenario, {"180100ms", "186s", "230s", "480100ms", "490s"}, "onelink.requests_completed           40", {"onelink.", "chip."});
}

TEST(PlatformNodeCheckpoints, ADamagedWriteModuleLinkGetsAClearError) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("node-damaged-ck.yaml", kRenumber);
  const std::string a = temp_path("node-damaged-a.h5"), ck = temp_path("node-damaged-ck.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 245s --checkpoint " + ck).exit_code, 0);
  expect_damage_refused(ck, "write-module-link-flipped", "/modem/write_module_link: write module link state: CRC-32 does not match");
  expect_damage_refused(ck, "no-write-module-link", "not a complete checkpoint (no write_module_link)");
}

}  // namespace test_platform_node_checkpoints
