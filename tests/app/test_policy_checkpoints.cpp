// Checkpoints of runs with update-policy-rules campaigns and POL2's
// Auto-Delete (docs/CHECKPOINTS.md: SMSR 3 keeps each eUICC's profiles
// disabled with the rule and awaiting the eUICC's notification, SRUN 10
// the Auto-Delete counters; CMRN the chip management requests the SM-SR's
// deletions made): a resumed run continues the original exactly,
// whether taken before the rule, between the disables and their
// notifications, or while the SM-SR's own deletions are on their way.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_policy_checkpoints {

using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::temp_path;

// 30 trackers switched to the German profile at 2 min, its POL2 set to
// DISABLE Auto-Delete by its MNO at 4 min, the profile disabled from 6 min
// (10 a minute): the SM-SR deletes it after each fall-back's notification,
// and chip management (slow: one worker, 2 s a request) deletes its record,
// each request at its server or waiting in some checkpoints.
const char* kAutoDelete = R"(general: {name: policy-checkpoints, seed: 37, stop: 15min}
populations:
  - name: trackers
    count: 30
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202"}
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 10min, t3412: 20min}
    connected: 20s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 24h, jitter: 1h}
engine: {multiplexers: 2}
platforms:
  chip_management: {populations: [trackers], workers: 1, service_time: 2s}
campaigns:
  - {name: local, kind: enable-profile, population: trackers, profile: DE-MNO, at: 2min, batch_size: 10, batch_interval: 20s}
  - {name: rule, kind: update-policy-rules, population: trackers, profile: DE-MNO, pol2: ['DISABLE Auto-Delete'], at: 4min}
  - {name: back, kind: disable-profile, population: trackers, profile: DE-MNO, at: 6min, batch_size: 10, batch_interval: 1min}
)";

TEST(PolicyCheckpoints, ARunWithAutoDeletesResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = temp_path("policy-ck.yaml");
  std::ofstream(scenario) << kAutoDelete;
  const std::string out = expect_resumes_exactly(scenario, {"5min", "365s", "370s", "430s", "8min"}, "smsr.auto_deleted", {"smsr.", "chip."});
  EXPECT_NE(out.find("smsr.auto_deleted"), std::string::npos);
}

}  // namespace test_policy_checkpoints
