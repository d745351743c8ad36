// The named temperature profiles (docs/MODELS.md, "Environmental stress and
// wear", table "Temperature presets": the climate figures' sources; the
// enclosure gains are our assumptions).
#include <array>

#include "twinmodels/wear/temperature.hpp"

namespace twinmodels::wear {

namespace {

// Day 200 (0-based) is 20 July: the warmest time of year in the northern
// mid-latitudes; 14:00 local time the warmest hour of the day.
constexpr double kNorthernSummerPeakDay = 200;

// Paris (oceanic, Köppen Cfb): monthly means 3.4 °C (January) to 19.1 °C
// (July), about 11.5 °C a year; daily highs and lows about 8 °C apart.
TemperatureProfile temperate() {
  TemperatureProfile p;
  p.mean_c = 11.5;
  p.seasonal_amplitude_c = 8.0;
  p.seasonal_peak_day = kNorthernSummerPeakDay;
  p.daily_amplitude_c = 4.0;
  return p;
}

// Beijing (Köppen Dwa), CMA 1971–2000: January mean −3.7 °C, July 26.2 °C;
// yearly mean high 17.9 °C and low 7.2 °C (mean 12.5 °C, range 10.7 °C).
TemperatureProfile continental() {
  TemperatureProfile p;
  p.mean_c = 12.5;
  p.seasonal_amplitude_c = 15.0;
  p.seasonal_peak_day = kNorthernSummerPeakDay;
  p.daily_amplitude_c = 5.3;
  return p;
}

// Singapore (Köppen Af), NEA stations 2019–2023: daily mean 27.9 °C,
// monthly means 27.0–28.9 °C with May the warmest; mean daily maximum
// 31.9 °C and minimum 25.3 °C.
TemperatureProfile tropical() {
  TemperatureProfile p;
  p.mean_c = 27.9;
  p.seasonal_amplitude_c = 0.9;
  p.seasonal_peak_day = 135;  // 16 May
  p.daily_amplitude_c = 3.3;
  return p;
}

// A card in a car parked in the sun, temperate climate: the solar gain (our
// assumption) brings the summer-noon peak to 23.5 + 61.5 = 85 °C.
TemperatureProfile car_cabin() {
  TemperatureProfile p = temperate();
  p.solar_gain_c = 61.5;
  p.solar_sharpness = 4;
  return p;
}

// A module near the engine or on a dashboard in a hot summer: continental
// ambient plus a broad daytime gain (our assumption) whose summer peak is
// 32.8 + 92.2 = 125 °C, the automotive II upper limit.
TemperatureProfile car_engine_bay() {
  TemperatureProfile p = continental();
  p.solar_gain_c = 92.2;
  p.solar_sharpness = 2;
  return p;
}

// An outdoor meter cabinet in the sun, continental climate: a 15 °C gain
// (our assumption) on top of the ambient, summer peak 47.8 °C.
TemperatureProfile meter_cabinet() {
  TemperatureProfile p = continental();
  p.solar_gain_c = 15.0;
  p.solar_sharpness = 4;
  return p;
}

struct Preset {
  std::string_view name;
  TemperatureProfile (*make)();
};

constexpr std::array<Preset, 6> kPresets{{
    {"temperate", temperate},
    {"continental", continental},
    {"tropical", tropical},
    {"car-cabin", car_cabin},
    {"car-engine-bay", car_engine_bay},
    {"meter-cabinet", meter_cabinet},
}};

}  // namespace

std::optional<TemperatureProfile> preset(std::string_view name) {
  for (const Preset& p : kPresets) {
    if (p.name == name) return p.make();
  }
  return std::nullopt;
}

const std::vector<std::string_view>& preset_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const Preset& p : kPresets) v.push_back(p.name);
    return v;
  }();
  return names;
}

}  // namespace twinmodels::wear
