#include "sweep_command.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "command_output.hpp"
#include "mpi_ranks.hpp"
#include "sweep_points.hpp"
#include "twinanalysis/run_figures.hpp"
#include "twinanalysis/run_tables.hpp"
#include "twinanalysis/sweep_file.hpp"
#include "twinsim/scenario/scenario.hpp"
#include "twinsim/sweep/sweep_spec.hpp"

extern char** environ;

namespace esimtwin {

namespace {

namespace fs = std::filesystem;
using twinanalysis::Figure;
using twinanalysis::SweepRun;

// Where a sweep keeps its points' scenario files, run files and logs.
struct RunsDir {
  fs::path dir;
  fs::path point(std::size_t p) const { return dir / ("point-" + std::to_string(p) + ".yaml"); }
  fs::path run(std::size_t p, std::uint64_t r) const {
    return dir / ("point-" + std::to_string(p) + "-rep-" + std::to_string(r) + ".h5");
  }
};

// Writes the point's scenario file unless it is there with the same text
// (ranks on one machine write the same files: each through its own
// temporary file, renamed into place).
void write_point_file(const RunsDir& d, std::size_t p, const std::string& text, int rank) {
  const fs::path path = d.point(p);
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream have;
    if (in && (have << in.rdbuf()) && have.str() == text) return;
  }
  const fs::path tmp = path.string() + ".tmp" + std::to_string(rank) + "-" + std::to_string(getpid());
  std::ofstream o(tmp, std::ios::binary);
  o << text;
  o.close();
  if (!o) throw std::runtime_error(tmp.string() + ": cannot write the point's scenario");
  fs::rename(tmp, path);
}

// `esimtwin run` of one run, its output and errors in `log`; its exit code
// (128 + the signal for a signal).
int spawn_run(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int started = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) throw std::runtime_error(std::string("cannot start esimtwin run: ") + std::strerror(started));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waiting for esimtwin run: ") + std::strerror(errno));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string log_tail(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i) last += "\n  " + lines[i];
  return last;
}

// The figures of a finished run file, checked to be the run the sweep
// asked for; its exit code from its expectations.
SweepRun figures_of(const twinsim::SweepSpec& spec, const RunsDir& d, std::uint64_t index, const std::string& point_text) {
  const std::size_t p = index / spec.replications;
  const std::uint64_t r = index % spec.replications;
  const std::string path = d.run(p, r).string();
  const twinanalysis::RunTables run = twinanalysis::read_run_tables(path);
  if (run.summary.interrupted) throw std::runtime_error(path + ": the run was interrupted before its stop");
  if (run.summary.scenario_text != point_text)
    throw std::runtime_error(path + ": ran another scenario than point " + std::to_string(p) + " of " + spec.source);
  if (run.summary.seed != spec.seed_of(r))
    throw std::runtime_error(path + ": ran with seed " + std::to_string(run.summary.seed) + ", replication " +
                             std::to_string(r) + " has seed " + std::to_string(spec.seed_of(r)));
  SweepRun out;
  out.index = index;
  out.figures = twinanalysis::run_figures(run);
  for (const Figure& f : out.figures)
    if (f.section == "expectation" && f.name == "passed" && f.value == 0) out.exit_code = 1;
  return out;
}

// One run of the sweep: its point's scenario file, `esimtwin run`, its
// figures. With `reuse`, a run file already there that passes figures_of's
// checks is taken as it is (`reused` says so).
SweepRun make_run(const twinsim::SweepSpec& spec, const RunsDir& d, std::uint64_t index, int rank, bool reuse,
                  bool& reused) {
  const std::size_t p = index / spec.replications;
  const std::uint64_t r = index % spec.replications;
  const std::string text = spec.point_scenario(p);
  write_point_file(d, p, text, rank);
  const fs::path run_file = d.run(p, r);
  reused = false;
  if (reuse && fs::exists(run_file)) {
    try {
      SweepRun done = figures_of(spec, d, index, text);
      reused = true;
      return done;
    } catch (const std::exception&) {
      // Incomplete, damaged or another run's: made again below.
    }
  }
  const fs::path log = run_file.string() + ".log";
  std::vector<std::string> args{"esimtwin", "run", d.point(p).string(), "-o", run_file.string(), "--seed",
                                std::to_string(spec.seed_of(r)), "--no-progress"};
  if (spec.devices) args.insert(args.end(), {"--devices", std::to_string(*spec.devices)});
  if (spec.stop) args.insert(args.end(), {"--stop", *spec.stop});
  const int code = spawn_run(args, log);
  if (code != 0 && code != 1)
    throw std::runtime_error("run " + std::to_string(index) + " (point " + std::to_string(p) + ": " +
                             spec.point_label(p) + ", replication " + std::to_string(r) + ") exited with " +
                             std::to_string(code) +
                             (code == 130 ? " (interrupted: the sweep again with --reuse goes on from the runs done)" : "") +
                             "; its log " + log.string() + " ends:" + log_tail(log));
  return figures_of(spec, d, index, text);
}

