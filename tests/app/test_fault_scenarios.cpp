// Faults from scenario files, end to end (docs/SCENARIOS.md, "faults"): each
// action shows its symptom in the run file at its time and nowhere else, the
// fleet recovers, and a checkpoint taken while a fault is under way resumes
// exactly (the backup of a pending HSS restore, an armed power loss, a
// degraded link and a spread power cycle all cross the checkpoint).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_fault_scenarios {

using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::summary_metric;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// 2 000 devices, each fault alone in its own stretch of time.
const char* kFaults = R"(general: {name: faults, seed: 11, stop: 40min}
populations:
  - name: meters
    count: 1500
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 5min, jitter: 30s}
  - name: trackers
    count: 500
    modem: lte-m
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 3min, jitter: 20s}
engine: {multiplexers: 2}
trace: {devices: [3]}
faults:
  - {at: 6min, target: hss, action: outage, for: 1min}
  - {at: 12min, target: core-1, action: degrade, bandwidth: 2kBps, for: 3min}
  - {at: 20min, target: hss, action: restore-backup, backup_at: 10min}
  - {at: 25min, target: population:trackers, action: power-cycle, over: 30s}
  - {at: 30min, target: device:3, action: power-loss, restart: 20s}
  - {at: 33min, target: hss, action: degrade, cores: 1, for: 2min}
)";

std::string faults_file() {
  const std::string path = temp_path("faults.yaml");
  std::ofstream(path) << kFaults;
  return path;
}

// Runs a Python check on the run file `run`; `body` sees t, kind (names), device, value.
int check_events(const std::string& run, const std::string& body) {
  const std::string script = temp_path("check.py");
  std::ofstream(script) << "import h5py, numpy as np, sys\n"
                           "f = h5py.File(sys.argv[1], 'r')\n"
                           "e = f['events']\n"
                           "names = list(e['kind'].attrs['kinds'])\n"
                           "t = e['t'][:]; device = e['device'][:]; value = e['value'][:]\n"
                           "kind = np.array([names[k] for k in e['kind'][:]])\n"
                           "def window(name, lo=None, hi=None):\n"
                           "    m = kind == name\n"
                           "    return (t[m].min(), t[m].max(), int(m.sum())) if m.any() else (None, None, 0)\n"
                        << body;
  return std::system(("/usr/bin/python3 " + script + " " + run).c_str());
}

