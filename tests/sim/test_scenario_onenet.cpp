// Scenario files with OneNET (platforms.onenet; the source document §3.2.3,
// §4.1.2): what loads, and the message every mistake gets
// (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "scenario_errors.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_scenario_onenet {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;
using Registration = twinsim::OneNetSpec::Registration;

// Two modem populations and a usim one (lines 3-5); platforms on line 7.
const std::string kPopulations =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - {name: meters, count: 10, device_model: modem}\n"
    "  - {name: locks, count: 5, device_model: modem, imsi_prefix: '46002'}\n"
    "  - {name: sensors, count: 5, imsi_prefix: '46003'}\n"
    "platforms:\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

// A topology with OneNET's platform node and an unconnected one (line 10 on).
const std::string kTopology =
    "network:\n"
    "  topology:\n"
    "    nodes:\n"
    "      - {name: hss, kind: hss}\n"
    "      - {name: ran, kind: ran_mme}\n"
    "      - {name: core, kind: core_router}\n"
    "      - {name: iot-cloud, kind: platform}\n"
    "      - {name: island, kind: platform}\n"
    "    links:\n"
    "      - {name: ran-core, from: ran, to: core, latency: 10ms}\n"
    "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
    "      - {name: core-iot, from: core, to: iot-cloud, latency: 30ms}\n";

TEST(ScenarioOneNet, ThePlatformTakesItsPopulationsRegistrationAndNode) {
  const twinsim::Scenario s = load(kPopulations +
                                   "  chip_management: {populations: [meters, locks]}\n"
                                   "  onenet: {populations: [locks, meters], registration: activation, node: iot-cloud}\n" +
                                   kTopology);
  EXPECT_EQ(s.onenet.populations, (std::vector<std::uint16_t>{1, 0}));
  EXPECT_EQ(s.onenet.registration, Registration::Activation);
  EXPECT_EQ(s.onenet.node, "iot-cloud");
  EXPECT_EQ(s.onenet.node_where, "t.yaml:8:74: platforms.onenet.node");
}

TEST(ScenarioOneNet, TheCustomerRegistersTheDevicesByDefault) {
  const twinsim::Scenario s = load(kPopulations + "  onenet: {populations: [meters]}\n");
  EXPECT_EQ(s.onenet.populations, (std::vector<std::uint16_t>{0}));
  EXPECT_EQ(s.onenet.registration, Registration::Customer);
  EXPECT_TRUE(s.onenet.node.empty());
  EXPECT_TRUE(load(kPopulations + "  onenet: {populations: [meters], registration: customer}\n").onenet.registration ==
              Registration::Customer);
}

TEST(ScenarioOneNet, ItsServerKeysAreReadLikeTheOtherPlatforms) {
  const twinsim::Scenario s =
      load(kPopulations + "  onenet: {populations: [meters], host: iot-open, workers: 2, service_time: 5ms, "
                          "queue_limit: 50, admission_rate: 10, burst: 3, failure_ratio: 0.25}\n");
  EXPECT_TRUE(s.onenet.served);
  EXPECT_EQ(s.onenet.host, "iot-open");
  EXPECT_EQ(s.onenet.server.workers, 2u);
  EXPECT_EQ(s.onenet.server.default_service, 5 * twinmodels::kMs);
  EXPECT_EQ(s.onenet.server.queue_limit, 50u);
  ASSERT_TRUE(s.onenet.server.admission);
  EXPECT_EQ(s.onenet.server.admission->per_second, 10);
  EXPECT_EQ(s.onenet.server.admission->burst, 3u);
  EXPECT_EQ(s.onenet.server.failure_ratio, 0.25);
  // Without any of them, no server: the uploads take no time, as before.
  EXPECT_FALSE(load(kPopulations + "  onenet: {populations: [meters]}\n").onenet.served);
  EXPECT_TRUE(load(kPopulations + "  onenet: {populations: [meters], workers: 1}\n").onenet.served);
}

TEST(ScenarioOneNet, WithoutTheKeyNoDeviceIsFollowed) {
  EXPECT_TRUE(load(kPopulations + "  hss: {cores: 2}\n").onenet.populations.empty());
}

