// populations[i].temperature: the temperature a population's cards live at
// (docs/SCENARIOS.md, "Environment and wear"): a preset's name, or a map of
// the parametric profile's terms, heat waves, or a measured series
// (twinmodels/wear/temperature.hpp).
#include <cmath>
#include <stdexcept>
#include <string>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

namespace wear = twinmodels::wear;

// The range the models are meant for; a profile that leaves it is a typo.
constexpr double kLowestC = -80, kHighestC = 200;

wear::TemperatureProfile read_preset(const YamlField& f) {
  const std::string& name = f.text();
  if (auto p = wear::preset(name)) return *p;
  std::vector<std::string> names;
  for (std::string_view n : wear::preset_names()) names.emplace_back(n);
  const auto guess = closest_word(name, names);
  f.fail("unknown temperature preset '" + name + "'" + (guess ? "; did you mean '" + *guess + "'?" : "") +
         " (allowed: " + join_words(names) + ")");
}

std::vector<wear::HeatWave> read_heat_waves(const YamlField& list) {
  std::vector<wear::HeatWave> out;
  for (const YamlField& item : list.items()) {
    const YamlSection m(item, {"at", "for", "delta_c"});
    wear::HeatWave h;
    h.start_s = read_duration(m.need("at"));
    const YamlField duration = m.need("for");
    h.duration_s = read_duration(duration);
    if (h.duration_s <= 0) duration.fail("a heat wave lasts longer than 0s, found " + duration.text());
    h.delta_c = read_decimal(m.need("delta_c"), -60, 100);
    out.push_back(h);
  }
  return out;
}

// [[time, °C], ...], strictly increasing times.
std::vector<std::pair<double, double>> read_points(const YamlField& list) {
  std::vector<std::pair<double, double>> out;
  for (const YamlField& item : list.items()) {
    const std::vector<YamlField> pair = item.items();
    if (pair.size() != 2) item.fail("expected a pair [time, °C], e.g. [6h, 18.5], found " + item.describe());
    const double t = read_duration(pair[0]);
    if (!out.empty() && t <= out.back().first) pair[0].fail("the times of the points must increase");
    out.emplace_back(t, read_decimal(pair[1], kLowestC, kHighestC));
  }
  if (out.empty()) list.fail("needs at least one point [time, °C]");
  return out;
}

}  // namespace

twinmodels::wear::TemperatureProfile read_temperature(const YamlField& f, double stop_s) {
  wear::TemperatureProfile p;
  if (f.node().IsScalar()) {
    p = read_preset(f);
  } else {
    const YamlSection m(f, {"preset", "mean_c", "seasonal_amplitude_c", "seasonal_peak_day", "daily_amplitude_c",
                            "daily_peak_hour", "solar_gain_c", "solar_sharpness", "start_day", "heat_waves", "points",
                            "period"});
    if (const auto k = m.find("preset")) p = read_preset(*k);
    if (const auto k = m.find("mean_c")) p.mean_c = read_decimal(*k, -60, 150);
    if (const auto k = m.find("seasonal_amplitude_c")) p.seasonal_amplitude_c = read_decimal(*k, 0, 100);
    if (const auto k = m.find("seasonal_peak_day")) p.seasonal_peak_day = read_decimal(*k, 0, 365);
    if (const auto k = m.find("daily_amplitude_c")) p.daily_amplitude_c = read_decimal(*k, 0, 100);
    if (const auto k = m.find("daily_peak_hour")) p.daily_peak_hour = read_decimal(*k, 0, 23.99);
    if (const auto k = m.find("solar_gain_c")) p.solar_gain_c = read_decimal(*k, 0, 150);
    if (const auto k = m.find("solar_sharpness")) p.solar_sharpness = read_positive_decimal(*k, 64);
    if (const auto k = m.find("start_day")) p.start_day_of_year = read_decimal(*k, 0, 365);
    if (const auto k = m.find("heat_waves")) p.heat_waves = read_heat_waves(*k);
    const auto points = m.find("points");
    if (points) p.points = read_points(*points);
    if (const auto k = m.find("period")) {
      if (!points) k->fail("applies to a measured series (points) only");
      p.period_s = read_duration(*k);
      const double span = p.points.back().first - p.points.front().first;
      if (p.period_s <= span) k->fail("the period must be longer than the points' span (" + std::to_string(span) + " s)");
    }
  }
  try {
    p.validate();
  } catch (const std::invalid_argument& e) {
    f.fail(e.what());
  }
  const double hi = p.max_over(stop_s), lo = p.min_over(stop_s);
  if (hi > kHighestC || lo < kLowestC) {
    f.fail("reaches " + std::to_string(static_cast<long>(std::lround(hi > kHighestC ? hi : lo))) +
           " °C within the run, outside what the wear models cover (-80 to 200 °C)");
  }
  return p;
}

}  // namespace twinsim
