#include "twinanalysis/replications.hpp"

#include <cmath>
#include <map>
#include <span>

#include "twinmodels/wear/statistics.hpp"

namespace twinanalysis {

namespace {

using Key = std::tuple<std::string, std::string, std::string>;

// The figures' keys in first-seen order over all runs, and each run's values by key.
struct Aligned {
  std::vector<Figure> keys;
  std::vector<std::map<Key, double>> values;
};

Aligned align(const std::vector<Figures>& figures) {
  Aligned a;
  std::map<Key, bool> seen;
  for (const Figures& run : figures) {
    std::map<Key, double> values;
    for (const Figure& f : run) {
      values[f.key()] = f.value;
      if (!seen[f.key()]) {
        seen[f.key()] = true;
        a.keys.push_back({f.section, f.name, f.subject, kNoValue, kNoValue, kNoValue});
      }
    }
    a.values.push_back(std::move(values));
  }
  return a;
}

}  // namespace

void check_replications(const std::vector<RunTables>& runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunTables& r = runs[i];
    if (r.summary.interrupted)
      throw AnalysisError(r.path + " is an interrupted run: it did not reach its stop time, so its figures are "
                                   "not a whole run's");
    if (i == 0) continue;
    if (r.summary.scenario_text != runs.front().summary.scenario_text)
      throw AnalysisError(r.path + " ran another scenario text than " + runs.front().path + " ('" +
                          r.scenario_name + "' vs '" + runs.front().scenario_name +
                          "'): replications run the same scenario with different seeds");
    if (r.summary.devices != runs.front().summary.devices)
      throw AnalysisError(r.path + " has " + std::to_string(r.summary.devices) + " devices, " + runs.front().path +
                          " " + std::to_string(runs.front().summary.devices) +
                          ": replications run the same scenario with different seeds (for sizes, --sizing)");
    for (std::size_t j = 0; j < i; ++j)
      if (runs[j].summary.seed == r.summary.seed)
        throw AnalysisError(r.path + " and " + runs[j].path + " have the same seed " + std::to_string(r.summary.seed) +
                            ": replications need different seeds (--seed)");
  }
}

FigureMatrix figure_matrix(const std::vector<Figures>& figures) {
  const Aligned a = align(figures);
  FigureMatrix m;
  m.keys = a.keys;
  for (const Figure& f : a.keys) {
    std::vector<double> values(figures.size(), kNoValue);
    for (std::size_t r = 0; r < figures.size(); ++r) {
      const auto it = a.values[r].find(f.key());
      if (it != a.values[r].end())
        values[r] = it->second;
      else if (f.section == "events" && f.name == "count")
        values[r] = 0;
    }
    m.values.push_back(std::move(values));
  }
  return m;
}

Figure mean_figure(const Figure& key, std::span<const double> values) {
  Figure f = key;
  f.value = f.lower = f.upper = kNoValue;
  for (const double v : values)
    if (std::isnan(v)) return f;
  if (values.size() == 1) {
    f.value = values.front();
  } else if (values.size() > 1) {
    const auto interval = twinmodels::wear::mean_interval(values);
    f.value = interval.estimate;
    f.lower = interval.lower;
    f.upper = interval.upper;
  }
  return f;
}

Figures replication_means(const std::vector<Figures>& figures) {
  if (figures.size() < 2) throw AnalysisError("a mean over replications needs at least two runs");
  const FigureMatrix m = figure_matrix(figures);
  Figures out;
  for (std::size_t k = 0; k < m.keys.size(); ++k) {
    const Figure& f = m.keys[k];
    if (f.section == "run" && f.name == "seed") continue;
    out.push_back(mean_figure(f, m.values[k]));
  }
  return out;
}

std::vector<Comparison> compare(const Figures& a, const Figures& b) {
  const Aligned al = align({a, b});
  std::vector<Comparison> out;
  for (const Figure& key : al.keys) {
    Comparison c{key, kNoValue, kNoValue, kNoValue};
    if (auto it = al.values[0].find(key.key()); it != al.values[0].end()) c.a.value = it->second;
    if (auto it = al.values[1].find(key.key()); it != al.values[1].end()) c.b = it->second;
    c.difference = c.b - c.a.value;
    c.ratio = c.a.value != 0 ? c.b / c.a.value : kNoValue;
    out.push_back(c);
  }
  return out;
}

}  // namespace twinanalysis
