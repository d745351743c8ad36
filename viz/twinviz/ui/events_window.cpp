// The "Events" window: the rate of all events over time, and the timeline
// of each kind that occurred (docs/VIEWER.md, "Events").
#include <imgui.h>

#include "twinviz/draw/format.hpp"
#include "twinviz/draw/plot.hpp"
#include "twinviz/ui/viewer.hpp"

namespace twinviz {

void Viewer::events_window() {
  begin_window("Events", Slot::Events);
  const auto& bins = overview_.bins;
  move_cursor(draw_time_plot({"all events", {&event_rate_}, bins.start, bins.stop, cursor_, {}, 110, false}, "Events",
                             log_));
  // Each kind's label: its events up to the cursor's bin, and in all.
  const std::size_t upto = cursor_bin();
  std::vector<TimelineRow> rows;
  for (std::size_t k = 0; k < overview_.kind_bins.size(); ++k) {
    const auto& per_bin = overview_.kind_bins[k];
    if (per_bin.empty()) continue;
    std::uint64_t so_far = 0;
    for (std::size_t b = 0; b <= upto; ++b) so_far += per_bin[b];
    rows.push_back({run_.kind_name(static_cast<std::uint8_t>(k)) + "  " + format_count(static_cast<double>(so_far)) +
                        "/" + format_count(static_cast<double>(overview_.kind_totals[k])),
                    &per_bin});
  }
  ImGui::BeginChild("kinds", {0, 0}, false);
  move_cursor(draw_timeline("events by kind (to the cursor / in all)", rows, bins.start, bins.stop, cursor_, "Events",
                            log_));
  ImGui::EndChild();
  end_window("Events");
}

}  // namespace twinviz
