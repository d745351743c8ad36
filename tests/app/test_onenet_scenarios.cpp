// The shipped OneNET scenario (scenarios/onenet-lifecycle.yaml), and
// checkpoints of runs with OneNET (platforms.onenet, docs/CHECKPOINTS.md):
// OneNET's products and devices (ONET), which devices it last heard attach,
// and the messages on their way to it from chip management and the devices
// (ONRN) are saved, and a resumed run continues the original exactly; a
// damaged or missing state gets a clear error.
#include <gtest/gtest.h>

#include <string>

#include "esimtwin_process.hpp"

namespace test_onenet_scenarios {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// Meters registered at OneNET by chip management at their activation, a
// 120-byte reading every 3 min; OneNET 20 s from the core (chip
// management 30 ms), so registrations, attaches and readings are on their
// way for 20 s; suspended at 8 min, resumed at 10, power-cycled from 11
// min (attached again), deactivated at 13.
const char* kOneNet = R"(general: {name: onenet-checkpoints, seed: 43, stop: 16min}
populations:
  - name: meters
    count: 20
    device_model: modem
    modem: nb-iot
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 3min, jitter: 30s}
    activity_data: 120B
engine: {multiplexers: 2}
platforms:
  chip_management: {populations: [meters], workers: 1, service_time: 200ms, node: cm}
  onenet: {populations: [meters], registration: activation, node: iot-cloud}
network:
  topology:
    nodes:
      - {name: ran, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: cm, kind: platform}
      - {name: iot-cloud, kind: platform}
    links:
      - {name: ran-core, from: ran, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-cm, from: core, to: cm, latency: 30ms}
      - {name: core-iot, from: core, to: iot-cloud, latency: 20s}
campaigns:
  - {name: stop, kind: chip-suspend, population: meters, at: 8min}
  - {name: start, kind: chip-resume, population: meters, at: 10min}
  - {name: close, kind: chip-deactivate, population: meters, at: 13min}
faults:
  - {at: 11min, target: "population:meters", action: power-cycle, over: 30s}
)";

// kOneNet with OneNET's server: one worker, 2 s a request, at most three
// waiting, and down from 6 to 7 min (readings and registrations refused).
std::string served_onenet() {
  std::string s = kOneNet;
  const std::string plain = "node: iot-cloud}\n";
  s.replace(s.find(plain), plain.size(),
            "node: iot-cloud, host: iot-open,\n           workers: 1, service_time: 2s, queue_limit: 3}\n");
  const std::string faults = "faults:\n";
  s.replace(s.find(faults), faults.size(), faults + "  - {at: 6min, target: onenet, action: outage, for: 1min}\n");
  return s;
}

// 200 meters registered at OneNET at their activation, sending readings,
// suspended, resumed, power-cycled and deleted at their deactivation.
TEST(OneNetScenarios, ShippedOneNetLifecycleFollowsEveryMeter) {
  const auto r = run_esimtwin("run scenarios/onenet-lifecycle.yaml --no-progress -o " + temp_path("onenet-lc.h5"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("onenet.deletions                    200"), std::string::npos) << r.out;
}

TEST(OneNetCheckpoints, ARunWithOneNetResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onenet-ck.yaml", kOneNet);
  // With registrations and attaches on their way, readings on their way,
  // suspension marks on their way, during the power cycle after the
  // resumption, before the deactivation. The messages to OneNET cross the
  // links (platform_links.hpp): each checkpoint waits for those on their
  // way, up to the route's 20 s (one after the deactivation would leave
  // its resumed run nothing to record).
  expect_resumes_exactly(scenario, {"30s", "100s", "5min", "482s", "665s", "740s"}, "onenet.deletions                     20", {"onenet.", "chip."});
}

// With OneNET's server: registrations and readings waiting or in service,
// during its outage, and after; its /platforms/iot-open rows too.
TEST(OneNetCheckpoints, ARunWithOneNetsServerResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onenet-served-ck.yaml", served_onenet());
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("onenet-served.h5"));
  EXPECT_NE(r.out.find("onenet.datapoints_server_refused"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("onenet.datapoints_server_refused            0"), std::string::npos) << r.out;
  expect_resumes_exactly(scenario, {"50s", "100s", "370s", "482s"}, "onenet.deletions                     20", {"onenet.", "chip."});
}

TEST(OneNetCheckpoints, ADamagedOrMissingOneNetStateGetsAClearError) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onenet-bad-ck.yaml", kOneNet);
  const std::string a = temp_path("onenet-bad-a.h5"), ck = temp_path("onenet-bad-ck.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 5min --checkpoint " + ck).exit_code, 0);
  expect_damage_refused(ck, "onenet-flipped", "/modem/onenet: OneNET run state: CRC-32 does not match");
  expect_damage_refused(ck, "no-onenet", "not a complete checkpoint (no onenet)");
}

}  // namespace test_onenet_scenarios
