// The "Campaigns" window: each campaign's cumulative counts over time
// (data/campaign_curves.hpp), a write-card campaign's completion times as
// marks, and the counts at the cursor.
#include <imgui.h>

#include <cmath>

#include "twinviz/draw/format.hpp"
#include "twinviz/draw/plot.hpp"
#include "twinviz/ui/viewer.hpp"

namespace twinviz {

namespace {

// The series' value at time t: its last point at or before t (0 before
// the first).
double value_at(const Series& s, double t) {
  double v = 0;
  for (std::size_t i = 0; i < s.x.size() && s.x[i] <= t; ++i) v = s.y[i];
  return v;
}

}  // namespace

void Viewer::campaigns_window() {
  begin_window("Campaigns", Slot::Campaigns);
  if (campaigns_.empty()) ImGui::TextWrapped("The run has no campaign (write card, SM-SR or SM-DP).");
  const auto& bins = overview_.bins;
  for (const CampaignCurves& c : campaigns_) {
    TimePlot plot{c.title, {}, bins.start, bins.stop, cursor_, {}, 150, false};
    for (const Series& s : c.series) plot.series.push_back(&s);
    std::string marks;
    for (const auto& [level, t] : c.completion) {
      if (std::isnan(t)) {
        marks += "  " + format_count(level) + " %: never";
        continue;
      }
      plot.marks.push_back(t);
      marks += "  " + format_count(level) + " %: " + format_time(t, bins.stop);
    }
    move_cursor(draw_time_plot(plot, "Campaigns", log_));
    if (!c.completion.empty()) ImGui::TextWrapped("done of %s released:%s", format_count(static_cast<double>(c.released)).c_str(), marks.c_str());
    std::string now;
    for (const Series& s : c.series) now += "  " + s.name + " " + format_count(value_at(s, cursor_));
    ImGui::TextWrapped("at the cursor:%s", now.c_str());
    ImGui::Spacing();
  }
  end_window("Campaigns");
}

}  // namespace twinviz
