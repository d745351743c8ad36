#pragma once
// A supply file (docs/SUPPLY.md): the partners' flows to compare, each a
// twinmodels::supply::FlowSpec, and the seed they run with. Errors are
// ScenarioErrors naming the file, line, column and key.
#include <cstdint>
#include <string>
#include <vector>

#include "twinmodels/supply/supply_flow.hpp"

namespace twinsim {

struct SupplyFile {
  std::string source;
  std::uint64_t seed = 1;
  std::vector<twinmodels::supply::FlowSpec> flows;
};

SupplyFile parse_supply_file(const std::string& text, const std::string& source);
SupplyFile load_supply_file(const std::string& path);

}  // namespace twinsim
