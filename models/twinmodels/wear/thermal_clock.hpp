// Cumulative equivalent time at a reference temperature: ∫ factor(T(τ)) dτ
// over a temperature profile, the continuous form of ST AN5866's (§3.4)
// time-weighted sum of the time spent in each temperature range over the
// life at that range.
#pragma once

#include <functional>
#include <vector>

#include "twinmodels/wear/temperature.hpp"

namespace twinmodels::wear {

class ThermalClock {
 public:
  // Integrates factor(profile.at(t)) over [0, horizon_s] on a grid of
  // step_s (the last step shorter if step_s does not divide horizon_s) by
  // the trapezoid rule, with factor any acceleration (e.g.
  // RetentionModel::acceleration). Throws std::invalid_argument when the
  // profile does not validate(), and unless horizon_s >= 0 and step_s > 0
  // (finite, at most 10^8 steps), factor is set, and every factor value is
  // finite and >= 0. Memory: one double per step (8.8 × 10^4 steps for 10
  // years of hours).
  ThermalClock(const TemperatureProfile& profile, std::function<double(double)> factor, double horizon_s,
               double step_s = 3600);

  // The three queries throw std::invalid_argument for a NaN argument.

  // ∫0^t factor(T(τ)) dτ, linear between grid points; t clamped to
  // [0, horizon].
  double equivalent_s(double t_s) const;
  // The earliest t with equivalent_s(t) >= eq; +infinity if not reached by
  // the horizon (0 for eq <= 0).
  double time_at_equivalent(double eq_s) const;
  // (eq(t1) − eq(t0)) / (t1 − t0); factor(T(t0)) if equal. t0 and t1 are
  // clamped to [0, horizon] first.
  double mean_factor(double t0_s, double t1_s) const;

  double horizon_s() const { return horizon_s_; }
  double step_s() const { return step_s_; }

 private:
  double grid_time(std::size_t i) const;

  TemperatureProfile profile_;
  std::function<double(double)> factor_;
  double horizon_s_;
  double step_s_;
  std::vector<double> cumulative_;  // equivalent s at grid_time(i)
};

}  // namespace twinmodels::wear
