// The faults emergency-enable and emergency-disable (the device's local
// switch of the emergency profile, SGP.02 v3.1 "Emergency Profile";
// docs/SCENARIOS.md, "faults"): what loads, and the messages for targets
// that have no eUICC or no modem model.
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_emergency {

using twinsim::FaultAction;
using twinsim::FaultTarget;
using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// An international population `trackers` of 10 (lines 3-11).
const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string kTrackers = twinsim::testing::kLoaderCards +
                              "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
                              "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";

TEST(ScenarioEmergency, TheFaultsTakeAPopulationOrADeviceAndASpread) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kTrackers +
          "faults:\n"
          "  - {at: 10min, target: population:trackers, action: emergency-enable, over: 30s}\n"
          "  - {at: 20min, target: device:3, action: emergency-disable}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].target, FaultTarget::Population);
  EXPECT_EQ(s.faults[0].action, FaultAction::EmergencyEnable);
  EXPECT_EQ(s.faults[0].over_s, 30);
  EXPECT_EQ(s.faults[1].target, FaultTarget::Device);
  EXPECT_EQ(s.faults[1].device, 3u);
  EXPECT_EQ(s.faults[1].action, FaultAction::EmergencyDisable);
  EXPECT_EQ(s.faults[1].over_s, 0);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioEmergencyBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"EmergencyOnAUsimPopulation",
                   kGen + "populations:\n  - name: meters\n    count: 10\n    card: domestic\n"
                          "faults:\n  - {at: 1min, target: population:meters, action: emergency-enable}\n",
                   "t.yaml:8:51: faults[0].action: 'emergency-enable': population 'meters' has device_model usim; "
                   "the local switch needs device_model modem"},
        BrokenCase{"EmergencyOnADomesticCard",
                   kGen + "populations:\n  - name: meters\n    count: 10\n    device_model: modem\n"
                          "faults:\n  - {at: 1min, target: population:meters, action: emergency-enable}\n",
                   "t.yaml:8:51: faults[0].action: 'emergency-enable': population 'meters' has card domestic; "
                   "the emergency profile needs card international (an eUICC)"},
        BrokenCase{"EmergencyOnADeviceOfAUsimPopulation",
                   kGen + kTrackers + "  - name: meters\n    count: 10\n"
                                      "faults:\n  - {at: 1min, target: device:12, action: emergency-disable}\n",
                   "t.yaml:15:43: faults[0].action: 'emergency-disable': device 12 (population 'meters') has "
                   "device_model usim; the local switch needs device_model modem"},
        BrokenCase{"EmergencyTakesNoRestart",
                   kGen + kTrackers +
                       "faults:\n  - {at: 1min, target: population:trackers, action: emergency-disable, restart: 5s}\n",
                   "t.yaml:13:81: faults[0].restart: does not apply to the action 'emergency-disable' (its keys: over)"},
        BrokenCase{"EmergencyIsNoPlatformAction",
                   kGen + kTrackers + "faults:\n  - {at: 1min, target: hss, action: emergency-enable}\n",
                   "t.yaml:13:37: faults[0].action: unknown action for the HSS 'emergency-enable' (allowed: outage, "
                   "degrade, restore-backup, crash)"}));

}  // namespace test_scenario_emergency
