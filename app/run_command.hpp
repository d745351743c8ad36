#pragma once
// `esimtwin run SCENARIO.yaml -o out.h5`: runs a scenario with the engine,
// prints a progress line and a summary, and exits non-zero when an
// expectation fails. `esimtwin resume CHECKPOINT -o out.h5` continues a run
// from a checkpoint one of them wrote (docs/CHECKPOINTS.md).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace esimtwin {

struct RunCommandOptions {
  std::string scenario;    // run: the scenario file; resume: the checkpoint file
  std::string output = "run.h5";
  std::string seed;     // empty: the scenario's
  std::string stop;     // duration with unit; empty: the scenario's
  std::string devices;  // total device count; empty: the scenario's
  std::vector<std::uint64_t> trace_devices;
  std::string checkpoint_file;             // where checkpoints go; alone: one when interrupted
  std::vector<std::string> checkpoint_at;  // durations with unit: checkpoints at these times
  std::string checkpoint_every;            // duration with unit: then one every this long
  std::string platform_log;                     // file for the platforms' log; empty: none
  std::string pcap;                             // GSMTAP pcap of the traced devices; empty: none
  std::string platform_log_encoding = "json";   // json or soap
  bool progress = true;
  bool progress_always = false;  // --progress: also when stderr is not a terminal
  bool resume = false;
  bool sharded = false;  // run: the devices over MPI ranks (docs/SCALING.md)
};

void add_run_command(CLI::App& app, RunCommandOptions& opts, int& exit_code);
void add_resume_command(CLI::App& app, RunCommandOptions& opts, int& exit_code);

// Exit codes: 0 all expectations met, 1 an expectation failed, 2 bad input,
// 130 interrupted by a signal (the run file is still valid and says so).
int run_run_command(const RunCommandOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
