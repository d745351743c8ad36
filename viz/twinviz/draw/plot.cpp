#include "twinviz/draw/plot.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImGui::ItemSize: room in the layout for what the draw list drew

#include <algorithm>
#include <cmath>

#include "twinviz/draw/format.hpp"
#include "twinviz/draw/palette.hpp"

namespace twinviz {

namespace {

constexpr float kLeftMargin = 58;   // y labels
constexpr float kBottomMargin = 18;  // x labels

// The unit a time axis over `span` seconds is labelled in.
double time_unit(double span) {
  if (span >= 2 * 86400) return 86400;
  if (span >= 2 * 3600) return 3600;
  if (span >= 2 * 60) return 60;
  return 1;
}

struct Frame {
  ImVec2 p0, p1;  // the plotting area
  double t_min, t_max, y_max;
  float x_of(double t) const {
    return p0.x + static_cast<float>((t - t_min) / (t_max - t_min)) * (p1.x - p0.x);
  }
  float y_of(double y) const { return p1.y - static_cast<float>(y / y_max) * (p1.y - p0.y); }
  double t_at(float x) const {
    return std::clamp(t_min + (x - p0.x) / (p1.x - p0.x) * (t_max - t_min), t_min, t_max);
  }
};

void time_axis(ImDrawList* dl, const Frame& f) {
  const double span = f.t_max - f.t_min;
  const double unit = time_unit(span);
  const double step = nice_step(span / unit, 6) * unit;
  for (double t = std::ceil(f.t_min / step) * step; t <= f.t_max + step * 1e-9; t += step) {
    const float x = f.x_of(t);
    dl->AddLine({x, f.p0.y}, {x, f.p1.y}, kGridColour);
    const std::string label = format_time(t, span);
    const float w = ImGui::CalcTextSize(label.c_str()).x;  // centred on its tick, kept inside the plot
    dl->AddText({std::clamp(x - w / 2, f.p0.x, f.p1.x - w), f.p1.y + 2}, kAxisColour, label.c_str());
  }
}

void value_axis(ImDrawList* dl, const Frame& f, bool fraction) {
  const double step = nice_step(f.y_max, 4);
  for (double y = 0; y <= f.y_max + step * 1e-9; y += step) {
    const float py = f.y_of(y);
    dl->AddLine({f.p0.x, py}, {f.p1.x, py}, kGridColour);
    const std::string label = fraction ? format_count(y * 100) + " %" : format_count(y);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    dl->AddText({f.p0.x - size.x - 4, py - size.y / 2}, kAxisColour, label.c_str());
  }
}

// An invisible button over the area: the time clicked or dragged to.
std::optional<double> clicked_time(const std::string& id, const Frame& f, ImVec2 size) {
  ImGui::InvisibleButton(id.c_str(), size);
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const float x = ImGui::GetIO().MousePos.x;
    if (x >= f.p0.x && x <= f.p1.x) return f.t_at(x);
  }
  return std::nullopt;
}

// After the title: a coloured square and the name of each series.
void legend(const std::vector<const Series*>& series) {
  const float side = ImGui::GetTextLineHeight() * 0.7f;
  for (std::size_t i = 0; i < series.size(); ++i) {
    ImGui::SameLine(0, 14);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + (ImGui::GetTextLineHeight() - side) / 2;
    ImGui::GetWindowDrawList()->AddRectFilled({p.x, y}, {p.x + side, y + side}, series_colour(i));
    ImGui::ItemSize(ImVec2(side + 3, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(series[i]->name.c_str());
  }
}

}  // namespace

std::optional<double> draw_time_plot(const TimePlot& plot, const std::string& window, WidgetLog& log) {
  ImGui::TextUnformatted(plot.title.c_str());
  legend(plot.series);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size{std::max(ImGui::GetContentRegionAvail().x, kLeftMargin + 40), plot.height};
  double y_max = plot.fraction ? 1.0 : 0.0;
  std::size_t points = 0;
  for (const Series* s : plot.series) {
    points += s->y.size();
    if (!plot.fraction)
      for (double y : s->y) y_max = std::max(y_max, y);
  }
  if (!(y_max > 0)) y_max = 1;
  y_max *= plot.fraction ? 1.0 : 1.08;
  const Frame f{{pos.x + kLeftMargin, pos.y + 2},
                {pos.x + size.x - 6, pos.y + size.y - kBottomMargin},
                plot.t_min,
                plot.t_max > plot.t_min ? plot.t_max : plot.t_min + 1,
                y_max};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(f.p0, f.p1, kPlotBackground);
  time_axis(dl, f);
  value_axis(dl, f, plot.fraction);
  dl->PushClipRect(f.p0, f.p1, true);
  std::vector<ImVec2> line;
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const Series& s = *plot.series[i];
    line.clear();
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) line.push_back({f.x_of(s.x[k]), f.y_of(s.y[k])});
    if (line.size() == 1) dl->AddCircleFilled(line[0], 2.5f, series_colour(i));
    if (line.size() > 1) dl->AddPolyline(line.data(), static_cast<int>(line.size()), series_colour(i), 0, 1.6f);
  }
  for (double m : plot.marks) dl->AddLine({f.x_of(m), f.p0.y}, {f.x_of(m), f.p1.y}, kAxisColour, 1.0f);
  if (plot.cursor) dl->AddLine({f.x_of(*plot.cursor), f.p0.y}, {f.x_of(*plot.cursor), f.p1.y}, kCursorColour, 1.5f);
  dl->PopClipRect();
  dl->AddRect(f.p0, f.p1, kAxisColour);
  const auto clicked = clicked_time(plot.title, f, size);
  if (ImGui::IsItemHovered()) {
    const double t = f.t_at(ImGui::GetIO().MousePos.x);
    ImGui::SetTooltip("%s", format_time(t, f.t_max - f.t_min).c_str());
  }
  log.add({window, plot.title, "plot", f.p0.x, f.p0.y, f.p1.x, f.p1.y, points});
  return clicked;
}

