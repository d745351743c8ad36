#pragma once
// The progress of a run's campaigns over time (docs/VIEWER.md,
// "Campaigns"): for a write-card campaign its cumulative counts from
// /campaign_progress (released, delivered, done, failed, retries), reduced
// to the last row of each bin, and the times its done orders reached 50,
// 90, 99 and 100 % of those released (exact: read from every row, as
// `esimtwin report` computes them); for an SM-SR or SM-DP campaign its
// cumulative outcomes from /events (event_overview.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "twinviz/data/event_overview.hpp"
#include "twinviz/data/run_source.hpp"
#include "twinviz/data/series.hpp"

namespace twinviz {

struct CampaignCurves {
  std::string title;            // "<campaign name> (write card)"
  std::vector<Series> series;   // cumulative counts
  std::uint64_t released = 0;   // write card: orders released by the end
  std::vector<std::pair<double, double>> completion;  // (level %, time s; NaN never), write card only
};

std::vector<CampaignCurves> campaign_curves(const RunSource& run, const EventOverview& overview);

}  // namespace twinviz
