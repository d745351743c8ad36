// The shipped campaign scenario end to end through the esimtwin binary: a
// write-card campaign to PSM meters meets its expectations, and a traced
// meter's APDUs show the new IMSI read back from the card after the REFRESH,
// before its new attach; checkpoints of the campaign resume exactly, and
// damaged ones are refused with a clear error.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "cardcore/usim/identifiers.hpp"
#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"

namespace test_campaign_scenarios {

using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::start_esimtwin;
using esimtwin::testing::wait_until_running;
using esimtwin::testing::write_temp;
using Apdu = esimtwin::testing::ApduRow;

TEST(CampaignScenarios, ShippedWriteCardCampaignMeetsItsExpectations) {
  const std::string out = temp_path("ota-renumber.h5");
  const auto r = run_esimtwin("run scenarios/ota-renumber-psm.yaml --no-progress --trace-device 7 -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  // Device 7's card: EF.IMSI answered with the old IMSI at power-up and with
  // the campaign's (46008, MSIN 7) after the REFRESH, never the other way round.
  cardcore::Bytes old_imsi = cardcore::encode_imsi("460040000000007");
  cardcore::Bytes new_imsi = cardcore::encode_imsi("460080000000007");
  for (auto* b : {&old_imsi, &new_imsi}) b->insert(b->end(), {0x90, 0x00});
  double old_at = -1, new_at = -1;
  for (const Apdu& a : esimtwin::testing::read_apdu_rows(out)) {
    ASSERT_EQ(a.device, 7u);
    if (a.direction != 1) continue;
    if (a.bytes == old_imsi && old_at < 0) old_at = a.t;
    if (a.bytes == new_imsi && new_at < 0) new_at = a.t;
  }
  EXPECT_GE(old_at, 0);
  EXPECT_GT(new_at, 4 * 3600.0);  // at its periodic TAU, 4 h after it attached
  EXPECT_GT(new_at, old_at);
}

// The summary from the first metric on (the run's first lines name the
// files and the checkpoint).
std::string summary_metrics(const std::string& out) {
  const std::size_t at = out.find("  attach_success_ratio");
  return at == std::string::npos ? std::string() : out.substr(at);
}

// Checkpoints of modem runs (docs/CHECKPOINTS.md): the campaign scaled to
// 300 meters, saved while attaches are in progress (5 min), while the
// campaign's messages wait in the SMSC for meters in PSM (45 min), while
// deliveries, REFRESHes and attaches with the new IMSI go on at the meters'
// periodic TAU (4 h 5 min), and after them (4.5 h, the run taken on to 9 h
// so that the meters' next periodic TAUs come after it). Each resumed run
// records exactly the original's rows after the checkpoint and ends with
// the same devices, metrics and expectations (scale-free: both meet them).
TEST(CampaignScenarios, CheckpointsOfModemRunsResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // Every metric alike (the prefix "": every summary line).
  const std::string out = esimtwin::testing::expect_resumes_exactly(
      "scenarios/ota-renumber-psm.yaml --devices 300 --trace-device 7 --stop 9h", {"5min", "45min", "245min", "270min"},
      "4 written in", {""});
  EXPECT_FALSE(summary_metrics(out).empty()) << out;
  // The campaign went through in the run that took checkpoints in its middle.
  EXPECT_NE(out.find("sms.delivered                       300"), std::string::npos) << out;
  EXPECT_NE(out.find("refreshes                           300"), std::string::npos) << out;
}

// usim trackers beside modem meters with a campaign, and faults: an HSS
// outage, an HSS restored from a backup (resyncs), the meters power-cycled
// while their messages wait, a meter's card losing power in an NVM program,
// a brown-out of the meters, an outage of the write module while the
// campaign's orders come in; the meters' MME admits 0.2 attaches/s (NAS
// congestion control, T3346). Checkpoints in the attach storm's T3346
// waits, in the HSS outage, in the write module's (its queue full), in the
// power cycle's spread, with the power loss armed and in the brown-out's
// restarts resume exactly.
TEST(CampaignScenarios, CheckpointsOfMixedRunsWithFaultsResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = temp_path("mixed-faults.yaml");
  std::ofstream(scenario) << R"(general: {name: mixed-faults, seed: 77, stop: 3h}
populations:
  - {name: trackers, count: 150, card: domestic, modem: nb-iot, imsi_prefix: "46004",
     start: {profile: uniform, at: 0s, over: 2min}, activity: {period: 5min, jitter: 30s}}
  - {name: meters, count: 200, card: domestic, modem: lte-m, imsi_prefix: "46005", device_model: modem,
     power_saving: {t3324: 2min, t3412: 1h}, connected: 10s,
     start: {profile: uniform, at: 1min, over: 10min}, activity: {period: 30min, jitter: 5min}}
network:
  smsc: {rate: 5, burst: 5, validity: 1d}
  mme: {attaches_per_second: 0.2, burst: 3, t3346_min: 1min, t3346_max: 2min}
campaigns:
  - {name: renumber, kind: write-card, population: meters, at: 20min, over: 10min, imsi_prefix: "46008",
     validity: 1d, refresh: uicc-reset}
faults:
  - {at: 15min, target: hss, action: outage, for: 1min}
  - {at: 22min, target: hss, action: restore-backup, backup_at: 12min}
  - {at: 26min, target: population:meters, action: power-cycle, over: 1min}
  - {at: 27min, target: device:160, action: power-loss, restart: 20s}
  - {at: 33min, target: population:meters, action: brown-out, over: 30s}
  - {at: 21min, target: write-module, action: outage, for: 2min}
)";
  // Every metric alike (the prefix "": every summary line).
  const std::string out = esimtwin::testing::expect_resumes_exactly(
      scenario, {"150s", "930s", "1300s", "1590s", "1625s", "1995s", "40min"}, "power_losses                          1",
      {""});
  EXPECT_NE(out.find("sms.delivered                       200"), std::string::npos) << out;
  EXPECT_NE(out.find("brown_outs                          200"), std::string::npos) << out;
  EXPECT_EQ(out.find("mme.congestion_rejects                0"), std::string::npos) << out;  // some
}

// Ctrl-C during a modem run: the run saves its state and stops right there
// (every row recorded before the checkpoint: the SMSC actor stops too), and
// the resumed run goes on from it to the stop time.
TEST(CampaignScenarios, AnInterruptedModemRunStopsAtItsCheckpoint) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("mi-a.h5"), ck = temp_path("mi-ck.h5"), b = temp_path("mi-b.h5");
  std::remove(ck.c_str());
  std::remove(a.c_str());
  // 20 000 meters: still running when the signal comes half a second after
  // the run file appears (5 000 took 0.6 s, start and end included).
  const pid_t pid = start_esimtwin({"run", "scenarios/ota-renumber-psm.yaml", "--devices", "20000", "--no-progress",
                                    "-o", a, "--checkpoint", ck});
  ASSERT_GE(pid, 0);
  ASSERT_TRUE(wait_until_running(pid, a));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 130);
  const std::string py = "/usr/bin/python3 -c \"import h5py,sys; a=h5py.File('" + a +
                         "','r'); b=h5py.File('" + b + "','r'); s=float(a.attrs['checkpoint_s']); "
                         "sys.exit(0 if a.attrs['interrupted'] and int(a.attrs['checkpoint_events']) == len(a['events']['t']) "
                         "and float(b.attrs['resumed_at_s']) == s and len(b['events']['t']) > 0 else 1)\"";
  const auto r = run_esimtwin("resume " + ck + " --no-progress -o " + b);
  // The scenario's expectations are scale-free: 20 000 meters meet them.
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(esimtwin::testing::summary_metric(r.out, "sms.submitted"), 20000) << r.out;
  EXPECT_EQ(std::system(py.c_str()), 0);
}

