// platforms.chip_management.supply (docs/SCENARIOS.md): how each followed
// population's chips went from their maker through China Mobile and its
// partners to the customer (the source document §3.2.3 and §4.1).
#include <algorithm>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"
#include "twinsim/scenario/supply_file.hpp"

namespace twinsim {

namespace {

using twinmodels::platform::Role;
namespace sp = twinmodels::supply;

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

// A stage's party as a role of the chip's circulation; none for a party
// the chip management platform does not know.
constexpr std::pair<const char*, Role> kParties[] = {
    {"card-vendor", Role::CardVendor}, {"chip-maker", Role::ChipMaker}, {"cmcc", Role::Operator},
    {"agent", Role::Agent},           {"module-maker", Role::ModuleMaker}, {"oem", Role::Oem},
    {"customer", Role::Customer}};

std::optional<Role> role_of_party(const std::string& party) {
  for (const auto& [word, role] : kParties)
    if (party == word) return role;
  return std::nullopt;
}

std::string party_word(Role r) {
  for (const auto& [word, role] : kParties)
    if (r == role) return word;
  return "";
}

std::string step_word(sp::ChipStep s) {
  for (const auto& [word, step] : chip_step_words())
    if (s == step) return word;
  return "none";
}

// Walks the flow's chip steps as the chip lifecycle would take them
// (chip_lifecycle.cpp's table), so that a run never meets a refusal: the
// chip produced once by a card vendor or chip maker, shipped by its holder
// to the next stage's party, mounted by a module maker, integrated by an
// OEM, sold by an agent or OEM after its integration, in service once
// sold; a stage that scraps units (failure, rework below 1) only while
// the chip is produced or in a party's stock (the lifecycle's Scrap).
void check_flow_chip_steps(const YamlField& flow_field, ChipSupplySpec& supply) {
  const sp::FlowSpec& flow = *supply.flow;
  const std::vector<YamlField> items = flow_field.items();
  enum class At { Nowhere, InStock, Shipped, Mounted, Integrated, Sold } at = At::Nowhere;
  std::optional<Role> holder;
  bool integrated = false;
  std::size_t in_service = flow.stages.size() - 1;
  for (std::size_t i = 0; i < flow.stages.size(); ++i)
    if (flow.stages[i].in_service) in_service = i;
  for (std::size_t i = 0; i < flow.stages.size(); ++i) {
    const sp::StageSpec& stage = flow.stages[i];
    const YamlField& item = items.at(i);
    const std::optional<Role> party = supply.stage_roles.at(i);
    const std::string step = step_word(stage.chip);
    if (stage.chip != sp::ChipStep::None && !party)
      item.fail("party '" + stage.party + "' takes chip step '" + step +
                "', but the chip management platform knows only card-vendor, chip-maker, cmcc, agent, module-maker, "
                "oem and customer");
    if (stage.chip != sp::ChipStep::None && stage.chip != sp::ChipStep::Produce && at != At::Nowhere &&
        party != holder && stage.chip != sp::ChipStep::Ship)
      item.fail("chip step '" + step + "' by " + stage.party + ", but the chip is with " + party_word(*holder));
    const bool scraps = stage.failure > 0 && stage.rework < 1;
    if (scraps && stage.chip != sp::ChipStep::Produce && at != At::InStock)
      item.fail("scraps units (failure " + std::to_string(stage.failure) + ", rework below 1), but the chip lifecycle "
                "scraps a chip only when produced or in a party's stock: give the stage rework: 1 or move it");
    if (scraps && stage.chip == sp::ChipStep::Ship)
      item.fail("scraps units while the chip is shipped (the lifecycle has no Scrap from Shipped): give the stage "
                "rework: 1");
    switch (stage.chip) {
      case sp::ChipStep::None: break;
      case sp::ChipStep::Produce:
        if (at != At::Nowhere) item.fail("produces the chip a second time");
        if (party != Role::CardVendor && party != Role::ChipMaker)
          item.fail("the chip is produced by a card-vendor or a chip-maker, not " + stage.party);
        at = At::InStock;
        holder = party;
        break;
      case sp::ChipStep::Ship: {
        if (at == At::Nowhere || at == At::Sold)
          item.fail(at == At::Nowhere ? "ships a chip not produced yet" : "ships a chip already sold");
        if (party != holder) item.fail("ships the chip from " + stage.party + ", but it is with " + party_word(*holder));
        const std::optional<Role> to = i + 1 < flow.stages.size() ? supply.stage_roles[i + 1] : std::nullopt;
        if (!to || to == Role::Customer || to == Role::CardVendor || to == Role::ChipMaker || to == holder)
          item.fail("ships the chip to the next stage's party, which must be cmcc, an agent, a module-maker or an "
                    "oem other than " + stage.party);
        at = At::InStock;
        holder = to;
        break;
      }
      case sp::ChipStep::Mount:
        if (party != Role::ModuleMaker || at != At::InStock)
          item.fail("a module-maker mounts the chip it received, not " + stage.party);
        at = At::Mounted;
        break;
      case sp::ChipStep::Integrate:
        if (party != Role::Oem || at != At::InStock) item.fail("an oem integrates the chip it received, not " + stage.party);
        at = At::Integrated;
        integrated = true;
        break;
      case sp::ChipStep::Sell:
        if (party != Role::Oem && party != Role::Agent) item.fail("an oem or an agent sells the chip, not " + stage.party);
        if (!integrated) item.fail("sells a chip that no oem integrated in a device yet (chip: integrate first)");
        if (at != At::InStock && at != At::Integrated) item.fail("sells a chip that is not in stock");
        at = At::Sold;
        break;
    }
    if (i == in_service && at != At::Sold)
      item.fail("the units go into service here, but the chip is not sold yet (chip: sell at or before this stage)");
  }
}

}  // namespace

void read_chip_supply(const YamlField& list, ChipManagementSpec& spec, const Scenario& s) {
  for (const YamlField& item : list.items()) {
    const YamlSection m(item, {"population", "maker", "via", "flow"});
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
    if (const auto f = m.find("flow")) {
      for (const char* key : {"maker", "via"})
        if (const auto g = m.find(key)) g->fail("comes from the flow's chip steps when there is a flow");
      const YamlSection fm(*f, {"batch_size", "release_interval", "stages"});
      supply.flow = read_flow_body(fm);
      // Its units: the population's count, when the run starts (--devices).
      supply.flow->name = population;
      for (const sp::StageSpec& stage : supply.flow->stages) supply.stage_roles.push_back(role_of_party(stage.party));
      // A sold chip was produced: the check leaves a stage with chip: produce.
      check_flow_chip_steps(fm.need("stages"), supply);
      const auto produced = std::find_if(supply.flow->stages.begin(), supply.flow->stages.end(),
                                         [](const sp::StageSpec& st) { return st.chip == sp::ChipStep::Produce; });
      supply.maker = *supply.stage_roles.at(static_cast<std::size_t>(produced - supply.flow->stages.begin()));
    }
    spec.supply.emplace(*found, std::move(supply));
  }
}

}  // namespace twinsim
