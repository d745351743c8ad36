// The viewer's construction, its layout and its time cursor.
#include "twinviz/ui/viewer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "twinanalysis/run_tables.hpp"
#include "twinviz/draw/format.hpp"

namespace twinviz {

namespace {

constexpr float kCursorBarHeight = 58;

// Events per second in each bin, all kinds together.
Series event_rate(const EventOverview& o) {
  Series s{"events / s", {}, {}};
  for (std::size_t b = 0; b < o.bins.count; ++b) {
    std::uint64_t n = 0;
    for (const auto& per_bin : o.kind_bins)
      if (!per_bin.empty()) n += per_bin[b];
    s.x.push_back((o.bins.begin_of(b) + o.bins.end_of(b)) / 2);
    s.y.push_back(static_cast<double>(n) / (o.bins.end_of(b) - o.bins.begin_of(b)));
  }
  return s;
}

std::vector<twinsim::ExpectationRow> expectations_of(const RunSource& run) {
  return reading_file([&] { return twinanalysis::read_expectation_rows(run.file(), run.path()); });
}

}  // namespace

Viewer::Viewer(const std::string& path, const ViewerOptions& options)
    : options_(options),
      run_(path),
      overview_(scan_events(run_, options.bins)),
      campaigns_(campaign_curves(run_, overview_)),
      platforms_(platform_loads(run_, overview_.bins)),
      expectations_(expectations_of(run_)),
      event_rate_(event_rate(overview_)),
      table_(run_),
      histograms_(table_.histograms()),
      wear_(wear_failures(run_, overview_.bins)) {
  cursor_ = std::clamp(options.at.value_or(overview_.bins.stop), 0.0, overview_.bins.stop);
  listed_ = table_.select(filter_);
  if (options.device) {
    if (*options.device >= table_.size())
      throw ViewError(path + ": no device " + std::to_string(*options.device) + " (the run has " +
                      std::to_string(table_.size()) + " devices, 0 to " + std::to_string(table_.size() - 1) + ")");
    open_device(*options.device);
  }
}

void Viewer::begin_window(const char* name, Slot slot) {
  const float w = width_, top = kCursorBarHeight, h = height_ - kCursorBarHeight;
  ImVec2 pos, size;
  switch (slot) {
    case Slot::Cursor: pos = {0, 0}, size = {w, top}; break;
    case Slot::Run: pos = {0, top}, size = {0.25f * w, 0.42f * h}; break;
    case Slot::States: pos = {0, top + 0.42f * h}, size = {0.25f * w, 0.58f * h}; break;
    case Slot::Events: pos = {0.25f * w, top}, size = {0.40f * w, 0.5f * h}; break;
    case Slot::Campaigns: pos = {0.25f * w, top + 0.5f * h}, size = {0.40f * w, 0.5f * h}; break;
    case Slot::Platforms: pos = {0.65f * w, top}, size = {0.35f * w, 0.45f * h}; break;
    case Slot::Devices: pos = {0.65f * w, top + 0.45f * h}, size = {0.35f * w, 0.55f * h}; break;
  }
  const ImGuiCond cond = options_.fixed_layout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(pos, cond);
  ImGui::SetNextWindowSize(size, cond);
  ImGui::Begin(name, nullptr, slot == Slot::Cursor ? ImGuiWindowFlags_NoTitleBar : ImGuiWindowFlags_None);
}

void Viewer::end_window(const char* name) {
  const ImVec2 min = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  log_.add({name, name, "window", min.x, min.y, min.x + size.x, min.y + size.y, 1});
  ImGui::End();
}

void Viewer::frame(float width, float height) {
  width_ = width;
  height_ = height;
  log_.clear();
  cursor_bar();
  run_window();
  events_window();
  states_window();
  campaigns_window();
  platforms_window();
  devices_window();
}

void Viewer::tick(double seconds) {
  if (!playing_) return;
  // The whole run plays in 30 s of wall time.
  cursor_ += seconds * overview_.bins.stop / 30;
  if (cursor_ >= overview_.bins.stop) {
    cursor_ = overview_.bins.stop;
    playing_ = false;
  }
}

void Viewer::move_cursor(std::optional<double> t) {
  if (t) cursor_ = std::clamp(*t, 0.0, overview_.bins.stop);
}

std::size_t Viewer::cursor_bin() const { return overview_.bins.bin(cursor_); }

void Viewer::cursor_bar() {
  begin_window("Time cursor", Slot::Cursor);
  const double stop = overview_.bins.stop;
  if (ImGui::Button(playing_ ? "Pause" : "Play")) {
    if (!playing_ && cursor_ >= stop) cursor_ = 0;
    playing_ = !playing_;
  }
  ImGui::SameLine();
  if (ImGui::ArrowButton("earlier", ImGuiDir_Left)) move_cursor(cursor_ - overview_.bins.width());
  ImGui::SameLine();
  if (ImGui::ArrowButton("later", ImGuiDir_Right)) move_cursor(cursor_ + overview_.bins.width());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width_ * 0.55f);
  const double lo = 0;
  const std::string label = format_time(cursor_, stop);
  ImGui::SliderScalar("##cursor", ImGuiDataType_Double, &cursor_, &lo, &stop, label.c_str());
  ImGui::SameLine();
  ImGui::Text("t = %s of %s  (bin %zu of %zu, %s each)", format_time(cursor_, stop).c_str(),
              format_time(stop, stop).c_str(), cursor_bin() + 1, overview_.bins.count,
              format_time(overview_.bins.width(), overview_.bins.width()).c_str());
  end_window("Time cursor");
}

}  // namespace twinviz
