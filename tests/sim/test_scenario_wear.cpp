// The environment and wear keys of a scenario (docs/SCENARIOS.md,
// "Environment and wear"): populations' temperature, nvm_history and
// card_retry, the wear section, the wear.* metrics; what loads, and the
// message every mistake gets.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario_errors.hpp"
#include "twinsim/scenario/expectation.hpp"

namespace test_scenario_wear {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// A population (line 3) with `keys`, then `rest`.
std::string meters(const std::string& keys, const std::string& rest = "", const std::string& stop = "1d") {
  return "general: {stop: " + stop + "}\npopulations:\n  - {name: m, count: 2" + (keys.empty() ? "" : ", " + keys) +
         "}\n" + rest;
}

TEST(ScenarioWear, APresetAProfileAndASeries) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      "general: {stop: 2d}\npopulations:\n"
      "  - {name: a, count: 1, grade: automotive-2, temperature: car-engine-bay}\n"
      "  - {name: b, count: 1, temperature: {preset: temperate, mean_c: -5.5, daily_amplitude_c: 3,\n"
      "     heat_waves: [{at: 1d, for: 12h, delta_c: 8}]}}\n"
      "  - {name: c, count: 1, temperature: {points: [[0s, 20], [12h, 30]], period: 1d}, nvm_history: 1000}\n"
      "  - {name: d, count: 1}\n"
      "wear:\n"
      "  endurance: {shape: 2.5, failed_at_rated: 0.05, activation_energy_ev: 0.2, out_of_range_scale_c: 20,\n"
      "              out_of_range_shape: 1.5}\n"
      "  retention: {shape: 1.5, failed_at_rated: 0.02, activation_energy_ev: 0.9, rated_temperature_c: 70}\n",
      "t.yaml");
  ASSERT_EQ(s.populations.size(), 4u);
  ASSERT_TRUE(s.populations[0].temperature);
  EXPECT_NEAR(s.populations[0].temperature->max_over(365.25 * 86400), 125, 3);
  ASSERT_TRUE(s.populations[1].temperature);
  EXPECT_EQ(s.populations[1].temperature->mean_c, -5.5);
  EXPECT_EQ(s.populations[1].temperature->daily_amplitude_c, 3);
  ASSERT_EQ(s.populations[1].temperature->heat_waves.size(), 1u);
  EXPECT_EQ(s.populations[1].temperature->heat_waves[0].start_s, 86400);
  EXPECT_EQ(s.populations[1].temperature->heat_waves[0].duration_s, 43200);
  EXPECT_EQ(s.populations[1].temperature->heat_waves[0].delta_c, 8);
  ASSERT_TRUE(s.populations[2].temperature);
  EXPECT_EQ(s.populations[2].temperature->points.size(), 2u);
  EXPECT_EQ(s.populations[2].temperature->period_s, 86400);
  EXPECT_EQ(s.populations[2].temperature->at(6 * 3600), 25);
  EXPECT_EQ(s.populations[2].nvm_history, 1000u);
  EXPECT_FALSE(s.populations[3].temperature);  // no environment: its cards never wear
  EXPECT_EQ(s.wear.endurance.beta, 2.5);
  EXPECT_EQ(s.wear.endurance.f_at_rated, 0.05);
  EXPECT_EQ(s.wear.endurance.ea_ev, 0.2);
  EXPECT_EQ(s.wear.endurance.oor_scale_c, 20);
  EXPECT_EQ(s.wear.endurance.oor_shape, 1.5);
  EXPECT_EQ(s.wear.retention.beta, 1.5);
  EXPECT_EQ(s.wear.retention.f_at_rated, 0.02);
  EXPECT_EQ(s.wear.retention.ea_ev, 0.9);
  EXPECT_EQ(s.wear.retention.rated_t_c, 70);
}

TEST(ScenarioWear, DefaultsAndTheModemsCardRetry) {
  const twinsim::Scenario s =
      twinsim::parse_scenario(meters("device_model: modem, card_retry: 2h, temperature: meter-cabinet"), "t.yaml");
  EXPECT_EQ(s.populations[0].card_retry_s, 7200u);
  EXPECT_EQ(s.populations[0].nvm_history, 0u);
  EXPECT_EQ(s.wear.endurance.beta, 3.0);
  EXPECT_EQ(s.wear.endurance.f_at_rated, 0.01);
  EXPECT_FALSE(s.wear.retention.rated_t_c);  // the grade's (rated_retention_temperature)
}

