#pragma once
// The cards the modules declared failed over time (docs/VIEWER.md, "Device
// states"), per population with a temperature: /wear's failed_s (the
// module's '6581', docs/RUN-FILE.md), read a chunk at a time and counted
// cumulatively at each bin's end.
#include <cstdint>
#include <vector>

#include "twinviz/data/run_source.hpp"
#include "twinviz/data/series.hpp"
#include "twinviz/data/time_bins.hpp"

namespace twinviz {

struct WearFailures {
  std::vector<Series> failed;       // per population with /wear rows: "<name>", cumulative cards failed
  std::vector<std::uint64_t> cards;  // the cards of each (its /wear rows)
};

// Empty when the run has no /wear table.
WearFailures wear_failures(const RunSource& run, const TimeBins& bins);

}  // namespace twinviz
