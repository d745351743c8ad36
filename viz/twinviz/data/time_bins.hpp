#pragma once
// The viewer's time axis: [0, stop] cut into equal bins. Every series over
// time is reduced to one value per bin (a count, a maximum, a mean, the
// state at the bin's end), so a plot costs the same for a run of a hundred
// devices as for one of millions (docs/VIEWER.md, "Large runs").
#include <algorithm>
#include <cstddef>

namespace twinviz {

struct TimeBins {
  double start = 0;  // s
  double stop = 1;   // s, > start
  std::size_t count = 1;

  double width() const { return (stop - start) / static_cast<double>(count); }
  // The bin of time t; times outside [start, stop] go to the first or last.
  std::size_t bin(double t) const {
    if (!(t > start)) return 0;
    const auto b = static_cast<std::size_t>((t - start) / width());
    return std::min(b, count - 1);
  }
  double begin_of(std::size_t b) const { return start + width() * static_cast<double>(b); }
  double end_of(std::size_t b) const { return b + 1 >= count ? stop : start + width() * static_cast<double>(b + 1); }
};

// `count` bins over the run's [0, stop_s] (1 s when the run has no length).
inline TimeBins run_bins(double stop_s, std::size_t count) {
  return TimeBins{0, stop_s > 0 ? stop_s : 1, std::max<std::size_t>(count, 1)};
}

}  // namespace twinviz
