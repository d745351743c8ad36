// Checkpoints of runs with international cards (card international: a
// card-core eUICC per device, docs/CHECKPOINTS.md): the eUICC's whole state
// (its platform card, every profile card, what it holds while powered)
// goes into /cards/bytes, and a resumed run continues the original
// exactly — through PSM (the card off and on again), brown-outs and a power
// loss in the middle of an NVM program. A damaged eUICC state gets a clear
// error; runs with the SM-SR or OneLink refuse checkpoints for now.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "esimtwin_process.hpp"

using esimtwin::testing::have_h5py;
using esimtwin::testing::python_tool;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

namespace {

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

std::string write_scenario(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST(EuiccCheckpoints, AResumedRunContinuesTheOriginalExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-ck.yaml", kTrackers);
  // Early (attaching), in PSM, and during the power loss's restart.
  for (const char* at : {"50s", "4min", "550s"}) {
    SCOPED_TRACE(at);
    const std::string a = temp_path("eu-a.h5"), ck = temp_path("eu-ck.h5"), b = temp_path("eu-b.h5");
    const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at " + at + " --checkpoint " + ck);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto s = run_esimtwin("resume " + ck + " --no-progress -o " + b);
    ASSERT_EQ(s.exit_code, 0) << s.out;
    EXPECT_EQ(python_tool("compare_resumed_run.py " + a + " " + b), 0);
  }
}

TEST(EuiccCheckpoints, ADamagedEuiccStateGetsAClearError) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_scenario("euicc-ck-bad.yaml", kTrackers);
  const std::string a = temp_path("eu-bad-a.h5"), ck = temp_path("eu-bad-ck.h5"), bad = temp_path("eu-bad.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 4min --checkpoint " + ck).exit_code, 0);
  ASSERT_EQ(python_tool("corrupt_checkpoint.py " + ck + " " + bad + " card-magic"), 0);
  const auto r = run_esimtwin("resume " + bad + " --no-progress -o " + temp_path("eu-bad-b.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("device 3: euicc state: no \"EUST\" magic"), std::string::npos) << r.out;
}

TEST(EuiccCheckpoints, RunsWithTheSmSrOrOneLinkRefuseCheckpoints) {
  // The shipped export scenario has both; OneLink is named first
  // (tests/sim/test_sm_sr_runs.cpp has the SM-SR alone).
  const auto r = run_esimtwin("run scenarios/export-enable-profile.yaml --no-progress -o " + temp_path("eu-smsr.h5") +
                              " --checkpoint-at 20min --checkpoint " + temp_path("eu-smsr-ck.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("platforms.onelink: checkpoints of runs with OneLink are not done yet"), std::string::npos) << r.out;
}
