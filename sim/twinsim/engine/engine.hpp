#pragma once
// Runs a scenario: builds the population and the SimGrid platform, runs the
// actors to the stop time, writes the run file and checks the expectations.
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twinsim/recorder/run_file.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct RunOptions {
  std::string output;                      // run file path
  std::optional<std::uint64_t> seed;       // overrides general.seed
  std::optional<double> stop_s;            // overrides general.stop
  std::optional<std::uint64_t> devices;    // scales the populations to this total
  std::vector<std::uint64_t> trace_devices;  // added to the scenario's trace list
  bool progress = false;                   // progress line on the stream given to run_scenario
  std::atomic<bool>* interrupt = nullptr;  // set on SIGINT/SIGTERM: stop early, keep the file valid
  // Checkpoints (docs/CHECKPOINTS.md): at each of checkpoint_at_s, then
  // every checkpoint_every_s; and with a file given, always one when the run
  // is interrupted. Each into checkpoint_file, replacing the last, unless
  // its name holds "{t}" (checkpoint_path).
  std::string checkpoint_file;
  std::vector<double> checkpoint_at_s;
  std::optional<double> checkpoint_every_s;
  // The platforms' log (platform_log.hpp) written to this file at the end
  // of the run, SOAP envelopes instead of JSON Lines with platform_log_soap;
  // empty: none.
  std::string platform_log;
  bool platform_log_soap = false;
  // The traced devices' APDUs and SMS as GSMTAP in this pcap file
  // (twinsim/pcap/gsmtap_trace.hpp); empty: none. Needs a traced device.
  std::string pcap;
};

// A checkpoint a run wrote: where, at what simulated time, and the time it
// was asked for (clock_s follows the network's drain).
struct CheckpointWritten {
  std::string path;
  double clock_s = 0;
  double requested_s = 0;
};

// The file the checkpoint asked for at `requested_s` goes to: `file` with
// each "{t}" in it replaced by that time in seconds ("ck-{t}.h5" at 90 min:
// "ck-5400s.h5").
std::string checkpoint_path(const std::string& file, double requested_s);

struct RunResult {
  std::map<std::string, double> metrics;
  std::vector<ExpectationRow> expectations;
  bool interrupted = false;
  double wall_seconds = 0;
  std::uint64_t devices = 0;
  std::vector<CheckpointWritten> checkpoints;  // in the order written
  double checkpoint_write_wall_s = 0;          // wall time spent writing them
  bool checkpoint_on_interrupt = false;        // the last one was taken because the run was interrupted
  double start_s = 0;                  // simulated time the run started at (resumed: the checkpoint's)
  bool expectations_met() const;
};

// Throws ScenarioError for a scenario the engine cannot run (e.g. a profile
// file that does not load) and RunFileError if the output cannot be written.
RunResult run_scenario(const Scenario& scenario, const RunOptions& options, std::ostream& progress);

// Continues the run saved in a checkpoint file up to options.stop_s (default:
// the stop time of the run it came from), writing a run file of what follows
// the checkpoint; a further checkpoint may be asked for. options.seed,
// options.devices and options.trace_devices must be empty: they are the
// checkpoint's. Throws CheckpointError, ScenarioError, RunFileError.
RunResult resume_run(const std::string& checkpoint, const RunOptions& options, std::ostream& progress);

// The metric names an expectation may use (docs/SCENARIOS.md).
const std::vector<std::string>& metric_names();

// Scales population counts to `total`, in proportion, keeping every
// population at least one device when total allows.
void scale_populations(Scenario& s, std::uint64_t total);

}  // namespace twinsim
