#pragma once
// `esimtwin report RUN.h5 [RUN.h5 ...]`: the figures of run files
// (analysis/twinanalysis/): one run's summary; several, replications of one
// scenario, each figure's mean with its Student-t interval; --compare A B,
// two runs side by side; --sizing, runs at different sizes against their
// devices with a least-squares line of the completion time. --csv writes
// every figure as a row (section, name, subject, value, lower, upper). A
// sweep file (esimtwin sweep) prints its points with --figure's means.
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

namespace esimtwin {

struct ReportOptions {
  std::vector<std::string> runs;
  bool compare = false;
  bool sizing = false;
  std::string csv;  // empty: no CSV file
  std::vector<std::string> figures;  // a sweep file's figures per point; empty: the expectations' values
};

void add_report_command(CLI::App& app, ReportOptions& opts, int& exit_code);

// Exit codes: 0 written, 2 bad input (a missing, foreign, damaged file;
// replications of different scenarios or with one seed; --compare without
// two runs; sizes that do not differ; a CSV file that cannot be written).
int run_report_command(const ReportOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
