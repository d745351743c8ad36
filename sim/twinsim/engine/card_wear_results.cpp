// The end of a run with the environment's wear: the wear.* metrics
// (docs/SCENARIOS.md, "Environment and wear") and the /wear table
// (docs/RUN-FILE.md).
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

void finish_wear(const CardWear* wear, const Scenario& s, RunFile& out, std::map<std::string, double>& m) {
  const WearCounters none = WearCounters::none(s.populations.size());
  const WearCounters& c = wear ? wear->counters() : none;
  m["wear.worn_programs"] = static_cast<double>(c.worn_programs);
  m["wear.hot_programs"] = static_cast<double>(c.hot_programs);
  const std::pair<const char*, const std::vector<std::uint64_t>*> cards[] = {
      {"wear.cards_worn", &c.cards_worn},
      {"wear.cards_too_hot", &c.cards_too_hot},
      {"wear.cards_charge_lost", &c.cards_charge_lost},
      {"wear.cards_failed", &c.cards_failed}};
  for (const auto& [name, counts] : cards) {
    std::uint64_t total = 0;
    for (std::size_t p = 0; p < s.populations.size(); ++p) {
      m[std::string(name) + "." + s.populations[p].name] = static_cast<double>((*counts)[p]);
      total += (*counts)[p];
    }
    m[name] = static_cast<double>(total);
  }
  if (!wear) return;
  for (std::uint32_t d = 0; d < wear->device_count(); ++d) {
    const std::uint16_t p = s.population_of(d);
    if (!wear->covers(p)) continue;
    const DeviceWear& w = wear->device(d);
    WearRow row;
    row.device = d;
    row.population = p;
    row.programs = w.programs;
    row.worn_s = w.worn_s;
    row.too_hot_s = w.too_hot_s;
    row.charge_lost_s = w.charge_lost_s;
    row.lost_page = w.lost_page;
    row.failed_s = w.failed_s;
    out.add_wear(row);
  }
}

}  // namespace twinsim
