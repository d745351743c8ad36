// Least-squares fits: a Weibull recovered from samples (complete, and with
// right-censored units by Johnson's adjusted ranks), an activation energy
// from Arrhenius data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "twinmodels/random/random_stream.hpp"
#include "twinmodels/wear/arrhenius.hpp"
#include "twinmodels/wear/fits.hpp"

namespace test_wear_fits {

using namespace twinmodels::wear;

std::vector<double> draws(const Weibull& w, std::uint64_t seed, int n) {
  twinmodels::RandomStream rng(seed, 0, 0);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = w.quantile(rng.uniform01());
  return v;
}

TEST(WearFits, WeibullFromCompleteSamples) {
  const Weibull truth{3.0, 1000.0};
  const std::vector<double> x = draws(truth, 11, 5000);
  const WeibullFit fit = fit_weibull(x);
  EXPECT_EQ(fit.failures, 5000u);
  EXPECT_NEAR(fit.dist.beta, 3.0, 0.15);    // 5 %
  EXPECT_NEAR(fit.dist.eta, 1000.0, 20.0);  // 2 %
  EXPECT_GT(fit.r_squared, 0.98);
  // A different shape and scale.
  const WeibullFit fit2 = fit_weibull(draws(Weibull{1.5, 2e6}, 12, 5000));
  EXPECT_NEAR(fit2.dist.beta, 1.5, 0.075);
  EXPECT_NEAR(fit2.dist.eta, 2e6, 0.03 * 2e6);
}

TEST(WearFits, WeibullWithCensoredUnits) {
  const Weibull truth{3.0, 1000.0};
  // Type I: a test stopped at the median; the survivors are censored there.
  {
    const std::vector<double> x = draws(truth, 21, 5000);
    const double stop = truth.quantile(0.5);
    std::vector<double> failed, censored;
    for (double v : x) (v <= stop ? failed : censored).push_back(stop < v ? stop : v);
    const WeibullFit fit = fit_weibull(failed, censored);
    EXPECT_EQ(fit.failures, failed.size());
    EXPECT_NEAR(fit.dist.beta, 3.0, 0.15);
    EXPECT_NEAR(fit.dist.eta, 1000.0, 30.0);
  }
  // Random censoring: each unit is withdrawn at a uniform time in [0, 2000]
  // if it has not failed by then (46 % are censored), mixed among the
  // failures — where Johnson's adjustment matters.
  {
    const std::vector<double> x = draws(truth, 22, 6000);
    twinmodels::RandomStream rng(23, 0, 0);
    std::vector<double> failed, censored;
    for (double v : x) {
      const double withdraw = rng.uniform(0, 2000);
      if (v <= withdraw) {
        failed.push_back(v);
      } else {
        censored.push_back(withdraw);
      }
    }
    ASSERT_GT(censored.size(), 1000u);
    const WeibullFit fit = fit_weibull(failed, censored);
    EXPECT_NEAR(fit.dist.beta, 3.0, 0.2);
    EXPECT_NEAR(fit.dist.eta, 1000.0, 40.0);
    // Ignoring the censored units instead biases the scale low.
    EXPECT_LT(fit_weibull(failed).dist.eta, 900.0);
  }
}

TEST(WearFits, MedianRanksByHand) {
  // Three failures at 1, 2, 4 (no censoring): Bernard's F = 0.2059, 0.5,
  // 0.7941; with a unit censored at 1.5, Johnson's ranks are (r·previous +
  // N + 1)/(r + 1) with r the reverse rank: 1, 7/3, 11/3 of N = 4, so
  // F = 0.1591, 0.4621, 0.7652. The fit is the least-squares line
  // through (ln x, ln(−ln(1 − F))).
  const auto line = [](std::vector<double> x, std::vector<double> f) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double n = double(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double lx = std::log(x[i]), ly = std::log(-std::log(1 - f[i]));
      sx += lx, sy += ly, sxx += lx * lx, sxy += lx * ly;
    }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double intercept = (sy - slope * sx) / n;
    return Weibull{slope, std::exp(-intercept / slope)};
  };
  const std::vector<double> x{1, 2, 4};
  const Weibull complete = line(x, {0.7 / 3.4, 1.7 / 3.4, 2.7 / 3.4});
  const WeibullFit a = fit_weibull(x);
  EXPECT_NEAR(a.dist.beta, complete.beta, 1e-12);
  EXPECT_NEAR(a.dist.eta, complete.eta, 1e-12);
  const std::vector<double> censored{1.5};
  const Weibull johnson = line(x, {0.7 / 4.4, (7.0 / 3 - 0.3) / 4.4, (11.0 / 3 - 0.3) / 4.4});
  const WeibullFit b = fit_weibull(x, censored);
  EXPECT_NEAR(b.dist.beta, johnson.beta, 1e-12);
  EXPECT_NEAR(b.dist.eta, johnson.eta, 1e-12);
}

TEST(WearFits, WeibullRejectsBadInput) {
  const std::vector<double> one{5.0};
  const std::vector<double> tied{5.0, 5.0, 5.0};
  const std::vector<double> negative{1.0, -2.0};
  const std::vector<double> good{1.0, 2.0};
  const std::vector<double> zero{0.0};
  EXPECT_THROW(fit_weibull(one), std::invalid_argument);
  EXPECT_THROW(fit_weibull(tied), std::invalid_argument);
  EXPECT_THROW(fit_weibull(negative), std::invalid_argument);
  EXPECT_THROW(fit_weibull(good, zero), std::invalid_argument);
}

TEST(WearFits, ActivationEnergyFromExactArrheniusData) {
  const std::vector<double> t{55, 85, 105, 125, 150};
  std::vector<double> life;
  for (double tc : t) life.push_back(1e5 / arrhenius_factor(0.7, 55, tc));
  EXPECT_NEAR(fit_activation_energy(t, life), 0.7, 1e-9);
  const ArrheniusFit fit = fit_arrhenius(t, life);
  EXPECT_NEAR(fit.r_squared, 1.0, 1e-12);
  // life = exp(a) · exp(Ea/kT) holds at 55 °C.
  EXPECT_NEAR(std::exp(fit.ln_prefactor + 0.7 / (kBoltzmannEvPerK * (55 + kZeroCelsiusK))), 1e5, 1e-4);
}

TEST(WearFits, ActivationEnergyImpliedByAnEepromDataSheet) {
  // ST M24C64-F: 4 million cycles at <= 25 °C, 1.2 million at 85 °C — an
  // endurance activation energy of 0.1846 eV (docs/MODELS.md).
  const std::vector<double> t{25, 85};
  const std::vector<double> cycles{4e6, 1.2e6};
  EXPECT_NEAR(fit_activation_energy(t, cycles), 0.18465, 1e-4);
}

TEST(WearFits, ActivationEnergyRejectsBadInput) {
  const std::vector<double> two{25, 85};
  const std::vector<double> one_life{1.0};
  const std::vector<double> same_t{85, 85};
  const std::vector<double> lives{1.0, 2.0};
  const std::vector<double> bad_life{1.0, 0.0};
  const std::vector<double> cold{-300, 85};
  EXPECT_THROW(fit_activation_energy(two, one_life), std::invalid_argument);
  EXPECT_THROW(fit_activation_energy(same_t, lives), std::invalid_argument);
  EXPECT_THROW(fit_activation_energy(two, bad_life), std::invalid_argument);
  EXPECT_THROW(fit_activation_energy(cold, lives), std::invalid_argument);
}

}  // namespace test_wear_fits
