// Runs over network topologies (docs/SCENARIOS.md, network.topology), end to
// end: without a topology the engine's output is exactly what it was before
// topologies existed; a topology written out like the default one runs the
// same; a lossy roaming link makes its devices time out and retry, stays
// deterministic per seed and survives a checkpoint.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_network_topology_runs {

using esimtwin::testing::have_h5py;
using esimtwin::testing::python_output;
using esimtwin::testing::python_tool;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

std::string write(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

// Two populations on three multiplexers, a slow core link degraded further
// for a while, a power-cycled population, traced devices.
const char* kDefaultNetwork = R"(general: {name: default-network, seed: 5, stop: 20min}
populations:
  - name: meters
    count: 700
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 4min, jitter: 30s}
  - name: trackers
    count: 301
    modem: lte-m
    start: {profile: exponential, at: 10s, over: 1min}
    activity: {period: 3min, jitter: 20s}
platforms:
  hss: {cores: 1, queue_limit: 50}
network:
  core: {latency: 7ms, bandwidth: 1MBps}
engine: {multiplexers: 3}
trace: {devices: [2, 1000]}
faults:
  - {at: 8min, target: core-2, action: degrade, bandwidth: 2kBps, for: 2min}
  - {at: 12min, target: population:trackers, action: power-cycle, over: 20s}
)";

// The digest (tests/tools/run_file_digest.py) of kDefaultNetwork's run file
// as the engine wrote it before it had topologies (commit 6ce4062, with its
// hard-coded platform): the default topology must not change one bit. Since
// the modem model's event kinds (2026-12-01) the `kinds` attribute of
// /events/kind lists 51 kinds instead of 15, and since the write module's
// outcomes (2026-12-02) 54, and since the SM-SR's and OneLink's rows
// (2026-12-02) 61, and since the SM-DP's (2026-12-02, session 9) 64, and
// since the modem's emergency profile reports (2026-12-02, appended after
// the SM-DP's) 67, and since OneLink's usage alerts (2026-12-02, session
// 12, appended last) 68, and since OneLink's query answers (session 13,
// appended last) 69, and since the network detach's rows (detach_request_sent,
// hss_resend, isd_lift: T3422 and the HSS's messages, appended last) 72, and
// since OneLink's quota alerts and its customer API's requests answered and
// refused (session 14, appended last) 75, and since the SM-SR's POL2
// Auto-Delete rows (smsr_auto_deleted, smsr_auto_delete_failed, appended
// last) 77, and since the devices' own MO SMS and OneLink's SMS alerts
// (sms_mo, onelink_sms_alert, appended last) 79, and since the power-off
// fault's row (power_off, appended last) 80, and since the wear rows 83;
// every dataset and every other attribute is as
// before (checked against the binaries of commits 3df11a7 and e0735e0, and
// by cutting the list back to 54 kinds, which gives the previous digest
// adf1210f…, to 61, which gives 7bf1c377…, to 64, which gives 0c1b7425…,
// to 67, which gives b4ffe169…, to 68, which gives eb8203db…, to 69,
// which gives 722beeb7…, to 72, which gives e92d0d35…, to 75, which gives
// 2ecd23dc…, to 77, which gives 962caf74…, and to 79, which gives
// 5cdccedd…), which
// made the digest 933a7c8e…, then fdc45c46…, then adf1210f…, then
// 7bf1c377…, then 0c1b7425…, then b4ffe169…, then eb8203db…, then 722beeb7…,
// then 5cdccedd… (the kinds from 69 on came in together, session 14), then
// b549f898…. Since the HSS counts a service round's nominal busy time
// (flops over speed, session 15) /platforms/hss/busy differs from the clock
// difference it counted before in its last bits (at most 4.3e-13; every
// other dataset and attribute the same, checked against the binary of
// commit d5ab7eb): 197f8d88…. Since the environment's wear rows
// (nvm_worn_out, nvm_too_hot, nvm_charge_lost, appended last) the kinds
// are 83; cutting the list back to 80 gives 197f8d88… again: fac9fe16….
// Since the traced APDUs' secrets are masked (trace.secrets, session 18)
// the traced devices' AUTHENTICATE answers hold CK and IK as 00 bytes:
// only /apdu/bytes differs (the same run with `secrets: clear` and this
// scenario text written into its `scenario` attribute gives fac9fe16…
// again): dca3d235…. Since the SMSC crash's rows (sms_answer_lost,
// sms_mo_refused, appended last) the kinds are 85; cutting the list back to
// 83 gives dca3d235… again (session 23): b96e910c…. Since a card keeps
// its cleared continuation journal pages' erase counts without their
// content (card state version 5, session 28) /devices/state_bytes is
// smaller; every other dataset is the same (checked on ota-campaign-100k
// against the binary before): b5473b53…. Since the multiplexed engine's
// exchange with the HSS is its own model (hss_exchange.hpp) and, without
// modem devices, one actor runs the multiplexers (session 38), only the
// events' and APDUs' times and the order of the events differ (against
// the binary of commit 785a1b8): the same 24 479 events and 5 719
// authentications, their median wait the same (25.2 ms), the longest
// 1.10 → 0.72 s (on the degraded link batches queue instead of sharing
// its bandwidth); the platform series and the devices' final state are
// identical: 7553a445….
const char* kDefaultNetworkDigest = "7553a445407cc54449ef6c409d4396fe6b06f0471d798606e320d90a313cd342";

