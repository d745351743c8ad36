#include "twinanalysis/run_figures.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "twinanalysis/column_statistics.hpp"
#include "twinmodels/wear/statistics.hpp"

namespace twinanalysis {

namespace {

std::string level_name(double level) { return "t" + std::to_string(static_cast<int>(level)) + "_s"; }

std::string name_of(const std::vector<std::string>& names, std::size_t i, const char* what) {
  return i < names.size() ? names[i] : what + std::to_string(i);
}

void add(Figures& out, const char* section, const std::string& name, const std::string& subject, double value) {
  out.push_back({section, name, subject, value, kNoValue, kNoValue});
}

void add_statistics(Figures& out, const std::string& column, const std::string& population,
                    const std::vector<double>& values) {
  const ColumnStatistics s = column_statistics(values);
  add(out, "population", column + "_mean", population, s.mean);
  add(out, "population", column + "_p50", population, s.p50);
  add(out, "population", column + "_p90", population, s.p90);
  add(out, "population", column + "_max", population, s.max);
}

void run_section(const RunTables& run, Figures& out) {
  add(out, "run", "seed", "", static_cast<double>(run.summary.seed));
  add(out, "run", "stop_s", "", run.summary.stop_s);
  add(out, "run", "devices", "", static_cast<double>(run.summary.devices));
  add(out, "run", "events", "", static_cast<double>(run.summary.events));
  add(out, "run", "interrupted", "", run.summary.interrupted ? 1 : 0);
}

void population_section(const RunTables& run, Figures& out) {
  std::map<std::uint16_t, std::vector<const twinsim::DeviceRow*>> by_population;
  for (const auto& d : run.devices) by_population[d.population].push_back(&d);
  for (const auto& [p, rows] : by_population) {
    const std::string name = name_of(run.population_names, p, "population ");
    std::vector<double> programs, erase;
    double attached = 0;
    for (const auto* d : rows) {
      programs.push_back(static_cast<double>(d->nvm_programs));
      erase.push_back(d->max_erase_count);
      attached += d->attached ? 1 : 0;
    }
    add(out, "population", "devices", name, static_cast<double>(rows.size()));
    add(out, "population", "attached", name, attached);
    add_statistics(out, "nvm_programs", name, programs);
    add_statistics(out, "max_erase_count", name, erase);
  }
}

void events_section(const RunTables& run, Figures& out) {
  struct Kind {
    double count = 0, first = 0, last = 0;
  };
  std::map<std::uint8_t, Kind> kinds;
  for (std::size_t i = 0; i < run.event_t.size(); ++i) {
    auto [it, fresh] = kinds.try_emplace(run.event_kind[i]);
    Kind& k = it->second;
    if (fresh) k.first = run.event_t[i];
    k.first = std::min(k.first, run.event_t[i]);
    k.last = std::max(k.last, run.event_t[i]);
    ++k.count;
  }
  for (const auto& [v, k] : kinds) {
    const std::string name = name_of(run.kind_names, v, "kind ");
    add(out, "events", "count", name, k.count);
    add(out, "events", "first_s", name, k.first);
    add(out, "events", "last_s", name, k.last);
  }
}

void platform_section(const RunTables& run, Figures& out) {
  for (const auto& [name, samples] : run.platforms) {
    double served = 0, rejected = 0, peak_queue = 0;
    std::vector<double> busy;
    for (const auto& s : samples) {
      served += static_cast<double>(s.served);
      rejected += static_cast<double>(s.rejected);
      peak_queue = std::max(peak_queue, static_cast<double>(s.queue));
      busy.push_back(s.busy);
    }
    const ColumnStatistics b = column_statistics(busy);
    add(out, "platform", "served", name, served);
    add(out, "platform", "rejected", name, rejected);
    add(out, "platform", "peak_queue", name, peak_queue);
    add(out, "platform", "busy_mean", name, b.mean);
    add(out, "platform", "busy_peak", name, b.max);
  }
}

void expectation_section(const RunTables& run, Figures& out) {
  for (const auto& e : run.expectations) {
    const std::string subject = e.metric + " " + e.op;
    add(out, "expectation", "target", subject, e.target);
    add(out, "expectation", "value", subject, e.value);
    add(out, "expectation", "passed", subject, e.passed ? 1 : 0);
  }
}

void campaign_section(const RunTables& run, Figures& out) {
  std::map<std::uint16_t, std::vector<twinsim::CampaignProgressRow>> by_campaign;
  for (const auto& row : run.progress) by_campaign[row.campaign].push_back(row);
  for (const auto& [c, rows] : by_campaign) {
    const std::string name = name_of(run.campaign_names, c, "campaign ");
    add(out, "campaign", "released", name, static_cast<double>(rows.back().released));
    add(out, "campaign", "done", name, static_cast<double>(rows.back().done));
    add(out, "campaign", "failed", name, static_cast<double>(rows.back().failed));
    for (double level : kCompletionLevels) add(out, "campaign", level_name(level), name, completion_time(rows, level));
  }
}

// The fraction of each population's cards that the module declared failed
// ('6581', /wear's failed_s) by the stop, with its 95 % Wilson interval
// (twinmodels/wear/statistics.hpp).
void wear_section(const RunTables& run, Figures& out) {
  std::map<std::uint16_t, std::pair<std::uint64_t, std::uint64_t>> by_population;  // cards, failed
  for (const auto& w : run.wear) {
    auto& [cards, failed] = by_population[w.population];
    ++cards;
    if (!std::isnan(w.failed_s) && w.failed_s <= run.summary.stop_s) ++failed;
  }
  for (const auto& [p, counts] : by_population) {
    const std::string name = name_of(run.population_names, p, "population ");
    const auto interval = twinmodels::wear::proportion_interval(counts.second, counts.first);
    add(out, "wear", "cards", name, static_cast<double>(counts.first));
    add(out, "wear", "failed", name, static_cast<double>(counts.second));
    out.push_back({"wear", "failed_fraction", name, interval.estimate, interval.lower, interval.upper});
  }
}

}  // namespace

double completion_target(std::uint64_t released, double level) {
  return std::ceil(level / 100 * static_cast<double>(released) - 1e-9);
}

double completion_time(const std::vector<twinsim::CampaignProgressRow>& rows, double level) {
  if (rows.empty() || rows.back().released == 0) return kNoValue;
  const double target = completion_target(rows.back().released, level);
  for (const auto& row : rows)
    if (static_cast<double>(row.done) >= target) return row.t;
  return kNoValue;
}

Figures run_figures(const RunTables& run) {
  Figures out;
  run_section(run, out);
  population_section(run, out);
  events_section(run, out);
  platform_section(run, out);
  expectation_section(run, out);
  campaign_section(run, out);
  wear_section(run, out);
  return out;
}

}  // namespace twinanalysis
