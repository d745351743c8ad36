#include "twinviz/draw/widget_log.hpp"

#include <nlohmann/json.hpp>

namespace twinviz {

std::string WidgetLog::to_json() const {
  nlohmann::json widgets = nlohmann::json::array();
  for (const DrawnWidget& w : widgets_)
    widgets.push_back({{"window", w.window},
                       {"name", w.name},
                       {"kind", w.kind},
                       {"rect", {w.x0, w.y0, w.x1, w.y1}},
                       {"items", w.items}});
  return nlohmann::json{{"widgets", widgets}}.dump(1) + "\n";
}

}  // namespace twinviz
