#include "run_command.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <optional>

#include "mpi_ranks.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/shard/sharded_run.hpp"
#include "twinsim/scenario/units.hpp"

namespace esimtwin {

namespace {

std::atomic<bool> g_interrupt{false};

std::uint64_t parse_count(const std::string& what, const std::string& text) {
  std::size_t used = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-') {
    throw std::invalid_argument(what + ": '" + text + "' is not a non-negative integer");
  }
  return v;
}

double parse_time(const std::string& what, const std::string& text) {
  double v = 0;
  try {
    v = twinsim::parse_duration(text);
  } catch (const std::exception& e) {
    throw std::invalid_argument(what + ": " + e.what());
  }
  if (v <= 0) throw std::invalid_argument(what + ": must be after 0s");
  return v;
}

void add_checkpoint_options(CLI::App* cmd, RunCommandOptions& opts) {
  cmd->add_option("--checkpoint", opts.checkpoint_file,
                  "Checkpoint file (replaced each time; {t} in its name: one file per checkpoint, named by its time); "
                  "alone: a checkpoint when interrupted (Ctrl-C)");
  cmd->add_option("--checkpoint-at", opts.checkpoint_at,
                  "Take a checkpoint at this simulated time (e.g. 30min; several: 30min,1h or repeated)")
      ->delimiter(',');
  cmd->add_option("--checkpoint-every", opts.checkpoint_every, "Then one every this long (e.g. 1h)");
}

void add_platform_log_options(CLI::App* cmd, RunCommandOptions& opts) {
  cmd->add_option("--platform-log", opts.platform_log,
                  "Write the platforms' function calls and results (SGP.02 ES2-ES7) to this file");
  cmd->add_option("--platform-log-encoding", opts.platform_log_encoding, "json (JSON Lines) or soap (SOAP 1.2 envelopes)")
      ->capture_default_str();
  cmd->add_option("--pcap", opts.pcap,
                  "Write the traced devices' APDUs and SMS as GSMTAP to this pcap file (Wireshark)");
}

// A line per checkpoint written, then how long writing took.
void print_checkpoints(const twinsim::RunResult& r, std::ostream& out) {
  if (r.checkpoints.empty()) return;
  for (std::size_t i = 0; i < r.checkpoints.size(); ++i) {
    const twinsim::CheckpointWritten& c = r.checkpoints[i];
    const bool on_interrupt = r.checkpoint_on_interrupt && i + 1 == r.checkpoints.size();
    char line[200];
    std::snprintf(line, sizeof line, " at %.9g s (%s%.9g s; %.3f ms later, once the network drained)\n", c.clock_s,
                  on_interrupt ? "interrupted at " : "asked for ", c.requested_s, (c.clock_s - c.requested_s) * 1e3);
    out << "checkpoint " << c.path << line;
  }
  char line[100];
  std::snprintf(line, sizeof line, "%zu written in %.2f s\n", r.checkpoints.size(), r.checkpoint_write_wall_s);
  out << line;
}

}  // namespace

