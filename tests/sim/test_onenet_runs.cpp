// OneNET in engine runs (platforms.onenet; sim/twinsim/engine/onenet_run.hpp;
// the source document §3.2.3: chip management integrated with OneNET):
// the chip management platform registers each device at its chip's
// activation, a suspension marks it, a deactivation deletes it; the
// devices are online from their attach, their activity_data are data
// points; with OneNET at a node, chip management's messages take the route.
#include <gtest/gtest.h>

#include <string>

#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_onenet_runs {

using namespace twinsim::testing;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
constexpr int kMeters = 4;

// Four meters powering up in the first minute, a 200-byte reading every
// 5 min; chip management and OneNET follow them (`onenet` its other keys);
// suspended at 20 min, deactivated at 40 min; `extra` after the campaigns,
// `chips` chip management's other keys.
twinsim::Scenario meters(const std::string& stop, const std::string& onenet, const std::string& extra = "",
                         const std::string& chips = "") {
  const std::string text =
      "general: {name: onenet-run, seed: 5, stop: " + stop + "}\n"
      "populations:\n"
      "  - {name: meters, count: " + std::to_string(kMeters) + ", device_model: modem, modem: nb-iot, profile: " +
      kProfile + ", start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 5min, jitter: 10s}, "
      "connected: 5s, activity_data: 200B}\n"
      "platforms:\n"
      "  chip_management: {populations: [meters]" + chips + "}\n"
      "  onenet: {populations: [meters]" + onenet + "}\n"
      "campaigns:\n"
      "  - {name: stop, kind: chip-suspend, population: meters, at: 20min}\n"
      "  - {name: close, kind: chip-deactivate, population: meters, at: 40min}\n" + extra;
  return twinsim::parse_scenario(text, "onenet-run.yaml");
}

TEST(OneNetRuns, ADeviceActivatedSendsDataIsSuspendedThenDeletedAndOneNetFollows) {
  const std::string activation = ", registration: activation";
  // Before the suspension: every meter registered at its activation,
  // online, its readings counted.
  const Outcome early = run(meters("15min", activation), "onenet-early");
  EXPECT_EQ(early.metrics.at("chip.activated"), kMeters);
  EXPECT_EQ(early.metrics.at("onenet.registrations"), kMeters);
  EXPECT_EQ(early.metrics.at("onenet.devices_registered"), kMeters);
  EXPECT_EQ(early.metrics.at("onenet.devices_online"), kMeters);
  EXPECT_EQ(early.metrics.at("onenet.devices_suspended"), 0);
  // Each meter reads at least twice in 15 min (every 5 min, from its first connection).
  EXPECT_GE(early.metrics.at("onenet.datapoints"), 2 * kMeters);
  EXPECT_EQ(early.metrics.at("onenet.datapoint_bytes"), 200 * early.metrics.at("onenet.datapoints"));
  EXPECT_EQ(early.metrics.at("onenet.datapoints_refused"), 0);

  // After the suspension: marked, and offline (the network detached them).
  const Outcome suspended = run(meters("30min", activation), "onenet-suspended");
  EXPECT_EQ(suspended.metrics.at("chip.suspended"), kMeters);
  EXPECT_EQ(suspended.metrics.at("chip.detaches"), kMeters);
  EXPECT_EQ(suspended.metrics.at("onenet.suspensions"), kMeters);
  EXPECT_EQ(suspended.metrics.at("onenet.devices_registered"), kMeters);
  EXPECT_EQ(suspended.metrics.at("onenet.devices_suspended"), kMeters);
  EXPECT_EQ(suspended.metrics.at("onenet.devices_offline"), kMeters);
  EXPECT_EQ(suspended.metrics.at("onenet.devices_online"), 0);
  const double readings = suspended.metrics.at("onenet.datapoints");
  EXPECT_GT(readings, early.metrics.at("onenet.datapoints"));  // those from 15 to 20 min

  // After the deactivation: deleted; no reading since the suspension.
  const Outcome closed = run(meters("60min", activation), "onenet-closed");
  EXPECT_EQ(closed.metrics.at("chip.deactivated"), kMeters);
  EXPECT_EQ(closed.metrics.at("onenet.registrations"), kMeters);
  EXPECT_EQ(closed.metrics.at("onenet.deletions"), kMeters);
  EXPECT_EQ(closed.metrics.at("onenet.devices_registered"), 0);
  EXPECT_EQ(closed.metrics.at("onenet.devices_suspended"), 0);
  EXPECT_EQ(closed.metrics.at("onenet.datapoints"), readings);
}

TEST(OneNetRuns, TheCustomersDevicesAreRegisteredBeforeTheRun) {
  // Registered at 0 s, not by chip management; the lifecycle steps reach
  // OneNET all the same.
  const Outcome r = run(meters("30min", ""), "onenet-customer");
  EXPECT_EQ(r.metrics.at("onenet.registrations"), kMeters);
  EXPECT_EQ(r.metrics.at("onenet.suspensions"), kMeters);
  EXPECT_EQ(r.metrics.at("onenet.devices_suspended"), kMeters);
  EXPECT_GT(r.metrics.at("onenet.datapoints"), 0);
}

