#pragma once
// The viewer's windows (docs/VIEWER.md): the time cursor; the run and its
// expectations; the events by kind over time; the device states at the
// cursor and the devices' counters at the stop; the campaigns' progress;
// the platforms' load; the device list with its filters and the
// drill-down to one device's events and APDUs. The run file is read once
// when the viewer opens (per chunk, into bins); the device list and a
// device's history are read when asked for.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twinsim/recorder/run_file.hpp"
#include "twinviz/data/campaign_curves.hpp"
#include "twinviz/data/device_table.hpp"
#include "twinviz/data/device_trace.hpp"
#include "twinviz/data/event_overview.hpp"
#include "twinviz/data/platform_series.hpp"
#include "twinviz/data/run_source.hpp"
#include "twinviz/data/wear_failures.hpp"
#include "twinviz/draw/widget_log.hpp"

namespace twinviz {

struct ViewerOptions {
  std::size_t bins = 600;              // time bins of every plot
  std::optional<double> at;            // the cursor's first time, s (default: the stop)
  std::optional<std::uint32_t> device;  // a device to open in the drill-down
  bool fixed_layout = false;           // windows kept where the layout puts them (screenshots)
};

class Viewer {
 public:
  // Reads the run file; throws ViewError (a missing, foreign or damaged
  // file, a device that is not in it).
  Viewer(const std::string& path, const ViewerOptions& options);

  // Builds the frame's windows over a display of width x height pixels.
  // Between ImGui::NewFrame() and ImGui::Render().
  void frame(float width, float height);
  // Advances a playing cursor by `seconds` of wall time.
  void tick(double seconds);

  // What the last frame drew.
  const WidgetLog& drawn() const { return log_; }
  double cursor() const { return cursor_; }
  bool playing() const { return playing_; }
  const RunSource& run() const { return run_; }

 private:
  // The windows' places in the layout (docs/VIEWER.md, "Layout").
  enum class Slot { Cursor, Run, States, Events, Campaigns, Platforms, Devices };
  // ImGui::Begin of the window `name` at its slot (kept there with
  // fixed_layout; the user's to move otherwise); end_window() logs it.
  void begin_window(const char* name, Slot slot);
  void end_window(const char* name);
  void cursor_bar();
  void run_window();
  void events_window();
  void states_window();
  void campaigns_window();
  void platforms_window();
  void devices_window();
  void device_list();
  void device_drilldown();
  void chip_steps();
  void open_device(std::uint32_t device);
  void move_cursor(std::optional<double> t);
  std::size_t cursor_bin() const;

  ViewerOptions options_;
  RunSource run_;
  EventOverview overview_;
  std::vector<CampaignCurves> campaigns_;
  std::vector<PlatformLoad> platforms_;
  std::vector<twinsim::ExpectationRow> expectations_;
  Series event_rate_;  // events per second, all kinds
  DeviceTable table_;
  std::vector<Histogram> histograms_;
  WearFailures wear_;
  DeviceFilter filter_;
  std::vector<std::uint32_t> listed_;  // the device rows that pass the filter
  std::optional<DeviceTrace> trace_;
  int device_input_ = 0;
  double cursor_ = 0;
  bool playing_ = false;
  float width_ = 1600, height_ = 1000;  // the display
  WidgetLog log_;
};

}  // namespace twinviz
