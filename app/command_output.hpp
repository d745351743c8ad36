#pragma once
// Where a command's text goes: standard output, or the file of its -o;
// the options' simulated times.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "twinsim/scenario/units.hpp"

namespace esimtwin {

// The simulated time an option gives ("70min"); std::invalid_argument
// naming the option otherwise.
inline double time_option(const std::string& option, const std::string& text) {
  try {
    return twinsim::parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(option + ": " + e.what());
  }
}

// Writes `rows` (the first one the header) with each column padded to its
// widest cell; the first `text_columns` left-aligned, the others
// right-aligned; no trailing blanks.
inline void write_aligned(const std::vector<std::vector<std::string>>& rows, std::size_t text_columns, std::ostream& out) {
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c ? "  " : "") + (c < text_columns ? row[c] + pad : pad + row[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

// Writes `text` to `out` when `path` is empty, else to the file `path`;
// std::invalid_argument ("cannot write <path>") when the file cannot be written.
inline void write_command_output(const std::string& path, const std::string& text, std::ostream& out) {
  if (path.empty()) {
    out << text;
    return;
  }
  std::ofstream file(path);
  if (!(file << text) || !file.flush()) throw std::invalid_argument("cannot write " + path);
}

// "1 point", "3 points": a count with its noun.
inline std::string counted(std::uint64_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// A figure in a table: "%.6g", "-" for NaN (no value).
inline std::string number(double v) {
  if (std::isnan(v)) return "-";
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

// A value with its interval, "v [lower, upper]", or the value alone when
// there is none (lower NaN).
inline std::string interval_cell(double value, double lower, double upper) {
  return std::isnan(lower) ? number(value) : number(value) + " [" + number(lower) + ", " + number(upper) + "]";
}

// A CSV field: one with a comma, a quote or a line break quoted (RFC 4180 §2).
inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// A CSV number: empty for NaN (no value, no interval).
inline std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char b[64];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

}  // namespace esimtwin