TEST(ScenarioWear, WearMetricsPerPopulation) {
  const std::vector<std::string> pops = {"cars", "meters"};
  for (const char* m : {"wear.worn_programs", "wear.hot_programs", "wear.cards_worn", "wear.cards_too_hot",
                        "wear.cards_charge_lost", "wear.cards_failed", "wear.cards_worn.cars",
                        "wear.cards_too_hot.meters", "wear.cards_charge_lost.cars", "wear.cards_failed.meters"})
    EXPECT_NO_THROW(twinsim::parse_expectation(std::string(m) + " == 0", pops)) << m;
  try {
    twinsim::parse_expectation("wear.cards_failed.car == 0", pops);
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "'wear.cards_failed.car': the scenario has no population 'car'; did you mean "
                                     "'wear.cards_failed.cars'?");
  }
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioWearBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"UnknownPreset", meters("temperature: car-enginebay"),
                   "t.yaml:3:38: populations[0].temperature: unknown temperature preset 'car-enginebay'; did you mean "
                   "'car-engine-bay'? (allowed: temperate, continental, tropical, car-cabin, car-engine-bay, "
                   "meter-cabinet)"},
        BrokenCase{"NegativeAmplitude", meters("temperature: {mean_c: 20, daily_amplitude_c: -3}"),
                   "t.yaml:3:70: populations[0].temperature.daily_amplitude_c: expected a number from 0 to 100"},
        BrokenCase{"NotANumber", meters("temperature: {mean_c: abc}"),
                   "t.yaml:3:47: populations[0].temperature.mean_c: expected a number from -60 to 150"},
        BrokenCase{"PointsNotIncreasing", meters("temperature: {points: [[0s, 20], [0s, 25]]}"),
                   "t.yaml:3:59: populations[0].temperature.points[1][0]: the times of the points must increase"},
        BrokenCase{"NotAPair", meters("temperature: {points: [[0s, 20, 3]]}"),
                   "t.yaml:3:48: populations[0].temperature.points[0]: expected a pair [time, °C]"},
        BrokenCase{"PeriodWithoutPoints", meters("temperature: {mean_c: 20, period: 1d}"),
                   "t.yaml:3:59: populations[0].temperature.period: applies to a measured series (points) only"},
        BrokenCase{"PeriodShorterThanThePoints", meters("temperature: {points: [[0s, 20], [12h, 25]], period: 6h}"),
                   "t.yaml:3:78: populations[0].temperature.period: the period must be longer than the points' span"},
        BrokenCase{"AHeatWaveOfNoTime", meters("temperature: {mean_c: 20, heat_waves: [{at: 1h, for: 0s, delta_c: 5}]}"),
                   "t.yaml:3:78: populations[0].temperature.heat_waves[0].for: a heat wave lasts longer than 0s"},
        BrokenCase{"BeyondWhatTheModelsCover", meters("temperature: {mean_c: 120, solar_gain_c: 100}", "", "400d"),
                   "t.yaml:3:38: populations[0].temperature: reaches 220 °C within the run, outside what the wear "
                   "models cover (-80 to 200 °C)"},
        BrokenCase{"AnEuicc",
                   meters("card: international, device_model: modem, euicc: {profiles: [{operator: A, imsi_prefix: "
                          "'46000', state: enabled}]}, temperature: temperate"),
                   "t.yaml:3:154: populations[0].temperature: applies to card domestic only (the wear of an eUICC's "
                   "NVM is not modelled)"},
        BrokenCase{"WearWithoutATemperature", meters("", "wear: {endurance: {shape: 3}}\n"),
                   "t.yaml:4:7: wear: no population has a temperature, so nothing wears"},
        BrokenCase{"AShareOfOneOrMore", meters("temperature: temperate", "wear: {endurance: {failed_at_rated: 1.5}}\n"),
                   "t.yaml:4:37: wear.endurance.failed_at_rated: expected a number above 0 and at most 1"},
        BrokenCase{"AllFailed", meters("temperature: temperate", "wear: {retention: {failed_at_rated: 1}}\n"),
                   "t.yaml:4:37: wear.retention.failed_at_rated: expected a share above 0 and below 1"},
        BrokenCase{"MisspeltKey", meters("temperature: temperate", "wear: {retention: {rated_temperature: 55}}\n"),
                   "t.yaml:4:20: wear.retention.rated_temperature: unknown key; did you mean 'rated_temperature_c'?"},
        BrokenCase{"CardRetryWithoutAModem", meters("card_retry: 1h"),
                   "t.yaml:3:37: populations[0].card_retry: applies to device_model modem only"},
        BrokenCase{"CardRetryNotWholeSeconds", meters("device_model: modem, card_retry: 0.5s"),
                   "t.yaml:3:58: populations[0].card_retry: expected whole seconds from 1s, found 0.5s"},
        BrokenCase{"TooLongAHistory", meters("nvm_history: 20000000"),
                   "t.yaml:3:38: populations[0].nvm_history: expected a whole number from 0 to 10000000"},
        BrokenCase{"AHistoryOfAnEuicc",
                   meters("card: international, device_model: modem, euicc: {profiles: [{operator: A, imsi_prefix: "
                          "'46000', state: enabled}]}, nvm_history: 10"),
                   "t.yaml:3:154: populations[0].nvm_history: applies to card domestic only"},
        BrokenCase{"AMetricOfNoPopulation", meters("temperature: temperate", "expectations:\n  - wear.cards_worn.n == 0\n"),
                   "t.yaml:5:5: expectations[0]: 'wear.cards_worn.n': the scenario has no population 'n'"}));

}  // namespace test_scenario_wear
