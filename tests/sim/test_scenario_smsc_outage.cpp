// The SMSC's outage and crash in a scenario (docs/SCENARIOS.md, "faults":
// target `smsc`, actions `outage` and `crash`): what loads, and the message
// every mistake gets.
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_smsc_outage {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// Meters with the modem model (lines 2-5); the campaign on line 7 when
// there is one; the fault on line 9 (line 7 without a campaign).
const std::string kMeters =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - name: meters\n"
    "    count: 10\n"
    "    device_model: modem\n";
const std::string kWrite =
    "campaigns:\n"
    "  - {name: w, kind: write-card, population: meters, at: 10min, imsi_prefix: '46008'}\n";

std::string with_fault(const std::string& fault, const std::string& population = kMeters,
                       const std::string& campaigns = kWrite) {
  return population + campaigns + "faults:\n  - " + fault + "\n";
}

TEST(ScenarioSmscOutage, AnOutageForAWhileOrToTheEnd) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      with_fault("{at: 20min, target: smsc, action: outage, for: 15min}") + "  - {at: 50min, target: smsc, action: outage}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::Smsc);
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::Outage);
  EXPECT_EQ(s.faults[0].at_s, 1200);
  EXPECT_EQ(s.faults[0].for_s, 900);
  EXPECT_EQ(s.faults[1].for_s, 0);  // to the end of the run
}

TEST(ScenarioSmscOutage, ACrashWithItsRestart) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(with_fault("{at: 20min, target: smsc, action: crash, restart: 2min}"), "t.yaml");
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::Crash);
  EXPECT_EQ(s.faults[0].restart_s, 120);
}

TEST(ScenarioSmscOutage, ACrashMeetsTheDevicesOwnSmsWithoutACampaign) {
  // A crash stops the whole SMSC: the meters' own MO SMS need it too.
  const twinsim::Scenario s = twinsim::parse_scenario(
      with_fault("{at: 20min, target: smsc, action: crash, restart: 2min}", kMeters + "    activity_sms: 1\n", ""),
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::Crash);
}

TEST(ScenarioSmscOutage, TheSmSrsCampaignsGoThroughTheSmscToo) {
  // eUICCs of the modem model and an enable-profile campaign: the SM-SR's
  // SMS go through the SMSC (no write-card campaign needed).
  const twinsim::Scenario s = twinsim::parse_scenario(
      twinsim::testing::kLoaderGeneral + twinsim::testing::kLoaderCards + twinsim::testing::kLoaderProfiles +
          "platforms:\n  sm_sr: {workers: 2}\n"
          "campaigns:\n  - {name: e, kind: enable-profile, population: trackers, at: 10min, profile: DE-MNO}\n"
          "faults:\n  - {at: 12min, target: smsc, action: outage, for: 5min}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::Smsc);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioSmscOutageBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"NoModemPopulation",
                   with_fault("{at: 20min, target: smsc, action: outage}",
                              "general: {stop: 1h}\npopulations:\n  - {name: meters, count: 10}\n", ""),
                   "t.yaml:5:25: faults[0].target: 'smsc': the SMSC (network.smsc) delivers to devices of device_model "
                   "modem only; this scenario has no population with device_model modem"},
        BrokenCase{"NoCampaignSendsSms", with_fault("{at: 20min, target: smsc, action: outage}", kMeters, ""),
                   "t.yaml:7:25: faults[0].target: 'smsc': the SMSC (network.smsc) carries the campaigns' SMS "
                   "(write-card, the SM-SRs' campaigns); this scenario has none"},
        BrokenCase{"NotAnOutage", with_fault("{at: 20min, target: smsc, action: degrade}"),
                   "t.yaml:9:39: faults[0].action: unknown action for the SMSC 'degrade'"},
        BrokenCase{"AKeyOfAnotherAction", with_fault("{at: 20min, target: smsc, action: outage, cores: 2}"),
                   "t.yaml:9:54: faults[0].cores: does not apply to the action 'outage' (its keys: for)"},
        BrokenCase{"ACrashWithoutRestart", with_fault("{at: 20min, target: smsc, action: crash}"),
                   "t.yaml:9:5: faults[0].restart: required key is missing"},
        BrokenCase{"ACrashWithoutAnySms", with_fault("{at: 20min, target: smsc, action: crash, restart: 1min}", kMeters, ""),
                   "t.yaml:7:25: faults[0].target: 'smsc': the SMSC (network.smsc) carries the campaigns' SMS "
                   "(write-card, the SM-SRs' campaigns) and the devices' own (activity_sms); this scenario has neither"},
        BrokenCase{"ACrashForAWhile", with_fault("{at: 20min, target: smsc, action: crash, restart: 1min, for: 5min}"),
                   "t.yaml:9:66: faults[0].for: does not apply to the action 'crash' (its keys: restart)"},
        BrokenCase{"Misspelt", with_fault("{at: 20min, target: smcs, action: outage}"),
                   "t.yaml:9:25: faults[0].target: unknown fault target 'smcs' (allowed: hss, write-module, smsc, "
                   "chip-management"}));

}  // namespace test_scenario_smsc_outage
