#pragma once
// Numbers and simulated times as the viewer's axes and tables print them.
#include <string>

namespace twinviz {

// A simulated time in the unit that suits `span` (the axis' range): "90 s",
// "12.5 min", "3 h", "2.5 d".
std::string format_time(double seconds, double span);
// A count or rate with a k/M/G suffix: "950", "12.3k", "1.2M".
std::string format_count(double v);
// A tick step of 1, 2 or 5 times a power of ten giving about `ticks` ticks
// over `span`.
double nice_step(double span, int ticks);

}  // namespace twinviz
