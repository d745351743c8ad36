// Checkpoints of a run whose OneLink sits at a node 190 ms from the MME
// (platforms.onelink.node; docs/CHECKPOINTS.md, OLRN 8): the network's
// events and the cards' usage records (data from the MME's node, MO SMS
// from the SMSC's, 189 ms away) on their way to OneLink cross the links of
// their route (platform_links.hpp): a checkpoint waits for them to arrive,
// and the resumed run continues the original exactly.
#include <gtest/gtest.h>

#include <string>

#include "esimtwin_process.hpp"

namespace test_onelink_network_checkpoints {

using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::printed_checkpoints;
using esimtwin::testing::python_tool;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// 30 meters powering up at once at 5 s, each activity 1 kB and 2 MO SMS,
// PSM a minute after each release; OneLink follows them with data and SMS
// limits.
const char* kFarOneLink = R"(general: {name: onelink-network-checkpoints, seed: 43, stop: 30min}
populations:
  - name: meters
    count: 30
    device_model: modem
    modem: nb-iot
    power_saving: {t3324: 1min, t3412: 6min}
    connected: 10s
    start: {profile: at-once, at: 5s}
    activity: {period: 7min, jitter: 1min}
    activity_sms: 2
    activity_data: 1kB
engine: {multiplexers: 2}
platforms:
  onelink: {populations: [meters], node: ol, data_alert: 3kB, sms_alert: 4, account_sms_alert: 50, offline_alert: 10min}
network:
  topology:
    nodes:
      - {name: ran, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: ol, kind: platform}
    links:
      - {name: ran-core, from: ran, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-ol, from: core, to: ol, latency: 188ms}
)";

TEST(OneLinkNetworkCheckpoints, TheNetworksEventsOnTheirWayToOneLinkResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onelink-network-ck.yaml", kFarOneLink);
  // With the registrations on their way (the meters registered at
  // 7.316 s, OneLink hears of it at 7.506 s), their PSM entries (77.301 s)
  // and their periodic TAUs out of PSM (377.301 s, among the first
  // activities' SMS).
  const std::string out =
      expect_resumes_exactly(scenario, {"7400ms", "77400ms", "377400ms"}, "onelink.sms_mo", {"onelink.", "sms."});
  // Each checkpoint had events on their way: on the links of their route
  // (platform_links.hpp), it waited for them to arrive.
  for (const auto& ck : printed_checkpoints(out)) EXPECT_GT(ck.clock_s, ck.requested_s) << ck.file;
}

// With the cards' usage records on their way: the first activity's data
// (374.848 s, heard at 375.038 s), and an MO SMS the SMSC took at
// 376.348 s (heard at 376.537 s).
TEST(OneLinkNetworkCheckpoints, TheUsageRecordsOnTheirWayToOneLinkResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onelink-usage-ck.yaml", kFarOneLink);
  const std::string out =
      expect_resumes_exactly(scenario, {"375000ms", "376400ms"}, "onelink.data_bytes", {"onelink.", "sms."});
  for (const auto& ck : printed_checkpoints(out)) EXPECT_GT(ck.clock_s, ck.requested_s) << ck.file;
}

// OLRN 4, 6, 7 and 8 states (before the network's events, before the usage
// records crossed the route, before number migrations, before the backups
// of OneLink's records) are refused.
TEST(OneLinkNetworkCheckpoints, AnOlderOneLinkRunStateIsRefused) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onelink-network-old.yaml", kFarOneLink);
  const std::string a = temp_path("onelink-old-a.h5"), ck = temp_path("onelink-old-ck.h5"),
                    bad = temp_path("onelink-old-bad.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 7400ms --checkpoint " + ck).exit_code, 0);
  for (const char* version : {"4", "6", "7", "8"}) {
    ASSERT_EQ(python_tool("corrupt_checkpoint.py " + ck + " " + bad + " onelink-run-version-" + version), 0);
    const auto r = run_esimtwin("resume " + bad + " --no-progress -o " + temp_path("onelink-old-b.h5"));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(std::string("OneLink run state: version ") + version +
                         " is not the version this model reads (9)"),
              std::string::npos)
        << r.out;
  }
}

}  // namespace test_onelink_network_checkpoints
