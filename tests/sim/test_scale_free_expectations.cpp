// Scale-free expectations (docs/SCENARIOS.md, "expectations"): the right-hand
// side may be a number, a metric or "<number> * <metric>", and the metrics
// `devices` and `devices.<population>` count the run's devices after
// --devices; every bad form gets a message with its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "scenario_errors.hpp"
#include "twinsim/scenario/expectation.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_scale_free_expectations {

using namespace twinsim::testing;

const std::string kGen = "general:\n  stop: 1h\n";
const std::string kPops = "populations:\n  - {name: meters, count: 30}\n  - {name: water-meters, count: 10}\n";

twinsim::Scenario with_expectations(const std::string& list) {
  return twinsim::parse_scenario(kGen + kPops + "expectations:\n" + list, "t.yaml");
}

TEST(ScaleFreeExpectations, TheThreeFormsOfTheRightHandSideRead) {
  const twinsim::Scenario s = with_expectations(
      "  - \"devices_attached == devices\"\n"
      "  - \"devices_attached >= 0.99 * devices\"\n"
      "  - \"hss.served>2*devices.meters\"\n"
      "  - \"devices.water-meters == 10\"\n"
      "  - \" auth_failures <= +1e-3 * devices.water-meters \"\n");
  ASSERT_EQ(s.expectations.size(), 5u);
  EXPECT_EQ(s.expectations[0].metric, "devices_attached");
  EXPECT_EQ(s.expectations[0].rhs_metric, "devices");
  EXPECT_EQ(s.expectations[0].value, 1);
  EXPECT_EQ(s.expectations[1].op, ">=");
  EXPECT_EQ(s.expectations[1].value, 0.99);
  EXPECT_EQ(s.expectations[1].rhs_metric, "devices");
  EXPECT_EQ(s.expectations[2].op, ">");
  EXPECT_EQ(s.expectations[2].value, 2);
  EXPECT_EQ(s.expectations[2].rhs_metric, "devices.meters");
  EXPECT_EQ(s.expectations[3].metric, "devices.water-meters");
  EXPECT_TRUE(s.expectations[3].rhs_metric.empty());
  EXPECT_EQ(s.expectations[3].value, 10);
  EXPECT_EQ(s.expectations[4].value, 1e-3);
  EXPECT_EQ(s.expectations[4].rhs_metric, "devices.water-meters");
  EXPECT_EQ(s.expectations[4].line, 11);
}

TEST(ScaleFreeExpectations, TheTargetIsTheRightHandSideInTheRunsMetrics) {
  const twinsim::Scenario s = with_expectations(
      "  - \"ota.done >= 0.99 * devices\"\n  - \"ota.done == devices.meters\"\n  - \"ota.done < 7\"\n"
      "  - \"chip.charge == 300 * devices\"\n");
  const std::map<std::string, double> m = {{"devices", 500}, {"devices.meters", 375}};
  EXPECT_DOUBLE_EQ(*twinsim::expectation_target(s.expectations[0], m), 495);
  EXPECT_EQ(*twinsim::expectation_target(s.expectations[1], m), 375);
  EXPECT_EQ(*twinsim::expectation_target(s.expectations[2], m), 7);
  EXPECT_FALSE(twinsim::expectation_target(s.expectations[0], {}).has_value());
  EXPECT_EQ(twinsim::expectation_rhs_text(s.expectations[0]), "0.99 * devices");
  EXPECT_EQ(twinsim::expectation_rhs_text(s.expectations[1]), "devices.meters");
  EXPECT_EQ(twinsim::expectation_rhs_text(s.expectations[2]), "7");
  EXPECT_EQ(twinsim::expectation_rhs_text(s.expectations[3]), "300 * devices");  // not "3e+02"
  EXPECT_EQ(*twinsim::expectation_target(s.expectations[3], m), 150000);
}

TEST(ScaleFreeExpectations, DevicesIsAMetricOfTheList) {
  const auto& names = twinsim::expectation_metrics();
  EXPECT_NE(std::find(names.begin(), names.end(), "devices"), names.end());
}

const std::string kHead = kGen + kPops + "expectations: [\"";
const std::string kAt = "t.yaml:6:16: expectations[0]: ";

INSTANTIATE_TEST_SUITE_P(
    ScaleFreeExpectations, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"UnknownMetricOnTheRight", kHead + "ota.done >= 0.5 * devicez\"]\n",
                   kAt + "unknown metric 'devicez'; did you mean 'devices'?"},
        BrokenCase{"UnknownMetricAloneOnTheRight", kHead + "ota.done >= lots\"]\n",
                   kAt + "unknown metric 'lots'"},
        BrokenCase{"UnknownMetricOnTheLeft", kHead + "ota.dnoe >= devices\"]\n",
                   kAt + "unknown metric 'ota.dnoe'; did you mean 'ota.done'?"},
        BrokenCase{"UnknownPopulation", kHead + "ota.done == devices.trackers\"]\n",
                   kAt + "'devices.trackers': the scenario has no population 'trackers' (populations: meters, "
                         "water-meters)"},
        BrokenCase{"MisspeltPopulation", kHead + "devices.metres == 30\"]\n",
                   kAt + "'devices.metres': the scenario has no population 'metres'; did you mean 'devices.meters'?"},
        BrokenCase{"StarWithoutNumber", kHead + "ota.done >= * devices\"]\n",
                   kAt + "'ota.done >= * devices': '*' needs a number before it"},
        BrokenCase{"StarWithoutMetric", kHead + "ota.done >= 0.5 *\"]\n",
                   kAt + "'ota.done >= 0.5 *': no metric after '0.5 *'"},
        BrokenCase{"NumberTimesNumber", kHead + "ota.done >= 0.5 * 3\"]\n",
                   kAt + "'ota.done >= 0.5 * 3': '3' after '0.5 *' is not a metric"},
        BrokenCase{"FactorAfterTheMetric", kHead + "ota.done >= devices * 0.5\"]\n",
                   kAt + "'ota.done >= devices * 0.5': '* 0.5' after the metric 'devices' (a factor comes first: "
                         "<number> * <metric>)"},
        BrokenCase{"TrailingTextAfterTheNumber", kHead + "ota.done >= 3 apples\"]\n",
                   kAt + "'ota.done >= 3 apples': 'apples' after the number 3"},
        BrokenCase{"TrailingTextAfterTheProduct", kHead + "ota.done >= 2 * devices + 1\"]\n",
                   kAt + "'ota.done >= 2 * devices + 1': '+ 1' after the metric 'devices'"},
        BrokenCase{"NothingOnTheRight", kHead + "ota.done >=\"]\n",
                   kAt + "'ota.done >=': no number or metric after '>='"},
        BrokenCase{"OnlyBlanksOnTheRight", kHead + "ota.done >=   \"]\n",
                   kAt + "'ota.done >=   ': no number or metric after '>='"},
        BrokenCase{"NotANumber", kHead + "ota.done >= #3\"]\n", kAt + "'ota.done >= #3': '#3' is not a number"}));


}  // namespace test_scale_free_expectations
