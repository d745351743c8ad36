#pragma once
// What the viewer drew in a frame: each plot, bar chart, timeline and table
// with its window, its rectangle on the screen in pixels and the number of
// items (points, bars, rows) it drew. `esimtwin view --layout` writes it as
// JSON beside a screenshot, so that scripts and tests can check the image
// where each widget is (docs/VIEWER.md, "Headless screenshots").
#include <cstddef>
#include <string>
#include <vector>

namespace twinviz {

struct DrawnWidget {
  std::string window;
  std::string name;
  std::string kind;  // "plot", "bars", "timeline", "table", "text"
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels, y down
  std::size_t items = 0;
};

class WidgetLog {
 public:
  void clear() { widgets_.clear(); }
  void add(DrawnWidget w) { widgets_.push_back(std::move(w)); }
  const std::vector<DrawnWidget>& widgets() const { return widgets_; }
  // {"widgets": [{"window", "name", "kind", "rect": [x0, y0, x1, y1], "items"}, ...]}
  std::string to_json() const;

 private:
  std::vector<DrawnWidget> widgets_;
};

}  // namespace twinviz