// A rank's runs as text for the gather: "#run I" lines, each followed by its
// figures as "section<TAB>name<TAB>subject<TAB>value"; or "error" and a
// line break before the message of what failed (which may hold lines).
std::string encode(const std::vector<SweepRun>& runs, const std::string& error) {
  if (!error.empty()) return "error\n" + error;
  std::ostringstream o;
  char value[40];
  for (const SweepRun& r : runs) {
    o << "#run\t" << r.index << "\n";
    for (const Figure& f : r.figures) {
      std::snprintf(value, sizeof value, "%.17g", f.value);
      o << f.section << "\t" << f.name << "\t" << f.subject << "\t" << value << "\n";
    }
  }
  return o.str();
}

void decode(const std::string& text, std::vector<SweepRun>& runs, std::vector<std::string>& errors) {
  if (text.rfind("error\n", 0) == 0) {
    errors.push_back(text.substr(6));
    return;
  }
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cells.push_back(line.substr(start, tab - start));
    cells.push_back(line.substr(start));
    if (cells[0] == "#run") {
      runs.push_back({std::stoull(cells[1]), 0, {}});
    } else {
      Figure f{cells[0], cells[1], cells[2], std::strtod(cells[3].c_str(), nullptr)};
      if (f.section == "expectation" && f.name == "passed" && f.value == 0) runs.back().exit_code = 1;
      runs.back().figures.push_back(f);
    }
  }
}

// "I/N" of --part.
std::pair<std::uint64_t, std::uint64_t> parse_part(const std::string& text) {
  const std::size_t slash = text.find('/');
  auto whole = [&](const std::string& s) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 9)
      throw std::invalid_argument("--part: expected I/N with 0 <= I < N (a Slurm array's task id and count), not '" +
                                  text + "'");
    return std::stoull(s);
  };
  if (slash == std::string::npos) whole("");
  const std::uint64_t i = whole(text.substr(0, slash)), n = whole(text.substr(slash + 1));
  if (n == 0 || i >= n) whole("");
  return {i, n};
}

}  // namespace

void add_sweep_command(CLI::App& app, SweepOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run a parameter grid and replications (as MPI ranks under mpirun) into one sweep file (HDF5)");
  cmd->add_option("sweep", opts.sweep, "Sweep file (YAML, docs/SWEEPS.md)")->required();
  cmd->add_option("-o,--output", opts.output, "Sweep file to write (HDF5)")->capture_default_str();
  cmd->add_option("--runs", opts.runs_dir, "Directory of the points' scenarios, run files and logs (default: OUTPUT.runs)");
  cmd->add_option("--part", opts.part, "Only the runs i with i % N == I (a Slurm array task: I/N); no sweep file");
  cmd->add_flag("--gather", opts.gather, "No runs: write the sweep file from the run files in --runs");
  cmd->add_flag("--reuse", opts.reuse,
                "Keep the runs whose run files in --runs are complete (the point's scenario, the seed) instead of making them again");
  cmd->add_option("--figure", opts.figures, "A figure (section/name/subject) to print per point; default the expectations' values");
  cmd->callback([&opts, &exit_code] { exit_code = run_sweep_command(opts, std::cout, std::cerr); });
}

