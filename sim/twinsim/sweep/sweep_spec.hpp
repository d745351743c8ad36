#pragma once
// A sweep file (docs/SWEEPS.md): one scenario, a grid of parameter values
// (each parameter a key of the scenario file with the values it takes) and
// a number of replications, each with its own seed. A point of the grid is
// the scenario file with the point's values written at their keys; every
// point is checked as a scenario when the sweep file is read, so a bad
// value fails before any run starts.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace twinsim {

struct SweepParameter {
  // Where the values go in the scenario file: map keys joined by '.', a
  // list's item chosen by its `name` or its index in brackets
  // ("populations[trackers].activity.period", "faults[0].at").
  std::string key;
  std::vector<std::string> values;  // each as YAML text ("4", "15min", "{profile: uniform, ...}")
};

struct SweepSpec {
  std::string source;         // the sweep file as given
  std::string text;           // its text
  std::string scenario_file;  // the scenario's path (relative ones from the sweep file's directory)
  std::string scenario_text;
  std::vector<SweepParameter> parameters;  // in the file's order; may be none (replications only)
  std::uint64_t replications = 1;
  std::uint64_t seed = 0;  // replication r runs with seed + r, at every point
  std::optional<std::uint64_t> devices;  // each run's --devices
  std::optional<std::string> stop;      // each run's --stop, as written

  // The grid's points: the product of the parameters' value counts.
  std::size_t points() const;
  std::size_t runs() const { return points() * replications; }
  // The index into each parameter's values at point p; the last parameter
  // varies fastest.
  std::vector<std::size_t> point_indices(std::size_t point) const;
  // "platforms.hss.cores=2, network.batch_window=100ms" ("the scenario" without parameters).
  std::string point_label(std::size_t point) const;
  // The scenario file of the point: the scenario with its values at their
  // keys, after a comment naming them (no paths: the same text wherever the
  // sweep is read).
  std::string point_scenario(std::size_t point) const;
  std::uint64_t seed_of(std::uint64_t replication) const { return seed + replication; }
};

// Reads and checks a sweep file and its scenario; throws ScenarioError
// ("<file>:<line>:<column>: <key>: <what>").
SweepSpec load_sweep(const std::string& path);
// The same for a sweep file's text; its scenario path is taken relative to
// `directory`.
SweepSpec parse_sweep(const std::string& text, const std::string& source, const std::string& directory);
// The same with the scenario's text at hand (a sweep file's copy): its file
// is not read.
SweepSpec parse_sweep_grid(const std::string& text, const std::string& source, const std::string& scenario_text);

}  // namespace twinsim
