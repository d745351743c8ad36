// Checkpoints of runs with international cards (card international: a
// card-core eUICC per device, docs/CHECKPOINTS.md): the eUICC's whole state
// (its platform card, every profile card, what it holds while powered)
// goes into /cards/bytes, and a resumed run continues the original
// exactly — through PSM (the card off and on again), brown-outs and a power
// loss in the middle of an NVM program. A damaged eUICC state gets a clear
// error; so do runs with the SM-SR (its state, its server's, the calls and
// messages under way), with SM-SR changes between two SM-SRs (the
// handovers in flight), with one SM-DP or two and OneLink (its accounts,
// cards and events).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_euicc_checkpoints {

using esimtwin::testing::have_h5py;
using esimtwin::testing::python_tool;
using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::temp_path;

// Trackers with two profiles on their eUICC, in PSM after 1 min with a TAU
// every 5 min, beside domestic meters; a brown-out of every tracker and a
// power loss of tracker 3 during an NVM program.
const char* kTrackers = R"(general: {name: euicc-checkpoints, seed: 19, stop: 20min}
populations:
  - name: trackers
    count: 40
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202"}
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 1min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
  - name: meters
    count: 20
    device_model: modem
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 4min, jitter: 30s}
engine: {multiplexers: 2}
faults:
  - {at: 6min, target: population:trackers, action: brown-out, over: 30s}
  - {at: 9min, target: device:3, action: power-loss, restart: 20s}
trace: {devices: [3, 45]}
)";

// `text` with `what` inserted after the first `after` (which it has).
void insert_after(std::string& text, const std::string& after, const std::string& what) {
  const std::size_t at = text.find(after);
  ASSERT_NE(at, std::string::npos) << after;
  text.insert(at + after.size(), what);
}

std::string write_scenario(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

TEST(EuiccCheckpoints, AResumedRunContinuesTheOriginalExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-ck.yaml", kTrackers);
  // Early (attaching), in PSM, and during the power loss's restart.
  const std::string out = expect_resumes_exactly(scenario, {"50s", "4min", "550s"}, "devices_registered");
  // A damaged eUICC state (of the checkpoint at 4 min) gets a clear error.
  const std::string ck = esimtwin::testing::written_checkpoint(out, 1);
  ASSERT_FALSE(ck.empty());
  expect_damage_refused(ck, "card-magic", "device 3: euicc state: no \"EUST\" magic");
}

// The same trackers switched to the German profile by the SM-SR from
// 3 min, 10 a minute; SMS valid 30 min; the SM-SR down for a minute (the
// calls it refuses made again 30 s later);
// OneLink following both populations (offline alerts after 3 min), the
// meters' customer asking OneLink about them over 5 to 15 min, OneLink's
// records restored at 10 min from its backup of 2 min (before the switch).
const char* kSwitch = R"(platforms:
  sm_sr: {workers: 2, service_time: 200ms, admission_rate: 5, burst: 10, max_attempts: 3}
  onelink: {populations: [trackers, meters], offline_alert: 3min, history: 6}
campaigns:
  - {name: local, kind: enable-profile, population: trackers, profile: DE-MNO, at: 3min, batch_size: 10, batch_interval: 1min, validity: 30min, retry: {retry_after: 30s, max_attempts: 3}}
  - {name: ask, kind: onelink-query, population: meters, at: 5min, over: 10min}
)";

std::string with_switch() {
  std::string text = kTrackers;
  const std::string faults = "faults:\n";
  text.insert(text.find(faults), kSwitch);
  text.insert(text.find(faults) + faults.size(), "  - {at: 250s, target: sm-sr, action: outage, for: 1min}\n"
                                                 "  - {at: 10min, target: onelink, action: restore-backup, backup_at: 2min}\n");
  return text;
}

