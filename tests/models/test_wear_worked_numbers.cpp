// The worked numbers docs/MODELS.md quotes ("Environmental stress and
// wear", table "A year in each preset"): the yearly mean acceleration of
// retention loss (1.1 eV from 55 °C) and of a consumer page's wear (0.3 eV
// from 85 °C) in each preset, by the thermal clock with hourly steps.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "twinmodels/wear/endurance.hpp"
#include "twinmodels/wear/retention.hpp"
#include "twinmodels/wear/thermal_clock.hpp"

namespace test_wear_worked_numbers {

using namespace twinmodels::wear;

TEST(WearWorkedNumbers, AYearInEachPreset) {
  struct Row {
    const char* preset;
    double retention_factor, consumer_wear_factor;
  };
  const Row rows[] = {
      {"temperate", 0.00403016, 0.0837879},   {"continental", 0.0094974, 0.0930734},
      {"tropical", 0.0318269, 0.158791},      {"car-cabin", 0.458269, 0.132843},
      {"car-engine-bay", 17.6052, 0.253429},  {"meter-cabinet", 0.021494, 0.102191},
  };
  const double year = kDaysPerYear * kSecondsPerDay;
  const RetentionModel retention(rating(Grade::Consumer));
  const EnduranceModel wear(rating(Grade::Consumer));
  for (const Row& r : rows) {
    const TemperatureProfile p = *preset(r.preset);
    const ThermalClock charge(p, [&](double t) { return retention.acceleration(t); }, year);
    const ThermalClock cycles(p, [&](double t) { return wear.acceleration(t); }, year);
    EXPECT_NEAR(charge.mean_factor(0, year), r.retention_factor, 1e-5 * r.retention_factor) << r.preset;
    EXPECT_NEAR(cycles.mean_factor(0, year), r.consumer_wear_factor, 1e-5 * r.consumer_wear_factor) << r.preset;
  }
  // The engine bay: a consumer card reaches 1 % lost-page probability after
  // 10 / 17.6052 = 0.568 years. An automotive II card, whose 17 years refer
  // to 85 °C (rated_retention_temperature), uses 17.6052 / 26.0078 = 0.67692
  // equivalent years a year there and reaches 1 % after 17 / 0.67692 =
  // 25.11 years; were its years read at 55 °C, after 17 / 17.6052 = 0.966.
  EXPECT_NEAR(retention.failure_probability(0.5680 * 17.6052), 0.01, 1e-5);
  const RetentionModel automotive(rating(Grade::Automotive2));
  const ThermalClock bay(*preset("car-engine-bay"), [&](double t) { return automotive.acceleration(t); }, year);
  EXPECT_NEAR(bay.mean_factor(0, year), 0.67692, 1e-4);
  EXPECT_NEAR(automotive.failure_probability(25.114 * 0.67692), 0.01, 1e-4);
  RetentionParams at55;
  at55.rated_t_c = 55;
  EXPECT_NEAR(RetentionModel(rating(Grade::Automotive2), at55).failure_probability(0.9656 * 17.6052), 0.01, 1e-5);
  // The figure's sensitivity to the activation energy: 3.815 at 0.8 eV,
  // 1.522 at 0.6 eV.
  for (const auto& [ea, factor] : {std::pair{0.8, 3.815}, std::pair{0.6, 1.522}}) {
    RetentionParams rp;
    rp.ea_ev = ea;
    rp.rated_t_c = 55;
    const RetentionModel r(rating(Grade::Automotive2), rp);
    const ThermalClock bay(*preset("car-engine-bay"), [&](double t) { return r.acceleration(t); }, year);
    EXPECT_NEAR(bay.mean_factor(0, year), factor, 1e-3) << ea;
  }
}

}  // namespace test_wear_worked_numbers
