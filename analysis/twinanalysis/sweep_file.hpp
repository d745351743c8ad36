#pragma once
// The sweep file (docs/SWEEPS.md, "The sweep file"): the figures of every
// run of a sweep (run_figures) on the grid of its parameters and
// replications, each figure's mean over a point's replications with its
// 95 % Student-t interval, and each run's exit code; HDF5 with dimension
// scales, so xarray opens it as one dataset whose coordinates are the
// parameters' values.
#include <cstdint>
#include <string>
#include <vector>

#include "twinanalysis/figure.hpp"
#include "twinsim/sweep/sweep_spec.hpp"

namespace twinanalysis {

// One run of a sweep as its rank or the gather step saw it.
struct SweepRun {
  std::uint64_t index = 0;  // point * replications + replication
  int exit_code = 0;        // esimtwin run's: 0 expectations met, 1 one failed
  Figures figures;          // run_figures of its run file
};

// The figures of all the runs on the grid. Runs come in index order, one
// for each of the sweep's runs.
struct SweepTable {
  Figures keys;                             // every figure any run has, first seen in index order
  std::vector<std::vector<double>> values;  // [figure][run] (figure_matrix's rule for what a run lacks)
  std::vector<int> exit_codes;              // [run]
  std::vector<std::vector<Figure>> means;   // [figure][point]: mean_figure over the point's replications (NaN for the seed)
};

// Throws AnalysisError unless `runs` holds each of the sweep's runs once.
SweepTable sweep_table(const twinsim::SweepSpec& spec, std::vector<SweepRun> runs);

// What a sweep file records beside its results, left out when two sweeps
// are compared: how many ranks ran it and for how long.
struct SweepProvenance {
  int ranks = 1;
  double wall_seconds = 0;
};

// Writes the sweep file (replacing `path`); throws twinsim::RunFileError.
void write_sweep_file(const std::string& path, const twinsim::SweepSpec& spec, const SweepTable& table,
                      const SweepProvenance& provenance);

// A sweep file read back.
struct SweepFile {
  std::string sweep_text, scenario_text;
  twinsim::SweepSpec grid;  // the sweep read from sweep_text: its points and their order
  std::vector<std::string> parameters;                 // keys, in the grid's order
  std::vector<std::vector<std::string>> coordinates;   // each parameter's values as written
  std::vector<std::uint64_t> seeds;                    // [replication]
  Figures keys;
  std::vector<double> value;    // [figure][point][replication], row-major
  std::vector<double> mean, lower, upper;  // [figure][point]
  std::vector<std::int32_t> exit_code;     // [point][replication]
  SweepProvenance provenance;
};

// Throws AnalysisError naming the path for a missing, foreign, truncated or
// damaged file.
SweepFile read_sweep_file(const std::string& path);
// Whether `path` is an HDF5 file with the sweep file's schema attribute
// (false for anything else, a run file or a missing file included).
bool is_sweep_file(const std::string& path);

}  // namespace twinanalysis
