// platforms.chip_management.supply (docs/SCENARIOS.md): how each followed
// population's chips went from their maker through China Mobile and its
// partners to the customer (the source document §3.2.3 and §4.1).
#include <algorithm>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

using twinmodels::platform::Role;

std::string word_of(Role r) {
  switch (r) {
    case Role::Agent: return "agent";
    case Role::ModuleMaker: return "module-maker";
    case Role::Oem: return "oem";
    default: return "";
  }
}

// The chain after China Mobile: each party once; a module maker before the
// OEM (it mounts the chip, the OEM integrates the module); the last party
// sells the chip, which a module maker cannot (chip_lifecycle.cpp: Sell
// leaves InStock or Integrated, not Mounted).
std::vector<Role> read_via(const YamlField& list) {
  const std::vector<YamlField> items = list.items();
  if (items.empty()) list.fail("needs at least one party: the one that sells the chip to the customer");
  std::vector<Role> via;
  for (const YamlField& item : items) {
    const Role r = read_word<Role>(item, "party", {{"agent", Role::Agent}, {"module-maker", Role::ModuleMaker},
                                                   {"oem", Role::Oem}});
    if (std::find(via.begin(), via.end(), r) != via.end()) item.fail("'" + word_of(r) + "' is listed twice");
    if (r == Role::ModuleMaker && std::find(via.begin(), via.end(), Role::Oem) != via.end())
      item.fail("the module maker comes before the OEM: the OEM integrates the module the module maker mounted the chip in");
    via.push_back(r);
  }
  if (via.back() == Role::ModuleMaker)
    items.back().fail("the last party sells the chip to the customer, and a module maker sells modules to OEMs: end with "
                      "'oem' or 'agent'");
  return via;
}

}  // namespace

void read_chip_supply(const YamlField& list, ChipManagementSpec& spec, const Scenario& s) {
  for (const YamlField& item : list.items()) {
    const YamlSection m(item, {"population", "maker", "via"});
    const YamlField name = m.need("population");
    const std::string population = read_name(name);
    std::optional<std::uint16_t> found;
    std::string followed;
    for (std::uint16_t p : spec.populations) {
      if (s.populations[p].name == population) found = p;
      followed += (followed.empty() ? "" : ", ") + s.populations[p].name;
    }
    if (!found)
      name.fail("population '" + population + "' is not one the chip management platform follows (it follows: " +
                followed + ")");
    if (spec.supply.count(*found)) name.fail("population '" + population + "' has its supply given twice");
    ChipSupplySpec supply;
    if (const auto f = m.find("maker"))
      supply.maker = read_word<Role>(*f, "maker", {{"card-vendor", Role::CardVendor}, {"chip-maker", Role::ChipMaker}});
    if (const auto f = m.find("via")) supply.via = read_via(*f);
    spec.supply.emplace(*found, std::move(supply));
  }
}

}  // namespace twinsim
