#include "twinanalysis/linear_fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace twinanalysis {

LinearFit fit_line(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("a line fit needs as many y as x");
  auto finite = [](double v) { return std::isfinite(v); };
  if (!std::all_of(x.begin(), x.end(), finite) || !std::all_of(y.begin(), y.end(), finite))
    throw std::invalid_argument("a line fit needs finite values");
  if (x.empty() || std::all_of(x.begin(), x.end(), [&](double v) { return v == x.front(); }))
    throw std::invalid_argument("a line fit needs at least two distinct x");
  const auto n = static_cast<Eigen::Index>(x.size());
  Eigen::MatrixXd design(n, 2);
  design.col(0).setOnes();
  design.col(1) = Eigen::Map<const Eigen::VectorXd>(x.data(), n);
  const Eigen::Map<const Eigen::VectorXd> observed(y.data(), n);
  const Eigen::Vector2d coef = design.colPivHouseholderQr().solve(observed);
  const double ss_res = (observed - design * coef).squaredNorm();
  const double ss_tot = (observed.array() - observed.mean()).matrix().squaredNorm();
  return {coef(0), coef(1), ss_tot > 0 ? 1 - ss_res / ss_tot : std::numeric_limits<double>::quiet_NaN()};
}

}  // namespace twinanalysis
