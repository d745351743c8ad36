// Least-squares fits (Eigen) of the wear models to data: a Weibull by
// median-rank regression and an Arrhenius activation energy.
#pragma once

#include <cstddef>
#include <span>

#include "twinmodels/wear/weibull.hpp"

namespace twinmodels::wear {

struct WeibullFit {
  Weibull dist;
  double r_squared = 0;
  std::size_t failures = 0;
};

// Median-rank regression (R. B. Abernethy, "The New Weibull Handbook"): the
// failures' median ranks by Bernard's approximation F = (i − 0.3) /
// (N + 0.4), where with right-censored units (suspensions) i is Johnson's
// adjusted rank (L. G. Johnson, "The Statistical Treatment of Fatigue
// Experiments", 1964) — the previous adjusted rank plus (N + 1 − previous) /
// (1 + units at or beyond this one); ln(−ln(1 − F)) is regressed on ln(x)
// with Eigen least squares: slope beta, eta = exp(−intercept / beta).
// r_squared is the regression's coefficient of determination. A censored
// unit tied with a failure counts as beyond it. Throws
// std::invalid_argument with fewer than 2 failures, fewer than 2 distinct
// failure values, or a value that is not finite and > 0.
WeibullFit fit_weibull(std::span<const double> failures, std::span<const double> censored = {});

struct ArrheniusFit {
  double ea_ev = 0;         // slope of ln(life) on 1/(kT)
  double ln_prefactor = 0;  // intercept a: life = exp(a) · exp(Ea/kT)
  double r_squared = 0;
};

// Arrhenius fit: ln(life) = a + Ea/(k·T), T = t_c + 273.15 K, over
// (temperature °C, life) pairs, Eigen least squares. Throws
// std::invalid_argument for spans of different sizes, fewer than 2 distinct
// temperatures, a life that is not finite and > 0 or a temperature that is
// not finite and above absolute zero.
ArrheniusFit fit_arrhenius(std::span<const double> t_c, std::span<const double> life);
// fit_arrhenius(t_c, life).ea_ev: the activation energy in eV.
double fit_activation_energy(std::span<const double> t_c, std::span<const double> life);

}  // namespace twinmodels::wear
