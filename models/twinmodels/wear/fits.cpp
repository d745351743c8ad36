#include "twinmodels/wear/fits.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "twinmodels/wear/arrhenius.hpp"

namespace twinmodels::wear {

namespace {

struct Line {
  double slope = 0, intercept = 0, r_squared = 0;
};

// Ordinary least squares of y on x (column-pivoting Householder QR).
Line least_squares(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  Eigen::MatrixXd a(x.size(), 2);
  a.col(0) = x;
  a.col(1).setOnes();
  const Eigen::Vector2d c = a.colPivHouseholderQr().solve(y);
  const double ss_res = (y - a * c).squaredNorm();
  const double ss_tot = (y.array() - y.mean()).square().sum();
  return Line{c(0), c(1), ss_tot > 0 ? 1.0 - ss_res / ss_tot : 1.0};
}

void require_positive_value(double v, const char* what) {
  if (!std::isfinite(v) || v <= 0) {
    throw std::invalid_argument(std::string(what) + " must be finite and > 0 (got " + std::to_string(v) + ")");
  }
}

struct Unit {
  double x;
  bool failed;
};

}  // namespace

WeibullFit fit_weibull(std::span<const double> failures, std::span<const double> censored) {
  if (failures.size() < 2) {
    throw std::invalid_argument("fit_weibull: needs at least 2 failures (got " + std::to_string(failures.size()) + ")");
  }
  std::vector<Unit> units;
  units.reserve(failures.size() + censored.size());
  for (double x : failures) {
    require_positive_value(x, "fit_weibull: a failure value");
    units.push_back({x, true});
  }
  for (double x : censored) {
    require_positive_value(x, "fit_weibull: a censored value");
    units.push_back({x, false});
  }
  // Failures before suspensions at the same value.
  std::sort(units.begin(), units.end(),
            [](const Unit& a, const Unit& b) { return a.x < b.x || (a.x == b.x && a.failed && !b.failed); });

  const auto n_total = static_cast<double>(units.size());
  Eigen::VectorXd x(static_cast<Eigen::Index>(failures.size()));
  Eigen::VectorXd y(x.size());
  Eigen::Index k = 0;
  double adjusted = 0;
  for (std::size_t j = 0; j < units.size(); ++j) {
    if (!units[j].failed) continue;
    const double reverse_rank = n_total - static_cast<double>(j);  // units at or beyond this one
    adjusted += (n_total + 1.0 - adjusted) / (1.0 + reverse_rank);
    const double f = (adjusted - 0.3) / (n_total + 0.4);  // Bernard
    x(k) = std::log(units[j].x);
    y(k) = std::log(-std::log1p(-f));
    ++k;
  }
  if (x.maxCoeff() == x.minCoeff()) {
    throw std::invalid_argument("fit_weibull: needs at least 2 distinct failure values");
  }
  const Line line = least_squares(x, y);
  return WeibullFit{Weibull{line.slope, std::exp(-line.intercept / line.slope)}, line.r_squared, failures.size()};
}

ArrheniusFit fit_arrhenius(std::span<const double> t_c, std::span<const double> life) {
  if (t_c.size() != life.size()) {
    throw std::invalid_argument("fit_arrhenius: " + std::to_string(t_c.size()) + " temperatures but " +
                                std::to_string(life.size()) + " lives");
  }
  const auto n = static_cast<Eigen::Index>(t_c.size());
  Eigen::VectorXd x(n);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = t_c[static_cast<std::size_t>(i)];
    if (!std::isfinite(t) || t <= -kZeroCelsiusK) {
      throw std::invalid_argument("fit_arrhenius: a temperature must be finite and above −273.15 °C (got " +
                                  std::to_string(t) + ")");
    }
    require_positive_value(life[static_cast<std::size_t>(i)], "fit_arrhenius: a life");
    x(i) = 1.0 / (kBoltzmannEvPerK * (t + kZeroCelsiusK));
    y(i) = std::log(life[static_cast<std::size_t>(i)]);
  }
  if (n < 2 || x.maxCoeff() == x.minCoeff()) {
    throw std::invalid_argument("fit_arrhenius: needs at least 2 distinct temperatures");
  }
  const Line line = least_squares(x, y);
  return ArrheniusFit{line.slope, line.intercept, line.r_squared};
}

double fit_activation_energy(std::span<const double> t_c, std::span<const double> life) {
  return fit_arrhenius(t_c, life).ea_ev;
}

}  // namespace twinmodels::wear
