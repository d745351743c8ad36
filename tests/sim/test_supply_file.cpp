// The supply file (sim/twinsim/scenario/supply_file.hpp, docs/SUPPLY.md): the
// shipped files load, and each kind of bad file gets an error naming its
// line and key.
#include <gtest/gtest.h>

#include <string>

#include "twinsim/scenario/scenario.hpp"
#include "twinsim/scenario/supply_file.hpp"

namespace test_supply_file {

using twinsim::parse_supply_file;

TEST(SupplyFile, TheShippedFilesLoad) {
  const twinsim::SupplyFile f = twinsim::load_supply_file(ESIMTWIN_SOURCE_DIR "/supply/industry-customer.yaml");
  ASSERT_EQ(f.flows.size(), 2u);
  EXPECT_EQ(f.flows[0].name, "traditional-sim");
  EXPECT_EQ(f.flows[0].units, 1000u);
  const auto& insertion = f.flows[0].stages[4];
  EXPECT_EQ(insertion.name, "manual-insertion");
  EXPECT_DOUBLE_EQ(insertion.per_unit.mode_s, 300);
  EXPECT_EQ(insertion.servers, 2u);
  EXPECT_DOUBLE_EQ(insertion.failure, 0.02);
  EXPECT_TRUE(f.flows[0].stages.back().in_service);
  EXPECT_DOUBLE_EQ(insertion.cost_per_unit, 25);
  EXPECT_DOUBLE_EQ(insertion.rework_cost, 150);
  EXPECT_EQ(twinsim::load_supply_file(ESIMTWIN_SOURCE_DIR "/supply/module-modes.yaml").flows[0].stages[3].parts->max_s,
            56 * 86400.0);
}

std::string error_of(const std::string& text) {
  try {
    parse_supply_file(text, "s.yaml");
  } catch (const twinsim::ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SupplyFile, BadFilesNameTheirLineAndKey) {
  const std::string head = "flows:\n  - name: a\n    units: 10\n    stages:\n";
  const std::pair<std::string, std::string> cases[] = {
      {"", "s.yaml:1:1: top level: the file holds no supply; it needs the key flows"},
      {"flows: []\n", "s.yaml:1:8: flows: needs at least one flow"},
      {"flow: []\n", "s.yaml:1:1: flow: unknown key; did you mean 'flows'?"},
      {head + "      - {name: x, party: y, per_batch: 2 days}\n", "s.yaml:5:40: flows[0].stages[0].per_batch: '2 days': unknown unit 'days'"},
      {head + "      - {name: x, party: y, per_batch: [1d, 2d]}\n", "needs one duration or three, [min, mode, max], not 2"},
      {head + "      - {name: x, party: y, per_batch: [3d, 2d, 4d]}\n", "flows[0].stages[0].per_batch: needs min <= mode <= max"},
      {head + "      - {name: x, party: y, failure: 1.5}\n", "flows[0].stages[0].failure:"},
      {head + "      - {name: x, party: y, rework: 0.5}\n", "a stage without failure has nothing to rework"},
      {head + "      - {name: x, party: y, servers: 0}\n", "flows[0].stages[0].servers:"},
      {head + "      - {name: x, party: y, cost_per_unit: -3}\n", "flows[0].stages[0].cost_per_unit:"},
      {head + "      - {name: x, party: y, rework_cost: 3}\n", "rework_cost: a stage without failure has nothing to rework"},
      {head + "      - {name: x}\n", "flows[0].stages[0].party"},
      {head + "      - {name: x, party: y, in_service: true}\n      - {name: z, party: y, in_service: true}\n",
       "s.yaml:6:9: flows[0].stages[1]: a second in_service stage (the first at line 5)"},
      {"flows:\n  - name: a\n    units: 0\n    stages: [{name: x, party: y}]\n", "flows[0].units:"},
      {"flows:\n  - {name: a, units: 1, stages: [{name: x, party: y}]}\n  - {name: a, units: 1, stages: [{name: x, party: "
       "y}]}\n",
       "flow 'a' twice"},
  };
  for (const auto& [text, message] : cases) EXPECT_NE(error_of(text).find(message), std::string::npos) << text << "\n" << error_of(text);
}

}  // namespace test_supply_file
