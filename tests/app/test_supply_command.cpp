// `esimtwin supply` (app/supply_command.hpp) on the shipped supply files:
// eSIM reaches service sooner than traditional SIM cards and module mode 2
// sooner than mode 1, each flow names where it stalls, and the trace
// follows a scrapped unit to its replacement; bad input exits 2.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"

namespace test_supply_command {

using esimtwin::testing::expect_refusals;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// The summary table's mean time to service of each flow, in days.
std::map<std::string, double> means(const std::string& out) {
  std::map<std::string, double> m;
  std::istringstream in(out);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  while (std::getline(in, line) && !line.empty()) {
    std::istringstream row(line);
    std::string name;
    double devices, units, reworked, scrapped, mean;
    row >> name >> devices >> units >> reworked >> scrapped >> mean;
    m[name] = mean;
  }
  return m;
}

TEST(SupplyCommand, EsimReachesServiceSoonerThanTraditionalSim) {
  const auto r = run_esimtwin("supply supply/industry-customer.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto m = means(r.out);
  ASSERT_EQ(m.size(), 2u) << r.out;
  EXPECT_LT(m.at("esim"), m.at("traditional-sim") * 0.75) << r.out;
  // And costs less per device: no SIM card, no hand to put it in.
  EXPECT_NE(r.out.find("manual-insertion          customer"), std::string::npos) << r.out;
  std::istringstream in(r.out);
  std::map<std::string, double> cost;
  for (std::string line; std::getline(in, line);) {
    std::istringstream row(line);
    std::string name, skip;
    row >> name;
    if (name != "esim" && name != "traditional-sim") continue;
    for (int i = 0; i < 8; ++i) row >> skip;
    row >> cost[name];
  }
  EXPECT_LT(cost.at("esim"), cost.at("traditional-sim")) << r.out;
  // The traditional flow stalls where the customer obtains its SIM cards.
  EXPECT_NE(r.out.find("sim-procurement           customer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("traditional-sim              1000   1000"), std::string::npos) << r.out;
}

TEST(SupplyCommand, ModuleModeTwoSkipsTheCommunicationChipsWait) {
  const auto r = run_esimtwin("supply supply/module-modes.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto m = means(r.out);
  EXPECT_LT(m.at("module-mode-2"), m.at("module-mode-1")) << r.out;
  EXPECT_NE(r.out.find("module-mode-1") , std::string::npos);
  EXPECT_NE(r.out.find("module-mounting"), std::string::npos);
}

TEST(SupplyCommand, TheTraceFollowsAScrappedUnitToItsReplacement) {
  const std::string trace = temp_path("supply-trace.csv");
  const auto r = run_esimtwin("supply supply/module-modes.yaml --seed 3 --trace " + trace);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(trace);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "flow,device,unit,replaces,batch,stage,party,start_d,end_d,outcome");
  std::map<std::string, std::string> scrapped_device;  // flow/unit -> device
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) f.push_back(cell);
    ASSERT_EQ(f.size(), 10u) << line;
    if (f[9] == "scrapped") scrapped_device[f[0] + "/" + f[2]] = f[1];
    rows.push_back(f);
  }
  ASSERT_FALSE(scrapped_device.empty());
  std::size_t replacements = 0;
  for (const auto& f : rows)
    if (!f[3].empty() && f[5] == "card-production") {
      ASSERT_TRUE(scrapped_device.count(f[0] + "/" + f[3])) << f[0] << " unit " << f[2] << " replaces " << f[3];
      EXPECT_EQ(scrapped_device[f[0] + "/" + f[3]], f[1]);
      ++replacements;
    }
  EXPECT_GT(replacements, 0u);
}

TEST(SupplyCommand, EveryShippedSupplyFileRuns) {
  for (const char* file : {"supply/industry-customer.yaml", "supply/module-modes.yaml", "supply/export-modes.yaml"}) {
    const auto r = run_esimtwin(std::string("supply ") + file);
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.out;
    EXPECT_FALSE(means(r.out).empty()) << file << "\n" << r.out;
  }
  // The export modes: the agent's one-order-at-a-time platform makes proxy the slowest.
  const auto m = means(run_esimtwin("supply supply/export-modes.yaml").out);
  EXPECT_GT(m.at("proxy"), m.at("direct"));
  EXPECT_GT(m.at("proxy"), m.at("delegated"));
}

TEST(SupplyCommand, BadInputIsRefused) {
  const std::string bad = write_temp("bad-supply.yaml", "flows:\n  - {name: a, units: 1, stages: [{name: x, party: y, serverz: 1}]}\n");
  expect_refusals({
      {"supply /nonexistent/s.yaml", "esimtwin supply: /nonexistent/s.yaml: cannot read the supply file"},
      {"supply " + bad, "flows[0].stages[0].serverz: unknown key; did you mean 'servers'?"},
      {"supply supply/industry-customer.yaml --trace /nonexistent/dir/t.csv", "cannot write /nonexistent/dir/t.csv"},
      {"supply", "file is required"},
  });
}

}  // namespace test_supply_command
