#include "report_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "command_output.hpp"
#include "sweep_points.hpp"
#include "twinanalysis/sweep_file.hpp"
#include "twinanalysis/replications.hpp"
#include "twinanalysis/run_figures.hpp"
#include "twinanalysis/sizing.hpp"

namespace esimtwin {

namespace {

using twinanalysis::Figure;
using twinanalysis::Figures;

std::string cell(const Figure& f) { return interval_cell(f.value, f.lower, f.upper); }

// Each section a table: its subjects as rows, its figures' names as columns.
void write_sections(const Figures& figures, std::ostream& out) {
  std::vector<std::string> sections;
  for (const Figure& f : figures)
    if (std::find(sections.begin(), sections.end(), f.section) == sections.end()) sections.push_back(f.section);
  for (const std::string& section : sections) {
    std::vector<std::string> names, subjects;
    std::map<std::pair<std::string, std::string>, std::string> cells;
    for (const Figure& f : figures) {
      if (f.section != section) continue;
      if (std::find(names.begin(), names.end(), f.name) == names.end()) names.push_back(f.name);
      if (std::find(subjects.begin(), subjects.end(), f.subject) == subjects.end()) subjects.push_back(f.subject);
      cells[{f.subject, f.name}] = cell(f);
    }
    std::vector<std::vector<std::string>> rows{{section}};
    rows.front().insert(rows.front().end(), names.begin(), names.end());
    for (const std::string& s : subjects) {
      std::vector<std::string> row{s.empty() ? "-" : s};
      for (const std::string& n : names) {
        const auto it = cells.find({s, n});
        row.push_back(it == cells.end() ? "" : it->second);
      }
      rows.push_back(row);
    }
    out << "\n";
    write_aligned(rows, 1, out);
  }
}

void write_csv_row(const std::string& section, const std::string& name, const std::string& subject, double value,
                   double lower, double upper, std::ostream& out) {
  out << csv_field(section) << "," << csv_field(name) << "," << csv_field(subject) << "," << csv_number(value) << ","
      << csv_number(lower) << "," << csv_number(upper) << "\n";
}

constexpr const char* kCsvHeader = "section,name,subject,value,lower,upper\n";

void write_csv(const Figures& figures, std::ostream& out) {
  out << kCsvHeader;
  for (const Figure& f : figures) write_csv_row(f.section, f.name, f.subject, f.value, f.lower, f.upper, out);
}

std::string header(const twinanalysis::RunTables& r) {
  return r.path + ": scenario '" + r.scenario_name + "', seed " + std::to_string(r.summary.seed) + ", stop " +
         number(r.summary.stop_s) + " s, " + std::to_string(r.summary.devices) + " devices" +
         (r.summary.interrupted ? " (interrupted)" : "") + "\n";
}

void report_one(const twinanalysis::RunTables& run, std::ostream& text, std::ostream& csv) {
  const Figures figures = twinanalysis::run_figures(run);
  text << "# esimtwin report\n# " << header(run);
  write_sections(figures, text);
  write_csv(figures, csv);
}

void report_replications(const std::vector<twinanalysis::RunTables>& runs, std::ostream& text, std::ostream& csv) {
  twinanalysis::check_replications(runs);
  std::vector<Figures> figures;
  for (const auto& r : runs) figures.push_back(twinanalysis::run_figures(r));
  const Figures means = twinanalysis::replication_means(figures);
  text << "# esimtwin report: " << runs.size()
       << " replications; each figure's mean with its 95 % Student-t interval ('-': not in every run)\n";
  for (const auto& r : runs) text << "# " << header(r);
  write_sections(means, text);
  write_csv(means, csv);
}

void report_comparison(const std::vector<twinanalysis::RunTables>& runs, std::ostream& text, std::ostream& csv) {
  if (runs.size() != 2) throw std::invalid_argument("--compare takes two run files, A and B");
  const auto rows = twinanalysis::compare(twinanalysis::run_figures(runs[0]), twinanalysis::run_figures(runs[1]));
  text << "# esimtwin report --compare: A and B side by side, B - A and B / A\n# A " << header(runs[0]) << "# B "
       << header(runs[1]) << "\n";
  std::vector<std::vector<std::string>> table{{"section", "name", "subject", "A", "B", "B - A", "B / A"}};
  csv << "section,name,subject,a,b,difference,ratio\n";
  for (const auto& c : rows) {
    table.push_back({c.a.section, c.a.name, c.a.subject.empty() ? "-" : c.a.subject, number(c.a.value), number(c.b),
                     number(c.difference), number(c.ratio)});
    csv << csv_field(c.a.section) << "," << csv_field(c.a.name) << "," << csv_field(c.a.subject) << ","
        << csv_number(c.a.value) << "," << csv_number(c.b) << "," << csv_number(c.difference) << ","
        << csv_number(c.ratio) << "\n";
  }
  write_aligned(table, 3, text);
}

void report_sizing(const std::vector<twinanalysis::RunTables>& runs, std::ostream& text, std::ostream& csv) {
  const twinanalysis::SizingCurve curve = twinanalysis::sizing_curve(runs);
  text << "# esimtwin report --sizing: scenario '" << runs.front().scenario_name
       << "' at each size: the platforms' peak queue and peak busy fraction, the write-card campaigns' completion time\n";
  std::vector<std::vector<std::string>> table{{"run", "devices"}};
  for (const auto& p : curve.platforms) {
    table.front().push_back(p + " peak_queue");
    table.front().push_back(p + " busy_peak");
  }
  table.front().push_back("completion_s");
  csv << kCsvHeader;
  for (const auto& pt : curve.points) {
    std::vector<std::string> row{pt.path, number(pt.devices)};
    const std::string size = csv_number(pt.devices);
    for (const auto& p : curve.platforms) {
      const auto q = pt.peak_queue.find(p);
      const auto b = pt.busy_peak.find(p);
      const double queue = q == pt.peak_queue.end() ? twinanalysis::kNoValue : q->second;
      const double busy = b == pt.busy_peak.end() ? twinanalysis::kNoValue : b->second;
      row.push_back(number(queue));
      row.push_back(number(busy));
      write_csv_row("sizing", "peak_queue", p + "@" + size, queue, twinanalysis::kNoValue, twinanalysis::kNoValue, csv);
      write_csv_row("sizing", "busy_peak", p + "@" + size, busy, twinanalysis::kNoValue, twinanalysis::kNoValue, csv);
    }
    row.push_back(number(pt.completion_s));
    write_csv_row("sizing", "completion_s", size, pt.completion_s, twinanalysis::kNoValue, twinanalysis::kNoValue, csv);
    table.push_back(row);
  }
  write_aligned(table, 1, text);
  if (curve.completion_fit) {
    const auto& f = *curve.completion_fit;
    text << "\ncompletion_s = a + b * devices (least squares): a = " << number(f.a) << " s, b = " << number(f.b)
         << " s/device, R^2 = " << number(f.r_squared) << "\n";
    const double none = twinanalysis::kNoValue;
    write_csv_row("sizing_fit", "a_s", "completion_s", f.a, none, none, csv);
    write_csv_row("sizing_fit", "b_s_per_device", "completion_s", f.b, none, none, csv);
    write_csv_row("sizing_fit", "r_squared", "completion_s", f.r_squared, none, none, csv);
  } else {
    text << "\nno fit of the completion time: fewer than two runs whose campaigns all finished\n";
  }
}

}  // namespace

void add_report_command(CLI::App& app, ReportOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "report", "Figures of run files: a summary, replications' means with intervals, two runs compared, sizing");
  cmd->add_option("runs", opts.runs, "Run files written by esimtwin run (several: replications, different seeds)")
      ->required();
  auto* compare = cmd->add_flag("--compare", opts.compare, "Two runs side by side: each figure, B - A and B / A");
  cmd->add_flag("--sizing", opts.sizing,
                "Runs of one scenario at different --devices: peak queue and busy, completion time, its line fit")
      ->excludes(compare);
  cmd->add_option("--csv", opts.csv, "Also write every figure as CSV rows to this file");
  cmd->add_option("--figure", opts.figures,
                  "A sweep file's figure (section/name/subject) to show per point; default the expectations' values");
  cmd->callback([&opts, &exit_code] { exit_code = run_report_command(opts, std::cout, std::cerr); });
}