TEST(OneNetRuns, WithoutActivityDataThereAreNoDataPoints) {
  twinsim::Scenario s = meters("15min", "");
  s.populations[0].activity_data_bytes = 0;
  const Outcome r = run(s, "onenet-no-data");
  EXPECT_EQ(r.metrics.at("onenet.datapoints"), 0);
  EXPECT_EQ(r.metrics.at("onenet.devices_online"), kMeters);
}

TEST(OneNetRuns, AtItsNodeChipManagementsRegistrationsTakeTheRoute) {
  // OneNET 30 s from the core, chip management 1 ms: the meters'
  // activations are served in their first minute, and reach OneNET 30 s
  // later; their attaches and readings take 30 s from the access node too.
  const std::string topology =
      "network:\n"
      "  topology:\n"
      "    nodes:\n"
      "      - {name: hss, kind: hss}\n"
      "      - {name: ran, kind: ran_mme}\n"
      "      - {name: core, kind: core_router}\n"
      "      - {name: iot-cloud, kind: platform}\n"
      "      - {name: chips, kind: platform}\n"
      "    links:\n"
      "      - {name: ran-core, from: ran, to: core, latency: 5ms}\n"
      "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
      "      - {name: core-iot, from: core, to: iot-cloud, latency: 30s}\n"
      "      - {name: core-chips, from: core, to: chips, latency: 1ms}\n";
  const std::string chips = ", node: chips";
  const std::string at_node = ", registration: activation, node: iot-cloud";
  const Outcome none_yet = run(meters("20s", at_node, topology, chips), "onenet-node-early");
  EXPECT_GT(none_yet.metrics.at("chip.activated"), 0);
  EXPECT_EQ(none_yet.metrics.at("onenet.registrations"), 0);
  const Outcome all = run(meters("2min", at_node, topology, chips), "onenet-node-late");
  EXPECT_EQ(all.metrics.at("onenet.registrations"), kMeters);
  // Without the node the registrations are there at once.
  const Outcome direct = run(meters("2min", ", registration: activation", topology, chips), "onenet-direct");
  EXPECT_EQ(direct.metrics.at("onenet.registrations"), kMeters);
  // Online: the attach heard 30 s later, after the registration.
  EXPECT_EQ(all.metrics.at("onenet.devices_online"), kMeters);
  // Both crossed the SimGrid links of their routes (platform_links.hpp):
  // the four registrations from chip management, the four attaches from
  // the access node (no reading yet).
  EXPECT_EQ(all.metrics.at("platform_links.messages"), 2 * kMeters);
  // Chip management behind 50 B/s: its four registrations (2000 B each,
  // network.report_size) cross that link too (platform_links.hpp), 160 s
  // for the four: by 2 min they have not all arrived, by 5 min they have.
  std::string narrow = topology;
  const std::string link = "to: chips, latency: 1ms}";
  narrow.replace(narrow.find(link), link.size(), "to: chips, latency: 1ms, bandwidth: 50Bps}");
  const Outcome slow = run(meters("2min", at_node, narrow, chips), "onenet-narrow-early");
  EXPECT_LT(slow.metrics.at("onenet.registrations"), kMeters);
  EXPECT_EQ(run(meters("5min", at_node, narrow, chips), "onenet-narrow-late").metrics.at("onenet.registrations"), kMeters);
}

// OneNET's server (platforms.onenet's server keys): down for the whole run,
// every reading is refused at it; with one admitted every 1000 s, almost
// every reading is; without a server key, no request at all.
TEST(OneNetRuns, AnOutageAndAnAdmissionRateRefuseTheUploads) {
  const Outcome down = run(meters("15min", ", workers: 1, host: iot-open",
                                  "faults:\n  - {at: 0s, target: onenet, action: outage, for: 20min}\n"),
                           "onenet-down");
  EXPECT_EQ(down.metrics.at("onenet.registrations"), kMeters);  // by the customer, before the run
  EXPECT_EQ(down.metrics.at("onenet.datapoints"), 0);
  EXPECT_GE(down.metrics.at("onenet.datapoints_server_refused"), 2 * kMeters);
  EXPECT_EQ(down.metrics.at("onenet.server_requests"), down.metrics.at("onenet.datapoints_server_refused"));
  EXPECT_EQ(down.metrics.at("onenet.datapoints_refused"), 0);

  const Outcome limited = run(meters("15min", ", admission_rate: 0.001, burst: 1"), "onenet-limited");
  EXPECT_GE(limited.metrics.at("onenet.datapoints"), 1);
  EXPECT_LE(limited.metrics.at("onenet.datapoints"), 1);
  EXPECT_EQ(limited.metrics.at("onenet.datapoints") + limited.metrics.at("onenet.datapoints_server_refused"),
            limited.metrics.at("onenet.server_requests"));
  EXPECT_GE(limited.metrics.at("onenet.datapoints_server_refused"), 2 * kMeters - 1);

  const Outcome plain = run(meters("15min", ""), "onenet-plain");
  EXPECT_EQ(plain.metrics.at("onenet.server_requests"), 0);
  EXPECT_EQ(plain.metrics.at("onenet.datapoints"), limited.metrics.at("onenet.server_requests"));
}

}  // namespace test_onenet_runs
