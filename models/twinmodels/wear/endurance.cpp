#include "twinmodels/wear/endurance.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "twinmodels/wear/arrhenius.hpp"

namespace twinmodels::wear {

namespace {

void require_positive(double v, const char* name) {
  if (!std::isfinite(v) || v <= 0) {
    throw std::invalid_argument(std::string("endurance: ") + name + " must be finite and > 0 (got " +
                                std::to_string(v) + ")");
  }
}

const EnduranceParams& checked(const EnduranceParams& p) {
  require_positive(p.beta, "beta");
  if (!(p.f_at_rated > 0 && p.f_at_rated < 1)) {
    throw std::invalid_argument("endurance: f_at_rated must be in (0, 1) (got " + std::to_string(p.f_at_rated) + ")");
  }
  if (!std::isfinite(p.ea_ev) || p.ea_ev < 0) {
    throw std::invalid_argument("endurance: ea_ev must be finite and >= 0 (got " + std::to_string(p.ea_ev) + ")");
  }
  require_positive(p.oor_scale_c, "oor_scale_c");
  require_positive(p.oor_shape, "oor_shape");
  return p;
}

}  // namespace

EnduranceModel::EnduranceModel(const GradeRating& g, const EnduranceParams& p)
    : grade_(g),
      params_(checked(p)),
      life_(Weibull::calibrated(p.beta, g.rated_cycles, p.f_at_rated)) {}

double EnduranceModel::acceleration(double t_c) const {
  return arrhenius_factor(params_.ea_ev, grade_.t_max_c, t_c);
}

double EnduranceModel::threshold(double u) const { return life_.quantile(u); }

double EnduranceModel::median_cycles(double t_c) const { return life_.quantile(0.5) / acceleration(t_c); }

double EnduranceModel::failure_probability(double cycles, double t_c) const {
  return life_.cdf(cycles * acceleration(t_c));
}

double EnduranceModel::out_of_range_probability(double t_c) const {
  if (std::isnan(t_c)) throw std::invalid_argument("endurance: temperature is not a number");
  const double excess = std::max({t_c - grade_.t_max_c, grade_.t_min_c - t_c, 0.0});
  if (excess == 0) return 0.0;
  return -std::expm1(-std::pow(excess / params_.oor_scale_c, params_.oor_shape));
}

}  // namespace twinmodels::wear