void add_run_command(CLI::App& app, RunCommandOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario and write its run file (HDF5)");
  cmd->add_option("scenario", opts.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("-o,--output", opts.output, "Run file to write")->capture_default_str();
  cmd->add_option("--seed", opts.seed, "Override the scenario's seed");
  cmd->add_option("--stop", opts.stop, "Override the stop time (e.g. 30min, 2h)");
  cmd->add_option("--devices", opts.devices, "Scale the populations to this many devices in total");
  cmd->add_option("--trace-device", opts.trace_devices, "Record this device's APDUs (repeatable)");
  add_checkpoint_options(cmd, opts);
  add_platform_log_options(cmd, opts);
  cmd->add_flag("!--no-progress", opts.progress, "Do not print the progress line");
  cmd->add_flag("--progress", opts.progress_always,
                "Print the progress line even when stderr is not a terminal (under mpirun, rank 0's)");
  cmd->add_flag("--sharded", opts.sharded,
                "Spread the devices over MPI ranks (mpirun -np N; alone, one rank), the platform on rank 0 "
                "(docs/SCALING.md)");
  cmd->callback([&opts, &exit_code] { exit_code = run_run_command(opts, std::cout, std::cerr); });
}

void add_resume_command(CLI::App& app, RunCommandOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("resume", "Continue a run from a checkpoint file");
  cmd->add_option("checkpoint", opts.scenario, "Checkpoint file (from --checkpoint-at)")->required();
  cmd->add_option("-o,--output", opts.output, "Run file to write (what follows the checkpoint)")->capture_default_str();
  cmd->add_option("--stop", opts.stop, "Stop time (default: the original run's; later extends it)");
  add_checkpoint_options(cmd, opts);
  add_platform_log_options(cmd, opts);
  cmd->add_flag("!--no-progress", opts.progress, "Do not print the progress line");
  cmd->add_flag("--progress", opts.progress_always,
                "Print the progress line even when stderr is not a terminal (under mpirun, rank 0's)");
  cmd->add_flag("--sharded", opts.sharded,
                "Continue a sharded run's checkpoint over MPI ranks (mpirun -np N; alone, one rank; docs/SCALING.md)");
  cmd->callback([&opts, &exit_code] {
    opts.resume = true;
    exit_code = run_run_command(opts, std::cout, std::cerr);
  });
}

int run_run_command(const RunCommandOptions& opts, std::ostream& out, std::ostream& err) {
  const char* command = opts.resume ? "esimtwin resume: " : "esimtwin run: ";
  twinsim::Scenario scenario;
  twinsim::RunOptions run;
  try {
    if (!opts.resume) scenario = twinsim::load_scenario(opts.scenario);
    if (!opts.seed.empty()) run.seed = parse_count("--seed", opts.seed);
    if (!opts.stop.empty()) run.stop_s = parse_time("--stop", opts.stop);
    for (const auto& at : opts.checkpoint_at) run.checkpoint_at_s.push_back(parse_time("--checkpoint-at", at));
    if (!opts.checkpoint_every.empty()) run.checkpoint_every_s = parse_time("--checkpoint-every", opts.checkpoint_every);
    if ((!run.checkpoint_at_s.empty() || run.checkpoint_every_s) && opts.checkpoint_file.empty())
      throw std::invalid_argument("--checkpoint-at and --checkpoint-every need --checkpoint FILE");
    run.checkpoint_file = opts.checkpoint_file;
    if (opts.platform_log_encoding != "json" && opts.platform_log_encoding != "soap")
      throw std::invalid_argument("--platform-log-encoding: json or soap, not '" + opts.platform_log_encoding + "'");
    if (opts.platform_log_encoding != "json" && opts.platform_log.empty())
      throw std::invalid_argument("--platform-log-encoding needs --platform-log FILE");
    run.platform_log = opts.platform_log;
    run.platform_log_soap = opts.platform_log_encoding == "soap";
    run.pcap = opts.pcap;
    if (!opts.devices.empty()) {
      run.devices = parse_count("--devices", opts.devices);
      if (*run.devices == 0 || *run.devices > 0xFFFFFFFFull) throw std::invalid_argument("--devices: 1 to 4294967295");
    }
  } catch (const std::exception& e) {
    err << command << e.what() << "\n";
    return 2;
  }
  run.output = opts.output;
  run.trace_devices = opts.trace_devices;
  run.progress = opts.progress && (opts.progress_always || isatty(STDERR_FILENO));
  run.interrupt = &g_interrupt;

  // A sharded run's ranks; an error on one of several ends them all.
  std::optional<MpiRanks> ranks;
  twinsim::RunResult r;
  try {
    if (opts.sharded) {
      ranks.emplace(MpiRanks::Waiting::OpenMpiDefault);
      MpiShardLink link(*ranks);
      r = opts.resume ? twinsim::resume_run_sharded(opts.scenario, run, link, err)
                      : twinsim::run_scenario_sharded(scenario, run, link, err);
    } else {
      r = opts.resume ? twinsim::resume_run(opts.scenario, run, err) : twinsim::run_scenario(scenario, run, err);
    }
  } catch (const std::exception& e) {
    err << command << e.what() << "\n";
    if (ranks && ranks->size() > 1) {
      err.flush();
      ranks->abort_all(2);
    }
    return 2;
  }
  if (ranks && ranks->rank() != 0) return ranks->broadcast(0);
  if (opts.resume) {
    out << "resumed " << opts.scenario << " at " << r.start_s << " s: ";
  } else {
    out << "run " << scenario.general.name << ": ";
  }
  out << r.devices << " devices, wall " << r.wall_seconds << " s" << (r.interrupted ? " (interrupted)" : "")
      << ", output " << opts.output << "\n";
  print_checkpoints(r, out);
  char line[320];
  for (const auto& name : twinsim::metric_names()) {
    // %.6g is at most 12 wide: names of up to 26 characters keep the column.
    std::snprintf(line, sizeof line, "  %-26s %12.6g\n", name.c_str(), r.metrics.at(name));
    out << line;
  }
  if (!r.expectations.empty()) out << "expectations:\n";
  for (const auto& e : r.expectations) {
    // A number on the right: "ok   sms.delivered == 500 (got 500)"; a metric:
    // both sides evaluated, "ok   ota.done >= 0.99 * devices (got 500 >= 495)".
    if (e.rhs.empty()) {
      std::snprintf(line, sizeof line, "  %-4s %s %s %g (got %g)\n", e.passed ? "ok" : "FAIL", e.metric.c_str(),
                    e.op.c_str(), e.target, e.value);
    } else {
      std::snprintf(line, sizeof line, "  %-4s %s %s %s (got %g %s %g)\n", e.passed ? "ok" : "FAIL", e.metric.c_str(),
                    e.op.c_str(), e.rhs.c_str(), e.value, e.op.c_str(), e.target);
    }
    out << line;
  }
  const int code = r.interrupted ? 130 : r.expectations_met() ? 0 : 1;
  return ranks ? ranks->broadcast(code) : code;
}

}  // namespace esimtwin
