#include "twinmodels/wear/weibull.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace twinmodels::wear {

double Weibull::cdf(double x) const {
  if (!(x > 0)) return 0.0;
  return -std::expm1(-std::pow(x / eta, beta));
}

double Weibull::survival(double x) const {
  if (!(x > 0)) return 1.0;
  return std::exp(-std::pow(x / eta, beta));
}

double Weibull::quantile(double p) const {
  if (!(p >= 0 && p < 1)) {
    throw std::invalid_argument("Weibull::quantile: p must be in [0, 1) (got " + std::to_string(p) + ")");
  }
  return eta * std::pow(-std::log1p(-p), 1.0 / beta);
}

double Weibull::mean() const { return eta * std::tgamma(1.0 + 1.0 / beta); }

Weibull Weibull::calibrated(double beta, double x_rated, double f_rated) {
  if (!std::isfinite(beta) || beta <= 0) {
    throw std::invalid_argument("Weibull::calibrated: beta must be finite and > 0 (got " + std::to_string(beta) + ")");
  }
  if (!std::isfinite(x_rated) || x_rated <= 0) {
    throw std::invalid_argument("Weibull::calibrated: the rated value must be finite and > 0 (got " +
                                std::to_string(x_rated) + ")");
  }
  if (!(f_rated > 0 && f_rated < 1)) {
    throw std::invalid_argument("Weibull::calibrated: the failed fraction must be in (0, 1) (got " +
                                std::to_string(f_rated) + ")");
  }
  return Weibull{beta, x_rated / std::pow(-std::log1p(-f_rated), 1.0 / beta)};
}

Weibull Weibull::min_of(double n) const {
  if (!std::isfinite(n) || n < 1) {
    throw std::invalid_argument("Weibull::min_of: n must be finite and >= 1 (got " + std::to_string(n) + ")");
  }
  return Weibull{beta, eta * std::pow(n, -1.0 / beta)};
}

}  // namespace twinmodels::wear
