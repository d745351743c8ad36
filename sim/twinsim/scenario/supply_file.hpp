#pragma once
// A supply file (docs/SUPPLY.md): the partners' flows to compare, each a
// twinmodels::supply::FlowSpec, and the seed they run with. Errors are
// ScenarioErrors naming the file, line, column and key.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "twinmodels/supply/supply_flow.hpp"
#include "twinsim/scenario/yaml_field.hpp"

namespace twinsim {

struct SupplyFile {
  std::string source;
  std::uint64_t seed = 1;
  std::vector<twinmodels::supply::FlowSpec> flows;
};

// The words of a stage's `chip` step, as a supply file spells them.
const std::vector<std::pair<std::string, twinmodels::supply::ChipStep>>& chip_step_words();

// A flow's batch_size, release_interval and stages from `m` (a section
// that knows those keys): a supply file's flow, or a scenario's
// platforms.chip_management.supply[i].flow (chip_supply_section.cpp).
twinmodels::supply::FlowSpec read_flow_body(const YamlSection& m);

SupplyFile parse_supply_file(const std::string& text, const std::string& source);
SupplyFile load_supply_file(const std::string& path);

}  // namespace twinsim