TEST(EuiccCheckpoints, ARunWithTheSmSrAndOneLinkResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-smsr-ck.yaml", with_switch());
  // Before the campaign (and OneLink's backup), while calls queue at the
  // server and SMS wait for sleeping trackers, with the calls the outage
  // refused waiting to be made again, after the outage (the backup waiting
  // for its restore), and after the restore.
  const std::string out =
      expect_resumes_exactly(scenario, {"2min", "200s", "320s", "7min", "13min"}, "smsr.done", {"onelink."});
  EXPECT_GT(esimtwin::testing::summary_metric(out, "smsr.retried"), 0) << out;
  EXPECT_GT(esimtwin::testing::summary_metric(out, "onelink.expectations_restored"), 0) << out;
  // Damaged SM-SR and OneLink states (of the checkpoint at 7 min) get a
  // clear error.
  const std::string ck = esimtwin::testing::written_checkpoint(out, 3);
  ASSERT_FALSE(ck.empty());
  const std::pair<const char*, const char*> damages[] = {
      {"smsr-magic", "/modem/sm_sr: SM-SR runs state: not a saved SM-SR runs state"},
      {"smsr-truncated", "/modem/sm_sr: SM-SR runs state: CRC-32 does not match"},
      {"smsr-flipped", "/modem/sm_sr: SM-SR runs state: CRC-32 does not match"},
      {"no-smsr", "not a complete checkpoint (no sm_sr)"},
      {"onelink-flipped", "/modem/onelink: OneLink run state: CRC-32 does not match"},
  };
  for (const auto& [damage, message] : damages) {
    expect_damage_refused(ck, damage, message);
  }
}


// Trackers made abroad (the German profile enabled) to which China
// Mobile's SM-DP downloads its profile from 3 min, 10 a minute, through the
// SM-SR; the SM-DP down for a minute (the orders it refuses made again 30
// s later), its records backed up at 150 s and restored from that backup
// at 6 min.
const char* kImport = R"(general: {name: smdp-checkpoints, seed: 23, stop: 20min}
populations:
  - name: imported
    count: 30
    card: international
    euicc:
      profiles:
        - {operator: DE-MNO, imsi_prefix: "26202", state: enabled}
        - {operator: CMCC, imsi_prefix: "46004", state: not-installed, package: profiles/saip/cmcc-m2m.der}
    pin: "1234"
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 2min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  sm_dp: {workers: 1, service_time: 500ms, admission_rate: 5, burst: 10, es3_retry: {retry_after: 20s, max_attempts: 3}}
  sm_sr: {workers: 2, service_time: 100ms}
  onelink: {populations: [imported]}
campaigns:
  - {name: china-mobile, kind: download-profile, population: imported, profile: CMCC, at: 3min, batch_size: 10, batch_interval: 1min, retry: {retry_after: 30s, max_attempts: 3}}
faults:
  - {at: 183s, target: sm-sr, action: crash, restart: 12s}
  - {at: 250s, target: sm-dp, action: outage, for: 1min}
  - {at: 6min, target: sm-dp, action: restore-backup, backup_at: 150s}
)";

TEST(EuiccCheckpoints, ARunWithTheSmDpResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-smdp-ck.yaml", kImport);
  // Before the campaign, in the middle of the first batch's downloads (ES8
  // key establishments and SCP03 sessions open), with the orders the outage
  // refused waiting to be made again (the backup waiting for its restore),
  // and after the restore. At 190 s the SM-SR is down (183-195 s): the
  // SM-DP's ES3 calls it refused wait to go again (es3_retry).
  const std::string out = expect_resumes_exactly(scenario, {"2min", "190s", "200s", "320s", "7min"}, "smdp.done");
  EXPECT_GT(esimtwin::testing::summary_metric(out, "smdp.retried"), 0) << out;
  EXPECT_GT(esimtwin::testing::summary_metric(out, "smdp.es3_retried"), 0) << out;
  EXPECT_GT(esimtwin::testing::summary_metric(out, "smdp.stock_restored"), 0) << out;
  // A damaged SM-DP state (of the checkpoint at 200 s) gets a clear error.
  const std::string ck = esimtwin::testing::written_checkpoint(out, 2);
  ASSERT_FALSE(ck.empty());
  const std::pair<const char*, const char*> damages[] = {
      {"smdp-flipped", "/modem/sm_dp: SM-DP runs state: CRC-32 does not match"},
      {"no-smdp", "not a complete checkpoint (no sm_dp)"},
  };
  for (const auto& [damage, message] : damages) {
    expect_damage_refused(ck, damage, message);
  }
}