TEST(FaultScenarios, EveryFaultShowsAtItsTimeAndTheFleetRecovers) {
  const std::string out = temp_path("faults.h5");
  const auto r = run_esimtwin("run " + faults_file() + " --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Summary: 500 trackers cycled, one power loss, every device attached.
  EXPECT_NE(r.out.find("power_cycles                        500"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("power_losses                          1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("devices_attached                   2000"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  EXPECT_EQ(check_events(out,
                         // Outage 6-7 min: every rejection inside it (answers within a round trip).
                         "lo, hi, n = window('rejected')\n"
                         "assert n > 0 and lo >= 360 and hi < 421, (lo, hi, n)\n"
                         // Restore at 20 min of a 10-min backup: every device's next vector is stale.
                         "lo, hi, n = window('sync_failure')\n"
                         "assert n == 2000 and lo >= 1200, (lo, hi, n)\n"
                         // The power cycle hits the trackers (devices 1500..1999) within 30 s.
                         "m = kind == 'power_cycle'\n"
                         "assert set(device[m]) == set(range(1500, 2000)) and t[m].min() >= 1500 and t[m].max() < 1530\n"
                         // Device 3: armed at 30 min, loses power at its next NVM program,
                         // powers up 20 s later and authenticates again.
                         "d3 = device == 3\n"
                         "k3, t3 = kind[d3], t[d3]\n"
                         "i = list(k3).index('power_loss')\n"
                         "assert t3[list(k3).index('power_loss_armed')] == 1800\n"
                         "assert k3[i + 1] == 'power_on' and abs(t3[i + 1] - t3[i] - 20) < 1e-6\n"
                         "assert 'authenticated' in list(k3[i + 1:])\n"
                         "assert not (kind == 'card_error').any() and not (kind == 'mac_failure').any()\n"),
            0);
}

TEST(FaultScenarios, ADegradedLinkSlowsOnlyItsMultiplexer) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string out = temp_path("faults-link.h5");
  ASSERT_EQ(run_esimtwin("run " + faults_file() + " --no-progress -o " + out).exit_code, 0);
  // Round trip request -> authenticated, per multiplexer (device parity),
  // for requests made during the degradation (12-15 min) and before it.
  EXPECT_EQ(check_events(out,
                         "req = {}; rtt = {(0, 0): [], (0, 1): [], (1, 0): [], (1, 1): []}\n"
                         "for ti, ki, di in zip(t, kind, device):\n"
                         "    if ki == 'vector_requested': req[di] = ti\n"
                         "    elif ki == 'authenticated' and di in req:\n"
                         "        s = req[di]\n"
                         "        if 600 <= s < 700: rtt[(0, di % 2)].append(ti - s)\n"
                         "        if 730 <= s < 890: rtt[(1, di % 2)].append(ti - s)\n"
                         "before0, before1 = np.mean(rtt[(0, 0)]), np.mean(rtt[(0, 1)])\n"
                         "during0, during1 = np.mean(rtt[(1, 0)]), np.mean(rtt[(1, 1)])\n"
                         "assert during1 > 5 * before1 and during0 < 2 * before0, (before0, before1, during0, during1)\n"),
            0);
}

TEST(FaultScenarios, AnHssWithFewerCoresQueuesMore) {
  // 300 power-ons a second against an HSS of 4 x 100 vectors a second, and
  // the same HSS with three cores lost from the start: a long queue, the
  // same attaches in the end.
  const std::string base = std::string("general: {name: cores, seed: 3, stop: 3min}\n"
                                       "populations:\n  - {name: m, count: 3000, start: {profile: uniform, at: 0s, over: 10s}}\n"
                                       "platforms:\n  hss: {flops_per_vector: 10Mf}\n");
  const std::string a = temp_path("cores-a.yaml"), b = temp_path("cores-b.yaml");
  std::ofstream(a) << base;
  std::ofstream(b) << base << "faults:\n  - {at: 0s, target: hss, action: degrade, cores: 1}\n";
  const auto ra = run_esimtwin("run " + a + " --no-progress -o " + temp_path("cores-a.h5"));
  const auto rb = run_esimtwin("run " + b + " --no-progress -o " + temp_path("cores-b.h5"));
  ASSERT_EQ(ra.exit_code, 0) << ra.out;
  ASSERT_EQ(rb.exit_code, 0) << rb.out;
  EXPECT_GT(summary_metric(rb.out, "hss.max_queue"), 2 * summary_metric(ra.out, "hss.max_queue")) << ra.out << rb.out;
  EXPECT_EQ(summary_metric(rb.out, "devices_attached"), 3000) << rb.out;
}

TEST(FaultScenarios, CheckpointsDuringFaultsResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = faults_file();
  // In the outage; in the link degradation; with the HSS backup taken and
  // its restore pending; in the power cycle's spread; with device 3's power
  // loss armed; in the HSS degradation.
  esimtwin::testing::expect_resumes_exactly(scenario, {"390s", "14min", "17min", "1510s", "1810s", "34min"},
                                            "6 written in");
}

// An HSS of one core (50 vectors a second) with a queue when it crashes at
// 10 s, up again at 30 s; meters and LTE-M trackers (the modem model).
const char* kHssCrash = R"(general: {name: hss-crash, seed: 5, stop: 5min}
populations:
  - name: meters
    count: 1000
    start: {profile: uniform, at: 0s, over: 20s}
    activity: {period: 1h, jitter: 0s}
  - name: trackers
    count: 200
    modem: lte-m
    start: {profile: uniform, at: 0s, over: 20s}
    activity: {period: 2min, jitter: 10s}
platforms:
  hss: {cores: 1, flops_per_vector: 20Mf}
engine: {multiplexers: 2}
faults:
  - {at: 10s, target: hss, action: crash, restart: 20s}
)";

