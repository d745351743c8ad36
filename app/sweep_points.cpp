#include "sweep_points.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "command_output.hpp"

namespace esimtwin {

namespace {

using twinanalysis::SweepFile;

std::string label_of(const twinanalysis::Figure& f) { return f.section + "/" + f.name + "/" + f.subject; }

std::string mean_cell(double mean, double lower, double upper) {
  char cell[80];
  if (std::isnan(mean)) return "-";
  if (std::isnan(lower)) {
    std::snprintf(cell, sizeof cell, "%.6g", mean);
  } else {
    std::snprintf(cell, sizeof cell, "%.6g [%.6g, %.6g]", mean, lower, upper);
  }
  return cell;
}

std::size_t points_of(const SweepFile& f) {
  std::size_t n = 1;
  for (const auto& c : f.coordinates) n *= c.size();
  return n;
}

// The parameters' values at point p (the last parameter fastest) and its runs failing an expectation.
std::vector<std::string> point_cells(const SweepFile& f, std::size_t p) {
  std::vector<std::string> cells(f.coordinates.size());
  std::size_t rest = p;
  for (std::size_t k = f.coordinates.size(); k-- > 0;) {
    cells[k] = f.coordinates[k][rest % f.coordinates[k].size()];
    rest /= f.coordinates[k].size();
  }
  const std::size_t reps = f.seeds.size();
  std::size_t failed = 0;
  for (std::size_t r = 0; r < reps; ++r) failed += f.exit_code[p * reps + r] != 0;
  cells.push_back(std::to_string(failed) + "/" + std::to_string(reps));
  return cells;
}

}  // namespace

void write_sweep_points(const SweepFile& f, const std::vector<std::string>& figures, std::ostream& out) {
  std::vector<std::size_t> shown;
  std::vector<std::string> header = f.parameters;
  header.push_back("failed");
  for (std::size_t k = 0; k < f.keys.size(); ++k) {
    const std::string label = label_of(f.keys[k]);
    bool take = figures.empty() && f.keys[k].section == "expectation" && f.keys[k].name == "value";
    for (const std::string& c : figures) take = take || c == label;
    if (!take) continue;
    shown.push_back(k);
    header.push_back(figures.empty() ? f.keys[k].subject : label);
  }
  for (const std::string& c : figures) {
    bool found = false;
    for (std::size_t k : shown) found = found || label_of(f.keys[k]) == c;
    if (!found) out << "(no run has the figure " << c << ")\n";
  }
  const std::size_t points = points_of(f);
  std::vector<std::vector<std::string>> rows{header};
  for (std::size_t p = 0; p < points; ++p) {
    std::vector<std::string> row = point_cells(f, p);
    for (std::size_t k : shown) {
      const std::size_t i = k * points + p;
      row.push_back(mean_cell(f.mean[i], f.lower[i], f.upper[i]));
    }
    rows.push_back(std::move(row));
  }
  write_aligned(rows, f.parameters.size(), out);
}

void write_sweep_csv(const SweepFile& f, std::ostream& out) {
  out << "section,name,subject";
  for (const std::string& p : f.parameters) out << "," << csv_field(p);
  out << ",failed,mean,lower,upper\n";
  const std::size_t points = points_of(f);
  for (std::size_t k = 0; k < f.keys.size(); ++k) {
    for (std::size_t p = 0; p < points; ++p) {
      out << csv_field(f.keys[k].section) << "," << csv_field(f.keys[k].name) << "," << csv_field(f.keys[k].subject);
      for (const std::string& c : point_cells(f, p)) out << "," << csv_field(c);
      const std::size_t i = k * points + p;
      out << "," << csv_number(f.mean[i]) << "," << csv_number(f.lower[i]) << "," << csv_number(f.upper[i]) << "\n";
    }
  }
}

}  // namespace esimtwin
