// The "Devices" window: the /devices rows that pass the filters, a chunk
// of the table read at a time as the list scrolls, and the drill-down to
// one device: its events, and its APDUs decoded when it was traced.
#include <imgui.h>

#include <algorithm>

#include "cardcore/util/bytes.hpp"
#include "twinviz/draw/format.hpp"
#include "twinviz/ui/viewer.hpp"

namespace twinviz {

namespace {

constexpr ImGuiTableFlags kTableFlags =
    ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;

void headers(std::initializer_list<const char*> names) {
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* n : names) ImGui::TableSetupColumn(n);
  ImGui::TableHeadersRow();
}

// Text in the next column, greyed for what lies after the cursor.
void cell(const std::string& text, bool later) {
  ImGui::TableNextColumn();
  if (later)
    ImGui::TextDisabled("%s", text.c_str());
  else
    ImGui::TextUnformatted(text.c_str());
}

}  // namespace

void Viewer::open_device(std::uint32_t device) {
  trace_ = read_device_trace(run_, device);
  device_input_ = static_cast<int>(device);
}

void Viewer::devices_window() {
  begin_window("Devices", Slot::Devices);
  if (ImGui::BeginTabBar("devices tabs")) {
    if (ImGui::BeginTabItem("list")) {
      device_list();
      ImGui::EndTabItem();
    }
    const std::string title = trace_ ? "device " + std::to_string(trace_->device) : "device";
    if (ImGui::BeginTabItem(title.c_str(), nullptr, trace_ && options_.device ? ImGuiTabItemFlags_SetSelected : 0)) {
      device_drilldown();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  end_window("Devices");
}

void Viewer::device_list() {
  // The filters: population, attached, at least N authentication
  // failures, at least N erases of a page.
  const auto& populations = run_.names().populations;
  const std::string current = filter_.population < 0 ? "any population" : run_.population_name(static_cast<std::uint16_t>(filter_.population));
  ImGui::SetNextItemWidth(150);
  if (ImGui::BeginCombo("##population", current.c_str())) {
    if (ImGui::Selectable("any population", filter_.population < 0)) filter_.population = -1;
    for (std::size_t p = 0; p < populations.size(); ++p)
      if (ImGui::Selectable(populations[p].c_str(), filter_.population == static_cast<int>(p)))
        filter_.population = static_cast<int>(p);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(130);
  const char* attached[] = {"attached or not", "never attached", "attached"};
  int choice = filter_.attached + 1;
  if (ImGui::Combo("##attached", &choice, attached, 3)) filter_.attached = choice - 1;
  int auth = static_cast<int>(filter_.min_auth_failures), erase = static_cast<int>(filter_.min_erase_count);
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("auth failures >=", &auth)) filter_.min_auth_failures = static_cast<std::uint32_t>(std::max(auth, 0));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("erases >=", &erase)) filter_.min_erase_count = static_cast<std::uint32_t>(std::max(erase, 0));
  if (ImGui::Button("Apply filters")) listed_ = table_.select(filter_);
  ImGui::SameLine();
  ImGui::Text("%s of %s devices", format_count(static_cast<double>(listed_.size())).c_str(),
              format_count(static_cast<double>(table_.size())).c_str());
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##device", &device_input_);
  ImGui::SameLine();
  if (ImGui::Button("Open device") && device_input_ >= 0 && static_cast<std::uint64_t>(device_input_) < table_.size())
    open_device(static_cast<std::uint32_t>(device_input_));

  const ImVec2 pos = ImGui::GetCursorScreenPos();
  if (!ImGui::BeginTable("device list", 8, kTableFlags)) return;
  headers({"device", "population", "attached", "attaches", "auth fail", "sync fail", "NVM programs", "max erase"});
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(listed_.size()));
  std::size_t drawn = 0;
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const twinsim::DeviceRow& r = table_.row(listed_[static_cast<std::size_t>(i)]);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string id = std::to_string(r.device);
      if (ImGui::Selectable(id.c_str(), trace_ && trace_->device == r.device, ImGuiSelectableFlags_SpanAllColumns))
        open_device(r.device);
      cell(run_.population_name(r.population), false);
      cell(r.attached ? "yes" : "no", false);
      cell(std::to_string(r.attaches), false);
      cell(std::to_string(r.auth_failures), false);
      cell(std::to_string(r.sync_failures), false);
      cell(std::to_string(r.nvm_programs), false);
      cell(std::to_string(r.max_erase_count), false);
      ++drawn;
    }
  ImGui::EndTable();
  const ImVec2 end = ImGui::GetItemRectMax();
  log_.add({"Devices", "device list", "table", pos.x, pos.y, end.x, end.y, drawn});
}