int run_sweep_command(const SweepOptions& opts, std::ostream& out, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<MpiRanks> world;
  try {
    world.emplace(MpiRanks::Waiting::Yield);
  } catch (const std::exception& e) {
    err << "esimtwin sweep: " << e.what() << "\n";
    return 2;
  }
  const MpiRanks& ranks = *world;
  const bool lead = ranks.rank() == 0;
  twinsim::SweepSpec spec;
  RunsDir d;
  std::uint64_t first = static_cast<std::uint64_t>(ranks.rank()), step = static_cast<std::uint64_t>(ranks.size());
  try {
    if (!opts.part.empty()) {
      if (opts.gather) throw std::invalid_argument("--part and --gather: a part makes runs, the gather none");
      if (ranks.size() > 1) throw std::invalid_argument("--part runs alone, not under mpirun with several ranks");
      std::tie(first, step) = parse_part(opts.part);
    }
    if (opts.gather && opts.reuse) throw std::invalid_argument("--gather and --reuse: the gather makes no runs");
    spec = twinsim::load_sweep(opts.sweep);
    d.dir = opts.runs_dir.empty() ? fs::path(opts.output + ".runs") : fs::path(opts.runs_dir);
    if (!opts.gather) fs::create_directories(d.dir);
  } catch (const std::exception& e) {
    if (lead) err << "esimtwin sweep: " << e.what() << "\n";
    return 2;
  }

  std::vector<SweepRun> mine;
  std::string error;
  if (!opts.gather) {
    for (std::uint64_t i = first; i < spec.runs() && error.empty(); i += step) {
      const auto t0 = std::chrono::steady_clock::now();
      bool reused = false;
      try {
        mine.push_back(make_run(spec, d, i, ranks.rank(), opts.reuse, reused));
      } catch (const std::exception& e) {
        error = e.what();
        break;
      }
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      char line[64];
      std::snprintf(line, sizeof line, "%.1f s", s);
      out << "rank " << ranks.rank() << ": run " << i + 1 << "/" << spec.runs() << " (point "
          << i / spec.replications << ": " << spec.point_label(i / spec.replications) << ", replication "
          << i % spec.replications << ", seed " << spec.seed_of(i % spec.replications) << ") exit "
          << mine.back().exit_code << ", " << (reused ? "reused" : line) << std::endl;
    }
  }
  if (!opts.part.empty()) {
    if (!error.empty()) {
      err << "esimtwin sweep: " << error << "\n";
      return 2;
    }
    out << "part " << opts.part << ": " << mine.size() << " runs in " << d.dir.string()
        << "; when every part is done: esimtwin sweep " << opts.sweep << " --gather --runs " << d.dir.string()
        << " -o OUTPUT\n";
    for (const SweepRun& r : mine)
      if (r.exit_code != 0) return 1;
    return 0;
  }

  const std::vector<std::string> gathered = ranks.gather(encode(mine, error));
  int code = 0;
  if (lead) {
    std::vector<SweepRun> runs;
    std::vector<std::string> errors;
    for (const std::string& g : gathered) decode(g, runs, errors);
    try {
      if (!errors.empty()) throw std::runtime_error(errors.front());
      if (opts.gather)
        for (std::uint64_t i = 0; i < spec.runs(); ++i)
          runs.push_back(figures_of(spec, d, i, spec.point_scenario(i / spec.replications)));
      const twinanalysis::SweepTable table = twinanalysis::sweep_table(spec, std::move(runs));
      twinanalysis::SweepProvenance provenance;
      provenance.ranks = ranks.size();
      provenance.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      twinanalysis::write_sweep_file(opts.output, spec, table, provenance);
      const twinanalysis::SweepFile written = twinanalysis::read_sweep_file(opts.output);
      out << "sweep " << opts.sweep << ": " << counted(spec.points(), "point") << " x "
          << counted(spec.replications, "replication") << " = " << counted(spec.runs(), "run") << " on "
          << counted(static_cast<std::uint64_t>(ranks.size()), "rank") << ", wall "
          << provenance.wall_seconds << " s, output " << opts.output << "\n";
      write_sweep_points(written, opts.figures, out);
      for (int c : table.exit_codes) code = std::max(code, c);
    } catch (const std::exception& e) {
      for (const std::string& more : errors) err << "esimtwin sweep: " << more << "\n";
      if (errors.empty()) err << "esimtwin sweep: " << e.what() << "\n";
      code = 2;
    }
  }
  return ranks.broadcast(code);
}

}  // namespace esimtwin
