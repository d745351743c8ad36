// A population's temperature as a deterministic function of simulated time:
// a yearly mean with seasonal and daily cosines, an enclosure's solar gain,
// heat waves — or a measured series — for the engine to sample
// (docs/MODELS.md, "Environmental stress and wear": the presets' sources).
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace twinmodels::wear {

inline constexpr double kSecondsPerDay = 86'400.0;
inline constexpr double kDaysPerYear = 365.25;  // the Julian year

// Adds delta_c during [start_s, start_s + duration_s).
struct HeatWave {
  double start_s = 0, duration_s = 0, delta_c = 0;
};

// Times are s from the run's start; the run starts on 1 January 00:00 local
// time unless start_day_of_year says otherwise (day = start_day_of_year +
// t/86 400, fractional; hour = 24 · (day − ⌊day⌋)).
struct TemperatureProfile {
  double mean_c = 20;                 // yearly mean ambient
  double seasonal_amplitude_c = 0;    // ambient: mean + A_s·cos(2π(day − seasonal_peak_day)/365.25)
  double seasonal_peak_day = 200;     // day of year of the warmest day (0-based)
  double daily_amplitude_c = 0;       // + A_d·cos(2π(hour − daily_peak_hour)/24)
  double daily_peak_hour = 14;
  // Enclosure gain on top of ambient (in-car cabin parked in the sun, meter
  // cabinet in the sun): solar_gain_c · max(0, cos(2π(hour −
  // daily_peak_hour)/24))^solar_sharpness · season(t), where season(t) =
  // (1 + cos(2π(day − seasonal_peak_day)/365.25))/2 — so the gain is
  // largest at noon in summer.
  double solar_gain_c = 0;
  double solar_sharpness = 4;
  double start_day_of_year = 0;
  std::vector<HeatWave> heat_waves;
  // A measured series instead of the parametric form, when not empty:
  // (t_s, °C) points, strictly increasing t, linearly interpolated, held
  // constant beyond the ends; repeated every period_s if period_s > 0 (the
  // pattern on [t_first, t_first + period_s), interpolated from the last
  // point back to the first one's value at t_first + period_s).
  std::vector<std::pair<double, double>> points;
  double period_s = 0;

  // °C at time t_s (heat waves added in both forms).
  double at(double t_s) const;
  // Largest / smallest value over [0, horizon_s] sampled every step_s
  // (default 600 s) and at horizon_s. Throws std::invalid_argument unless
  // horizon_s >= 0 and step_s > 0, both finite.
  double max_over(double horizon_s, double step_s = 600) const;
  double min_over(double horizon_s, double step_s = 600) const;
  // Throws std::invalid_argument with a clear message for non-finite values,
  // a negative amplitude/gain, a solar_sharpness <= 0, points not strictly
  // increasing, a negative period_s or one shorter than the points' span, a
  // heat wave with duration <= 0.
  void validate() const;
};

// Named presets (docs/MODELS.md lists each with its source or marks it our
// assumption): "temperate" (Paris), "continental" (Beijing), "tropical"
// (Singapore), "car-cabin" (temperate ambient + a parked car's solar gain,
// peak ≈ 85 °C), "car-engine-bay" (continental ambient + engine and sun,
// yearly peak ≈ 125 °C — the automotive II upper limit), "meter-cabinet"
// (continental ambient + a small solar gain). std::nullopt for an unknown
// name; preset_names() lists them in order for error messages.
std::optional<TemperatureProfile> preset(std::string_view name);
const std::vector<std::string_view>& preset_names();

}  // namespace twinmodels::wear
