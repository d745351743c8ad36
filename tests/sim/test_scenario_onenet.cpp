// Scenario files with OneNET (platforms.onenet; the source document §3.2.3,
// §4.1.2): what loads, and the message every mistake gets
// (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "scenario_errors.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace {

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

}  // namespace

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