TEST(FaultScenarios, CheckpointsAcrossAnHssCrashResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // With a queue before the crash; in the crash (the queue lost, requests
  // lost as they arrive); after the restart, with devices' timers running.
  const std::string out = esimtwin::testing::expect_resumes_exactly(write_temp("hss-crash.yaml", kHssCrash),
                                                                    {"5s", "12s", "35s"}, "3 written in");
  EXPECT_GT(summary_metric(out, "hss.crash_lost"), 500) << out;
  EXPECT_EQ(summary_metric(out, "devices_attached"), 1200) << out;
}

// Multiplexer 1's core link cut for 2 min, multiplexer 0's losing half of
// its messages for 2 min, multiplexer 1's 3 s slower each way for 2 min;
// 600 meters (device d on multiplexer d mod 2) waking every minute.
// Requests lost or unanswered time out (20 s) and are made again.
const char* kLinkFaults = R"(general: {name: link-faults, seed: 17, stop: 20min}
populations:
  - name: meters
    count: 600
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 1min, jitter: 10s}
network: {request_timeout: 20s}
engine: {multiplexers: 2}
faults:
  - {at: 5min, target: core-1, action: down, for: 2min}
  - {at: 10min, target: link:core-0, action: loss, loss: 0.5, for: 2min}
  - {at: 14min, target: core-1, action: delay, latency: 3s, for: 2min}
)";