// The same network written out as a topology (no link faults: they name the
// default topology's links).
const char* kNetworkWrittenOut = R"(general: {name: default-network, seed: 5, stop: 20min}
populations:
  - {name: meters, count: 700, start: {profile: uniform, at: 0s, over: 2min}, activity: {period: 4min, jitter: 30s}}
  - {name: trackers, count: 301, modem: lte-m, start: {profile: exponential, at: 10s, over: 1min},
     activity: {period: 3min, jitter: 20s}}
platforms:
  hss: {cores: 1, queue_limit: 50}
network:
  core: {latency: 7ms, bandwidth: 1MBps}
  topology:
    nodes:
      - {name: hss, kind: hss}
      - {name: mux-0, kind: ran_mme}
      - {name: mux-1, kind: ran_mme}
      - {name: mux-2, kind: ran_mme}
    links:
      - {name: core-0, from: mux-0, to: hss}
      - {name: core-1, from: mux-1, to: hss}
      - {name: core-2, from: mux-2, to: hss}
engine: {multiplexers: 3}
trace: {devices: [2, 1000]}
)";

// Every dataset of two run files equal (their scenario texts differ).
const char* kSameData = R"(
import h5py, numpy as np, sys
a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
names = []
a.visit(names.append)
for n in names:
    if not isinstance(a[n], h5py.Dataset):
        continue
    x, y = a[n][()], b[n][()]
    if x.dtype.kind == 'O':  # variable-length values (APDU bytes): one by one
        equal = len(x) == len(y) and all(np.array_equal(p, q) for p, q in zip(x, y))
    else:
        equal = np.array_equal(x, y)
    if not equal:
        print('differs', n)
        sys.exit(1)
print('same', len(names))
)";

TEST(NetworkTopologyRuns, WithoutATopologyTheRunFileIsAsBefore) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string out = temp_path("topology-default-network.h5");
  const auto r = run_esimtwin("run " + write("topology-default-network.yaml", kDefaultNetwork) + " --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(esimtwin::testing::run_file_digest(out), std::string(kDefaultNetworkDigest) + "\n");
}

TEST(NetworkTopologyRuns, TheDefaultNetworkWrittenOutRunsTheSame) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  std::string builtin = kDefaultNetwork;
  builtin = builtin.substr(0, builtin.find("faults:"));
  const std::string a = temp_path("topology-builtin.h5");
  const std::string b = temp_path("topology-written-out.h5");
  ASSERT_EQ(run_esimtwin("run " + write("topology-builtin.yaml", builtin) + " --no-progress -o " + a).exit_code, 0);
  ASSERT_EQ(run_esimtwin("run " + write("topology-written-out.yaml", kNetworkWrittenOut) + " --no-progress -o " + b).exit_code, 0);
  const std::string script = write("topology-same-data.py", kSameData);
  EXPECT_EQ(python_output(script + " " + a + " " + b).rfind("same ", 0), 0u);
}

