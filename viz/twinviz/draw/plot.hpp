#pragma once
// Plots drawn with ImGui's own draw lists (ImPlot is not packaged in
// Debian): a line plot over simulated time, a horizontal bar chart, and
// the events' timeline (a row of cells per kind, brighter for more
// events). Each records itself in the WidgetLog; a time plot reports a
// click as the time under the mouse, to move the time cursor.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twinviz/data/series.hpp"
#include "twinviz/draw/widget_log.hpp"

namespace twinviz {

struct TimePlot {
  std::string title;
  std::vector<const Series*> series;
  double t_min = 0, t_max = 1;       // the x range, s
  std::optional<double> cursor;      // s
  std::vector<double> marks;         // vertical marks (completion times), s
  float height = 140;                // pixels
  bool fraction = false;             // y is a fraction: axis 0..1 shown in %
};

// Draws at the window's cursor, the window's full width. Returns the time
// clicked, if any.
std::optional<double> draw_time_plot(const TimePlot& plot, const std::string& window, WidgetLog& log);

struct Bars {
  std::string title;
  std::vector<std::string> labels;
  std::vector<double> values;
};

void draw_bars(const Bars& bars, const std::string& window, WidgetLog& log);

struct TimelineRow {
  std::string label;
  const std::vector<std::uint64_t>* per_bin = nullptr;
};

// One row per kind, one cell per bin; the cell's brightness grows with the
// log of its count. Returns the time clicked, if any.
std::optional<double> draw_timeline(const std::string& title, const std::vector<TimelineRow>& rows, double t_min,
                                    double t_max, std::optional<double> cursor, const std::string& window,
                                    WidgetLog& log);

}  // namespace twinviz
