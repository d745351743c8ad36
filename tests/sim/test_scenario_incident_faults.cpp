// The fault targets and actions the field incidents added (docs/SCENARIOS.md,
// "faults"; docs/INCIDENTS.md): `region:<label>` for the device actions, and
// the write module's `restore-backup`, whose forgotten campaigns make the
// module number a later one as an earlier round (write_module_round()).
#include <gtest/gtest.h>

#include <string>

#include "scenario_errors.hpp"
#include "twinsim/engine/fault_plan.hpp"

namespace test_scenario_incident_faults {

using twinsim::FaultAction;
using twinsim::FaultTarget;
using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string kGen = "general:\n  stop: 1h\n";
// Lines 3-8: two populations of cn-east, one of cn-north.
const std::string kRegions =
    "populations:\n"
    "  - {name: east-meters, count: 10, region: cn-east}\n"
    "  - {name: east-trackers, count: 5, region: cn-east, modem: lte-m}\n"
    "  - {name: north, count: 10, region: cn-north}\n"
    "  - {name: nowhere, count: 3}\n";
// Lines 3-5: a modem population first, then a usim one in another region.
const std::string kModemThenUsim =
    "populations:\n"
    "  - {name: gateways, count: 5, region: cn-east, device_model: modem}\n"
    "  - {name: meters, count: 10, region: cn-north}\n";
// Lines 3-8: modem meters re-numbered twice.
const std::string kRenumbered =
    "populations:\n"
    "  - {name: meters, count: 10, device_model: modem}\n"
    "campaigns:\n"
    "  - {name: a, kind: write-card, population: meters, at: 3min, imsi_prefix: '46008'}\n"
    "  - {name: b, kind: write-card, population: meters, at: 25min, imsi_prefix: '46009'}\n";

TEST(ScenarioIncidentFaults, ARegionTargetsEveryPopulationWithThatLabel) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kRegions + "faults:\n  - {at: 10min, target: region:cn-east, action: power-cycle, over: 5s}\n"
                        "  - {at: 20min, target: region:cn-north, action: brown-out}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].target, FaultTarget::Region);
  EXPECT_EQ(s.faults[0].region, "cn-east");
  EXPECT_EQ(s.faults[0].action, FaultAction::PowerCycle);
  EXPECT_EQ(s.faults[0].over_s, 5);
  EXPECT_EQ(s.faults[1].region, "cn-north");
  EXPECT_EQ(s.faults[1].action, FaultAction::BrownOut);
}

TEST(ScenarioIncidentFaults, TheWriteModuleForgetsTheCampaignsAfterItsBackup) {
  const auto round_of_b = [](const std::string& fault) {
    const twinsim::Scenario s = twinsim::parse_scenario(kGen + kRenumbered + "faults:\n" + fault, "t.yaml");
    return twinsim::write_module_round(s, 1);
  };
  // The backup before campaign a (3 min): b is numbered as round 0 again.
  EXPECT_EQ(round_of_b("  - {at: 20min, target: write-module, action: restore-backup, backup_at: 2min}\n"), 0u);
  // A backup after a started: the module remembers it.
  EXPECT_EQ(round_of_b("  - {at: 20min, target: write-module, action: restore-backup, backup_at: 4min}\n"), 1u);
  // A restore after b started: b keeps its numbering.
  EXPECT_EQ(round_of_b("  - {at: 30min, target: write-module, action: restore-backup, backup_at: 2min}\n"), 1u);
  // The HSS's restore is not the module's.
  EXPECT_EQ(round_of_b("  - {at: 20min, target: hss, action: restore-backup, backup_at: 2min}\n"), 1u);
  // The subscribers stay per round whatever the module remembers.
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: restore-backup, backup_at: 2min}\n",
      "t.yaml");
  EXPECT_EQ(twinsim::write_round(s, 1), 1u);
}

// The write module's crash and clock skew, and an absolute validity period.
TEST(ScenarioIncidentFaults, TheWriteModuleCrashesAndItsClockSkews) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kRenumbered +
          "faults:\n  - {at: 10min, target: write-module, action: crash, restart: 2min}\n"
          "  - {at: 30s, target: write-module, action: clock-skew, skew: -2h, for: 20min}\n"
          "  - {at: 40min, target: write-module, action: clock-skew, skew: 90s}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 3u);
  EXPECT_EQ(s.faults[0].action, FaultAction::Crash);
  EXPECT_EQ(s.faults[0].restart_s, 120);
  EXPECT_EQ(s.faults[1].action, FaultAction::ClockSkew);
  EXPECT_EQ(s.faults[1].skew_s, -7200);
  EXPECT_EQ(s.faults[2].skew_s, 90);
  const twinsim::FaultPlan plan(s);
  EXPECT_EQ(plan.write_module_skew(0), 0);
  EXPECT_EQ(plan.write_module_skew(60), -7200);
  EXPECT_EQ(plan.write_module_skew(1230), 0);
  EXPECT_EQ(plan.write_module_skew(1e6), 90);
  const twinsim::Scenario a = twinsim::parse_scenario(
      kGen + "populations:\n  - {name: meters, count: 10, device_model: modem}\ncampaigns:\n"
             "  - {name: a, kind: write-card, population: meters, at: 3min, imsi_prefix: '46008', validity: 1h, "
             "validity_format: absolute}\n",
      "t.yaml");
  EXPECT_TRUE(a.campaigns[0].validity_absolute);
  EXPECT_FALSE(twinsim::parse_scenario(kGen + kRenumbered, "t.yaml").campaigns[0].validity_absolute);
}

