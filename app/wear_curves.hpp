#pragma once
// The failure curves of `esimtwin wear` (docs/MODELS.md, "Failure curves"):
// from a run file's /wear table (docs/RUN-FILE.md), for each population with
// a temperature, the fraction of its cards that had each kind of failure by
// each grid time, with a Wilson score interval; over replications (runs of
// one scenario with different seeds), the mean of each fraction with a
// Student-t interval (twinmodels/wear/statistics.hpp).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "twinmodels/wear/statistics.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace esimtwin {

// The kinds of failure a curve counts, in the order of the table's columns:
// any = the earliest of worn, too hot and charge lost; failed = the module
// declared the card failed (its memory problem '6581').
enum class WearFailure : std::size_t { any, worn, too_hot, charge_lost, failed };
inline constexpr std::size_t kWearFailures = 5;
inline constexpr std::array<const char*, kWearFailures> kWearFailureNames{"any", "worn", "too_hot", "charge_lost",
                                                                          "failed"};

// One run file's wear: its rows grouped by population.
struct RunWear {
  std::string path;
  std::uint64_t seed = 0;
  double stop_s = 0;
  std::vector<std::string> population_names;  // the scenario's populations, all of them
  // The populations with rows, in the scenario's order, and their cards' rows.
  std::vector<std::uint16_t> populations;
  std::vector<std::vector<twinsim::WearRow>> cards;
};

// Reads `path`'s /wear and names its populations from the scenario text the
// run file holds. Throws std::invalid_argument with the reason (not a run
// file, an interrupted run, no /wear table, a population index the scenario
// does not have).
RunWear read_run_wear(const std::string& path);

// The grid: step, 2·step, ... up to stop_s, and stop_s itself when it is not
// a multiple of step. Throws std::invalid_argument for a step of 0 or one
// that makes more than 100 000 grid times.
std::vector<double> wear_grid(double stop_s, double step_s);

// A population's fractions at one grid time.
struct CurvePoint {
  std::uint16_t population = 0;
  double t = 0;                 // s
  std::uint64_t cards = 0;      // the population's cards in the run (each replication's)
  std::size_t runs = 1;         // replications behind the point
  std::array<twinmodels::wear::Interval, kWearFailures> fraction;
};

// The run's curves: for each of its populations with rows, a point per grid
// time (population-major), each fraction with its 95 % Wilson interval.
std::vector<CurvePoint> failure_curves(const RunWear& run, const std::vector<double>& grid);

// Throws std::invalid_argument unless the runs replicate the first: the same
// populations with the same number of cards, the same stop time, each run
// its own seed.
void check_replications(const std::vector<RunWear>& runs);

// The mean over replications of each point's fractions with its 95 %
// Student-t interval; `curves` holds each run's failure_curves() on one grid
// (at least two runs).
std::vector<CurvePoint> replication_means(const std::vector<std::vector<CurvePoint>>& curves);

}  // namespace esimtwin