TEST(FaultScenarios, ALinkDownLosesEveryMessageAndALossyOneHalfForAWhile) {
  const std::string scenario = write_temp("link-faults.yaml", kLinkFaults), out = temp_path("link-faults.h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(summary_metric(r.out, "devices_attached"), 600) << r.out;
  EXPECT_GT(summary_metric(r.out, "requests_lost"), 0) << r.out;
  EXPECT_GT(summary_metric(r.out, "answers_lost"), 0) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // Per multiplexer (device parity): the share of requests made in a window
  // that were answered (authenticated before the next request).
  EXPECT_EQ(check_events(out,
                         "def answered(lo, hi, mux):\n"
                         "    asked = ok = 0; pending = {}\n"
                         "    for ti, ki, di in zip(t, kind, device):\n"
                         "        if di % 2 != mux: continue\n"
                         "        if ki == 'vector_requested':\n"
                         "            pending[di] = lo <= ti < hi\n"
                         "            asked += lo <= ti < hi\n"
                         "        elif ki == 'authenticated' and pending.pop(di, False): ok += 1\n"
                         "    return ok / asked\n"
                         // Down 300-420 s: nothing on multiplexer 1 is answered; 0 is untouched.
                         "assert answered(300, 419, 1) == 0, answered(300, 419, 1)\n"
                         "assert answered(300, 419, 0) == 1, answered(300, 419, 0)\n"
                         // Loss 0.5 each way 600-720 s: a quarter answered on 0; 1 untouched.
                         "q = answered(600, 719, 0)\n"
                         "assert 0.15 < q < 0.35, q\n"
                         "assert answered(600, 719, 1) == 1\n"
                         // Before and between them, every request is answered.
                         "assert answered(120, 299, 0) == 1 and answered(120, 299, 1) == 1\n"
                         "assert answered(450, 599, 1) == 1 and answered(750, 1100, 0) == 1\n"
                         // Delay 3 s each way 840-960 s on multiplexer 1: every
                         // request answered, 6 s later than on 0 and than before.
                         "def round_trips(lo, hi, mux):\n"
                         "    asked = {}; out = []\n"
                         "    for ti, ki, di in zip(t, kind, device):\n"
                         "        if di % 2 != mux: continue\n"
                         "        if ki == 'vector_requested': asked[di] = ti\n"
                         "        elif ki == 'authenticated' and di in asked:\n"
                         "            a = asked.pop(di)\n"
                         "            if lo <= a < hi: out.append(ti - a)\n"
                         "    return min(out), max(out), len(out)\n"
                         "assert answered(840, 959, 1) == 1 and answered(840, 959, 0) == 1\n"
                         "lo, hi, n = round_trips(840, 959, 1)\n"
                         "assert n > 50 and 6 <= lo and hi < 7, (lo, hi, n)\n"
                         "for w in ((840, 959, 0), (750, 839, 1), (970, 1100, 1)):\n"
                         "    lo, hi, n = round_trips(*w)\n"
                         "    assert n > 50 and hi < 1, (w, lo, hi, n)\n"),
            0);
  // A checkpoint while the link is down, one while it delays resume exactly.
  esimtwin::testing::expect_resumes_exactly(scenario, {"6min", "15min"}, "requests_lost");
}

// A write-card campaign whose SMS carry an absolute validity period (1 h
// after submission, by the write module's clock), to 100 PSM meters; the
// module's clock 2 h behind until 20 min: each packet it submits then is
// past its validity by the SMSC's clock, expires at once and is retried
// 5 min later; the third attempt, after the skew, reaches every meter.
std::string clock_skew_scenario(bool skewed) {
  return write_temp(skewed ? "skew.yaml" : "no-skew.yaml", std::string(R"(general: {name: clock-skew, seed: 23, stop: 2h}
populations:
  - name: meters
    count: 100
    modem: nb-iot
    device_model: modem
    power_saving: {t3324: 2min, t3412: 20min}
    start: {profile: uniform, at: 0s, over: 5min}
    activity: {period: 24h, jitter: 2h}
platforms:
  write_module: {max_attempts: 4, retry_after: 5min}
network:
  smsc: {rate: 50, burst: 50, validity: 1d}
campaigns:
  - {name: renumber, kind: write-card, population: meters, at: 12min, batch_size: 50, batch_interval: 1min,
     imsi_prefix: "46008", validity: 1h, validity_format: absolute}
)") + (skewed ? "faults:\n  - {at: 0s, target: write-module, action: clock-skew, skew: -2h, for: 20min}\n" : ""));
}

TEST(FaultScenarios, AWriteModuleClockBehindMakesAbsoluteValiditiesExpireAtOnce) {
  const auto plain = run_esimtwin("run " + clock_skew_scenario(false) + " --no-progress -o " + temp_path("noskew.h5"));
  ASSERT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_EQ(summary_metric(plain.out, "sms.expired"), 0) << plain.out;
  EXPECT_EQ(summary_metric(plain.out, "ota.done"), 100) << plain.out;
  const std::string out = temp_path("skew.h5");
  const auto r = run_esimtwin("run " + clock_skew_scenario(true) + " --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(summary_metric(r.out, "sms.expired"), 200) << r.out;
  EXPECT_EQ(summary_metric(r.out, "ota.retries"), 200) << r.out;
  EXPECT_EQ(summary_metric(r.out, "ota.done"), 100) << r.out;
  EXPECT_EQ(summary_metric(r.out, "refreshes"), 100) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // Each expiry at its submission, both inside the skew; every delivery after it.
  EXPECT_EQ(check_events(out,
                         "sub = sorted(zip(device[kind == 'sms_submitted'], t[kind == 'sms_submitted']))\n"
                         "exp = sorted(zip(device[kind == 'sms_expired'], t[kind == 'sms_expired']))\n"
                         "assert len(exp) == 200 and all(ti < 1200 for _, ti in exp), exp[:3]\n"
                         "assert set(exp) <= set(sub), 'an expiry not at a submission'\n"
                         "assert (t[kind == 'sms_delivered'] >= 1200).all()\n"),
            0);
}

TEST(FaultScenarios, ADeviceTargetBeyondAScaledRunIsRefused) {
  const auto r = run_esimtwin("run " + faults_file() + " --devices 3 --no-progress -o " + temp_path("x.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find(":19: faults: device 3 does not exist in a run of 3 devices"), std::string::npos) << r.out;
}

TEST(FaultScenarios, ShippedIncidentScenarioMeetsItsExpectations) {
  const auto r = run_esimtwin("run scenarios/hss-incidents.yaml --no-progress -o " + temp_path("incidents.h5"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Backtrace"), std::string::npos) << r.out;  // nothing from SimGrid on the way out
}

}  // namespace test_fault_scenarios