INSTANTIATE_TEST_SUITE_P(
    IncidentFaults, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"RegionUnknown", kGen + kRegions + "faults:\n  - {at: 1min, target: region:cn-west, action: power-cycle}\n",
                   "t.yaml:9:24: faults[0].target: no population has region 'cn-west' (the regions: cn-east, cn-north)"},
        BrokenCase{"RegionEmpty", kGen + kRegions + "faults:\n  - {at: 1min, target: 'region:', action: power-cycle}\n",
                   "t.yaml:9:24: faults[0].target: no population has region '' (the regions: cn-east, cn-north)"},
        BrokenCase{"RegionNoneAtAll",
                   kGen + "populations:\n  - {name: m, count: 10}\nfaults:\n  - {at: 1min, target: region:cn-east, action: power-cycle}\n",
                   "t.yaml:6:24: faults[0].target: no population has region 'cn-east' (no population has a region)"},
        BrokenCase{"RegionTakesDeviceActionsOnly",
                   kGen + kRegions + "faults:\n  - {at: 1min, target: region:cn-east, action: outage}\n",
                   "t.yaml:9:48: faults[0].action: unknown action for devices 'outage' (allowed: "},
        BrokenCase{"RegionEmergencyNeedsModems",
                   kGen + kRegions + "faults:\n  - {at: 1min, target: region:cn-east, action: emergency-enable}\n",
                   "t.yaml:9:48: faults[0].action: 'emergency-enable': population 'east-meters' has device_model usim; "
                   "the local switch needs device_model modem"},
        // The region's own populations are checked, not the scenario's first
        // (here a modem population).
        BrokenCase{"RegionPowerOffNeedsModems",
                   kGen + kModemThenUsim + "faults:\n  - {at: 1min, target: region:cn-north, action: power-off}\n",
                   "t.yaml:7:49: faults[0].action: 'power-off': population 'meters' has device_model usim; "
                   "switching a terminal off (its detach) needs device_model modem"},
        BrokenCase{"RegionExceptionReportNeedsModems",
                   kGen + kModemThenUsim + "faults:\n  - {at: 1min, target: region:cn-north, action: exception-report}\n",
                   "t.yaml:7:49: faults[0].action: 'exception-report': population 'meters' has device_model usim, "
                   "which has no user data; an exception report needs device_model modem"},
        BrokenCase{"WriteModuleBackupAfterRestore",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: restore-backup, backup_at: 20min}\n",
                   "t.yaml:9:74: faults[0].backup_at: the backup must be older than the restore (at 20min)"},
        BrokenCase{"WriteModuleRestoreNeedsBackupAt",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: restore-backup}\n",
                   "t.yaml:9:5: faults[0].backup_at: required key is missing"},
        BrokenCase{"WriteModuleRestoreTakesNoFor",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: restore-backup, backup_at: 2min, for: 1min}\n",
                   "t.yaml:9:85: faults[0].for: does not apply to the action 'restore-backup' (its keys: backup_at)"},
        BrokenCase{"ClockSkewNeedsSkew",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: clock-skew}\n",
                   "t.yaml:9:5: faults[0].skew: required key is missing"},
        BrokenCase{"ClockSkewOfNothing",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: clock-skew, skew: 0s}\n",
                   "t.yaml:9:65: faults[0].skew: a clock skew of 0 changes nothing"},
        BrokenCase{"ClockSkewNotADuration",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: clock-skew, skew: --2h}\n",
                   "t.yaml:9:65: faults[0].skew: '-2h': a duration cannot be negative"},
        BrokenCase{"ClockSkewBeyondTheTimeStampsYears",
                   kGen + kRenumbered + "faults:\n  - {at: 20min, target: write-module, action: clock-skew, skew: -10000d}\n",
                   "t.yaml:9:65: faults[0].skew: the write module's clock would leave the years an SMS time stamp can "
                   "say (2000 to 2099, TS 23.040 §9.2.3.11) during the run"},
        BrokenCase{"AbsoluteValidityNeedsValidity",
                   kGen + "populations:\n  - {name: meters, count: 10, device_model: modem}\ncampaigns:\n"
                          "  - {name: a, kind: write-card, population: meters, at: 3min, imsi_prefix: '46008', "
                          "validity_format: absolute}\n",
                   "t.yaml:6:102: campaigns[0].validity_format: an absolute validity period needs `validity`: how long "
                   "after the submission the time stamp says"},
        BrokenCase{"ValidityFormatUnknown",
                   kGen + "populations:\n  - {name: meters, count: 10, device_model: modem}\ncampaigns:\n"
                          "  - {name: a, kind: write-card, population: meters, at: 3min, imsi_prefix: '46008', "
                          "validity: 1h, validity_format: enhanced}\n",
                   "t.yaml:6:116: campaigns[0].validity_format: unknown validity format 'enhanced' (allowed: relative, absolute)"}));

}  // namespace test_scenario_incident_faults
