// The thermal clock: equivalent time at a reference temperature against
// closed forms, its inverse, and ST AN5866's time-weighted sum.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "twinmodels/wear/retention.hpp"
#include "twinmodels/wear/thermal_clock.hpp"

namespace test_wear_thermal_clock {

using namespace twinmodels::wear;
constexpr double kDay = kSecondsPerDay;
constexpr double kYear = kDaysPerYear * kDay;

TEST(WearThermalClock, ConstantProfileRunsAtTheFactor) {
  TemperatureProfile p;
  p.mean_c = 85;
  const RetentionModel r(rating(Grade::Consumer));
  const ThermalClock clock(p, [&](double t) { return r.acceleration(t); }, 10 * kDay);
  const double f = r.acceleration(85);
  for (double t : {0.0, 1.0, 5000.0, 3.3 * kDay, 10 * kDay}) EXPECT_NEAR(clock.equivalent_s(t), f * t, 1e-9 * f * t);
  EXPECT_NEAR(clock.equivalent_s(20 * kDay), f * 10 * kDay, 1e-9 * f * 10 * kDay);  // clamped
  EXPECT_EQ(clock.equivalent_s(-5), 0);
  for (double eq : {1.0, 1e5, 2e7}) EXPECT_NEAR(clock.time_at_equivalent(eq), eq / f, 1e-9 * eq / f);
  EXPECT_EQ(clock.time_at_equivalent(0), 0);
  EXPECT_TRUE(std::isinf(clock.time_at_equivalent(f * 10 * kDay * 1.01)));
  EXPECT_NEAR(clock.mean_factor(kDay, 4 * kDay), f, 1e-9 * f);
  EXPECT_NEAR(clock.mean_factor(2 * kDay, 2 * kDay), f, 1e-12 * f);
}

TEST(WearThermalClock, SinusoidAgainstItsIntegral) {
  // factor(T) = T over T = m + A cos(2π(t/day − h/24)): the integral is
  // m t + A·day/2π · (sin(2π(t/day − h/24)) + sin(2π h/24)).
  TemperatureProfile p;
  p.mean_c = 30;
  p.daily_amplitude_c = 10;
  p.daily_peak_hour = 14;
  const double horizon = 5.5 * kDay;
  const ThermalClock clock(p, [](double t) { return t; }, horizon, 600);
  const double w = 2 * std::numbers::pi;
  const double phase = w * 14 / 24;
  for (double t : {0.25 * kDay, 1.0 * kDay, 2.7 * kDay, 5.5 * kDay}) {
    const double exact = 30 * t + 10 * kDay / w * (std::sin(w * t / kDay - phase) + std::sin(phase));
    EXPECT_NEAR(clock.equivalent_s(t), exact, 1e-4 * exact) << t;
    EXPECT_NEAR(clock.time_at_equivalent(exact), t, 60) << t;
  }
  // Whole days average the mean.
  EXPECT_NEAR(clock.mean_factor(kDay, 4 * kDay), 30, 1e-6);
}

TEST(WearThermalClock, TimeWeightedSumOfAn5866) {
  // ST AN5866 §3.4's example: 14 years at 30 °C then 6 at 50 °C. The
  // clock's equivalent years at 55 °C are Σ years_i · acceleration(T_i).
  const RetentionModel r(rating(Grade::Consumer));
  TemperatureProfile p;
  p.points = {{0, 30}, {14 * kYear, 30}, {14 * kYear + 1, 50}, {20 * kYear, 50}};
  const ThermalClock clock(p, [&](double t) { return r.acceleration(t); }, 20 * kYear);
  const double expected_years = 14 * r.acceleration(30) + 6 * r.acceleration(50);
  EXPECT_NEAR(clock.equivalent_s(20 * kYear) / kYear, expected_years, 1e-5 * expected_years);
  // 1.1 eV: 14 · 0.04044 + 6 · 0.5478 = 3.853 equivalent years at 55 °C
  // (by hand with Python's math.exp).
  EXPECT_NEAR(expected_years, 3.8528, 1e-4);
}

TEST(WearThermalClock, RejectsBadInput) {
  TemperatureProfile p;
  EXPECT_THROW(ThermalClock(p, nullptr, kDay), std::invalid_argument);
  EXPECT_THROW(ThermalClock(p, [](double) { return 1.0; }, -1), std::invalid_argument);
  EXPECT_THROW(ThermalClock(p, [](double) { return 1.0; }, kDay, 0), std::invalid_argument);
  EXPECT_THROW(ThermalClock(p, [](double) { return 1.0; }, 1e12, 1), std::invalid_argument);
  EXPECT_THROW(ThermalClock(p, [](double) { return -1.0; }, kDay), std::invalid_argument);
  EXPECT_THROW(ThermalClock(p, [](double) { return NAN; }, kDay), std::invalid_argument);
  p.daily_amplitude_c = -1;
  EXPECT_THROW(ThermalClock(p, [](double) { return 1.0; }, kDay), std::invalid_argument);
  const ThermalClock clock(TemperatureProfile{}, [](double) { return 1.0; }, kDay);
  EXPECT_THROW(clock.equivalent_s(NAN), std::invalid_argument);
  EXPECT_THROW(clock.time_at_equivalent(NAN), std::invalid_argument);
  EXPECT_THROW(clock.mean_factor(0, NAN), std::invalid_argument);
  // A zero horizon is a clock that never advances.
  const ThermalClock none(TemperatureProfile{}, [](double) { return 1.0; }, 0);
  EXPECT_EQ(none.equivalent_s(100), 0);
  EXPECT_TRUE(std::isinf(none.time_at_equivalent(1)));
}

}  // namespace test_wear_thermal_clock
