#pragma once
// `esimtwin wear RUN.h5 [RUN.h5 ...]`: the failure curves of the cards of
// each population with a temperature, from the run files' /wear tables
// (wear_curves.hpp; docs/MODELS.md, "Failure curves"): an aligned table, and
// with --csv the same numbers as CSV. Several run files are replications of
// one scenario: each run's curves, then their mean.
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

namespace esimtwin {

struct WearOptions {
  std::vector<std::string> runs;  // the run files
  std::string step = "365d";      // the grid's step, a scenario duration
  std::string csv;                // empty: no CSV file
};

void add_wear_command(CLI::App& app, WearOptions& opts, int& exit_code);

// Exit codes: 0 written, 2 bad input (a missing file, not a run file, an
// interrupted run, a run without /wear, runs that do not replicate one
// scenario, a bad --step, a CSV file that cannot be written).
int run_wear_command(const WearOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
