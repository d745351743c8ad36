#include "twinsim/scenario/units.hpp"

#include <charconv>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string_view>

namespace twinsim {

namespace {

struct Unit {
  std::string_view name;
  double factor;
};

// One family of units: what it measures (for messages), its units and an
// example written the way a scenario would.
struct Family {
  std::string_view quantity;
  std::span<const Unit> units;
  std::string_view example;
};

// Multipliers are decimal (k = 10^3), as SimGrid reads its own unit strings.
constexpr Unit kDurationUnits[] = {{"ms", 1e-3}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}};
constexpr Unit kFlopsUnits[] = {{"f", 1}, {"kf", 1e3}, {"Mf", 1e6}, {"Gf", 1e9}};
constexpr Unit kBandwidthUnits[] = {{"Bps", 1}, {"kBps", 1e3}, {"MBps", 1e6}, {"GBps", 1e9}};
constexpr Unit kSizeUnits[] = {{"B", 1}, {"kB", 1e3}, {"MB", 1e6}, {"GB", 1e9}};

std::string unit_list(const Family& f) {
  std::string out;
  std::size_t i = 0;
  for (const Unit& u : f.units) {
    if (i > 0) out += (i + 1 == f.units.size()) ? " or " : ", ";
    out += u.name;
    ++i;
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "<digits>[.<digits>]" then optional blanks then a unit of the family.
double parse_quantity(const std::string& text, const Family& f) {
  const std::string quoted = "'" + text + "'";
  const std::string expected = quoted + ": expected a " + std::string(f.quantity) + ": a number and a unit (" +
                               unit_list(f) + "), e.g. " + std::string(f.example);
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i < text.size() && text[i] == '-') {
    throw std::invalid_argument(quoted + ": a " + std::string(f.quantity) + " cannot be negative");
  }
  const std::size_t number_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == number_start) throw std::invalid_argument(expected);
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t fraction_start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == fraction_start) throw std::invalid_argument(expected);
  }
  const std::size_t number_end = i;
  while (i < text.size() && is_space(text[i])) ++i;
  std::size_t end = text.size();
  while (end > i && is_space(text[end - 1])) --end;
  const std::string_view unit(text.data() + i, end - i);
  if (unit.empty()) {
    throw std::invalid_argument(quoted + ": a " + std::string(f.quantity) + " needs a unit: " + unit_list(f) +
                                " (e.g. " + std::string(f.example) + ")");
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data() + number_start, text.data() + number_end, value);
  if (ec != std::errc() || ptr != text.data() + number_end) throw std::invalid_argument(expected);
  for (const Unit& u : f.units) {
    if (u.name == unit) {
      const double scaled = value * u.factor;
      if (!std::isfinite(scaled)) throw std::invalid_argument(quoted + ": too large");
      return scaled;
    }
  }
  throw std::invalid_argument(quoted + ": unknown unit '" + std::string(unit) + "'; a " + std::string(f.quantity) +
                              " takes " + unit_list(f));
}

}  // namespace

double parse_duration(const std::string& text) {
  return parse_quantity(text, {"duration", kDurationUnits, "30s, 1.5h"});
}
double parse_flops(const std::string& text) { return parse_quantity(text, {"flop count", kFlopsUnits, "200kf"}); }
double parse_bandwidth(const std::string& text) {
  return parse_quantity(text, {"bandwidth", kBandwidthUnits, "100MBps"});
}
double parse_size(const std::string& text) { return parse_quantity(text, {"size", kSizeUnits, "200B"}); }

}  // namespace twinsim
