#include "twinsim/scenario/scenario_values.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "twinsim/scenario/units.hpp"

namespace twinsim {

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// The unit parsers' messages already quote the text and say what is wrong;
// this puts them at the value's place.
template <class Parse>
double read_quantity(const YamlField& f, const char* what, Parse parse) {
  if (!f.node().IsScalar()) f.fail(std::string("expected a ") + what + ", found " + f.describe());
  try {
    return parse(f.text());
  } catch (const std::invalid_argument& e) {
    f.fail(e.what());
  }
}

}  // namespace

std::string read_name(const YamlField& f) {
  if (!f.node().IsScalar()) f.fail("expected a name, found " + f.describe());
  const std::string& text = f.text();
  if (text.empty()) f.fail("must not be empty");
  for (char c : text) {
    if (!name_char(c)) f.fail("'" + text + "': a name may hold only letters, digits, '-', '_' and '.'");
  }
  return text;
}

std::uint64_t read_whole(const YamlField& f, std::uint64_t min, std::uint64_t max) {
  const std::string range = max == std::numeric_limits<std::uint64_t>::max()
                                ? "a whole number (" + std::to_string(min) + " or more)"
                                : "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!f.node().IsScalar()) f.fail("expected " + range + ", found " + f.describe());
  const std::string& text = f.text();
  bool digits = !text.empty();
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) f.fail("expected " + range + ", found '" + text + "'");
  std::uint64_t value = 0;
  bool too_large = false;
  for (char c : text) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      too_large = true;
      break;
    }
    value = value * 10 + digit;
  }
  if (too_large || value < min || value > max) f.fail("expected " + range + ", found " + text);
  return value;
}

double read_loss(const YamlField& f) {
  if (!f.node().IsScalar()) f.fail("expected a probability from 0 to below 1, found " + f.describe());
  const std::string& t = f.text();
  bool ok = !t.empty() && t.front() >= '0' && t.front() <= '9' && t.back() >= '0' && t.back() <= '9';
  int points = 0;
  for (char c : t) {
    if (c == '.') ++points;
    else ok = ok && c >= '0' && c <= '9';
  }
  double v = -1;
  if (ok && points <= 1) std::from_chars(t.data(), t.data() + t.size(), v);
  if (!(v >= 0 && v < 1)) f.fail("expected a probability from 0 to below 1 (e.g. 0.01), found '" + t + "'");
  return v;
}

double read_duration(const YamlField& f) { return read_quantity(f, "duration", parse_duration); }
double read_signed_duration(const YamlField& f) {
  return read_quantity(f, "duration", [](const std::string& t) {
    return !t.empty() && t.front() == '-' ? -parse_duration(t.substr(1)) : parse_duration(t);
  });
}
double read_flops(const YamlField& f) { return read_quantity(f, "flop count", parse_flops); }
double read_bandwidth(const YamlField& f) { return read_quantity(f, "bandwidth", parse_bandwidth); }
double read_size(const YamlField& f) { return read_quantity(f, "size", parse_size); }

std::uint64_t read_byte_count(const YamlField& f) {
  const double b = read_size(f);
  if (b != std::floor(b) || b >= 9.007199254740992e15) f.fail("'" + f.text() + "': expected whole bytes below 2^53");
  return static_cast<std::uint64_t>(b);
}

twinmodels::NetTime read_net_time(const YamlField& f) {
  const double s = read_duration(f);
  const double us = s * 1e6;
  // 2^62 us is about 146 000 years: beyond any run, and safe to add to.
  if (us >= 4.6e18) f.fail("'" + f.text() + "': too long");
  const double whole = std::round(us);
  if (std::abs(us - whole) > 1e-3) f.fail("'" + f.text() + "': finer than a microsecond, the network models' clock");
  return static_cast<twinmodels::NetTime>(whole);
}

namespace {

std::string fixed_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed).ptr);
}

// Decimal digits, optionally a point and more digits, with a leading '-'
// when `signed_ok`: the value, or nothing for any other text.
std::optional<double> parse_decimal(const std::string& t, bool signed_ok) {
  std::size_t i = signed_ok && !t.empty() && t[0] == '-' ? 1 : 0;
  const std::size_t digits = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  bool ok = i > digits;
  if (ok && i < t.size() && t[i] == '.') {
    const std::size_t fraction = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    ok = i > fraction;
  }
  if (!ok || i != t.size()) return std::nullopt;
  double v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

}  // namespace

double read_positive_decimal(const YamlField& f, double max) {
  const std::string expected = "expected a number above 0 and at most " + fixed_text(max);
  if (!f.node().IsScalar()) f.fail(expected + ", found " + f.describe());
  const std::optional<double> v = parse_decimal(f.text(), false);
  if (!v || !(*v > 0 && *v <= max)) f.fail(expected + " (decimal digits, e.g. 30 or 2.5), found '" + f.text() + "'");
  return *v;
}

double read_decimal(const YamlField& f, double min, double max) {
  const std::string expected = "expected a number from " + fixed_text(min) + " to " + fixed_text(max);
  if (!f.node().IsScalar()) f.fail(expected + ", found " + f.describe());
  const std::optional<double> v = parse_decimal(f.text(), true);
  if (!v || !(*v >= min && *v <= max)) f.fail(expected + " (decimal digits, e.g. -25 or 2.5), found '" + f.text() + "'");
  return *v;
}

}  // namespace twinsim
