// The Weibull distribution of the wear models: cdf, quantile, calibration
// to a rated point and the weakest-link minimum.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "twinmodels/random/random_stream.hpp"
#include "twinmodels/wear/weibull.hpp"

namespace test_wear_weibull {

using namespace twinmodels::wear;

TEST(WearWeibull, CdfSurvivalAndQuantile) {
  const Weibull w{2.0, 10.0};
  EXPECT_EQ(w.cdf(0), 0.0);
  EXPECT_EQ(w.cdf(-5), 0.0);
  EXPECT_EQ(w.survival(-5), 1.0);
  // At the scale, 1 − 1/e whatever the shape.
  EXPECT_NEAR(w.cdf(10.0), 1.0 - std::exp(-1.0), 1e-15);
  EXPECT_NEAR(w.cdf(5.0), 1.0 - std::exp(-0.25), 1e-15);
  for (double x : {0.1, 1.0, 7.0, 30.0}) EXPECT_NEAR(w.cdf(x) + w.survival(x), 1.0, 1e-15);
  EXPECT_EQ(w.quantile(0), 0.0);
  for (double p : {1e-9, 0.01, 0.5, 0.9, 0.999999}) EXPECT_NEAR(w.cdf(w.quantile(p)), p, 1e-12 + 1e-9 * p) << p;
  for (double x : {0.01, 3.0, 10.0, 25.0}) EXPECT_NEAR(w.quantile(w.cdf(x)), x, 1e-9 * x) << x;
  // Median η (ln 2)^(1/β); mean η Γ(1 + 1/β) = 10 · √π/2 for β = 2.
  EXPECT_NEAR(w.quantile(0.5), 10.0 * std::sqrt(std::log(2.0)), 1e-12);
  EXPECT_NEAR(w.mean(), 10.0 * std::sqrt(std::numbers::pi) / 2.0, 1e-12);
}

TEST(WearWeibull, CalibratedHitsTheRatedPoint) {
  for (double beta : {0.8, 2.0, 3.0, 6.0}) {
    const Weibull w = Weibull::calibrated(beta, 100'000, 0.01);
    EXPECT_EQ(w.beta, beta);
    EXPECT_NEAR(w.cdf(100'000), 0.01, 1e-14);
    EXPECT_NEAR(w.quantile(0.01), 100'000, 1e-6);
  }
  // β = 3, 1 % at 100 000: η = 100 000 / (−ln 0.99)^(1/3) = 463 382.69.
  EXPECT_NEAR(Weibull::calibrated(3.0, 100'000, 0.01).eta, 463'382.692, 1e-3);
}

TEST(WearWeibull, MinOfIsTheWeakestLink) {
  const Weibull page{3.0, 1000.0};
  const Weibull card = page.min_of(64);
  EXPECT_EQ(card.beta, 3.0);
  EXPECT_NEAR(card.eta, 1000.0 / 4.0, 1e-12);  // 64^(1/3) = 4
  // P(min <= x) = 1 − S(x)^n.
  for (double x : {50.0, 250.0, 400.0}) EXPECT_NEAR(card.cdf(x), 1.0 - std::pow(page.survival(x), 64), 1e-12);
  EXPECT_EQ(page.min_of(1).eta, page.eta);

  // And by sampling: the minimum of 16 page draws, 20 000 times.
  twinmodels::RandomStream rng(7, 0, 0);
  const Weibull of16 = page.min_of(16);
  const double x = of16.quantile(0.5);
  int below = 0;
  constexpr int kCards = 20'000;
  for (int c = 0; c < kCards; ++c) {
    double m = INFINITY;
    for (int p = 0; p < 16; ++p) m = std::min(m, page.quantile(rng.uniform01()));
    below += m <= x ? 1 : 0;
  }
  // Binomial(20 000, 0.5): σ = 0.0035; 5σ = 0.018.
  EXPECT_NEAR(below / double(kCards), 0.5, 0.018);
}

TEST(WearWeibull, RejectsBadArguments) {
  const Weibull w{3.0, 1.0};
  EXPECT_THROW(w.quantile(1.0), std::invalid_argument);
  EXPECT_THROW(w.quantile(-0.1), std::invalid_argument);
  EXPECT_THROW(w.quantile(NAN), std::invalid_argument);
  EXPECT_THROW(Weibull::calibrated(0, 1, 0.5), std::invalid_argument);
  EXPECT_THROW(Weibull::calibrated(3, -1, 0.5), std::invalid_argument);
  EXPECT_THROW(Weibull::calibrated(3, 1, 0), std::invalid_argument);
  EXPECT_THROW(Weibull::calibrated(3, 1, 1), std::invalid_argument);
  EXPECT_THROW(w.min_of(0.5), std::invalid_argument);
  EXPECT_THROW(w.min_of(INFINITY), std::invalid_argument);
}

}  // namespace test_wear_weibull