// Two populations, each downloading its other operator's profile from 3
// min, 10 a minute, at that operator's SM-DP: China Mobile's to the
// trackers made abroad, the German one's to those made in China; the
// German SM-DP down for half a minute in the middle.
const char* kTwoSmDps = R"(general: {name: smdps-checkpoints, seed: 31, stop: 12min}
populations:
  - name: imported
    count: 20
    card: international
    euicc:
      profiles:
        - {operator: DE-MNO, imsi_prefix: "26202", state: enabled}
        - {operator: CMCC, imsi_prefix: "46004", state: not-installed, package: profiles/saip/cmcc-m2m.der}
    pin: "1234"
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 2min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
  - name: exported
    count: 20
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26201", state: not-installed, package: profiles/saip/partner-eu.der}
    pin: "1234"
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 2min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  sm_sr: {workers: 2, service_time: 100ms}
  sm_dp:
    - {id: SM-DP-CMCC, host: sm-dp-cmcc, workers: 1, service_time: 500ms}
    - {id: SM-DP-DE, host: sm-dp-de, workers: 1, service_time: 500ms}
campaigns:
  - {name: china-mobile, kind: download-profile, population: imported, profile: CMCC, sm_dp: SM-DP-CMCC, at: 3min, batch_size: 10, batch_interval: 1min}
  - {name: german, kind: download-profile, population: exported, profile: DE-MNO, sm_dp: SM-DP-DE, at: 3min, batch_size: 10, batch_interval: 1min}
faults:
  - {at: 250s, target: 'sm-dp:SM-DP-DE', action: outage, for: 30s}
)";

TEST(EuiccCheckpoints, ARunWithTwoSmDpsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-smdps-ck.yaml", kTwoSmDps);
  // In the middle of both SM-DPs' first batches (ES8 key establishments
  // and SCP03 sessions open at both), and during the German one's outage.
  expect_resumes_exactly(scenario, {"190s", "200s", "260s"}, "smdp.done");
}

// Trackers with China Mobile's SM-SR handed to a German one from 3 min, 10
// a minute (each change a few seconds of SMS round trips while the
// trackers are awake), then the German profile downloaded through it.
const char* kHandOver = R"(general: {name: smsr-change-checkpoints, seed: 29, stop: 15min}
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
    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: "8613900200777", workers: 2, service_time: 100ms}
    - {id: SM-SR-DE, host: sm-sr-de, address: "491720000777", workers: 2, service_time: 100ms}
campaigns:
  - {name: hand-over, kind: smsr-change, population: exported, to: SM-SR-DE, at: 3min, batch_size: 10, batch_interval: 1min}
  - {name: german, kind: download-profile, population: exported, profile: DE-MNO, at: 8min, batch_size: 10, batch_interval: 1min}
)";

TEST(EuiccCheckpoints, ARunWithSmSrChangesResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-change-ck.yaml", kHandOver);
  // Before the changes, with the first batch's orders at the servers, in
  // the middle of its key establishments, between the batches, and in the
  // middle of the downloads through the new SM-SR.
  expect_resumes_exactly(scenario, {"2min", "180100ms", "182s", "185s", "230s", "490s"}, "smsr.changes_done                    20");
}

// kHandOver ordered through OneLink (onelink_run.hpp): its requests to the
// German platforms in flight at the checkpoints.
std::string hand_over_through_onelink() {
  std::string text = kHandOver;
  insert_after(text, "service_time: 100ms}\n    - {id: SM-SR-DE, host: sm-sr-de, address: \"491720000777\", workers: 2, service_time: 100ms}\n",
               "  onelink: {populations: [exported]}\n");
  const std::string campaign_end = "batch_interval: 1min}", through = "batch_interval: 1min, onelink: true}";
  for (std::size_t at = text.find(campaign_end); at != std::string::npos; at = text.find(campaign_end, at))
    text.replace(at, campaign_end.size(), through);
  return text;
}