TEST(ScenarioOneNet, ItsMetricsMayBeExpected) {
  const twinsim::Scenario s = load(kPopulations + "  onenet: {populations: [meters]}\n"
                                   "expectations: [\"onenet.devices_registered == 10\", \"onenet.datapoints > 0\"]\n");
  ASSERT_EQ(s.expectations.size(), 2u);
  EXPECT_EQ(s.expectations[0].metric, "onenet.devices_registered");
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioOneNetBroken, ScenarioErrors,
    testing::Values(
        BrokenCase{"NoPopulations", kPopulations + "  onenet: {registration: customer}\n",
                   "t.yaml:7:11: platforms.onenet.populations: required key is missing"},
        BrokenCase{"EmptyPopulations", kPopulations + "  onenet: {populations: []}\n",
                   "t.yaml:7:25: platforms.onenet.populations: needs at least one population"},
        BrokenCase{"UnknownPopulation", kPopulations + "  onenet: {populations: [valves]}\n",
                   "t.yaml:7:26: platforms.onenet.populations[0]: no population named 'valves' (the populations: "
                   "meters, locks, sensors)"},
        BrokenCase{"Usim", kPopulations + "  onenet: {populations: [sensors]}\n",
                   "t.yaml:7:26: platforms.onenet.populations[0]: population 'sensors' has device_model usim; OneNET "
                   "follows device_model modem populations"},
        BrokenCase{"Twice", kPopulations + "  onenet: {populations: [meters, meters]}\n",
                   "t.yaml:7:34: platforms.onenet.populations[1]: population 'meters' is listed twice"},
        BrokenCase{"RegistrationMisspelt", kPopulations + "  onenet: {populations: [meters], registration: activate}\n",
                   "t.yaml:7:49: platforms.onenet.registration: unknown registration 'activate' (allowed: customer, "
                   "activation)"},
        BrokenCase{"ActivationWithoutChipManagement",
                   kPopulations + "  onenet: {populations: [meters], registration: activation}\n",
                   "t.yaml:7:49: platforms.onenet.registration: 'activation': the chip management platform registers "
                   "the devices at their chips' activation, and platforms.chip_management does not follow population "
                   "'meters'"},
        BrokenCase{"ActivationOfAPopulationChipManagementDoesNotFollow",
                   kPopulations + "  chip_management: {populations: [meters]}\n"
                                  "  onenet: {populations: [meters, locks], registration: activation}\n",
                   "t.yaml:8:56: platforms.onenet.registration: 'activation': the chip management platform registers "
                   "the devices at their chips' activation, and platforms.chip_management does not follow population "
                   "'locks'"},
        BrokenCase{"NoWorkers", kPopulations + "  onenet: {populations: [meters], workers: 0}\n",
                   "t.yaml:7:44: platforms.onenet.workers: expected a whole number from 1 to 100000, found 0"},
        BrokenCase{"BadServiceTime", kPopulations + "  onenet: {populations: [meters], service_time: soon}\n",
                   "t.yaml:7:49: platforms.onenet.service_time: 'soon': expected a duration: a number and a unit (ms, s, min, "
                   "h or d), e.g. 30s, 1.5h"},
        BrokenCase{"NoQueue", kPopulations + "  onenet: {populations: [meters], queue_limit: 0}\n",
                   "t.yaml:7:48: platforms.onenet.queue_limit: expected a whole number (1 or more), found 0"},
        BrokenCase{"NoAdmissionRate", kPopulations + "  onenet: {populations: [meters], admission_rate: 0}\n",
                   "t.yaml:7:51: platforms.onenet.admission_rate: expected a number above 0 and at most 1000000 (decimal "
                   "digits, e.g. 30 or 2.5), found '0'"},
        BrokenCase{"BurstWithoutRate", kPopulations + "  onenet: {populations: [meters], burst: 5}\n",
                   "t.yaml:7:42: platforms.onenet.burst: `burst` needs `admission_rate`: the requests per second it admits"},
        BrokenCase{"FailureRatioAboveOne", kPopulations + "  onenet: {populations: [meters], failure_ratio: 1.5}\n",
                   "t.yaml:7:50: platforms.onenet.failure_ratio: expected a share from 0 to 1, found '1.5'"},
        BrokenCase{"HostOfTheHss", kPopulations + "  onenet: {populations: [meters], host: hss}\n",
                   "t.yaml:7:41: platforms.onenet.host: 'hss' is the host name of another platform: the run file keeps one "
                   "table per name"},
        BrokenCase{"HostOfChipManagement",
                   kPopulations + "  chip_management: {populations: [meters]}\n  onenet: {populations: [meters], host: chip-management}\n",
                   "t.yaml:8:41: platforms.onenet.host: 'chip-management' is the chip management platform's host name: the run file keeps one table per name"},
        BrokenCase{"OutageWithoutServer",
                   kPopulations + "  onenet: {populations: [meters]}\nfaults:\n  - {at: 1min, target: onenet, action: outage, for: 1min}\n",
                   "t.yaml:9:24: faults[0].target: 'onenet': OneNET's server runs only with one of platforms.onenet's server "
                   "keys (host, workers, service_time, queue_limit, admission_rate, burst, failure_ratio); this scenario has none"},
        BrokenCase{"OnenetDegraded",
                   kPopulations + "  onenet: {populations: [meters], workers: 1}\nfaults:\n  - {at: 1min, target: onenet, action: degrade, for: 1min}\n",
                   "t.yaml:9:40: faults[0].action: unknown action for OneNET 'degrade' (allowed: outage, crash)"},
        BrokenCase{"UnknownKey", kPopulations + "  onenet: {populations: [meters], products: 2}\n",
                   "t.yaml:7:35: platforms.onenet.products: unknown key"},
        BrokenCase{"NodeWithoutTopology", kPopulations + "  onenet: {populations: [meters], node: iot-cloud}\n",
                   "t.yaml:7:41: platforms.onenet.node: a platform's node needs network.topology"},
        BrokenCase{"NodeUnknown", kPopulations + "  onenet: {populations: [meters], node: cloud}\n" + kTopology,
                   "t.yaml:7:41: platforms.onenet.node: no node 'cloud' in network.topology"},
        BrokenCase{"NodeOfAnotherKind", kPopulations + "  onenet: {populations: [meters], node: ran}\n" + kTopology,
                   "t.yaml:7:41: platforms.onenet.node: node 'ran' is of kind ran_mme; OneNET sits at a node of kind "
                   "platform"},
        BrokenCase{"NoRouteFromTheDevices",
                   kPopulations + "  onenet: {populations: [meters], node: island}\n" + kTopology,
                   "t.yaml:10:5: network.topology: no route from 'ran' to 'island': they are not connected (devices attach at 'ran')"}));

}  // namespace test_scenario_onenet
