// read_run_tables: the run file's tables through the recorder's column
// reader (twinsim/recorder/column_reader.hpp), the kinds' names from the
// attribute /events/kind's `kinds` (docs/RUN-FILE.md, "Reading").
#include "twinanalysis/run_tables.hpp"

#include <hdf5.h>

#include <span>

#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/hdf5_attributes.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinanalysis {

using twinsim::recorder::Hid;
using twinsim::recorder::read_column;

namespace {

template <class T>
std::vector<T> column(hid_t group, const char* name, std::uint64_t n) {
  std::vector<T> v(n);
  read_column<T>(group, name, 0, std::span<T>(v));
  return v;
}

void read_events(hid_t root, RunTables& r) {
  Hid g = twinsim::recorder::open_table_group(root, "events", r.path);
  Hid kind(H5Dopen2(g.get(), "kind", H5P_DEFAULT));
  if (!kind.valid()) throw twinsim::RunFileError(r.path + ": /events has no column kind");
  r.kind_names = twinsim::recorder::read_string_array_attribute(kind.get(), "kinds");
  r.event_t = column<double>(g.get(), "t", r.summary.events);
  r.event_kind = column<std::uint8_t>(g.get(), "kind", r.summary.events);
}

void read_devices(hid_t root, RunTables& r) {
  Hid g = twinsim::recorder::open_table_group(root, "devices", r.path);
  r.devices = read_device_rows(g.get(), 0, r.summary.devices);
}

void read_platforms(hid_t root, RunTables& r) {
  Hid platforms = twinsim::recorder::open_table_group(root, "platforms", r.path);
  for (const std::string& name : r.summary.platforms) {
    Hid g = twinsim::recorder::open_table_group(platforms.get(), name, r.path);
    const std::uint64_t n = twinsim::recorder::column_length(g.get(), "t");
    const auto t = column<double>(g.get(), "t", n);
    const auto queue = column<std::uint64_t>(g.get(), "queue", n);
    const auto served = column<std::uint64_t>(g.get(), "served", n);
    const auto rejected = column<std::uint64_t>(g.get(), "rejected", n);
    const auto busy = column<double>(g.get(), "busy", n);
    auto& rows = r.platforms[name];
    for (std::uint64_t i = 0; i < n; ++i) rows.push_back({t[i], queue[i], served[i], rejected[i], busy[i]});
  }
}

}  // namespace

RunTables read_run_tables(const std::string& path) {
  RunTables r;
  r.path = path;
  try {
    r.summary = twinsim::read_run_file_summary(path);
    r.progress = twinsim::read_campaign_progress(path);
    r.wear = twinsim::read_wear(path);
    twinsim::recorder::QuietHdf5Errors quiet;
    Hid file = twinsim::recorder::open_hdf5_for_reading(path, "run file");
    read_events(file.get(), r);
    read_devices(file.get(), r);
    read_platforms(file.get(), r);
    r.expectations = read_expectation_rows(file.get(), path);
  } catch (const twinsim::RunFileError& e) {
    throw AnalysisError(e.what());
  }
  ScenarioNames names = scenario_names(r.summary.scenario_text, path);
  r.scenario_name = std::move(names.scenario);
  r.population_names = std::move(names.populations);
  r.campaign_names = std::move(names.campaigns);
  return r;
}

std::vector<twinsim::DeviceRow> read_device_rows(hid_t devices, std::uint64_t first, std::uint64_t n) {
  auto col = [&](const char* name, auto tag) {
    std::vector<decltype(tag)> v(n);
    read_column<decltype(tag)>(devices, name, first, std::span(v));
    return v;
  };
  const auto device = col("device", std::uint32_t{});
  const auto population = col("population", std::uint16_t{});
  const auto attached = col("attached", std::uint8_t{});
  const auto attaches = col("attaches", std::uint32_t{});
  const auto auth = col("auth_failures", std::uint32_t{});
  const auto sync = col("sync_failures", std::uint32_t{});
  const auto programs = col("nvm_programs", std::uint64_t{});
  const auto erase = col("max_erase_count", std::uint32_t{});
  const auto state = col("state_bytes", std::uint32_t{});
  std::vector<twinsim::DeviceRow> rows(n);
  for (std::uint64_t i = 0; i < n; ++i)
    rows[i] = {device[i], population[i], attached[i], attaches[i], auth[i], sync[i], programs[i], erase[i], state[i]};
  return rows;
}

std::vector<twinsim::ExpectationRow> read_expectation_rows(hid_t root, const std::string& path) {
  Hid g = twinsim::recorder::open_table_group(root, "expectations", path);
  const std::uint64_t n = twinsim::recorder::column_length(g.get(), "metric");
  const auto metric = twinsim::recorder::read_text_column(g.get(), "metric", 0, n);
  const auto op = twinsim::recorder::read_text_column(g.get(), "op", 0, n);
  const auto target = column<double>(g.get(), "target", n);
  const auto value = column<double>(g.get(), "value", n);
  const auto passed = column<std::uint8_t>(g.get(), "passed", n);
  std::vector<twinsim::ExpectationRow> rows;
  for (std::uint64_t i = 0; i < n; ++i) rows.push_back({metric[i], op[i], target[i], value[i], passed[i] != 0, ""});
  return rows;
}

ScenarioNames scenario_names(const std::string& scenario_text, const std::string& path) {
  try {
    const twinsim::Scenario s = twinsim::parse_scenario(scenario_text, path);
    ScenarioNames names{s.general.name, {}, {}};
    for (const auto& p : s.populations) names.populations.push_back(p.name);
    for (const auto& c : s.campaigns) names.campaigns.push_back(c.name);
    return names;
  } catch (const twinsim::ScenarioError& e) {
    throw AnalysisError(path + ": cannot read the scenario it holds: " + e.what());
  }
}

}  // namespace twinanalysis