// A sweep file (docs/SWEEPS.md): its points with the chosen figures' means.
void report_sweep(const ReportOptions& opts, std::ostream& text, std::ostream& csv) {
  if (opts.compare || opts.sizing || opts.runs.size() != 1)
    throw std::invalid_argument(opts.runs.front() + " is a sweep file: it is reported alone, without --compare or --sizing");
  const twinanalysis::SweepFile f = twinanalysis::read_sweep_file(opts.runs.front());
  text << opts.runs.front() << ": a sweep of " << counted(f.grid.points(), "point") << " x "
       << counted(f.seeds.size(), "replication") << "; each figure's mean over a point's replications with its 95 % Student-t interval\n";
  write_sweep_points(f, opts.figures, text);
  write_sweep_csv(f, csv);
}

int run_report_command(const ReportOptions& opts, std::ostream& out, std::ostream& err) {
  try {
    for (const std::string& path : opts.runs)
      if (twinanalysis::is_sweep_file(path)) {
        std::ostringstream text, csv;
        report_sweep(opts, text, csv);
        if (!opts.csv.empty()) write_command_output(opts.csv, csv.str(), out);
        out << text.str();
        return 0;
      }
    if (!opts.figures.empty()) throw std::invalid_argument("--figure chooses the figures of a sweep file's points");
    if (opts.compare && opts.runs.size() != 2) throw std::invalid_argument("--compare takes two run files, A and B");
    std::vector<twinanalysis::RunTables> runs;
    for (const std::string& path : opts.runs) runs.push_back(twinanalysis::read_run_tables(path));
    std::ostringstream text, csv;
    if (opts.compare)
      report_comparison(runs, text, csv);
    else if (opts.sizing)
      report_sizing(runs, text, csv);
    else if (runs.size() == 1)
      report_one(runs.front(), text, csv);
    else
      report_replications(runs, text, csv);
    if (!opts.csv.empty()) write_command_output(opts.csv, csv.str(), out);
    out << text.str();
  } catch (const std::invalid_argument& e) {
    err << "esimtwin report: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace esimtwin
