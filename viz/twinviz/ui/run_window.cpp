// The "Run" window: the run's metadata (docs/RUN-FILE.md, "Root
// attributes"), its expectations' verdicts and the scenario it ran.
#include <imgui.h>

#include "twinviz/draw/format.hpp"
#include "twinviz/ui/viewer.hpp"

namespace twinviz {

void Viewer::run_window() {
  begin_window("Run", Slot::Run);
  const auto& s = run_.summary();
  const auto& names = run_.names();
  ImGui::Text("scenario  %s", names.scenario.c_str());
  ImGui::Text("file      %s", run_.path().c_str());
  ImGui::Text("esimtwin  %s, schema %d", s.esimtwin_version.c_str(), s.schema_version);
  ImGui::Text("seed      %llu", static_cast<unsigned long long>(s.seed));
  ImGui::Text("stop      %s%s", format_time(s.stop_s, s.stop_s).c_str(), s.interrupted ? "  (interrupted)" : "");
  ImGui::Text("devices   %s   events %s   APDUs %s", format_count(static_cast<double>(s.devices)).c_str(),
              format_count(static_cast<double>(s.events)).c_str(), format_count(static_cast<double>(s.apdus)).c_str());
  std::string populations;
  for (const auto& p : names.populations) populations += (populations.empty() ? "" : ", ") + p;
  ImGui::TextWrapped("populations: %s", populations.c_str());
  std::string platforms;
  for (const auto& p : s.platforms) platforms += (platforms.empty() ? "" : ", ") + p;
  ImGui::TextWrapped("platforms: %s", platforms.empty() ? "(none sampled)" : platforms.c_str());

  ImGui::Separator();
  std::size_t passed = 0;
  for (const auto& e : expectations_) passed += e.passed ? 1 : 0;
  ImGui::Text("expectations: %zu of %zu met", passed, expectations_.size());
  const ImVec2 table_pos = ImGui::GetCursorScreenPos();
  if (!expectations_.empty() &&
      ImGui::BeginTable("expectations", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                        {0, ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min<std::size_t>(expectations_.size(), 6) + 1)})) {
    ImGui::TableSetupColumn("metric");
    ImGui::TableSetupColumn("expected");
    ImGui::TableSetupColumn("value");
    ImGui::TableSetupColumn("met");
    ImGui::TableHeadersRow();
    for (const auto& e : expectations_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.metric.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s %s", e.op.c_str(), format_count(e.target).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_count(e.value).c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(e.passed ? ImVec4(0.3f, 0.9f, 0.3f, 1) : ImVec4(1, 0.3f, 0.3f, 1), e.passed ? "yes" : "NO");
    }
    ImGui::EndTable();
    const ImVec2 end = ImGui::GetItemRectMax();
    log_.add({"Run", "expectations", "table", table_pos.x, table_pos.y, end.x, end.y, expectations_.size()});
  }
  if (ImGui::CollapsingHeader("scenario file")) {
    ImGui::BeginChild("scenario text", {0, 0}, true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(s.scenario_text.c_str());
    ImGui::EndChild();
  }
  end_window("Run");
}

}  // namespace twinviz
