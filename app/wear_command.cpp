#include "wear_command.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "command_output.hpp"
#include "twinsim/scenario/units.hpp"
#include "wear_curves.hpp"

namespace esimtwin {

namespace {

constexpr double kDay = 86400;

std::string format(const char* spec, double v) {
  char b[64];
  std::snprintf(b, sizeof b, spec, v);
  return b;
}

void write_table(const RunWear& run, const std::vector<CurvePoint>& points, std::ostream& out) {
  std::vector<std::vector<std::string>> rows{{"population", "t (d)", "cards"}};
  for (const char* kind : kWearFailureNames) rows.front().push_back(kind);
  for (const CurvePoint& p : points) {
    std::vector<std::string> row{run.population_names[p.population], format("%.6g", p.t / kDay),
                                 std::to_string(p.cards)};
    for (const auto& f : p.fraction)
      row.push_back(format("%.3f", f.estimate) + " [" + format("%.3f", f.lower) + ", " + format("%.3f", f.upper) + "]");
    rows.push_back(row);
  }
  write_aligned(rows, 1, out);
}

std::string csv_header() {
  std::string h = "run,seed,population,t_s,cards,runs";
  for (const char* kind : kWearFailureNames)
    h += std::string(",") + kind + "," + kind + "_lower," + kind + "_upper";
  return h + "\n";
}

// A CSV field: one with a comma, a quote or a line break (a population's
// name, a run file's path) quoted (RFC 4180 §2).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void write_csv_rows(const std::string& run, const std::string& seed, const RunWear& names,
                    const std::vector<CurvePoint>& points, std::ostream& out) {
  for (const CurvePoint& p : points) {
    out << csv_field(run) << "," << seed << "," << csv_field(names.population_names[p.population]) << ","
        << format("%.6f", p.t) << "," << p.cards << "," << p.runs;
    for (const auto& f : p.fraction)
      out << "," << format("%.6f", f.estimate) << "," << format("%.6f", f.lower) << "," << format("%.6f", f.upper);
    out << "\n";
  }
}

}  // namespace

void add_wear_command(CLI::App& app, WearOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "wear", "Failure curves of the cards of the populations with a temperature (/wear), over replications");
  cmd->add_option("runs", opts.runs, "Run files written by esimtwin run (several: replications, different seeds)")
      ->required();
  cmd->add_option("--step", opts.step, "Grid step, a scenario duration (e.g. 30d); the run's stop is the last time")
      ->capture_default_str();
  cmd->add_option("--csv", opts.csv, "Also write the numbers as CSV to this file");
  cmd->callback([&opts, &exit_code] { exit_code = run_wear_command(opts, std::cout, std::cerr); });
}

int run_wear_command(const WearOptions& opts, std::ostream& out, std::ostream& err) {
  try {
    double step = 0;
    try {
      step = twinsim::parse_duration(opts.step);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("--step: ") + e.what());
    }
    std::vector<RunWear> runs;
    for (const std::string& path : opts.runs) runs.push_back(read_run_wear(path));
    check_replications(runs);
    const std::vector<double> grid = wear_grid(runs.front().stop_s, step);
    std::vector<std::vector<CurvePoint>> curves;
    for (const RunWear& run : runs) curves.push_back(failure_curves(run, grid));

    std::ostringstream text, csv;
    csv << csv_header();
    text << "# esimtwin wear: the fraction of each population's cards that failed by t, with its 95 % Wilson score "
            "interval\n# any = the earliest of worn, too_hot, charge_lost; failed = the module declared the card "
            "failed ('6581')\n";
    for (std::size_t r = 0; r < runs.size(); ++r) {
      text << "\n# " << runs[r].path << " (seed " << runs[r].seed << ", stop " << format("%.6g", runs[r].stop_s / kDay)
           << " d)\n";
      write_table(runs[r], curves[r], text);
      write_csv_rows(runs[r].path, std::to_string(runs[r].seed), runs[r], curves[r], csv);
    }
    if (runs.size() > 1) {
      const std::vector<CurvePoint> means = replication_means(curves);
      text << "\n# mean of the " << runs.size()
           << " replications' fractions, with its 95 % Student-t interval (not clipped to [0, 1])\n";
      write_table(runs.front(), means, text);
      write_csv_rows("mean", "", runs.front(), means, csv);
    }
    if (!opts.csv.empty()) write_command_output(opts.csv, csv.str(), out);
    out << text.str();
  } catch (const std::invalid_argument& e) {
    err << "esimtwin wear: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace esimtwin
