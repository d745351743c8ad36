// The "Platforms" window: each sampled platform's queue, rates and busy
// fraction over time (data/platform_series.hpp).
#include <imgui.h>

#include "twinviz/draw/format.hpp"
#include "twinviz/draw/plot.hpp"
#include "twinviz/ui/viewer.hpp"

namespace twinviz {

void Viewer::platforms_window() {
  begin_window("Platforms", Slot::Platforms);
  if (platforms_.empty()) ImGui::TextWrapped("The run sampled no platform.");
  const auto& bins = overview_.bins;
  for (const PlatformLoad& p : platforms_) {
    ImGui::Text("%s  (%s samples)", p.platform.c_str(), format_count(static_cast<double>(p.samples)).c_str());
    move_cursor(draw_time_plot({p.platform + ": queue", {&p.queue_max}, bins.start, bins.stop, cursor_, {}, 90, false},
                               "Platforms", log_));
    move_cursor(draw_time_plot(
        {p.platform + ": requests", {&p.served_rate, &p.rejected_rate}, bins.start, bins.stop, cursor_, {}, 90, false},
        "Platforms", log_));
    move_cursor(draw_time_plot({p.platform + ": utilisation", {&p.busy_mean}, bins.start, bins.stop, cursor_, {}, 90, true},
                               "Platforms", log_));
    ImGui::Spacing();
  }
  end_window("Platforms");
}

}  // namespace twinviz
