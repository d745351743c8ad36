#pragma once
// The figures of one run (docs/SCENARIOS.md, "Reports"): the run (seed,
// stop, devices, events); per population its devices, those attached at
// the stop, and its cards' NVM programs and highest erase counts (mean,
// p50, p90, max); per event kind its count and first and last time; per
// platform the requests served and rejected, the peak queue, the mean and
// peak busy fraction; the expectations as recorded; per write-card campaign
// the time its done orders reached 50, 90, 99 and 100 % of those released;
// per population with wear the fraction of its cards failed by the stop
// with its Wilson interval.
#include "twinanalysis/figure.hpp"
#include "twinanalysis/run_tables.hpp"

namespace twinanalysis {

// The completion levels of a campaign, in % of its released orders.
inline constexpr double kCompletionLevels[] = {50, 90, 99, 100};

Figures run_figures(const RunTables& run);

// The done orders that make `level` % of `released`: ceil(level/100 ·
// released).
double completion_target(std::uint64_t released, double level);
// The first time at which `done` reached `level` % of `released` (both the
// cumulative columns of one campaign's /campaign_progress rows, in time
// order): the first t with done >= ceil(level/100 · the last row's
// released); NaN when it never did or nothing was released.
double completion_time(const std::vector<twinsim::CampaignProgressRow>& rows, double level);

}  // namespace twinanalysis
