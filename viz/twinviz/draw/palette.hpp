#pragma once
// The viewer's colours: series and states take them in turn.
#include <imgui.h>

#include <cstddef>

namespace twinviz {

inline ImU32 series_colour(std::size_t i) {
  static constexpr ImU32 kColours[] = {
      IM_COL32(86, 180, 233, 255),  IM_COL32(230, 159, 0, 255),  IM_COL32(0, 158, 115, 255),
      IM_COL32(240, 228, 66, 255),  IM_COL32(204, 121, 167, 255), IM_COL32(213, 94, 0, 255),
      IM_COL32(0, 114, 178, 255),   IM_COL32(200, 200, 200, 255),
  };  // Okabe and Ito's colour-blind-safe set, and grey
  return kColours[i % (sizeof kColours / sizeof kColours[0])];
}

inline constexpr ImU32 kCursorColour = IM_COL32(255, 80, 80, 255);
inline constexpr ImU32 kAxisColour = IM_COL32(150, 150, 150, 255);
inline constexpr ImU32 kGridColour = IM_COL32(70, 70, 70, 255);
inline constexpr ImU32 kPlotBackground = IM_COL32(25, 25, 30, 255);

}  // namespace twinviz
