#pragma once
// The load of each platform over time (docs/VIEWER.md, "Platforms"): its
// /platforms/<name> samples reduced per bin, a chunk at a time: the
// longest queue, the requests served and rejected per second, the mean
// busy fraction of the bin's samples. A bin without samples is left out.
#include <string>
#include <vector>

#include "twinviz/data/run_source.hpp"
#include "twinviz/data/series.hpp"
#include "twinviz/data/time_bins.hpp"

namespace twinviz {

struct PlatformLoad {
  std::string platform;
  Series queue_max;      // requests waiting, the bin's peak
  Series served_rate;    // requests served per second
  Series rejected_rate;  // requests rejected per second
  Series busy_mean;      // fraction of the cores busy
  std::uint64_t samples = 0;
};

std::vector<PlatformLoad> platform_loads(const RunSource& run, const TimeBins& bins);

}  // namespace twinviz
