#include "wear_curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>

#include "twinsim/scenario/scenario.hpp"

namespace esimtwin {

namespace {

using twinmodels::wear::Interval;
using twinsim::WearRow;

constexpr std::size_t kMaxGridTimes = 100000;

// The failure time of `kind`; +infinity for a card that never had it (the
// run file's NaN), as failure_curve() counts it.
double failure_time(const WearRow& r, WearFailure kind) {
  auto time = [](double t) { return std::isnan(t) ? std::numeric_limits<double>::infinity() : t; };
  switch (kind) {
    case WearFailure::any:
      return std::min({time(r.worn_s), time(r.too_hot_s), time(r.charge_lost_s)});
    case WearFailure::worn:
      return time(r.worn_s);
    case WearFailure::too_hot:
      return time(r.too_hot_s);
    case WearFailure::charge_lost:
      return time(r.charge_lost_s);
    case WearFailure::failed:
      return time(r.failed_s);
  }
  return std::numeric_limits<double>::infinity();
}

std::string population_list(const RunWear& run) {
  std::string s;
  for (std::size_t i = 0; i < run.populations.size(); ++i)
    s += (i ? ", " : "") + run.population_names[run.populations[i]] + " " + std::to_string(run.cards[i].size());
  return s.empty() ? "none" : s;
}

}  // namespace

RunWear read_run_wear(const std::string& path) {
  RunWear run;
  run.path = path;
  std::vector<WearRow> rows;
  twinsim::RunFileSummary summary;
  try {
    summary = twinsim::read_run_file_summary(path);
    if (summary.interrupted)
      throw std::invalid_argument(path + " is an interrupted run: it did not reach its stop time, so its /wear " +
                                  "table is not the whole run's");
    rows = twinsim::read_wear(path);
  } catch (const twinsim::RunFileError& e) {
    throw std::invalid_argument(e.what());
  }
  if (rows.empty()) throw std::invalid_argument(path + " has no /wear table: no population has a temperature");
  try {
    for (const twinsim::PopulationSpec& p : twinsim::parse_scenario(summary.scenario_text, path).populations)
      run.population_names.push_back(p.name);
  } catch (const twinsim::ScenarioError& e) {
    throw std::invalid_argument(path + ": cannot read the scenario it holds: " + e.what());
  }
  run.seed = summary.seed;
  run.stop_s = summary.stop_s;
  std::vector<std::vector<WearRow>> by_population(run.population_names.size());
  for (const WearRow& r : rows) {
    if (r.population >= by_population.size())
      throw std::invalid_argument(path + ": /wear row of device " + std::to_string(r.device) + " names population " +
                                  std::to_string(r.population) + "; the scenario has " +
                                  std::to_string(by_population.size()));
    by_population[r.population].push_back(r);
  }
  for (std::size_t p = 0; p < by_population.size(); ++p) {
    if (by_population[p].empty()) continue;
    run.populations.push_back(static_cast<std::uint16_t>(p));
    run.cards.push_back(std::move(by_population[p]));
  }
  return run;
}

std::vector<double> wear_grid(double stop_s, double step_s) {
  if (!(step_s > 0)) throw std::invalid_argument("--step must be longer than 0 s");
  if (!(stop_s > 0)) throw std::invalid_argument("the run stops at 0 s: a failure curve needs a later stop");
  if (stop_s / step_s > static_cast<double>(kMaxGridTimes))
    throw std::invalid_argument("--step makes more than " + std::to_string(kMaxGridTimes) +
                                " grid times before the run's stop: take a longer step");
  std::vector<double> grid;
  for (std::size_t k = 1;; ++k) {
    const double t = static_cast<double>(k) * step_s;
    if (t > stop_s * (1 + 1e-12)) break;
    grid.push_back(std::min(t, stop_s));
  }
  if (grid.empty() || grid.back() < stop_s) grid.push_back(stop_s);
  return grid;
}

std::vector<CurvePoint> failure_curves(const RunWear& run, const std::vector<double>& grid) {
  std::vector<CurvePoint> points;
  for (std::size_t i = 0; i < run.populations.size(); ++i) {
    const std::vector<WearRow>& cards = run.cards[i];
    std::array<std::vector<Interval>, kWearFailures> curves;
    for (std::size_t k = 0; k < kWearFailures; ++k) {
      std::vector<double> times;
      times.reserve(cards.size());
      for (const WearRow& r : cards) times.push_back(failure_time(r, static_cast<WearFailure>(k)));
      curves[k] = twinmodels::wear::failure_curve(times, grid);
    }
    for (std::size_t g = 0; g < grid.size(); ++g) {
      CurvePoint p{run.populations[i], grid[g], cards.size(), 1, {}};
      for (std::size_t k = 0; k < kWearFailures; ++k) p.fraction[k] = curves[k][g];
      points.push_back(p);
    }
  }
  return points;
}

void check_replications(const std::vector<RunWear>& runs) {
  for (std::size_t i = 1; i < runs.size(); ++i) {
    const RunWear &first = runs.front(), &other = runs[i];
    if (population_list(other) != population_list(first) || other.population_names != first.population_names)
      throw std::invalid_argument(other.path + ": its populations with a temperature (" + population_list(other) +
                                  ") differ from " + first.path + "'s (" + population_list(first) +
                                  "): replications run the same scenario with different seeds");
    if (other.stop_s != first.stop_s)
      throw std::invalid_argument(other.path + " stops at " + std::to_string(other.stop_s) + " s, " + first.path +
                                  " at " + std::to_string(first.stop_s) +
                                  " s: replications run the same scenario with different seeds");
    for (std::size_t j = 0; j < i; ++j)
      if (runs[j].seed == other.seed)
        throw std::invalid_argument(other.path + " and " + runs[j].path + " have the same seed " +
                                    std::to_string(other.seed) + ": replications need different seeds (--seed)");
  }
}

std::vector<CurvePoint> replication_means(const std::vector<std::vector<CurvePoint>>& curves) {
  if (curves.size() < 2) throw std::invalid_argument("a mean over replications needs at least two runs");
  std::vector<CurvePoint> means = curves.front();
  std::vector<double> values(curves.size());
  for (std::size_t i = 0; i < means.size(); ++i) {
    means[i].runs = curves.size();
    for (std::size_t k = 0; k < kWearFailures; ++k) {
      for (std::size_t r = 0; r < curves.size(); ++r) values[r] = curves[r].at(i).fraction[k].estimate;
      means[i].fraction[k] = twinmodels::wear::mean_interval(std::span<const double>(values));
    }
  }
  return means;
}

}  // namespace esimtwin
