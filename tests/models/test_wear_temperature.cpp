// Temperature profiles: the presets' documented peaks, the daily and
// seasonal phase, the enclosure gain, heat waves, measured series with
// their period, and validate()'s errors.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "twinmodels/wear/temperature.hpp"

namespace test_wear_temperature {

using namespace twinmodels::wear;

constexpr double kDay = kSecondsPerDay;
constexpr double kHour = 3600.0;
constexpr double kYear = 365.0 * kDay;

// t of day-of-year `day` (0-based) at `hour` in a run starting on 1 January.
double at_day(double day, double hour) { return day * kDay + hour * kHour; }

TemperatureProfile named(const char* name) {
  const auto p = preset(name);
  if (!p) throw std::logic_error(std::string("no preset ") + name);
  return *p;
}

void expect_rejected(const TemperatureProfile& p, const std::string& words) {
  try {
    p.validate();
    ADD_FAILURE() << "accepted; expected: " << words;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(WearTemperature, PresetsAreListedAndValid) {
  const auto& names = preset_names();
  ASSERT_EQ(names.size(), 6u);
  EXPECT_EQ(names.front(), "temperate");
  for (std::string_view n : names) {
    const auto p = preset(n);
    ASSERT_TRUE(p.has_value()) << n;
    EXPECT_NO_THROW(p->validate()) << n;
  }
  EXPECT_FALSE(preset("arctic").has_value());
}

TEST(WearTemperature, PresetsReachTheirDocumentedPeaks) {
  // Sampled every 10 min over a year; docs/MODELS.md's table quotes these.
  EXPECT_NEAR(named("car-engine-bay").max_over(kYear), 125.0, 3.0);
  EXPECT_NEAR(named("car-engine-bay").max_over(kYear), 125.0, 0.01);
  EXPECT_NEAR(named("car-cabin").max_over(kYear), 85.0, 0.01);
  EXPECT_NEAR(named("meter-cabinet").max_over(kYear), 47.8, 0.01);
  EXPECT_NEAR(named("temperate").max_over(kYear), 23.5, 0.01);
  EXPECT_NEAR(named("temperate").min_over(kYear), -0.5, 0.01);
  EXPECT_NEAR(named("continental").max_over(kYear), 32.8, 0.01);
  EXPECT_NEAR(named("continental").min_over(kYear), -7.8, 0.01);
  EXPECT_NEAR(named("tropical").max_over(kYear), 32.1, 0.01);
  EXPECT_NEAR(named("tropical").min_over(kYear), 23.7, 0.01);
  // The enclosures are never colder than their ambient.
  EXPECT_NEAR(named("car-cabin").min_over(kYear), named("temperate").min_over(kYear), 1e-9);
}

TEST(WearTemperature, DailyAndSeasonalPhase) {
  // The warmest moment is day 200 at 14:00: seasonal_peak_day = 200 + 14/24.
  TemperatureProfile p;
  p.mean_c = 10;
  p.seasonal_amplitude_c = 12;
  p.seasonal_peak_day = 200 + 14.0 / 24.0;
  p.daily_amplitude_c = 5;
  p.daily_peak_hour = 14;
  const double peak = at_day(200, 14);
  EXPECT_NEAR(p.at(peak), 10 + 12 + 5, 1e-9);
  EXPECT_NEAR(p.max_over(kYear), 27, 1e-9);
  // 12 hours later the daily term is −A_d (the seasonal one moves by 0.001 °C).
  EXPECT_NEAR(p.at(peak) - p.at(peak + 12 * kHour), 2 * 5, 2e-3);
  EXPECT_GT(p.at(peak), p.at(peak - kHour));
  EXPECT_GT(p.at(peak), p.at(peak + kHour));
  // Without the daily term: half a year later, 2·A_s colder.
  TemperatureProfile s = p;
  s.daily_amplitude_c = 0;
  EXPECT_NEAR(s.at(peak) - s.at(peak + kDaysPerYear / 2 * kDay), 2 * 12, 1e-9);
  EXPECT_NEAR(s.min_over(kYear), 10 - 12, 1e-3);
  // start_day_of_year moves the run's start: t = 0 is then 1 January + 200 days.
  TemperatureProfile q = p;
  q.start_day_of_year = 200;
  EXPECT_NEAR(q.at(14 * kHour), p.at(peak), 1e-9);
}

TEST(WearTemperature, SolarGainIsLargestAtNoonInSummerAndZeroAtNight) {
  TemperatureProfile p;
  p.mean_c = 20;
  p.solar_gain_c = 40;
  p.solar_sharpness = 4;
  p.seasonal_peak_day = 200 + 14.0 / 24.0;
  p.daily_peak_hour = 14;
  EXPECT_NEAR(p.at(at_day(200, 14)), 60, 1e-9);
  // cos(2π · 3/24)^4 = 0.25 three hours off the peak (season 0.99999).
  EXPECT_NEAR(p.at(at_day(200, 11)), 20 + 40 * 0.25, 1e-3);
  EXPECT_NEAR(p.at(at_day(200, 17)), 20 + 40 * 0.25, 1e-3);
  EXPECT_EQ(p.at(at_day(200, 2)), 20);
  EXPECT_EQ(p.at(at_day(200, 21)), 20);
  // Midwinter noon (day 18, 182 days off the peak): season(t) = 2.9e-5.
  EXPECT_NEAR(p.at(at_day(18, 14)), 20, 2e-3);
}

TEST(WearTemperature, HeatWaveAddsItsDeltaOnlyInsideItsWindow) {
  TemperatureProfile p;
  p.mean_c = 25;
  p.heat_waves.push_back({10 * kDay, 3 * kDay, 8});
  EXPECT_EQ(p.at(10 * kDay - 1), 25);
  EXPECT_EQ(p.at(10 * kDay), 33);
  EXPECT_EQ(p.at(12 * kDay), 33);
  EXPECT_EQ(p.at(13 * kDay - 1), 33);
  EXPECT_EQ(p.at(13 * kDay), 25);
  // Overlapping waves add.
  p.heat_waves.push_back({12 * kDay, 5 * kDay, 4});
  EXPECT_EQ(p.at(12.5 * kDay), 37);
  EXPECT_EQ(p.at(14 * kDay), 29);
  EXPECT_EQ(p.max_over(30 * kDay), 37);
  // Also on a measured series.
  TemperatureProfile s;
  s.points = {{0, 10}, {100, 20}};
  s.heat_waves.push_back({40, 20, 5});
  EXPECT_DOUBLE_EQ(s.at(50), 20);
  EXPECT_DOUBLE_EQ(s.at(60), 16);
}

TEST(WearTemperature, PointsInterpolateAndHoldAtTheEnds) {
  TemperatureProfile p;
  p.mean_c = 99;  // ignored when points are given
  p.points = {{100, 10}, {200, 30}, {400, 20}};
  EXPECT_DOUBLE_EQ(p.at(0), 10);
  EXPECT_DOUBLE_EQ(p.at(100), 10);
  EXPECT_DOUBLE_EQ(p.at(150), 20);
  EXPECT_DOUBLE_EQ(p.at(200), 30);
  EXPECT_DOUBLE_EQ(p.at(300), 25);
  EXPECT_DOUBLE_EQ(p.at(400), 20);
  EXPECT_DOUBLE_EQ(p.at(1e9), 20);
  EXPECT_DOUBLE_EQ(p.max_over(1000, 50), 30);
  EXPECT_DOUBLE_EQ(p.min_over(1000, 50), 10);
}

TEST(WearTemperature, PointsRepeatEveryPeriod) {
  // A day of four readings: 0 h 10 °C, 6 h 15, 12 h 30, 18 h 20; repeated
  // daily, interpolated from 18 h back to 10 °C at 24 h.
  TemperatureProfile p;
  p.points = {{0, 10}, {6 * kHour, 15}, {12 * kHour, 30}, {18 * kHour, 20}};
  p.period_s = kDay;
  EXPECT_DOUBLE_EQ(p.at(12 * kHour), 30);
  EXPECT_DOUBLE_EQ(p.at(kDay + 12 * kHour), 30);
  EXPECT_DOUBLE_EQ(p.at(7 * kDay + 3 * kHour), 12.5);
  EXPECT_DOUBLE_EQ(p.at(21 * kHour), 15);
  EXPECT_DOUBLE_EQ(p.at(kDay), 10);
  EXPECT_DOUBLE_EQ(p.at(kDay - 1e-6 * kHour), 10 + 10 * 1e-6 / 6);
  // A period equal to the span: the first point's value from t_first + period on.
  TemperatureProfile q;
  q.points = {{0, 0}, {10, 10}};
  q.period_s = 10;
  EXPECT_DOUBLE_EQ(q.at(5), 5);
  EXPECT_DOUBLE_EQ(q.at(15), 5);
  EXPECT_DOUBLE_EQ(q.at(20), 0);
}

TEST(WearTemperature, ValidateNamesEachError) {
  TemperatureProfile p;
  EXPECT_NO_THROW(p.validate());
  p.mean_c = NAN;
  expect_rejected(p, "mean_c must be finite");
  p = {};
  p.seasonal_amplitude_c = -1;
  expect_rejected(p, "seasonal_amplitude_c must be >= 0");
  p = {};
  p.daily_amplitude_c = -0.5;
  expect_rejected(p, "daily_amplitude_c must be >= 0");
  p = {};
  p.solar_gain_c = -3;
  expect_rejected(p, "solar_gain_c must be >= 0");
  p = {};
  p.solar_sharpness = 0;
  expect_rejected(p, "solar_sharpness must be > 0");
  p = {};
  p.daily_peak_hour = INFINITY;
  expect_rejected(p, "daily_peak_hour must be finite");
  p = {};
  p.points = {{0, 1}, {5, 2}, {5, 3}};
  expect_rejected(p, "points must have strictly increasing times: points[2]");
  p = {};
  p.points = {{0, 1}, {5, NAN}};
  expect_rejected(p, "points[1] temperature must be finite");
  p = {};
  p.points = {{0, 1}, {100, 2}};
  p.period_s = 50;
  expect_rejected(p, "period_s (50.000000 s) is shorter than the points' span (100.000000 s)");
  p.period_s = -1;
  expect_rejected(p, "period_s must be >= 0");
  p = {};
  p.heat_waves.push_back({0, 0, 5});
  expect_rejected(p, "heat_waves[0].duration_s must be > 0");
  p = {};
  p.heat_waves.push_back({0, 10, NAN});
  expect_rejected(p, "heat_waves[0].delta_c must be finite");
  EXPECT_THROW(TemperatureProfile{}.max_over(-1), std::invalid_argument);
  EXPECT_THROW(TemperatureProfile{}.min_over(10, 0), std::invalid_argument);
}

}  // namespace test_wear_temperature
