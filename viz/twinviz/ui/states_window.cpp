// The "Device states" window: the devices in each state of the device
// state machines at the cursor (data/device_states.hpp), and the
// histograms of the devices' counters at the stop (/devices).
#include <imgui.h>

#include "twinviz/draw/format.hpp"
#include "twinviz/draw/plot.hpp"
#include "twinviz/ui/viewer.hpp"

namespace twinviz {

namespace {

// "0", "1", "2-3", "4-7", ...: the doubling bins of a Histogram.
std::string bin_label(const Histogram& h, std::size_t k) {
  if (k == 0) return "0";
  if (h.edges[k] == 1) return "1";
  return format_count(static_cast<double>(h.edges[k])) + "-" + format_count(static_cast<double>(2 * h.edges[k] - 1));
}

}  // namespace

void Viewer::states_window() {
  begin_window("Device states", Slot::States);
  const std::size_t b = cursor_bin();
  const std::string at = " at " + format_time(overview_.bins.end_of(b), overview_.bins.stop);
  for (const StateHistory& h : overview_.states) {
    Bars bars{h.title + at, h.states, {}};
    for (std::uint64_t n : h.at_bin.at(b)) bars.values.push_back(static_cast<double>(n));
    draw_bars(bars, "Device states", log_);
    ImGui::Spacing();
  }
  if (!wear_.failed.empty()) {
    std::uint64_t cards = 0;
    for (std::uint64_t n : wear_.cards) cards += n;
    TimePlot plot{"cards failed ('6581') of " + format_count(static_cast<double>(cards)),
                  {}, overview_.bins.start, overview_.bins.stop, cursor_, {}, 110, false};
    for (const Series& s : wear_.failed) plot.series.push_back(&s);
    move_cursor(draw_time_plot(plot, "Device states", log_));
  }
  ImGui::Separator();
  ImGui::TextUnformatted("at the stop (devices per bin)");
  for (const Histogram& h : histograms_) {
    Bars bars{h.title, {}, {}};
    for (std::size_t k = 0; k < h.counts.size(); ++k) {
      bars.labels.push_back(bin_label(h, k));
      bars.values.push_back(static_cast<double>(h.counts[k]));
    }
    draw_bars(bars, "Device states", log_);
    ImGui::Spacing();
  }
  end_window("Device states");
}

}  // namespace twinviz