TEST(EuiccCheckpoints, ARunWithOneLinksRequestsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string text = hand_over_through_onelink();
  ASSERT_NE(text.find("onelink: true}\n  - {name: german"), std::string::npos);
  ASSERT_EQ(text.rfind("onelink: true}\n"), text.size() - std::string("onelink: true}\n").size());
  const std::string scenario = write_scenario("euicc-onelink-ck.yaml", text);
  // The switches asked and in flight, then the downloads.
  expect_resumes_exactly(scenario, {"182s", "490s"}, "onelink.requests_completed           40");
}

TEST(EuiccCheckpoints, ARunWithOneLinksUsageResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // Meters reporting 10 kB every hour; each card's alert at 40 kB, the
  // account's at 300 kB: checkpoints before, between and after them.
  const std::string scenario = write_scenario("onelink-usage-ck.yaml", R"(general: {name: onelink-usage-ck, seed: 34, stop: 6h}
populations:
  - name: meters
    count: 10
    profile: profiles/cmcc-domestic-usim.prof
    device_model: modem
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 1h, jitter: 10min}
    activity_data: 10kB
engine: {multiplexers: 2}
platforms:
  onelink: {populations: [meters], data_alert: 40kB, account_data_alert: 300kB, billing_period: 1d}
)");
  expect_resumes_exactly(scenario, {"90min", "200min", "250min"}, "onelink.usage_alerts                 11");
}

// kHandOver with the platforms far apart (platform_routes.hpp): China
// Mobile's SM-SR 20 ms from the HSS's node, the German SM-SR in Frankfurt
// 174 ms from it, the SMSC at the HSS's node: checkpoints find ES7 calls,
// answers, SMS and delivery reports on their way.
std::string far_hand_over() {
  std::string text = kHandOver;
  insert_after(text, "service_time: 100ms", ", node: sr-bj");
  insert_after(text, "address: \"491720000777\", workers: 2, service_time: 100ms", ", node: sr-fra");
  insert_after(text, "engine: {multiplexers: 2}\n",
      "network:\n"
      "  topology:\n"
      "    nodes:\n"
      "      - {name: ran, kind: ran_mme}\n"
      "      - {name: core, kind: core_router}\n"
      "      - {name: hss, kind: hss}\n"
      "      - {name: sr-bj, kind: sm_sr}\n"
      "      - {name: sr-fra, kind: sm_sr}\n"
      "    links:\n"
      "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
      "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
      "      - {name: core-bj, from: core, to: sr-bj, latency: 20ms}\n"
      "      - {name: intl, from: core, to: sr-fra, latency: 154ms}\n");
  return text;
}

TEST(EuiccCheckpoints, ARunWithPlatformsFarApartResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-far-ck.yaml", far_hand_over());
  // With the first orders, ES7 calls and answers, and the SMS of both
  // SM-SRs on their way, and in the middle of the downloads.
  expect_resumes_exactly(scenario, {"180100ms", "180250ms", "181s", "182s", "183500ms", "230s", "490100ms", "495s"}, "smsr.changes_done                    20");
}

// far_hand_over() ordered through OneLink, which sits in Beijing behind a
// link of 2 kB/s: the SM-SRs' answers and reports reach it on the links
// (platform_links.hpp), each a second or more on its way.
std::string far_hand_over_through_onelink() {
  std::string text = far_hand_over();
  insert_after(text, "service_time: 100ms, node: sr-bj}\n    - {id: SM-SR-DE, host: sm-sr-de, address: \"491720000777\", workers: 2, service_time: 100ms, node: sr-fra}\n",
               "  onelink: {populations: [exported], node: ol-bj}\n");
  insert_after(text, "      - {name: sr-fra, kind: sm_sr}\n", "      - {name: ol-bj, kind: platform}\n");
  insert_after(text, "to: sr-fra, latency: 154ms}\n",
               "      - {name: core-ol, from: core, to: ol-bj, latency: 10ms, bandwidth: 2kBps}\n");
  const std::string campaign_end = "batch_interval: 1min}", through = "batch_interval: 1min, onelink: true}";
  for (std::size_t at = text.find(campaign_end); at != std::string::npos; at = text.find(campaign_end, at))
    text.replace(at, campaign_end.size(), through);
  return text;
}

