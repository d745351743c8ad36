#include "twinmodels/wear/retention.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "twinmodels/wear/arrhenius.hpp"

namespace twinmodels::wear {

namespace {

const RetentionParams& checked(const RetentionParams& p) {
  if (!std::isfinite(p.beta) || p.beta <= 0) {
    throw std::invalid_argument("retention: beta must be finite and > 0 (got " + std::to_string(p.beta) + ")");
  }
  if (!(p.f_at_rated > 0 && p.f_at_rated < 1)) {
    throw std::invalid_argument("retention: f_at_rated must be in (0, 1) (got " + std::to_string(p.f_at_rated) + ")");
  }
  if (!std::isfinite(p.ea_ev) || p.ea_ev < 0) {
    throw std::invalid_argument("retention: ea_ev must be finite and >= 0 (got " + std::to_string(p.ea_ev) + ")");
  }
  if (p.rated_t_c && (!std::isfinite(*p.rated_t_c) || *p.rated_t_c <= -kZeroCelsiusK)) {
    throw std::invalid_argument("retention: rated_t_c must be finite and above −273.15 °C (got " +
                                std::to_string(*p.rated_t_c) + ")");
  }
  return p;
}

}  // namespace

double rated_retention_temperature(Grade g) {
  return g == Grade::Automotive1 || g == Grade::Automotive2 ? 85.0 : 55.0;
}

RetentionModel::RetentionModel(const GradeRating& g, const RetentionParams& p)
    : grade_(g),
      params_(checked(p)),
      rated_t_c_(p.rated_t_c.value_or(rated_retention_temperature(g.grade))),
      life_(Weibull::calibrated(p.beta, g.retention_years, p.f_at_rated)) {}

double RetentionModel::acceleration(double t_c) const {
  return arrhenius_factor(params_.ea_ev, rated_t_c_, t_c);
}

double RetentionModel::failure_probability(double equivalent_years) const { return life_.cdf(equivalent_years); }

}  // namespace twinmodels::wear
