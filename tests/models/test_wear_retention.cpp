// Card data retention: calibrated so a card keeps its data for the grade's
// rated years at the rated temperature with probability 1 − f_at_rated,
// accelerated by Arrhenius above it.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "twinmodels/random/random_stream.hpp"
#include "twinmodels/wear/retention.hpp"

namespace test_wear_retention {

using namespace twinmodels::wear;

TEST(WearRetention, CalibratedToTheRatedYears) {
  for (Grade g : {Grade::Consumer, Grade::Industrial, Grade::Automotive1, Grade::Automotive2}) {
    const RetentionModel m(rating(g));
    EXPECT_EQ(m.card_life_years().beta, 2.0);
    EXPECT_NEAR(m.card_life_years().cdf(rating(g).retention_years), 0.01, 1e-14);
    EXPECT_NEAR(m.failure_probability(rating(g).retention_years), 0.01, 1e-14);
    // Rated where the grade's years are read: 55 °C, the automotive grades 85 °C.
    const double rated = g == Grade::Automotive1 || g == Grade::Automotive2 ? 85.0 : 55.0;
    EXPECT_EQ(m.rated_temperature(), rated);
    EXPECT_EQ(rated_retention_temperature(g), rated);
    EXPECT_EQ(m.acceleration(rated), 1.0);
  }
  // A temperature given overrides the grade's.
  RetentionParams at70;
  at70.rated_t_c = 70;
  EXPECT_EQ(RetentionModel(rating(Grade::Automotive2), at70).rated_temperature(), 70.0);
  EXPECT_EQ(RetentionModel(rating(Grade::Automotive2), at70).acceleration(70), 1.0);
  // Median time to the first lost page at the rated temperature: 10 ·
  // √(ln 2 / −ln 0.99) = 83.05 years (consumer, industrial), 141.18
  // (automotive).
  EXPECT_NEAR(RetentionModel(rating(Grade::Consumer)).card_life_years().quantile(0.5), 83.0467, 1e-4);
  EXPECT_NEAR(RetentionModel(rating(Grade::Automotive2)).card_life_years().quantile(0.5), 141.1794, 1e-4);
}

TEST(WearRetention, MonteCarloAtTheRatedYears) {
  // 200 000 cards: the fraction that lost a page by 10 years at 55 °C is
  // 1 % within 5σ (σ = 2.22e-4).
  const RetentionModel m(rating(Grade::Consumer));
  twinmodels::RandomStream rng(2018, 1, 0);
  constexpr int kCards = 200'000;
  int failed = 0;
  for (int i = 0; i < kCards; ++i) failed += m.card_life_years().quantile(rng.uniform01()) <= 10.0 ? 1 : 0;
  EXPECT_NEAR(failed / double(kCards), 0.01, 5 * std::sqrt(0.01 * 0.99 / kCards));
}

TEST(WearRetention, HotterLosesDataSooner) {
  const RetentionModel m(rating(Grade::Consumer));
  // 1.1 eV: 85 °C is 26.008 times 55 °C; 25 °C is 0.01996 times.
  EXPECT_NEAR(m.acceleration(85), 26.007753, 1e-5);
  EXPECT_NEAR(m.acceleration(25), 0.0199582, 1e-7);
  // A card held at 85 °C reaches 1 % after 10 / 26.008 = 0.3845 years.
  EXPECT_NEAR(m.failure_probability(0.3845 * m.acceleration(85)), 0.01, 1e-5);
}

TEST(WearRetention, RejectsParametersOutOfTheirDomain) {
  const auto rejects = [](RetentionParams p, const std::string& name) {
    try {
      RetentionModel m(rating(Grade::Consumer), p);
      ADD_FAILURE() << name << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  RetentionParams p;
  p.beta = -1;
  rejects(p, "beta");
  p = {};
  p.f_at_rated = 0;
  rejects(p, "f_at_rated");
  p = {};
  p.ea_ev = INFINITY;
  rejects(p, "ea_ev");
  p = {};
  p.rated_t_c = -300;
  rejects(p, "rated_t_c");
}

}  // namespace test_wear_retention
