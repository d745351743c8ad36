#pragma once
// A figure of a report: one number with its place (section, name, the
// population, platform, kind or campaign it is of) and, when it has one, an
// interval. `esimtwin report` prints figures as tables and writes them as
// CSV rows (section, name, subject, value, lower, upper).
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace twinanalysis {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct Figure {
  std::string section;  // run, population, events, platform, expectation, campaign, wear
  std::string name;     // devices, busy_mean, t90_s, ...
  std::string subject;  // the population, kind, platform, campaign or metric; empty for the run
  double value = kNoValue;  // NaN: the run has no such number (a campaign that never reached 90 %)
  double lower = kNoValue, upper = kNoValue;  // NaN: no interval

  bool has_interval() const { return !std::isnan(lower); }
  // The key that matches a figure across runs.
  std::tuple<std::string, std::string, std::string> key() const { return {section, name, subject}; }
  // "section/name/subject": its name in a sweep file and in --figure.
  std::string label() const { return section + "/" + name + "/" + subject; }
};

using Figures = std::vector<Figure>;

}  // namespace twinanalysis
