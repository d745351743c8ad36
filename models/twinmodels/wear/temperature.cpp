#include "twinmodels/wear/temperature.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <string>

namespace twinmodels::wear {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

std::string text(double v) { return std::to_string(v); }

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("temperature profile: " + what); }

void require_finite(double v, const std::string& name) {
  if (!std::isfinite(v)) fail(name + " must be finite (got " + text(v) + ")");
}

void require_non_negative(double v, const std::string& name) {
  require_finite(v, name);
  if (v < 0) fail(name + " must be >= 0 (got " + text(v) + ")");
}

// The measured series at tt, linear between points; with a period, the
// stretch after the last point runs back to the first point's value at
// t_first + period_s.
double interpolate(const std::vector<std::pair<double, double>>& pts, double period_s, double tt) {
  const auto& first = pts.front();
  const auto& last = pts.back();
  if (tt <= first.first) return first.second;
  if (tt >= last.first) {
    if (period_s <= 0) return last.second;
    const double end = first.first + period_s;
    if (end <= last.first) return last.second;
    return last.second + (first.second - last.second) * (tt - last.first) / (end - last.first);
  }
  const auto hi = std::upper_bound(pts.begin(), pts.end(), tt,
                                   [](double t, const std::pair<double, double>& p) { return t < p.first; });
  const auto lo = hi - 1;
  return lo->second + (hi->second - lo->second) * (tt - lo->first) / (hi->first - lo->first);
}

double measured(const TemperatureProfile& p, double t_s) {
  double tt = t_s;
  if (p.period_s > 0) {
    const double t0 = p.points.front().first;
    tt = t0 + (t_s - t0) - p.period_s * std::floor((t_s - t0) / p.period_s);
  }
  return interpolate(p.points, p.period_s, tt);
}

double parametric(const TemperatureProfile& p, double t_s) {
  const double day = p.start_day_of_year + t_s / kSecondsPerDay;
  const double hour = 24.0 * (day - std::floor(day));
  const double seasonal = std::cos(kTwoPi * (day - p.seasonal_peak_day) / kDaysPerYear);
  const double daily = std::cos(kTwoPi * (hour - p.daily_peak_hour) / 24.0);
  double v = p.mean_c + p.seasonal_amplitude_c * seasonal + p.daily_amplitude_c * daily;
  if (p.solar_gain_c > 0 && daily > 0) {
    v += p.solar_gain_c * std::pow(daily, p.solar_sharpness) * (1.0 + seasonal) / 2.0;
  }
  return v;
}

void check_sampling(double horizon_s, double step_s) {
  if (!std::isfinite(horizon_s) || horizon_s < 0) fail("horizon must be finite and >= 0 (got " + text(horizon_s) + ")");
  if (!std::isfinite(step_s) || step_s <= 0) fail("sampling step must be finite and > 0 (got " + text(step_s) + ")");
}

template <typename Better>
double extreme_over(const TemperatureProfile& p, double horizon_s, double step_s, Better better) {
  check_sampling(horizon_s, step_s);
  const auto steps = static_cast<std::uint64_t>(std::ceil(horizon_s / step_s));
  double best = p.at(0);
  for (std::uint64_t i = 1; i <= steps; ++i) {
    const double v = p.at(std::min(static_cast<double>(i) * step_s, horizon_s));
    if (better(v, best)) best = v;
  }
  return best;
}

}  // namespace

double TemperatureProfile::at(double t_s) const {
  double v = points.empty() ? parametric(*this, t_s) : measured(*this, t_s);
  for (const HeatWave& w : heat_waves) {
    if (t_s >= w.start_s && t_s < w.start_s + w.duration_s) v += w.delta_c;
  }
  return v;
}

double TemperatureProfile::max_over(double horizon_s, double step_s) const {
  return extreme_over(*this, horizon_s, step_s, [](double a, double b) { return a > b; });
}

double TemperatureProfile::min_over(double horizon_s, double step_s) const {
  return extreme_over(*this, horizon_s, step_s, [](double a, double b) { return a < b; });
}

void TemperatureProfile::validate() const {
  require_finite(mean_c, "mean_c");
  require_non_negative(seasonal_amplitude_c, "seasonal_amplitude_c");
  require_finite(seasonal_peak_day, "seasonal_peak_day");
  require_non_negative(daily_amplitude_c, "daily_amplitude_c");
  require_finite(daily_peak_hour, "daily_peak_hour");
  require_non_negative(solar_gain_c, "solar_gain_c");
  require_finite(solar_sharpness, "solar_sharpness");
  if (solar_sharpness <= 0) fail("solar_sharpness must be > 0 (got " + text(solar_sharpness) + ")");
  require_finite(start_day_of_year, "start_day_of_year");
  for (std::size_t i = 0; i < heat_waves.size(); ++i) {
    const HeatWave& w = heat_waves[i];
    const std::string name = "heat_waves[" + std::to_string(i) + "]";
    require_finite(w.start_s, name + ".start_s");
    require_finite(w.duration_s, name + ".duration_s");
    require_finite(w.delta_c, name + ".delta_c");
    if (w.duration_s <= 0) fail(name + ".duration_s must be > 0 (got " + text(w.duration_s) + ")");
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string name = "points[" + std::to_string(i) + "]";
    require_finite(points[i].first, name + " time");
    require_finite(points[i].second, name + " temperature");
    if (i > 0 && !(points[i].first > points[i - 1].first)) {
      fail("points must have strictly increasing times: " + name + " at " + text(points[i].first) +
           " s does not follow " + text(points[i - 1].first) + " s");
    }
  }
  require_non_negative(period_s, "period_s");
  if (period_s > 0 && !points.empty()) {
    const double span = points.back().first - points.front().first;
    if (period_s < span) {
      fail("period_s (" + text(period_s) + " s) is shorter than the points' span (" + text(span) + " s)");
    }
  }
}

}  // namespace twinmodels::wear
