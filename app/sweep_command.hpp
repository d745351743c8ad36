#pragma once
// `esimtwin sweep SWEEP.yaml -o sweep.h5` (docs/SWEEPS.md): the runs of a
// parameter grid and its replications, spread over MPI ranks (`mpirun -np
// N esimtwin sweep ...`; alone, one rank), each run an `esimtwin run` of
// the point's scenario with its replication's seed; the ranks' figures
// gathered at rank 0 into one sweep file with each point's means and
// 95 % intervals. `--part I/N` runs one part of the runs (a Slurm array
// task) and `--gather` makes the sweep file from the run files they left;
// `--reuse` keeps the runs already made (a sweep or part run again).
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

namespace esimtwin {

struct SweepOptions {
  std::string sweep;
  std::string output = "sweep.h5";
  std::string runs_dir;              // empty: the output's name with ".runs"
  std::string part;                  // "I/N": the runs i with i % N == I, no sweep file
  bool gather = false;               // no runs: the sweep file from the run files in runs_dir
  bool reuse = false;                // a run whose run file is there and complete is not made again
  std::vector<std::string> figures;  // section/name/subject printed per point; empty: the expectations' values
};

void add_sweep_command(CLI::App& app, SweepOptions& opts, int& exit_code);

// Exit codes: 0 every run met its expectations, 1 a run failed one (the
// sweep file is written either way), 2 bad input or a run that could not
// be made (the message names it and its log).
int run_sweep_command(const SweepOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
