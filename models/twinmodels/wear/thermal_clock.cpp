#include "twinmodels/wear/thermal_clock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace twinmodels::wear {

namespace {

constexpr double kMaxSteps = 1e8;

double checked_factor(const std::function<double(double)>& factor, double t_c, double t_s) {
  const double f = factor(t_c);
  if (!std::isfinite(f) || f < 0) {
    throw std::invalid_argument("thermal clock: the factor at " + std::to_string(t_c) + " °C (t = " +
                                std::to_string(t_s) + " s) is " + std::to_string(f) + ", not finite and >= 0");
  }
  return f;
}

void require_time(double t) {
  if (std::isnan(t)) throw std::invalid_argument("thermal clock: time is not a number");
}

}  // namespace

ThermalClock::ThermalClock(const TemperatureProfile& profile, std::function<double(double)> factor, double horizon_s,
                           double step_s)
    : profile_(profile), factor_(std::move(factor)), horizon_s_(horizon_s), step_s_(step_s) {
  profile_.validate();
  if (!factor_) throw std::invalid_argument("thermal clock: no factor function");
  if (!std::isfinite(horizon_s) || horizon_s < 0) {
    throw std::invalid_argument("thermal clock: horizon must be finite and >= 0 (got " + std::to_string(horizon_s) +
                                ")");
  }
  if (!std::isfinite(step_s) || step_s <= 0 || horizon_s / step_s > kMaxSteps) {
    throw std::invalid_argument("thermal clock: step must be finite, > 0 and at most 10^8 steps per horizon (got " +
                                std::to_string(step_s) + " s)");
  }
  const auto steps = static_cast<std::size_t>(std::ceil(horizon_s / step_s));
  cumulative_.resize(steps + 1);
  double previous = checked_factor(factor_, profile_.at(0), 0);
  cumulative_[0] = 0;
  for (std::size_t i = 1; i <= steps; ++i) {
    const double t = grid_time(i);
    const double f = checked_factor(factor_, profile_.at(t), t);
    cumulative_[i] = cumulative_[i - 1] + 0.5 * (previous + f) * (t - grid_time(i - 1));
    previous = f;
  }
}

double ThermalClock::grid_time(std::size_t i) const {
  return std::min(static_cast<double>(i) * step_s_, horizon_s_);
}

double ThermalClock::equivalent_s(double t_s) const {
  require_time(t_s);
  const double t = std::clamp(t_s, 0.0, horizon_s_);
  if (cumulative_.size() == 1) return 0;
  const auto i = std::min(static_cast<std::size_t>(t / step_s_), cumulative_.size() - 2);
  const double t0 = grid_time(i);
  const double t1 = grid_time(i + 1);
  return cumulative_[i] + (cumulative_[i + 1] - cumulative_[i]) * (t - t0) / (t1 - t0);
}

double ThermalClock::time_at_equivalent(double eq_s) const {
  require_time(eq_s);
  if (eq_s <= 0) return 0;
  const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), eq_s);
  if (it == cumulative_.end()) return std::numeric_limits<double>::infinity();
  // cumulative_[0] == 0 < eq_s, so `it` has a predecessor whose value is
  // below eq_s: the interval rises strictly.
  const auto i = static_cast<std::size_t>(it - cumulative_.begin()) - 1;
  const double t0 = grid_time(i);
  const double t1 = grid_time(i + 1);
  return t0 + (t1 - t0) * (eq_s - cumulative_[i]) / (cumulative_[i + 1] - cumulative_[i]);
}

double ThermalClock::mean_factor(double t0_s, double t1_s) const {
  require_time(t0_s);
  require_time(t1_s);
  const double t0 = std::clamp(t0_s, 0.0, horizon_s_);
  const double t1 = std::clamp(t1_s, 0.0, horizon_s_);
  if (t0 == t1) return checked_factor(factor_, profile_.at(t0), t0);
  return (equivalent_s(t1) - equivalent_s(t0)) / (t1 - t0);
}

}  // namespace twinmodels::wear
