#include "twinviz/draw/format.hpp"

#include <cmath>
#include <cstdio>

namespace twinviz {

namespace {

std::string printed(double v, const char* unit) {
  char buf[48];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f%s", v, unit);
  else
    std::snprintf(buf, sizeof buf, "%.3g%s", v, unit);
  return buf;
}

}  // namespace

std::string format_time(double seconds, double span) {
  if (span >= 2 * 86400) return printed(seconds / 86400, " d");
  if (span >= 2 * 3600) return printed(seconds / 3600, " h");
  if (span >= 2 * 60) return printed(seconds / 60, " min");
  return printed(seconds, " s");
}

std::string format_count(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return printed(v / 1e9, "G");
  if (a >= 1e6) return printed(v / 1e6, "M");
  if (a >= 1e4) return printed(v / 1e3, "k");
  return printed(v, "");
}

double nice_step(double span, int ticks) {
  if (!(span > 0) || ticks < 1) return 1;
  const double raw = span / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

}  // namespace twinviz
