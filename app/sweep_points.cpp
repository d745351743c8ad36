#include "sweep_points.hpp"

#include <ostream>

#include "command_output.hpp"

namespace esimtwin {

namespace {

using twinanalysis::SweepFile;

// The parameters' values at point p and its runs failing an expectation.
std::vector<std::string> point_cells(const SweepFile& f, std::size_t p) {
  std::vector<std::string> cells;
  const std::vector<std::size_t> at = f.grid.point_indices(p);
  for (std::size_t k = 0; k < at.size(); ++k) cells.push_back(f.coordinates[k][at[k]]);
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
    const std::string label = f.keys[k].label();
    bool take = figures.empty() && f.keys[k].section == "expectation" && f.keys[k].name == "value";
    for (const std::string& c : figures) take = take || c == label;
    if (!take) continue;
    shown.push_back(k);
    header.push_back(figures.empty() ? f.keys[k].subject : label);
  }
  for (const std::string& c : figures) {
    bool found = false;
    for (std::size_t k : shown) found = found || f.keys[k].label() == c;
    if (!found) out << "(no run has the figure " << c << ")\n";
  }
  const std::size_t points = f.grid.points();
  std::vector<std::vector<std::string>> rows{header};
  for (std::size_t p = 0; p < points; ++p) {
    std::vector<std::string> row = point_cells(f, p);
    for (std::size_t k : shown) {
      const std::size_t i = k * points + p;
      row.push_back(interval_cell(f.mean[i], f.lower[i], f.upper[i]));
    }
    rows.push_back(std::move(row));
  }
  write_aligned(rows, f.parameters.size(), out);
}

void write_sweep_csv(const SweepFile& f, std::ostream& out) {
  out << "section,name,subject";
  for (const std::string& p : f.parameters) out << "," << csv_field(p);
  out << ",failed,mean,lower,upper\n";
  const std::size_t points = f.grid.points();
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
