// The fault exception-report (an alarm: the device's own report at once,
// outside its period, 3GPP TR 45.820 Annex E mobile autonomous reporting;
// docs/SCENARIOS.md, "faults"): what loads, and the messages for targets
// without the modem model and for keys it does not take.
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_exception_report {

using twinsim::FaultAction;
using twinsim::FaultTarget;
using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
// A modem population `detectors` of 10 (lines 3-6).
const std::string kDetectors = "populations:\n  - name: detectors\n    count: 10\n    device_model: modem\n";

TEST(ScenarioExceptionReport, TheFaultTakesAPopulationOrADeviceAndASpread) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      kGen + kDetectors +
          "faults:\n"
          "  - {at: 10min, target: population:detectors, action: exception-report, over: 1min}\n"
          "  - {at: 20min, target: device:3, action: exception-report}\n",
      "t.yaml");
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].target, FaultTarget::Population);
  EXPECT_EQ(s.faults[0].action, FaultAction::ExceptionReport);
  EXPECT_EQ(s.faults[0].at_s, 600);
  EXPECT_EQ(s.faults[0].over_s, 60);
  EXPECT_EQ(s.faults[1].target, FaultTarget::Device);
  EXPECT_EQ(s.faults[1].device, 3u);
  EXPECT_EQ(s.faults[1].action, FaultAction::ExceptionReport);
  EXPECT_EQ(s.faults[1].over_s, 0);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioExceptionReportBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"ReportOfAUsimPopulation",
                   kGen + "populations:\n  - name: meters\n    count: 10\n"
                          "faults:\n  - {at: 1min, target: population:meters, action: exception-report}\n",
                   "t.yaml:7:51: faults[0].action: 'exception-report': population 'meters' has device_model usim, "
                   "which has no user data; an exception report needs device_model modem"},
        BrokenCase{"ReportOfADeviceOfAUsimPopulation",
                   kGen + kDetectors + "  - name: meters\n    count: 10\n"
                                       "faults:\n  - {at: 1min, target: device:12, action: exception-report}\n",
                   "t.yaml:10:43: faults[0].action: 'exception-report': device 12 (population 'meters') has "
                   "device_model usim, which has no user data; an exception report needs device_model modem"},
        BrokenCase{"ReportTakesNoRestart",
                   kGen + kDetectors +
                       "faults:\n  - {at: 1min, target: population:detectors, action: exception-report, restart: 5s}\n",
                   "t.yaml:8:81: faults[0].restart: does not apply to the action 'exception-report' (its keys: over)"},
        BrokenCase{"ReportIsNoPlatformAction",
                   kGen + kDetectors + "faults:\n  - {at: 1min, target: hss, action: exception-report}\n",
                   "t.yaml:8:37: faults[0].action: unknown action for the HSS 'exception-report' (allowed: outage, "
                   "degrade, restore-backup, crash)"},
        BrokenCase{"ReportOfAnUnknownPopulation",
                   kGen + kDetectors + "faults:\n  - {at: 1min, target: population:alarms, action: exception-report}\n",
                   "t.yaml:8:24: faults[0].target: no population named 'alarms' (the populations: detectors)"}));

}  // namespace test_scenario_exception_report