TEST(CampaignScenarios, DamagedModemCheckpointsGetAClearError) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("md-a.h5"), ck = temp_path("md-ck.h5"), bad = temp_path("md-bad.h5");
  // The scenario's expectations are scale-free: 50 meters meet them.
  ASSERT_EQ(run_esimtwin("run scenarios/ota-renumber-psm.yaml --devices 50 --no-progress -o " + a +
                         " --checkpoint-at 45min --checkpoint " + ck)
                .exit_code,
            0);
  const std::pair<const char*, const char*> damages[] = {
      {"older-version", "checkpoint version 2 is older than this esimtwin reads (7)"},
      {"no-modem", "not a complete checkpoint (no modem)"},
      {"modem-magic", "device 3: modem state: not a saved modem state"},
      {"modem-size", "device 5: modem state at bytes 340+68 of /modem/states/bytes; expected it at 339"},
      {"modem-truncated", "device 49: modem state: truncated at"},
      {"modem-state-value", "device 5: modem state: state 42 is not a modem state"},
      {"smsc-magic", "/modem/smsc: SMSC state: not a saved SMSC state"},
      {"smsc-truncated", "/modem/smsc: SMSC state: truncated"},
      {"write-module-magic", "/modem/write_module: write module state: not a saved write module state"},
      {"write-module-truncated", "/modem/write_module: write module state: truncated"},
      {"no-write-module", "not a complete checkpoint (no write_module)"},
      {"message-device", "/modem/messages row 0: device 4000000 is not a modem device of the run"},
      {"reach-rows", "not a complete checkpoint (no 0)"},
      {"cell-row", "/modem/cells row 0 holds cell 7 of multiplexer 0"},
  };
  for (const auto& [damage, message] : damages) {
    ASSERT_EQ(std::system(("/usr/bin/python3 " ESIMTWIN_SOURCE_DIR "/tests/tools/corrupt_checkpoint.py " + ck + " " +
                           bad + " " + damage + " >/dev/null")
                              .c_str()),
              0)
        << damage;
    const auto r = run_esimtwin("resume " + bad + " --no-progress -o " + temp_path("md-b.h5"));
    EXPECT_EQ(r.exit_code, 2) << damage << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << damage << "\n" << r.out;
    EXPECT_NE(r.out.find(bad), std::string::npos) << damage << "\n" << r.out;  // the message names the file
  }
}

