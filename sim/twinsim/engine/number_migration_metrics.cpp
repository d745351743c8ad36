#include "twinsim/engine/number_migration_metrics.hpp"

#include <set>

#include "twinmodels/ota/write_module.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

namespace {

// EMM-REGISTERED (TS 24.301 §5.1.3.2.2), awake or in PSM.
bool registered(const twinmodels::modem::Modem& m) {
  return m.state() == twinmodels::modem::ModemState::Registered ||
         m.state() == twinmodels::modem::ModemState::Sleeping;
}

// Calls f(campaign, device) for each device of each number migration
// (a write-card campaign with numbers_from).
template <class F>
void for_each_migration(const Scenario& s, const World& w, F f) {
  for (std::uint16_t c = 0; c < s.campaigns.size(); ++c) {
    const CampaignSpec& spec = s.campaigns[c];
    if (spec.kind != CampaignKind::WriteCard || !spec.numbers_from) continue;
    for (std::uint64_t i = 0; i < s.populations[spec.population].count; ++i)
      f(c, static_cast<std::uint32_t>(w.population_first[spec.population] + i));
  }
}

}  // namespace

MigrationModems migration_modems(const World& w) {
  MigrationModems n;
  if (!w.modem) return n;
  const Scenario& s = w.scenario;
  const ModemWorld& mw = *w.modem;
  std::set<std::uint16_t> failed_populations;
  for_each_migration(s, w, [&](std::uint16_t c, std::uint32_t device) {
    const CampaignSpec& spec = s.campaigns[c];
    failed_populations.insert(*spec.numbers_from);
    if (!w.devices.holds(device)) return;
    const auto& modem = mw.modems[mw.slot(spec.population, device, w.population_first)];
    const std::string old_imsi = imsi_for(s.populations[*spec.numbers_from].imsi_prefix, migrated_from(s, c, device));
    n.unregistered += !(registered(modem) && modem.imsi() == old_imsi);
  });
  for (std::uint16_t p : failed_populations) {
    for (std::uint64_t i = 0; i < s.populations[p].count; ++i) {
      const auto device = static_cast<std::uint32_t>(w.population_first[p] + i);
      if (w.devices.holds(device)) n.old_registered += registered(mw.modems[mw.slot(p, device, w.population_first)]);
    }
  }
  return n;
}

void add_migration_metrics(const World& w, std::map<std::string, double>& m, const MigrationModems* gathered) {
  std::uint64_t done = 0, pending = 0;
  const Scenario& s = w.scenario;
  if (w.modem && w.modem->write_module) {
    const ModemWorld& mw = *w.modem;
    for_each_migration(s, w, [&](std::uint16_t c, std::uint32_t device) {
      const bool written = mw.write_module->state(mw.order_of(c, device, w.population_first, s)) ==
                           twinmodels::ota::WriteOrderState::Done;
      ++(written ? done : pending);
    });
  }
  const MigrationModems modems = gathered ? *gathered : migration_modems(w);
  m["migration.done"] = static_cast<double>(done);
  m["migration.pending"] = static_cast<double>(pending);
  m["migration.unregistered"] = static_cast<double>(modems.unregistered);
  m["migration.old_registered"] = static_cast<double>(modems.old_registered);
}

}  // namespace twinsim
