// The sweep file (sim/twinsim/sweep/sweep_spec.hpp, docs/SWEEPS.md): the
// grid's order, each point's scenario with its values at their keys, the
// replications' seeds, and a clear error for each kind of bad sweep file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "twinsim/scenario/scenario.hpp"
#include "twinsim/sweep/sweep_spec.hpp"

namespace test_sweep_spec {

using twinsim::ScenarioError;
using twinsim::SweepSpec;

const char* const kScenario = R"(general: {name: tiny, seed: 5, stop: 10min}
populations:
  - name: meters
    count: 10
    card: domestic
    grade: industrial
    form: patch-5x6
    modem: nb-iot
    region: cn-east
    imsi_prefix: "46004"
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 1h, jitter: 5min}
  - name: trackers
    count: 4
    card: domestic
    grade: consumer
    form: esim-chip
    modem: lte-m
    region: cn-east
    imsi_prefix: "46004"
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 15min, jitter: 1min}
platforms:
  hss: {cores: 4, queue_limit: 1000}
)";

// A directory holding the scenario as tiny.yaml.
std::string directory() {
  static const std::string dir = [] {
    const auto d = std::filesystem::temp_directory_path() / ("esimtwin-sweep-spec-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::ofstream(d / "tiny.yaml") << kScenario;
    return d.string();
  }();
  return dir;
}

SweepSpec parse(const std::string& text) { return twinsim::parse_sweep(text, "sweep.yaml", directory()); }

std::string refusal(const std::string& text) {
  try {
    parse(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(SweepSpec, PointsRunOverTheGridWithTheLastParameterFastest) {
  const SweepSpec s = parse(R"(scenario: tiny.yaml
replications: 3
parameters:
  platforms.hss.cores: [1, 2]
  populations[trackers].count: [5, 7, 9]
  network.batch_window: [100ms]
)");
  EXPECT_EQ(s.points(), 6u);
  EXPECT_EQ(s.runs(), 18u);
  EXPECT_EQ(s.point_indices(0), (std::vector<std::size_t>{0, 0, 0}));
  EXPECT_EQ(s.point_indices(4), (std::vector<std::size_t>{1, 1, 0}));
  EXPECT_EQ(s.point_indices(5), (std::vector<std::size_t>{1, 2, 0}));
  EXPECT_EQ(s.point_label(4), "platforms.hss.cores=2, populations[trackers].count=7, network.batch_window=100ms");
  // Point 4's scenario: the values at their keys (a map made for network),
  // everything else as in the scenario file.
  const twinsim::Scenario p = twinsim::parse_scenario(s.point_scenario(4), "point 4");
  EXPECT_EQ(p.hss.cores, 2);
  EXPECT_EQ(p.populations[1].count, 7u);
  EXPECT_EQ(p.populations[0].count, 10u);
  EXPECT_DOUBLE_EQ(p.network.batch_window_s, 0.1);
  EXPECT_EQ(p.general.name, "tiny");
  EXPECT_EQ(s.point_scenario(4).rfind("# Point 4 of a sweep: its scenario with platforms.hss.cores=2, ", 0), 0u);
}

TEST(SweepSpec, ListItemsByIndexAndValuesThatAreMaps) {
  const SweepSpec s = parse(R"(scenario: tiny.yaml
parameters:
  populations[0].start: [{profile: uniform, at: 0s, over: 5min}, {profile: exponential, at: 1min, over: 2min}]
)");
  ASSERT_EQ(s.points(), 2u);
  const twinsim::Scenario a = twinsim::parse_scenario(s.point_scenario(0), "a");
  const twinsim::Scenario b = twinsim::parse_scenario(s.point_scenario(1), "b");
  EXPECT_DOUBLE_EQ(a.populations[0].start.over_s, 300);
  EXPECT_DOUBLE_EQ(b.populations[0].start.at_s, 60);
  EXPECT_NE(a.populations[0].start.profile, b.populations[0].start.profile);
}

TEST(SweepSpec, ReplicationsTakeSuccessiveSeedsFromTheScenariosOrTheSweeps) {
  const SweepSpec a = parse("scenario: tiny.yaml\nreplications: 4\n");
  EXPECT_EQ(a.points(), 1u);
  EXPECT_EQ(a.point_label(0), "the scenario");
  EXPECT_EQ(a.seed_of(0), 5u);
  EXPECT_EQ(a.seed_of(3), 8u);
  const SweepSpec b = parse("scenario: tiny.yaml\nreplications: 2\nseed: 100\ndevices: 50\nstop: 2min\n");
  EXPECT_EQ(b.seed_of(1), 101u);
  EXPECT_EQ(*b.devices, 50u);
  EXPECT_EQ(*b.stop, "2min");
  EXPECT_EQ(b.scenario_file, (std::filesystem::path(directory()) / "tiny.yaml").string());
}

TEST(SweepSpec, BadSweepFilesAreRefusedWithWhereAndWhy) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"replicatons: 3\nscenario: tiny.yaml\n", "sweep.yaml:1:1: replicatons: unknown key; did you mean 'replications'?"},
      {"replications: 3\n", "sweep.yaml:1:1: scenario: required key is missing"},
      {"scenario: none.yaml\n", "sweep.yaml:1:11: scenario: " },
      {"scenario: tiny.yaml\nparameters:\n  platforms..hss: [1]\n",
       "sweep.yaml:3:19: parameters.platforms..hss: 'platforms..hss' is not a key of the scenario file (an empty key"},
      {"scenario: tiny.yaml\nparameters:\n  populations[sensors].count: [1]\n",
       "'populations' has no item named 'sensors' (names: meters, trackers)"},
      {"scenario: tiny.yaml\nparameters:\n  populations[2].count: [1]\n", "'populations' has 2 items, so no item [2]"},
      {"scenario: tiny.yaml\nparameters:\n  general.stop.unit: [1]\n", "'general.stop' is not a map in the scenario"},
      {"scenario: tiny.yaml\nparameters:\n  faults[0].at: [1]\n", "'faults' is not in the scenario"},
      {"scenario: tiny.yaml\nparameters:\n  platforms.hss.cores: []\n", "sweep.yaml:3:24: parameters.platforms.hss.cores: expected at least one value"},
      {"scenario: tiny.yaml\nparameters:\n  platforms.hss.cores: 4\n", "expected a list, found the text '4'"},
      {"scenario: tiny.yaml\nparameters: [platforms.hss.cores]\n", "sweep.yaml:2:13: parameters: expected a map"},
      {"scenario: tiny.yaml\nparameters:\n  platforms.hss.cores: [1, 0]\n",
       "sweep.yaml:3:3: parameters: point 1 (platforms.hss.cores=0):"},
      {"scenario: tiny.yaml\nparameters:\n  platforms.hss.corse: [1]\n", "did you mean 'cores'?"},
      {"scenario: tiny.yaml\nreplications: 0\n", "sweep.yaml:2:15: replications:"},
      {"scenario: tiny.yaml\nstop: 0s\n", "sweep.yaml:2:7: stop: the runs must stop after their start"},
      {"scenario: tiny.yaml\nseed: 18446744073709551615\nreplications: 2\n", "does not fit in 64 bits"},
      {"scenario: tiny.yaml\n---\nscenario: tiny.yaml\n", "a sweep is one YAML document"},
      {"", "the file holds no sweep"},
  };
  for (const auto& [text, message] : cases) {
    const std::string got = refusal(text);
    EXPECT_NE(got.find(message), std::string::npos) << text << "\n  got: " << got;
  }
}

TEST(SweepSpec, LoadReadsTheScenarioBesideTheSweepFile) {
  const std::string path = directory() + "/sweep.yaml";
  std::ofstream(path) << "scenario: tiny.yaml\nparameters:\n  platforms.hss.cores: [2]\n";
  const SweepSpec s = twinsim::load_sweep(path);
  EXPECT_EQ(s.source, path);
  EXPECT_EQ(s.scenario_text, kScenario);
  EXPECT_THROW(twinsim::load_sweep(directory() + "/absent.yaml"), ScenarioError);
  // The grid alone, from a copy of the scenario's text (a sweep file's).
  const SweepSpec g = twinsim::parse_sweep_grid(s.text, "copy", kScenario);
  EXPECT_EQ(g.point_scenario(0), s.point_scenario(0));
}

}  // namespace test_sweep_spec
