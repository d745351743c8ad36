#pragma once
// Whole runs for the sim tests: SimGrid allows one engine per process, so
// each run is made in a child process, which writes the run file and its
// metrics; the parent reads the events and metrics back.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "twinsim/engine/engine.hpp"
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim::testing {

struct Row {
  double t;
  std::uint32_t device;
  std::uint8_t kind;
  std::int64_t value;
};

inline std::vector<Row> read_events(const std::string& path) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0);
  const hid_t g = H5Gopen2(f, "events", H5P_DEFAULT);
  const std::uint64_t n = twinsim::recorder::column_length(g, "t");
  std::vector<double> t(n);
  std::vector<std::uint32_t> device(n);
  std::vector<std::uint8_t> kind(n);
  std::vector<std::int64_t> value(n);
  twinsim::recorder::read_column<double>(g, "t", 0, t);
  twinsim::recorder::read_column<std::uint32_t>(g, "device", 0, device);
  twinsim::recorder::read_column<std::uint8_t>(g, "kind", 0, kind);
  twinsim::recorder::read_column<std::int64_t>(g, "value", 0, value);
  H5Gclose(g);
  H5Fclose(f);
  std::vector<Row> rows;
  for (std::uint64_t i = 0; i < n; ++i) rows.push_back({t[i], device[i], kind[i], value[i]});
  return rows;
}

// A row of /platforms/<name> (docs/RUN-FILE.md).
struct PlatformRow {
  double t;
  std::uint64_t queue, served, rejected;
  double busy;
};

// Every /platforms/<name> table of a run file, by name.
inline std::map<std::string, std::vector<PlatformRow>> read_platforms(const std::string& path) {
  std::map<std::string, std::vector<PlatformRow>> out;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0);
  const hid_t platforms = H5Gopen2(f, "platforms", H5P_DEFAULT);
  H5G_info_t info;
  H5Gget_info(platforms, &info);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[256];
    H5Lget_name_by_idx(platforms, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
    const hid_t g = H5Gopen2(platforms, name, H5P_DEFAULT);
    const std::uint64_t n = twinsim::recorder::column_length(g, "t");
    std::vector<double> t(n), busy(n);
    std::vector<std::uint64_t> queue(n), served(n), rejected(n);
    twinsim::recorder::read_column<double>(g, "t", 0, t);
    twinsim::recorder::read_column<std::uint64_t>(g, "queue", 0, queue);
    twinsim::recorder::read_column<std::uint64_t>(g, "served", 0, served);
    twinsim::recorder::read_column<std::uint64_t>(g, "rejected", 0, rejected);
    twinsim::recorder::read_column<double>(g, "busy", 0, busy);
    H5Gclose(g);
    for (std::uint64_t r = 0; r < n; ++r) out[name].push_back({t[r], queue[r], served[r], rejected[r], busy[r]});
  }
  H5Gclose(platforms);
  H5Fclose(f);
  return out;
}

struct Outcome {
  std::map<std::string, double> metrics;
  std::vector<Row> events;
  std::map<std::string, std::vector<PlatformRow>> platforms;
  std::vector<twinsim::ChipAuditRow> chip_audit;  // /chip_audit: empty without chip management
};

// One run in a child process (SimGrid allows one engine per process): the
// child writes the run file and its metrics, the parent reads them back;
// with `platform_log`, the child writes the platforms' log there too.
inline Outcome run(const twinsim::Scenario& sc, const std::string& name, const std::string& platform_log = "") {
  twinsim::RunOptions options;
  options.platform_log = platform_log;
  const auto dir = std::filesystem::temp_directory_path();
  options.output = (dir / ("esimtwin-modem-" + name + "-" + std::to_string(getpid()) + ".h5")).string();
  const std::string metrics_path = options.output + ".metrics";
  const pid_t child = fork();
  if (child == 0) {
    std::ostringstream progress;
    const twinsim::RunResult result = twinsim::run_scenario(sc, options, progress);
    std::ofstream m(metrics_path);
    m.precision(17);
    for (const auto& [metric, value] : result.metrics) m << metric << ' ' << value << '\n';
    m.close();
    _exit(m ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the run failed";
  Outcome r;
  std::ifstream m(metrics_path);
  std::string metric;
  double value = 0;
  while (m >> metric >> value) r.metrics[metric] = value;
  r.events = read_events(options.output);
  r.platforms = read_platforms(options.output);
  r.chip_audit = twinsim::read_chip_audit(options.output);
  std::filesystem::remove(options.output);
  std::filesystem::remove(metrics_path);
  return r;
}

inline std::size_t count_of(const std::vector<Row>& rows, std::uint8_t kind) {
  std::size_t n = 0;
  for (const Row& r : rows) n += r.kind == kind;
  return n;
}

// Two runs gave the same events, row for row, and the same metrics.
inline void expect_same_outcome(const Outcome& a, const Outcome& b) {
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].t, b.events[i].t);
    EXPECT_EQ(a.events[i].device, b.events[i].device);
    EXPECT_EQ(a.events[i].kind, b.events[i].kind);
    EXPECT_EQ(a.events[i].value, b.events[i].value);
  }
  EXPECT_EQ(a.metrics, b.metrics);
}

}  // namespace twinsim::testing
