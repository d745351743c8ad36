// Scenario files with the chip management platform
// (platforms.chip_management, the source document §3.2.3): what loads, and
// the message every mistake gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "scenario_errors.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// Two domestic modem populations and an international one (lines 3-9);
// platforms on line 11.
const std::string kPopulations =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - {name: meters, count: 10, device_model: modem}\n"
    "  - {name: locks, count: 5, device_model: modem, imsi_prefix: '46002'}\n"
    "  - {name: sensors, count: 5, imsi_prefix: '46003'}\n"
    "  - name: trackers\n"
    "    count: 5\n"
    "    card: international\n"
    "    device_model: modem\n"
    "    euicc: {profiles: [{operator: CMCC, imsi_prefix: '46007', state: enabled}]}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

}  // namespace

TEST(ScenarioChipManagement, ThePlatformTakesItsPopulationsServerAndRules) {
  const twinsim::Scenario s = load(kPopulations +
                                   "platforms:\n  chip_management: {populations: [meters, locks], host: chips, workers: 3, "
                                   "service_time: 40ms, quarantine: 2d, retry_after: 30s, fee_per_day: 300}\n"
                                   "faults:\n  - {at: 5min, target: chip-management, action: outage, for: 1min}\n");
  const twinsim::ChipManagementSpec& c = s.chip_management;
  EXPECT_EQ(c.populations, (std::vector<std::uint16_t>{0, 1}));
  EXPECT_EQ(c.host, "chips");
  EXPECT_EQ(c.server.workers, 3u);
  EXPECT_EQ(c.server.default_service, 40 * twinmodels::kMs);
  EXPECT_EQ(c.quarantine_s, 2 * 86400.0);
  EXPECT_EQ(c.retry_after_s, 30.0);
  EXPECT_EQ(c.fee_per_day, 300u);
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::ChipManagement);
}

TEST(ScenarioChipManagement, WithoutTheKeyNoChipIsFollowed) {
  const twinsim::Scenario s = load(kPopulations);
  EXPECT_TRUE(s.chip_management.populations.empty());
  EXPECT_EQ(s.chip_management.quarantine_s, 30 * 86400.0);  // the default
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioChipManagementBroken, ScenarioErrors,
    testing::Values(
        BrokenCase{"NoPopulations", kPopulations + "platforms:\n  chip_management: {host: chips}\n",
                   "t.yaml:12:20: platforms.chip_management.populations: required key is missing"},
        BrokenCase{"International", kPopulations + "platforms:\n  chip_management: {populations: [trackers]}\n",
                   "t.yaml:12:35: platforms.chip_management.populations[0]: population 'trackers' has card "
                   "international; the chip management platform follows card domestic populations"},
        BrokenCase{"Usim", kPopulations + "platforms:\n  chip_management: {populations: [sensors]}\n",
                   "t.yaml:12:35: platforms.chip_management.populations[0]: population 'sensors' has device_model "
                   "usim; the chip management platform follows device_model modem populations"},
        BrokenCase{"Twice", kPopulations + "platforms:\n  chip_management: {populations: [meters, meters]}\n",
                   "t.yaml:12:43: platforms.chip_management.populations[1]: population 'meters' is listed twice"},
        BrokenCase{"ZeroRetry",
                   kPopulations + "platforms:\n  chip_management: {populations: [meters], retry_after: 0s}\n",
                   "t.yaml:12:57: platforms.chip_management.retry_after: the retry wait must be longer than 0s"},
        BrokenCase{"HostOfTheHss", kPopulations + "platforms:\n  chip_management: {populations: [meters], host: hss}\n",
                   "t.yaml:12:50: platforms.chip_management.host: 'hss' is the host name of another platform"},
        BrokenCase{"UnknownKey", kPopulations + "platforms:\n  chip_management: {populations: [meters], quarantaine: 1d}\n",
                   "t.yaml:12:44: platforms.chip_management.quarantaine: unknown key; did you mean 'quarantine'?"},
        BrokenCase{"FaultWithoutPlatform",
                   kPopulations + "faults:\n  - {at: 5min, target: chip-management, action: outage}\n",
                   "t.yaml:12:24: faults[0].target: 'chip-management': the chip management platform runs only with "
                   "platforms.chip_management; this scenario has none"},
        BrokenCase{"FaultAction",
                   kPopulations + "platforms:\n  chip_management: {populations: [meters]}\n"
                                  "faults:\n  - {at: 5min, target: chip-management, action: degrade}\n",
                   "t.yaml:14:49: faults[0].action: unknown action for the chip management platform 'degrade'"}));
