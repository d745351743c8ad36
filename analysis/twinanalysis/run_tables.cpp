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

Hid open_group(hid_t parent, const std::string& name, const std::string& path) {
  Hid g(H5Gopen2(parent, name.c_str(), H5P_DEFAULT));
  if (!g.valid()) throw twinsim::RunFileError(path + ": /" + name + " is not a group");
  return g;
}

template <class T>
std::vector<T> column(hid_t group, const char* name, std::uint64_t n) {
  std::vector<T> v(n);
  read_column<T>(group, name, 0, std::span<T>(v));
  return v;
}

void read_events(hid_t root, RunTables& r) {
  Hid g = open_group(root, "events", r.path);
  Hid kind(H5Dopen2(g.get(), "kind", H5P_DEFAULT));
  if (!kind.valid()) throw twinsim::RunFileError(r.path + ": /events has no column kind");
  r.kind_names = twinsim::recorder::read_string_array_attribute(kind.get(), "kinds");
  r.event_t = column<double>(g.get(), "t", r.summary.events);
  r.event_kind = column<std::uint8_t>(g.get(), "kind", r.summary.events);
}

void read_devices(hid_t root, RunTables& r) {
  Hid g = open_group(root, "devices", r.path);
  const std::uint64_t n = r.summary.devices;
  const auto device = column<std::uint32_t>(g.get(), "device", n);
  const auto population = column<std::uint16_t>(g.get(), "population", n);
  const auto attached = column<std::uint8_t>(g.get(), "attached", n);
  const auto attaches = column<std::uint32_t>(g.get(), "attaches", n);
  const auto auth = column<std::uint32_t>(g.get(), "auth_failures", n);
  const auto sync = column<std::uint32_t>(g.get(), "sync_failures", n);
  const auto programs = column<std::uint64_t>(g.get(), "nvm_programs", n);
  const auto erase = column<std::uint32_t>(g.get(), "max_erase_count", n);
  const auto state = column<std::uint32_t>(g.get(), "state_bytes", n);
  r.devices.resize(n);
  for (std::uint64_t i = 0; i < n; ++i)
    r.devices[i] = {device[i], population[i], attached[i], attaches[i], auth[i], sync[i], programs[i], erase[i], state[i]};
}

void read_platforms(hid_t root, RunTables& r) {
  Hid platforms = open_group(root, "platforms", r.path);
  for (const std::string& name : r.summary.platforms) {
    Hid g = open_group(platforms.get(), name, r.path);
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

void read_expectations(hid_t root, RunTables& r) {
  Hid g = open_group(root, "expectations", r.path);
  const std::uint64_t n = twinsim::recorder::column_length(g.get(), "metric");
  const auto metric = twinsim::recorder::read_text_column(g.get(), "metric", 0, n);
  const auto op = twinsim::recorder::read_text_column(g.get(), "op", 0, n);
  const auto target = column<double>(g.get(), "target", n);
  const auto value = column<double>(g.get(), "value", n);
  const auto passed = column<std::uint8_t>(g.get(), "passed", n);
  for (std::uint64_t i = 0; i < n; ++i) r.expectations.push_back({metric[i], op[i], target[i], value[i], passed[i] != 0, ""});
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
    read_expectations(file.get(), r);
  } catch (const twinsim::RunFileError& e) {
    throw AnalysisError(e.what());
  }
  try {
    const twinsim::Scenario s = twinsim::parse_scenario(r.summary.scenario_text, path);
    r.scenario_name = s.general.name;
    for (const auto& p : s.populations) r.population_names.push_back(p.name);
    for (const auto& c : s.campaigns) r.campaign_names.push_back(c.name);
  } catch (const twinsim::ScenarioError& e) {
    throw AnalysisError(path + ": cannot read the scenario it holds: " + e.what());
  }
  return r;
}

}  // namespace twinanalysis
