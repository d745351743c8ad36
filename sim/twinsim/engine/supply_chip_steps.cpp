// ChipManagementRun's supply flows (chip_management_run.hpp): each unit's
// chip steps planned from its population's flow (supply_schedule.hpp) and
// taken at their times, the partners' own records in the registry.
#include <algorithm>

#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/chip_parties.hpp"

namespace twinsim {

namespace sp = twinmodels::supply;
using namespace chip_parties;

namespace {
std::uint64_t supply_ms(double s) { return static_cast<std::uint64_t>(s * 1000.0); }
std::string scrapped_unit_chip(const PopulationSpec& p, std::uint32_t unit) {
  return p.name + "/unit-" + std::to_string(unit);
}
}  // namespace

void ChipManagementRun::plan_supply_steps(std::uint16_t p, std::uint32_t first) {
  const sp::SupplyOutcome& o = *supply_.outcome(p);
  const sp::FlowSpec& flow = *scenario_.chip_management.supply.at(p).flow;
  const std::size_t scrapped_before = scrapped_.size();
  for (std::uint32_t u = 0; u < o.units.size(); ++u) {
    const sp::UnitRecord& unit = o.units[u];
    const std::uint32_t d = first + unit.device;
    auto plan = [&](double at_s, std::uint16_t stage, SupplyStep::What what) {
      supply_steps_.push_back({supply_ms(at_s), d, u, stage, what});
    };
    for (const sp::UnitStep& st : unit.steps) {
      const bool scrapped = st.outcome == sp::StepOutcome::Scrapped;
      switch (flow.stages[st.stage].chip) {
        case sp::ChipStep::None: break;
        // A unit that fails its production test was produced all the same.
        case sp::ChipStep::Produce:
          plan(st.end_s, st.stage, SupplyStep::Produce);
          plan(st.end_s, st.stage, SupplyStep::StockIn);
          break;
        case sp::ChipStep::Ship:
          plan(st.start_s, st.stage, SupplyStep::Ship);
          if (!scrapped) plan(st.end_s, st.stage, SupplyStep::Receive);
          break;
        case sp::ChipStep::Mount:
          if (!scrapped) plan(st.end_s, st.stage, SupplyStep::Mount);
          break;
        case sp::ChipStep::Integrate:
          if (!scrapped) plan(st.end_s, st.stage, SupplyStep::Integrate);
          break;
        case sp::ChipStep::Sell:
          if (!scrapped) plan(st.end_s, st.stage, SupplyStep::Sell);
          break;
      }
      if (scrapped) plan(st.end_s, st.stage, SupplyStep::Scrap);
    }
    if (unit.scrapped()) scrapped_.emplace_back(d, scrapped_unit_chip(scenario_.populations[p], u));
  }
  std::stable_sort(scrapped_.begin() + static_cast<std::ptrdiff_t>(scrapped_before), scrapped_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::string ChipManagementRun::unit_chip(const SupplyStep& s) const {
  const std::uint16_t p = scenario_.population_of(s.device);
  if (!supply_.outcome(p)->units.at(s.unit).scrapped()) return chip_of(s.device);
  return scrapped_unit_chip(scenario_.populations[p], s.unit);
}

void ChipManagementRun::take_supply_step(const SupplyStep& s) {
  const std::uint16_t p = scenario_.population_of(s.device);
  const ChipSupplySpec& chain = scenario_.chip_management.supply.at(p);
  const PopulationSpec& spec = scenario_.populations[p];
  const std::string id = unit_chip(s);
  // The loader walked the flow's steps through the lifecycle
  // (chip_supply_section.cpp): the roles are there.
  const auto party = [&](std::size_t stage) { return party_of(*chain.stage_roles.at(stage)); };
  const auto holder = [&] {
    const twinmodels::platform::Chip* chip = registry_.chip(id);
    return chip && chip->holder() ? *chip->holder() : kOperator;
  };
  switch (s.what) {
    case SupplyStep::Produce: {
      const Party maker = party(s.stage);
      const std::string batch = spec.name + "/batch-" + std::to_string(supply_.outcome(p)->units.at(s.unit).batch);
      const twinmodels::platform::ProductionInfo info{maker == kCardVendor ? maker.id : "",
                                                      maker == kChipMaker ? maker.id : "", batch};
      must(registry_.produce(id, info, maker, s.at_ms), id);
      break;
    }
    case SupplyStep::StockIn: must(registry_.stock_in(id, holder(), s.at_ms), id); break;
    case SupplyStep::Ship: must(registry_.ship(id, holder(), party(s.stage + 1u), s.at_ms), id); break;
    case SupplyStep::Receive: must(registry_.receive(id, party(s.stage + 1u), s.at_ms), id); break;
    case SupplyStep::Mount: must(registry_.mount(id, kModuleMaker, "module-" + std::to_string(s.device), s.at_ms), id); break;
    case SupplyStep::Integrate:
      must(registry_.integrate(id, kOem, "device-" + std::to_string(s.device), s.at_ms), id);
      break;
    case SupplyStep::Sell: must(registry_.sell(id, holder(), customer_of(spec), account_of(spec), s.at_ms), id); break;
    case SupplyStep::Scrap:
      must(registry_.scrap(id, holder(), s.at_ms), id);
      ++counters_.units_scrapped;
      break;
  }
}

}  // namespace twinsim