TEST(NetworkTopologyRuns, ALossyRoamingLinkMakesItsDevicesRetry) {
  const std::string a = temp_path("topology-roaming-a.h5");
  const auto r = run_esimtwin("run scenarios/roaming.yaml --stop 20min --no-progress -o " + a);
  ASSERT_EQ(r.exit_code, 0) << r.out;  // every expectation of the scenario holds
  EXPECT_NE(r.out.find("devices_attached                   3000"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // The roamers (devices 2000-2999) wait at least a round trip over the
  // roaming route (2 x 86 ms) for their first vector, and some of them a
  // whole timeout (15 s); the meters at home never.
  const std::string check = write("topology-roaming-check.py", R"(
import h5py, numpy as np, sys
f = h5py.File(sys.argv[1], 'r')
e = f['events']
names = list(e['kind'].attrs['kinds'])
kind = np.array([names[k] for k in e['kind'][:]])
t = e['t'][:]; dev = e['device'][:]
def first(name):
    m = kind == name
    out = {}
    for d, x in zip(dev[m], t[m]):
        out.setdefault(int(d), x)
    return out
asked, got = first('vector_requested'), first('authenticated')
wait = np.array([got[d] - asked[d] for d in range(3000)])
home, roam = wait[:2000], wait[2000:]
assert home.max() < 0.172, home.max()
assert roam.min() >= 0.172, roam.min()
assert (roam >= 15).sum() > 0, 'no roamer timed out'
assert (home >= 15).sum() == 0
print('ok')
)");
  EXPECT_EQ(python_output(check + " " + a), "ok\n");
}

TEST(NetworkTopologyRuns, LossIsDeterministicPerSeed) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("topology-loss-a.h5"), b = temp_path("topology-loss-b.h5"), c = temp_path("topology-loss-c.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/roaming.yaml --stop 10min --no-progress -o " + a).exit_code, 0);
  ASSERT_EQ(run_esimtwin("run scenarios/roaming.yaml --stop 10min --no-progress -o " + b).exit_code, 0);
  const auto other = run_esimtwin("run scenarios/roaming.yaml --stop 10min --seed 8 --no-progress -o " + c);
  ASSERT_NE(other.out.find("requests_lost"), std::string::npos) << other.out;
  EXPECT_EQ(python_tool("compare_run_files.py " + a + " " + b), 0);
  EXPECT_NE(python_tool("compare_run_files.py " + a + " " + c), 0);
}

TEST(NetworkTopologyRuns, ALossyRunResumesFromACheckpointExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("topology-loss-ckpt.h5"), ck = temp_path("topology-loss.ckpt.h5"), b = temp_path("topology-loss-resumed.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/roaming.yaml --stop 25min --no-progress -o " + a + " --checkpoint " + ck +
                         " --checkpoint-at 8min")
                .exit_code,
            0);
  ASSERT_EQ(run_esimtwin("resume " + ck + " --no-progress -o " + b).exit_code, 0);
  EXPECT_EQ(python_tool("compare_resumed_run.py " + a + " " + b), 0);
}

TEST(NetworkTopologyRuns, ADegradedRoamingLinkSlowsOnlyTheRoamers) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/roaming.yaml");
  std::stringstream text;
  text << in.rdbuf();
  // 400 B/s for two minutes: a 200-byte request or answer alone takes 0.5 s
  // to cross the roaming link (latency aside).
  const std::string path =
      write("topology-roaming-degraded.yaml",
            text.str() + "faults:\n  - {at: 1min, target: 'link:roaming', action: degrade, bandwidth: 400Bps, for: 2min}\n");
  const std::string out = temp_path("topology-roaming-degraded.h5");
  const auto r = run_esimtwin("run " + path + " --stop 10min --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string check = write("topology-degraded-check.py", R"(
import h5py, numpy as np, sys
f = h5py.File(sys.argv[1], 'r')
e = f['events']
names = list(e['kind'].attrs['kinds'])
kind = np.array([names[k] for k in e['kind'][:]])
t = e['t'][:]; dev = e['device'][:]
asked, got = {}, {}
for k, d, x in zip(kind, dev, t):
    if k == 'vector_requested': asked.setdefault(int(d), x)
    if k == 'authenticated': got.setdefault(int(d), x)
def waits(devices, lo, hi):
    return np.array([got[d] - asked[d] for d in devices if lo <= asked[d] < hi])
# Timed-out requests (lost, >= 15 s) aside, roamers before the fault take a
# round trip; every roamer asking during it waits at least 0.5 s (queued on
# the slow link, most far longer); the meters at home do not notice.
roam_before, roam_during = waits(range(2000, 3000), 0, 50), waits(range(2000, 3000), 61, 179)
home_during = waits(range(0, 2000), 61, 179)
assert len(roam_during) > 100 and len(home_during) > 100
assert roam_before[roam_before < 15].max() < 0.5, roam_before.max()
assert roam_during.min() >= 0.5, roam_during.min()
assert np.median(roam_during) > 10, np.median(roam_during)
assert home_during[home_during < 15].max() < 0.172, home_during.max()
print('ok')
)");
  EXPECT_EQ(python_output(check + " " + out), "ok\n");
}

}  // namespace test_network_topology_runs