void Viewer::device_drilldown() {
  if (!trace_) {
    ImGui::TextWrapped("Select a device in the list, or type its index and open it.");
    return;
  }
  const DeviceTrace& t = *trace_;
  const double stop = overview_.bins.stop;
  ImGui::Text("device %u: %zu events, %zu APDUs%s", t.device, t.events.size(), t.apdus.size(),
              t.apdus.empty() ? " (not traced)" : "");
  const int tables = 1 + !t.apdus.empty() + !t.chip_steps.empty();
  const float half = tables == 1 ? 0 : ImGui::GetContentRegionAvail().y / static_cast<float>(tables);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  if (ImGui::BeginTable("device events", 4, kTableFlags, {0, half})) {
    headers({"t", "kind", "value", ""});
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(t.events.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const DeviceEvent& e = t.events[static_cast<std::size_t>(i)];
        const bool later = e.t > cursor_;
        ImGui::TableNextRow();
        cell(format_time(e.t, stop), later);
        cell(run_.kind_name(e.kind), later);
        cell(std::to_string(e.value), later);
        ImGui::TableNextColumn();
        ImGui::PushID(i);
        if (ImGui::SmallButton("cursor")) cursor_ = e.t;
        ImGui::PopID();
      }
    ImGui::EndTable();
    const ImVec2 end = ImGui::GetItemRectMax();
    log_.add({"Devices", "device events", "table", pos.x, pos.y, end.x, end.y, t.events.size()});
  }
  if (!t.chip_steps.empty()) chip_steps();
  if (t.apdus.empty()) return;
  pos = ImGui::GetCursorScreenPos();
  if (ImGui::BeginTable("device apdus", 4, kTableFlags)) {
    headers({"t", "", "APDU", "decoded"});
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(t.apdus.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const DeviceApdu& a = t.apdus[static_cast<std::size_t>(i)];
        const bool later = a.t > cursor_;
        ImGui::TableNextRow();
        cell(format_time(a.t, stop), later);
        cell(a.direction == 0 ? ">" : "<", later);
        cell(cardcore::to_hex(a.bytes, true), later);
        cell(a.decoded, later);
      }
    ImGui::EndTable();
    const ImVec2 end = ImGui::GetItemRectMax();
    log_.add({"Devices", "device APDUs", "table", pos.x, pos.y, end.x, end.y, t.apdus.size()});
  }
}

void Viewer::chip_steps() {
  const DeviceTrace& t = *trace_;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float height = t.apdus.empty() ? 0 : ImGui::GetContentRegionAvail().y * 0.5f;
  if (!ImGui::BeginTable("device chip audit", 5, kTableFlags, {0, height})) return;
  headers({"t", "actor", "action", "state", "detail"});
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(t.chip_steps.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const DeviceChipStep& s = t.chip_steps[static_cast<std::size_t>(i)];
      const bool later = s.t > cursor_;
      ImGui::TableNextRow();
      cell(format_time(s.t, overview_.bins.stop), later);
      cell(s.actor, later);
      cell(s.action, later);
      cell(s.from.empty() ? s.to : s.from + " > " + s.to, later);
      cell(s.detail, later);
    }
  ImGui::EndTable();
  const ImVec2 end = ImGui::GetItemRectMax();
  log_.add({"Devices", "device chip audit", "table", pos.x, pos.y, end.x, end.y, t.chip_steps.size()});
}

}  // namespace twinviz