void draw_bars(const Bars& bars, const std::string& window, WidgetLog& log) {
  ImGui::TextUnformatted(bars.title.c_str());
  constexpr float kLabelWidth = 150, kRowHeight = 17, kValueWidth = 64;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, kLabelWidth + kValueWidth + 40);
  const float height = kRowHeight * static_cast<float>(bars.values.size());
  double max = 0;
  for (double v : bars.values) max = std::max(max, v);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0{pos.x + kLabelWidth, pos.y}, p1{pos.x + width - kValueWidth, pos.y + height};
  for (std::size_t i = 0; i < bars.values.size(); ++i) {
    const float y = pos.y + kRowHeight * static_cast<float>(i);
    dl->AddText({pos.x, y + 1}, ImGui::GetColorU32(ImGuiCol_Text), bars.labels[i].c_str());
    const float w = max > 0 ? static_cast<float>(bars.values[i] / max) * (p1.x - p0.x) : 0;
    dl->AddRectFilled({p0.x, y + 2}, {p0.x + std::max(w, bars.values[i] > 0 ? 1.0f : 0.0f), y + kRowHeight - 2},
                      series_colour(i));
    const std::string value = format_count(bars.values[i]);
    dl->AddText({p1.x + 4, y + 1}, ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
  }
  ImGui::ItemSize(ImVec2(width, height));  // the bars' room in the window's layout
  log.add({window, bars.title, "bars", p0.x, p0.y, p1.x, p1.y, bars.values.size()});
}

std::optional<double> draw_timeline(const std::string& title, const std::vector<TimelineRow>& rows, double t_min,
                                    double t_max, std::optional<double> cursor, const std::string& window,
                                    WidgetLog& log) {
  ImGui::TextUnformatted(title.c_str());
  constexpr float kLabelWidth = 210, kRowHeight = 13;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size{std::max(ImGui::GetContentRegionAvail().x, kLabelWidth + 60),
                    kRowHeight * static_cast<float>(rows.size()) + kBottomMargin + 2};
  const Frame f{{pos.x + kLabelWidth, pos.y},
                {pos.x + size.x - 6, pos.y + kRowHeight * static_cast<float>(rows.size())},
                t_min,
                t_max > t_min ? t_max : t_min + 1,
                1};
  std::uint64_t max = 0;
  for (const TimelineRow& r : rows)
    for (std::uint64_t c : *r.per_bin) max = std::max(max, c);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(f.p0, f.p1, kPlotBackground);
  time_axis(dl, f);
  const double scale = max > 0 ? std::log1p(static_cast<double>(max)) : 1;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const float y = pos.y + kRowHeight * static_cast<float>(r);
    dl->AddText({pos.x, y}, ImGui::GetColorU32(ImGuiCol_Text), rows[r].label.c_str());
    const auto& bins = *rows[r].per_bin;
    const float cell = (f.p1.x - f.p0.x) / static_cast<float>(bins.size());
    for (std::size_t b = 0; b < bins.size(); ++b) {
      if (bins[b] == 0) continue;
      const float level = 0.25f + 0.75f * static_cast<float>(std::log1p(static_cast<double>(bins[b])) / scale);
      const float x = f.p0.x + cell * static_cast<float>(b);
      dl->AddRectFilled({x, y + 1}, {x + std::max(cell, 1.0f), y + kRowHeight - 1},
                        ImGui::ColorConvertFloat4ToU32({level, 0.55f * level, 0.1f, 1.0f}));
    }
  }
  if (cursor) dl->AddLine({f.x_of(*cursor), f.p0.y}, {f.x_of(*cursor), f.p1.y}, kCursorColour, 1.5f);
  const auto clicked = clicked_time(title, f, size);
  if (ImGui::IsItemHovered() && !rows.empty()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const auto r = static_cast<std::size_t>(std::clamp((m.y - pos.y) / kRowHeight, 0.0f, static_cast<float>(rows.size() - 1)));
    const auto& bins = *rows[r].per_bin;
    const double t = f.t_at(m.x);
    const auto b = std::min(bins.size() - 1, static_cast<std::size_t>((t - t_min) / (f.t_max - t_min) * static_cast<double>(bins.size())));
    ImGui::SetTooltip("%s at %s: %llu events", rows[r].label.c_str(), format_time(t, f.t_max - f.t_min).c_str(),
                      static_cast<unsigned long long>(bins[b]));
  }
  log.add({window, title, "timeline", f.p0.x, f.p0.y, f.p1.x, f.p1.y, rows.size()});
  return clicked;
}

}  // namespace twinviz
