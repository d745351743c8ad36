// The scenario catalogue (docs/SCENARIOS.md, "Catalogue"): every scenario
// file under scenarios/ runs at a small scale (--devices) and meets its
// expectations, which are written to hold at any scale; a scenario file
// without a row here, or not named in the catalogue, fails the suite.
// Full scale: bench/scenarios_full.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"

namespace test_scenario_catalogue {

namespace fs = std::filesystem;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

struct CatalogueRow {
  const char* file;  // under scenarios/
  const char* args;  // the small scale: --devices, and --stop only where needed; "" as shipped (incidents whose expectations pin exact counts)
};

void PrintTo(const CatalogueRow& row, std::ostream* os) { *os << row.file; }

// Each row took 0.35 s to 1.32 s in the full ctest of 2026-12-03 (2 cores,
// helpers building beside it), 12.8 s for the whole table.
const CatalogueRow kCatalogue[] = {
    {"smoke.yaml", "--devices 50"},
    {"attach-10k.yaml", "--devices 100"},
    {"attach-100k.yaml", "--devices 100"},
    {"roaming.yaml", "--devices 300"},
    {"hss-incidents.yaml", "--devices 100"},
    {"incidents/smsc-outage-mid-campaign.yaml", ""},
    {"incidents/write-module-crash.yaml", ""},
    {"incidents/smsc-crash-mid-campaign.yaml", ""},
    {"incidents/power-cut-during-download.yaml", ""},
    {"incidents/smsr-handover-interrupted.yaml", ""},
    {"incidents/hss-sqn-desync-storm.yaml", "--devices 200"},
    {"incidents/attach-storm-power-restore.yaml", ""},
    {"incidents/ota-counter-mismatch.yaml", "--devices 100"},
    {"incidents/profile-enable-no-connectivity.yaml", ""},
    {"incidents/sm-sr-restore-backup.yaml", ""},
    {"incidents/sm-sr-crash-https.yaml", ""},
    {"incidents/erase-budget-exhausted.yaml", "--devices 10"},
    {"wear/automotive-10y.yaml", "--devices 2"},
    {"export-enable-profile.yaml", "--devices 40"},
    {"export-enable-https.yaml", "--devices 40"},
    {"export-direct.yaml", "--devices 30"},
    {"export-proxy.yaml", "--devices 30"},
    {"export-delegated.yaml", "--devices 30"},
    {"import-download-profile.yaml", "--devices 40"},
    {"ota-renumber-psm.yaml", "--devices 100"},
    {"ota-renumber-retry.yaml", "--devices 100"},
    {"ota-campaign-100k.yaml", "--devices 100"},
    {"ota-campaign-1m.yaml", "--devices 1000"},
    {"chip-lifecycle.yaml", "--devices 50"},
    {"chip-suspend-scrap.yaml", "--devices 50"},
    {"supply-module-modes.yaml", "--devices 50"},
    {"production-line-test-cards.yaml", "--devices 50"},
    {"onelink-usage.yaml", "--devices 50"},
    {"onenet-lifecycle.yaml", "--devices 50"},
    {"policy-auto-delete.yaml", "--devices 40"},
    {"apps/wearables.yaml", "--devices 100"},
    {"apps/cars.yaml", "--devices 100"},
    {"apps/smart-locks.yaml", "--devices 100"},
    {"apps/payment-terminals.yaml", "--devices 200"},
    {"apps/smart-meters.yaml", "--devices 100"},
    {"apps/fire-alarms.yaml", "--devices 100"},
};

std::string test_name(const ::testing::TestParamInfo<CatalogueRow>& info) {
  std::string name;
  for (const char* c = info.param.file; *c; ++c) {
    if (std::string(c) == ".yaml") break;
    name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  }
  return name;
}

// The expectation lines of a run's summary: "  ok   ..." or "  FAIL ...".
std::vector<std::string> expectation_lines(const std::string& out) {
  std::vector<std::string> lines;
  const auto at = out.find("\nexpectations:\n");
  if (at == std::string::npos) return lines;
  std::istringstream in(out.substr(at + 15));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  ok ", 0) == 0 || line.rfind("  FAIL ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

class ScenarioCatalogue : public ::testing::TestWithParam<CatalogueRow> {};

TEST_P(ScenarioCatalogue, RunsSmallAndMeetsItsExpectations) {
  const CatalogueRow& row = GetParam();
  const std::string out = temp_path(test_name({row, 0}) + ".h5");
  const auto r = run_esimtwin("run scenarios/" + std::string(row.file) + " " + row.args + " --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const auto lines = expectation_lines(r.out);
  EXPECT_FALSE(lines.empty()) << "no expectation printed\n" << r.out;
  for (const std::string& line : lines) EXPECT_EQ(line.rfind("  ok ", 0), 0u) << line;
  fs::remove(out);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioCatalogue, ::testing::ValuesIn(kCatalogue), test_name);

// Every *.yaml under scenarios/, relative to it ("incidents/x.yaml").
std::set<std::string> scenario_files() {
  const fs::path root = fs::path(ESIMTWIN_SOURCE_DIR) / "scenarios";
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.insert(entry.path().lexically_relative(root).generic_string());
  }
  return files;
}

TEST(ScenarioCatalogue, EveryScenarioFileHasARow) {
  std::set<std::string> rows;
  for (const CatalogueRow& row : kCatalogue) EXPECT_TRUE(rows.insert(row.file).second) << row.file << " twice";
  const std::set<std::string> files = scenario_files();
  EXPECT_GE(files.size(), 19u);
  for (const std::string& f : files) EXPECT_TRUE(rows.count(f)) << "scenarios/" << f << " has no catalogue row";
  for (const std::string& r : rows) EXPECT_TRUE(files.count(r)) << "the row " << r << " names no scenario file";
}

TEST(ScenarioCatalogue, EveryScenarioFileIsInTheDocsCatalogue) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/docs/SCENARIOS.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto begin = doc.find("\n## Catalogue\n");
  ASSERT_NE(begin, std::string::npos) << "docs/SCENARIOS.md has no \"## Catalogue\" section";
  const std::string catalogue = doc.substr(begin, doc.find("\n## ", begin + 1) - begin);
  for (const std::string& f : scenario_files()) {
    EXPECT_NE(catalogue.find("`scenarios/" + f + "`"), std::string::npos)
        << "scenarios/" << f << " is not in docs/SCENARIOS.md's catalogue";
  }
}


}  // namespace test_scenario_catalogue
