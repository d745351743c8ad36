// wear: the parameters of the NVM wear models (docs/MODELS.md,
// "Environmental stress and wear"; docs/SCENARIOS.md, "Environment and
// wear"), shared by every population with a temperature.
#include <algorithm>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

// A probability in (0, 1): the share failed at the rated point.
double read_share(const YamlField& f) {
  const double v = read_positive_decimal(f, 1);
  if (v >= 1) f.fail("expected a share above 0 and below 1, found '" + f.text() + "'");
  return v;
}

}  // namespace

void read_wear(const YamlSection& wear, Scenario& s) {
  const bool any = std::any_of(s.populations.begin(), s.populations.end(),
                               [](const PopulationSpec& p) { return p.temperature.has_value(); });
  if (!any) wear.field().fail("no population has a temperature, so nothing wears (populations[i].temperature)");
  if (const auto f = wear.find("endurance")) {
    const YamlSection m(*f, {"shape", "failed_at_rated", "activation_energy_ev", "out_of_range_scale_c",
                             "out_of_range_shape"});
    auto& e = s.wear.endurance;
    if (const auto k = m.find("shape")) e.beta = read_positive_decimal(*k, 20);
    if (const auto k = m.find("failed_at_rated")) e.f_at_rated = read_share(*k);
    if (const auto k = m.find("activation_energy_ev")) e.ea_ev = read_decimal(*k, 0, 2);
    if (const auto k = m.find("out_of_range_scale_c")) e.oor_scale_c = read_positive_decimal(*k, 200);
    if (const auto k = m.find("out_of_range_shape")) e.oor_shape = read_positive_decimal(*k, 20);
  }
  if (const auto f = wear.find("retention")) {
    const YamlSection m(*f, {"shape", "failed_at_rated", "activation_energy_ev", "rated_temperature_c"});
    auto& r = s.wear.retention;
    if (const auto k = m.find("shape")) r.beta = read_positive_decimal(*k, 20);
    if (const auto k = m.find("failed_at_rated")) r.f_at_rated = read_share(*k);
    if (const auto k = m.find("activation_energy_ev")) r.ea_ev = read_decimal(*k, 0, 2);
    if (const auto k = m.find("rated_temperature_c")) r.rated_t_c = read_decimal(*k, -40, 150);  // else the grade's
  }
}

}  // namespace twinsim
