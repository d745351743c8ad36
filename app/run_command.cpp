#include "run_command.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>

#include "twinsim/engine/engine.hpp"
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

}  // namespace

void add_run_command(CLI::App& app, RunCommandOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario and write its run file (HDF5)");
  cmd->add_option("scenario", opts.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("-o,--output", opts.output, "Run file to write")->capture_default_str();
  cmd->add_option("--seed", opts.seed, "Override the scenario's seed");
  cmd->add_option("--stop", opts.stop, "Override the stop time (e.g. 30min, 2h)");
  cmd->add_option("--devices", opts.devices, "Scale the populations to this many devices in total");
  cmd->add_option("--trace-device", opts.trace_devices, "Record this device's APDUs (repeatable)");
  cmd->add_flag("!--no-progress", opts.progress, "Do not print the progress line");
  cmd->callback([&opts, &exit_code] { exit_code = run_run_command(opts, std::cout, std::cerr); });
}

int run_run_command(const RunCommandOptions& opts, std::ostream& out, std::ostream& err) {
  twinsim::Scenario scenario;
  twinsim::RunOptions run;
  try {
    scenario = twinsim::load_scenario(opts.scenario);
    if (!opts.seed.empty()) run.seed = parse_count("--seed", opts.seed);
    if (!opts.stop.empty()) {
      try {
        run.stop_s = twinsim::parse_duration(opts.stop);
      } catch (const std::exception& e) {
        throw std::invalid_argument(std::string("--stop: ") + e.what());
      }
      if (*run.stop_s <= 0) throw std::invalid_argument("--stop: must be after 0s");
    }
    if (!opts.devices.empty()) {
      run.devices = parse_count("--devices", opts.devices);
      if (*run.devices == 0 || *run.devices > 0xFFFFFFFFull) throw std::invalid_argument("--devices: 1 to 4294967295");
    }
  } catch (const std::exception& e) {
    err << "esimtwin run: " << e.what() << "\n";
    return 2;
  }
  run.output = opts.output;
  run.trace_devices = opts.trace_devices;
  run.progress = opts.progress && isatty(STDERR_FILENO);
  run.interrupt = &g_interrupt;

  twinsim::RunResult r;
  try {
    r = twinsim::run_scenario(scenario, run, err);
  } catch (const std::exception& e) {
    err << "esimtwin run: " << e.what() << "\n";
    return 2;
  }
  out << "run " << scenario.general.name << ": " << r.devices << " devices, wall " << r.wall_seconds << " s"
      << (r.interrupted ? " (interrupted)" : "") << ", output " << opts.output << "\n";
  char line[160];
  for (const auto& name : twinsim::metric_names()) {
    std::snprintf(line, sizeof line, "  %-22s %16.6g\n", name.c_str(), r.metrics.at(name));
    out << line;
  }
  if (!r.expectations.empty()) out << "expectations:\n";
  for (const auto& e : r.expectations) {
    std::snprintf(line, sizeof line, "  %-4s %s %s %g (got %g)\n", e.passed ? "ok" : "FAIL", e.metric.c_str(),
                  e.op.c_str(), e.target, e.value);
    out << line;
  }
  if (r.interrupted) return 130;
  return r.expectations_met() ? 0 : 1;
}

}  // namespace esimtwin
