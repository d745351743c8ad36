#include "twinmodels/wear/statistics.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

namespace twinmodels::wear {

namespace {

// The upper quantile 1 − (1 − level)/2 of a two-sided interval.
double upper_tail(double level, const char* who) {
  if (!(level > 0 && level < 1)) {
    throw std::invalid_argument(std::string(who) + ": level must be in (0, 1) (got " + std::to_string(level) + ")");
  }
  return 1.0 - (1.0 - level) / 2.0;
}

}  // namespace

Interval mean_interval(std::span<const double> replications, double level) {
  const double p = upper_tail(level, "mean_interval");
  if (replications.size() < 2) {
    throw std::invalid_argument("mean_interval: needs at least 2 replications (got " +
                                std::to_string(replications.size()) + ")");
  }
  const Eigen::Map<const Eigen::VectorXd> v(replications.data(), static_cast<Eigen::Index>(replications.size()));
  if (!v.allFinite()) throw std::invalid_argument("mean_interval: a replication is not finite");
  const auto n = static_cast<double>(v.size());
  const double mean = v.mean();
  const double sd = std::sqrt((v.array() - mean).square().sum() / (n - 1.0));
  const double t = boost::math::quantile(boost::math::students_t(n - 1.0), p);
  const double half = t * sd / std::sqrt(n);
  return Interval{mean, mean - half, mean + half};
}

Interval proportion_interval(std::uint64_t failed, std::uint64_t n, double level) {
  const double p = upper_tail(level, "proportion_interval");
  if (n == 0) throw std::invalid_argument("proportion_interval: no units");
  if (failed > n) {
    throw std::invalid_argument("proportion_interval: " + std::to_string(failed) + " failed of " + std::to_string(n));
  }
  const double z = boost::math::quantile(boost::math::normal(), p);
  const auto nn = static_cast<double>(n);
  const double ph = static_cast<double>(failed) / nn;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / nn;
  const double centre = (ph + z2 / (2.0 * nn)) / denominator;
  const double half = z / denominator * std::sqrt(ph * (1.0 - ph) / nn + z2 / (4.0 * nn * nn));
  return Interval{ph, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::vector<Interval> failure_curve(std::span<const double> failure_times, std::span<const double> grid,
                                    double level) {
  if (failure_times.empty()) throw std::invalid_argument("failure_curve: no units");
  std::vector<double> sorted(failure_times.begin(), failure_times.end());
  if (std::any_of(sorted.begin(), sorted.end(), [](double t) { return std::isnan(t); })) {
    throw std::invalid_argument("failure_curve: a failure time is not a number");
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<Interval> curve;
  curve.reserve(grid.size());
  for (double g : grid) {
    if (std::isnan(g)) throw std::invalid_argument("failure_curve: a grid time is not a number");
    const auto failed = static_cast<std::uint64_t>(std::upper_bound(sorted.begin(), sorted.end(), g) - sorted.begin());
    curve.push_back(proportion_interval(failed, sorted.size(), level));
  }
  return curve;
}

}  // namespace twinmodels::wear