TEST(EuiccCheckpoints, ARunWithReportsOnTheLinksResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-links-ck.yaml", far_hand_over_through_onelink());
  // With OneLink's first ten orders on their way over its 2 kB/s link
  // (2000 B each: the checkpoint at 181 s waits for them, until about
  // 190 s), as the first changes run and their answers cross to OneLink,
  // between the batches, and in the middle of the downloads.
  const std::string out = expect_resumes_exactly(scenario, {"181s", "192s", "196s", "230s", "491s", "496s"},
                                                 "onelink.requests_completed           40", {"platform_links.", "onelink."});
  EXPECT_GT(esimtwin::testing::summary_metric(out, "platform_links.messages"), 0) << out;
  EXPECT_GT(esimtwin::testing::summary_metric(out, "platform_links.longest_s"), 1.0) << out;
  // A damaged state of the links (of the checkpoint at 192 s) gets a clear
  // error.
  const std::string ck = esimtwin::testing::written_checkpoint(out, 1);
  ASSERT_FALSE(ck.empty());
  expect_damage_refused(ck, "links-flipped", "/modem/platform_links: platform links state: CRC-32 does not match");
  expect_damage_refused(ck, "links-truncated", "/modem/platform_links: platform links state: CRC-32 does not match");
}

// Trackers whose SM-SR reaches them over HTTPS (euicc.scp81): the German
// profile enabled from 5 min, 10 a minute, each in a TLS-PSK session over
// the eUICC's BIP channel; tracker 2 traced (its channel's bytes in /apdu).
const char* kHttps = R"(general: {name: https-checkpoints, seed: 31, stop: 12min}
populations:
  - name: trackers
    count: 20
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202"}
      scp81: true
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 3min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  sm_sr: {workers: 2, service_time: 100ms, https: {address: 192.0.2.10, host: smsr.cmcc.example}}
campaigns:
  - {name: german, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, batch_size: 10, batch_interval: 1min}
trace: {devices: [2]}
)";

TEST(EuiccCheckpoints, ARunOverHttpsResumesExactlyOnceItsSessionsEnded) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-https-ck.yaml", kHttps);
  // Before the campaign, in the first batch's sessions (the checkpoint
  // waits for them to end), between the batches, in the second's.
  expect_resumes_exactly(scenario, {"4min", "300100ms", "301s", "330s", "360500ms", "362s"}, "https.sessions                       40");
}

TEST(EuiccCheckpoints, AnSmSrChangeOverHttpsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // kHandOver with the eUICCs on HTTPS and both SM-SRs with an admin
  // server: the German SM-SR's PSK is established in the change.
  std::string text = kHandOver;
  insert_after(text, "package: profiles/saip/partner-eu.der}\n", "      scp81: true\n");
  insert_after(text, "service_time: 100ms", ", https: {address: 192.0.2.10, host: smsr.cmcc.example}");
  insert_after(text, "address: \"491720000777\", workers: 2, service_time: 100ms",
               ", https: {address: 198.51.100.20, host: smsr.de.example}");
  const std::string scenario = write_scenario("euicc-https-change-ck.yaml", text);
  expect_resumes_exactly(scenario, {"180100ms", "181s", "194s", "196s", "230s", "490s"}, "smsr.changes_done                    20");
}

// Trackers whose German profile the German operator enables through its
// SM-DP (ES2.EnableProfile relayed over ES3) from 5 min, 10 a minute.
const char* kRelay = R"(general: {name: relay-checkpoints, seed: 43, stop: 12min}
populations:
  - name: trackers
    count: 20
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202"}
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 3min, t3412: 5min}
    connected: 10s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 7min, jitter: 1min}
engine: {multiplexers: 2}
platforms:
  sm_sr: {workers: 2, service_time: 100ms}
  sm_dp: {id: SM-DP-DE, workers: 1, service_time: 300ms}
campaigns:
  - {name: german, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, batch_size: 10, batch_interval: 1min, sm_dp: SM-DP-DE}
)";

TEST(EuiccCheckpoints, ARunWithTheSmDpsEs2OrdersResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-relay-ck.yaml", kRelay);
  // With orders at the SM-DP's server, relayed calls at the SM-SR, between
  // the batches.
  expect_resumes_exactly(scenario, {"300500ms", "302s", "330s", "361s"}, "smdp.done                            20");
}

}  // namespace test_euicc_checkpoints