// The shipped retry scenario (scenarios/ota-renumber-retry.yaml): every
// first message expires before its meter wakes, the write module's retries
// carry the campaign, and its outage from 50 to 65 min holds the retries
// due meanwhile back until 65 min — its /platforms rows show the queue
// filling with nothing built, then everything built at once.
TEST(CampaignScenarios, ShippedRetryScenarioMeetsItsExpectationsAndShowsTheOutage) {
  const std::string out = temp_path("ota-retry.h5");
  const auto r = run_esimtwin("run scenarios/ota-renumber-retry.yaml --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
w = h5py.File(sys.argv[1])['platforms/write-module']
rows = list(zip(w['t'][:], w['queue'][:], w['served'][:]))
down = [(q, s) for t, q, s in rows if 51 * 60 <= t <= 65 * 60]
after = [s for t, q, s in rows if t == 66 * 60]
sys.exit(0 if down and all(s == 0 for q, s in down) and max(q for q, s in down) == 2000 and after == [2000] else 1)
" )";
  EXPECT_EQ(std::system((check + out).c_str()), 0);
}

// The shipped export scenario (scenarios/export-enable-profile.yaml): 500
// trackers with an international card move to the local operator's profile
// through the SM-SR; the SM-SR's /platforms rows count every call served,
// and device 7's APDU trace holds the SMS-PP downloads (ENVELOPE) and the
// eUICC's proactive commands (FETCH) that carried the switch.
TEST(CampaignScenarios, ShippedExportScenarioMovesEveryTrackerThroughTheSmSr) {
  const std::string out = temp_path("export.h5");
  const auto r = run_esimtwin("run scenarios/export-enable-profile.yaml --no-progress --trace-device 7 -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
f = h5py.File(sys.argv[1])
served = int(f['platforms/sm-sr/served'][:].sum())
a = f['apdu']
cmds = [bytes(x) for x, d, dev in zip(a['bytes'][:], a['direction'][:], a['device'][:]) if dev == 7 and d == 0]
envelopes = sum(c[:2] == bytes.fromhex('80C2') for c in cmds)
fetches = sum(c[:2] == bytes.fromhex('8012') for c in cmds)
sys.exit(0 if served == 500 and envelopes >= 3 and fetches >= 1 else 1)
" )";
  EXPECT_EQ(std::system((check + out).c_str()), 0);
}

// The same export over HTTPS (scenarios/export-enable-https.yaml): its
// expectations (two sessions per tracker), and device 7's APDU trace holds
// the BIP commands of its sessions: the terminal's FETCHes of OPEN
// CHANNEL / SEND DATA / RECEIVE DATA and its TERMINAL RESPONSEs with the
// channel's data (TS 102 223 §6.4.27-§6.4.30).
TEST(CampaignScenarios, ShippedHttpsExportRunsItsScriptsOverTheCardsSessions) {
  const std::string out = temp_path("export-https.h5");
  const auto r = run_esimtwin("run scenarios/export-enable-https.yaml --no-progress --trace-device 7 -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
f = h5py.File(sys.argv[1])
a = f['apdu']
cmds = [bytes(x) for x, d, dev in zip(a['bytes'][:], a['direction'][:], a['device'][:]) if dev == 7 and d == 0]
responses = [c for c in cmds if c[:2] == bytes.fromhex('8014')]
# TERMINAL RESPONSE command details: tag 81 or 01, number, type 40 OPEN / 43 SEND / 42 RECEIVE DATA.
kind = lambda c, t: any(c[i] in (0x01, 0x81) and c[i + 1] == 3 and c[i + 3] == t for i in range(5, 8))
opens = sum(kind(c, 0x40) for c in responses)
sends = sum(kind(c, 0x43) for c in responses)
receives = sum(kind(c, 0x42) for c in responses)
sys.exit(0 if opens == 2 and sends >= 4 and receives >= 4 else 1)
" )";
  EXPECT_EQ(std::system((check + out).c_str()), 0);
}

// The shipped import scenario (scenarios/import-download-profile.yaml): 150
// trackers made abroad get China Mobile's profile from its SM-DP through
// the SM-SR; the SM-DP's /platforms rows count every order served, and
// device 7's APDU trace holds the SMS-PP downloads of the ES8 download
// (more ENVELOPEs than the SM-SR's functions alone send).
TEST(CampaignScenarios, ShippedImportScenarioDownloadsChinaMobilesProfile) {
  const std::string out = temp_path("import.h5");
  const auto r = run_esimtwin("run scenarios/import-download-profile.yaml --no-progress --trace-device 7 -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
f = h5py.File(sys.argv[1])
served = int(f['platforms/sm-dp/served'][:].sum())
a = f['apdu']
cmds = [bytes(x) for x, d, dev in zip(a['bytes'][:], a['direction'][:], a['device'][:]) if dev == 7 and d == 0]
envelopes = sum(c[:2] == bytes.fromhex('80C2') for c in cmds)
sys.exit(0 if served == 150 and envelopes >= 8 else 1)
" )";
  EXPECT_EQ(std::system((check + out).c_str()), 0);
}

// A shipped export by SM-SR change and download (`scenario`): 150 trackers
// handed from China Mobile's SM-SR to the SM-SR of host `sr`, then given
// the foreign profile by the SM-DP of host `dp` through it; both SM-SRs'
// /platforms rows serve, `dp` every order, China Mobile's SM-DP none, and
// device 7's APDU trace holds the SMS-PP downloads of the change's key
// establishment and of the download.
void expect_export_through(const std::string& scenario, const std::string& sr, const std::string& dp) {
  const std::string out = temp_path(scenario + ".h5");
  const auto r = run_esimtwin("run scenarios/" + scenario + ".yaml --no-progress --trace-device 7 -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
f = h5py.File(sys.argv[1])
served = lambda host: int(f['platforms/' + host + '/served'][:].sum())
a = f['apdu']
cmds = [bytes(x) for x, d, dev in zip(a['bytes'][:], a['direction'][:], a['device'][:]) if dev == 7 and d == 0]
envelopes = sum(c[:2] == bytes.fromhex('80C2') for c in cmds)
ok = served('sm-sr-cmcc') >= 3 * 150 and served(sys.argv[2]) >= 150 and served(sys.argv[3]) == 150
sys.exit(0 if ok and served('sm-dp-cmcc') == 0 and envelopes >= 12 else 1)
" )";
  EXPECT_EQ(std::system((check + out + " " + sr + " " + dp).c_str()), 0);
}

// The direct mode: the German operator's own SM-SR and SM-DP.
TEST(CampaignScenarios, ShippedDirectExportHandsOverAndDownloads) {
  expect_export_through("export-direct", "sm-sr-de", "sm-dp-de");
}

// The proxy mode: an eSIM agent's SM-SR and SM-DP.
TEST(CampaignScenarios, ShippedProxyExportGoesThroughTheAgentsPlatforms) {
  expect_export_through("export-proxy", "sm-sr-agent", "sm-dp-agent");
}

// The shipped delegated export (scenarios/export-delegated.yaml): China
// Mobile's SM-DP downloads the partner's profile through China Mobile's
// SM-SR, which keeps the eUICCs: nine SMS per tracker, no SM-SR change.
TEST(CampaignScenarios, ShippedDelegatedExportDownloadsThroughChinaMobile) {
  const std::string out = temp_path("export-delegated.h5");
  const auto r = run_esimtwin("run scenarios/export-delegated.yaml --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sms.submitted                      1350"), std::string::npos) << r.out;
}

// The shipped chip lifecycle (scenarios/chip-lifecycle.yaml): 1000 meters'
// numbers activated (through an outage of the platform), re-numbered over
// the air, the old numbers recycled; the platform's /platforms rows serve
// an activation and an OTA write record per meter and refuse during the
// outage.
TEST(CampaignScenarios, ShippedChipLifecycleActivatesWritesAndRecycles) {
  const std::string out = temp_path("chip-lifecycle.h5");
  const auto r = run_esimtwin("run scenarios/chip-lifecycle.yaml --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
p = h5py.File(sys.argv[1])['platforms/chip-management']
t, served, rejected = p['t'][:], p['served'][:], p['rejected'][:]
during = int(sum(r for x, r in zip(t, rejected) if 5 * 60 < x <= 9 * 60))
sys.exit(0 if int(served.sum()) == 2000 and during > 0 and int(rejected.sum()) == during else 1)
" )";
  EXPECT_EQ(std::system((check + out).c_str()), 0);
}

// The shipped lifecycle campaigns (scenarios/chip-suspend-scrap.yaml): 500
// meters suspended, resumed, deactivated, recycled after the quarantine and
// scrapped; the platform serves an activation and four steps per meter.
TEST(CampaignScenarios, ShippedChipSuspendScrapTakesEveryMeterThroughItsSteps) {
  const std::string out = temp_path("chip-suspend-scrap.h5");
  const auto r = run_esimtwin("run scenarios/chip-suspend-scrap.yaml --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("chip.scrapped                       500"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = R"(/usr/bin/python3 -c "
import h5py, sys
p = h5py.File(sys.argv[1])['platforms/chip-management']
sys.exit(0 if int(p['served'][:].sum()) == 2500 and int(p['rejected'][:].sum()) == 0 else 1)
" )";
  EXPECT_EQ(std::system((check + out).c_str()), 0);
}

// The shipped usage scenario (scenarios/onelink-usage.yaml): one day of a
// utility's meters and a logistics firm's trackers; every card passes its
// daily 100 kB once, and the trackers' account its 500 MB.
TEST(CampaignScenarios, ShippedOneLinkUsageRaisesACardAlertPerDeviceAndOneAccountAlert) {
  // Its first 15 of 24 hours, without its expectations of the whole day:
  // every card passes its 100 kB by 13 h, the account its 500 MB at about
  // 14 h (the SMS alerts, at 18.75 h, are the catalogue's and the OneLink
  // SMS tests').
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/onelink-usage.yaml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t expectations = text.find("\nexpectations:");
  ASSERT_NE(expectations, std::string::npos);
  const std::string scenario = write_temp("onelink-usage-15h.yaml", text.substr(0, expectations + 1));
  const auto r = run_esimtwin("run " + scenario + " --stop 15h --no-progress -o " + temp_path("onelink-usage.h5"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("onelink.usage_alerts               2501"), std::string::npos) << r.out;
}

// A downloaded profile's package that cannot be read, or is no SAIP
// package: the run does not start, and the message names the file.
TEST(CampaignScenarios, ABadProfilePackageStopsTheRunNamingTheFile) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/import-download-profile.yaml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string good = "package: profiles/saip/cmcc-m2m.der";
  ASSERT_NE(text.find(good), std::string::npos);
  const std::pair<std::string, std::string> cases[] = {
      {"/nonexistent.der", "package '/nonexistent.der': cannot open '/nonexistent.der'"},
      {"profiles/euicc-platform.prof", "package 'profiles/euicc-platform.prof': "}};
  for (const auto& [package, message] : cases) {
    SCOPED_TRACE(package);
    std::string bad = text;
    bad.replace(bad.find(good), good.size(), "package: " + package);
    const std::string scenario = write_temp("bad-package.yaml", bad);
    const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("bad-package.h5"));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("population imported: profile of CMCC: " + message), std::string::npos) << r.out;
  }
}

}  // namespace test_campaign_scenarios
