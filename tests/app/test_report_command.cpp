// `esimtwin report` (app/report_command.hpp) and the analysis layer
// (analysis/twinanalysis/): the line fit and the Student-t interval of hand
// cases, the completion times of a hand-made campaign; the figures of small
// runs of scenarios/ota-renumber-retry.yaml and tests/data/wear-curves.yaml
// against the HDF5 columns read with the high-level API; replications,
// --compare and --sizing through their CSV; every refusal with exit code 2.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "esimtwin_process.hpp"
#include "twinanalysis/linear_fit.hpp"
#include "twinanalysis/replications.hpp"
#include "twinanalysis/run_figures.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_report_command {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

const char* const kOta = "scenarios/ota-renumber-retry.yaml";

// A run of `scenario` with `args`, shared by the test processes
// (esimtwin::testing::shared_run).
std::string run_of(const std::string& scenario, const std::string& args) {
  return esimtwin::testing::shared_run(scenario + " --no-progress " + args);
}
std::string ota(int devices, int seed) {
  const std::string n = std::to_string(devices), s = std::to_string(seed);
  return run_of(kOta, "--devices " + n + " --seed " + s);
}

template <class T>
std::vector<T> column(const std::string& path, const std::string& name, hid_t type) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  hsize_t n = 0;
  EXPECT_GE(H5LTget_dataset_info(f, name.c_str(), &n, nullptr, nullptr), 0) << name;
  std::vector<T> v(n);
  EXPECT_GE(H5LTread_dataset(f, name.c_str(), type, v.data()), 0) << name;
  H5Fclose(f);
  return v;
}

// The CSV rows as (section, name, subject) -> the other fields.
using Key = std::tuple<std::string, std::string, std::string>;
std::map<Key, std::vector<std::string>> read_csv(const std::string& path) {
  std::map<Key, std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  for (; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string x; std::getline(s, x, ',');) f.push_back(x);
    if (!line.empty() && line.back() == ',') f.push_back("");
    while (f.size() < 6) f.push_back("");
    rows[{f[0], f[1], f[2]}] = {f.begin() + 3, f.end()};
  }
  return rows;
}

std::map<Key, std::vector<std::string>> report_csv(const std::string& args, int exit_code = 0) {
  const std::string csv = temp_path("report.csv");
  std::filesystem::remove(csv);
  const auto r = run_esimtwin("report " + args + " --csv " + csv);
  EXPECT_EQ(r.exit_code, exit_code) << r.out;
  return read_csv(csv);
}

double value(const std::map<Key, std::vector<std::string>>& csv, const Key& key, std::size_t field = 0) {
  const auto it = csv.find(key);
  EXPECT_NE(it, csv.end()) << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key);
  return it == csv.end() || it->second.at(field).empty() ? NAN : std::stod(it->second.at(field));
}

TEST(ReportAnalysis, LineFitOfAHandCase) {
  // x̄ = 2.5, ȳ = 6.25, Sxx = 5, Sxy = 11.5: b = 2.3, a = 0.5; residuals
  // 0.2, -0.1, -0.4, 0.3 (SS 0.3) of SS_tot 26.75.
  const std::vector<double> x{1, 2, 3, 4}, y{3, 5, 7, 10};
  const auto fit = twinanalysis::fit_line(x, y);
  EXPECT_NEAR(fit.a, 0.5, 1e-12);
  EXPECT_NEAR(fit.b, 2.3, 1e-12);
  EXPECT_NEAR(fit.r_squared, 1 - 0.3 / 26.75, 1e-12);
  const std::vector<double> same{2, 2}, two{1, 2};
  EXPECT_THROW(twinanalysis::fit_line(same, two), std::invalid_argument);
  EXPECT_TRUE(std::isnan(twinanalysis::fit_line(two, same).r_squared));
}

TEST(ReportAnalysis, StudentTMeanOfAHandCase) {
  // 2, 4, 6: mean 4, s = 2, t(0.975; 2) = 4.302652729911275.
  auto run = [](double v, bool with_kind) {
    twinanalysis::Figures f{{"platform", "served", "hss", v, NAN, NAN}};
    if (with_kind) f.push_back({"events", "count", "power_on", 3 * v, NAN, NAN});
    return f;
  };
  const auto means = twinanalysis::replication_means({run(2, true), run(4, true), run(6, false)});
  ASSERT_EQ(means.size(), 2u);
  const double half = 4.302652729911275 * 2 / std::sqrt(3.0);
  EXPECT_NEAR(means[0].value, 4, 1e-12);
  EXPECT_NEAR(means[0].lower, 4 - half, 1e-9);
  EXPECT_NEAR(means[0].upper, 4 + half, 1e-9);
  // The kind absent from the third run occurred 0 times there: 6, 12, 0.
  EXPECT_NEAR(means[1].value, 6, 1e-12);
}

TEST(ReportAnalysis, CompletionTimesOfAHandCampaign) {
  std::vector<twinsim::CampaignProgressRow> rows;
  const std::uint64_t done[] = {0, 5, 9, 10};
  for (int i = 0; i < 4; ++i) rows.push_back({60.0 * (i + 1), 0, 10, 0, 0, 0, 0, 0, done[i], 0});
  EXPECT_EQ(twinanalysis::completion_time(rows, 50), 120);
  EXPECT_EQ(twinanalysis::completion_time(rows, 90), 180);
  EXPECT_EQ(twinanalysis::completion_time(rows, 99), 240);
  EXPECT_EQ(twinanalysis::completion_time(rows, 100), 240);
  rows.back().done = 9;
  EXPECT_TRUE(std::isnan(twinanalysis::completion_time(rows, 100)));
}

TEST(ReportCommand, OneRunsFiguresMatchItsColumns) {
  const std::string run = ota(50, 1);
  const auto csv = report_csv(run);
  // /events: each kind's count, first and last time.
  const auto t = column<double>(run, "/events/t", H5T_NATIVE_DOUBLE);
  const auto kind = column<std::uint8_t>(run, "/events/kind", H5T_NATIVE_UINT8);
  std::map<std::uint8_t, std::vector<double>> times;
  for (std::size_t i = 0; i < t.size(); ++i) times[kind[i]].push_back(t[i]);
  ASSERT_GT(times.size(), 5u);
  for (const auto& [k, ts] : times) {
    const std::string name = twinsim::event_kind_names().at(k);
    EXPECT_EQ(value(csv, {"events", "count", name}), static_cast<double>(ts.size())) << name;
    EXPECT_EQ(value(csv, {"events", "first_s", name}), *std::min_element(ts.begin(), ts.end())) << name;
    EXPECT_EQ(value(csv, {"events", "last_s", name}), *std::max_element(ts.begin(), ts.end())) << name;
  }
  // /devices: the meters' programs.
  const auto programs = column<std::uint64_t>(run, "/devices/nvm_programs", H5T_NATIVE_UINT64);
  ASSERT_EQ(programs.size(), 50u);
  double sum = 0;
  for (auto p : programs) sum += static_cast<double>(p);
  EXPECT_NEAR(value(csv, {"population", "nvm_programs_mean", "meters"}), sum / 50, 1e-9);
  EXPECT_EQ(value(csv, {"population", "nvm_programs_max", "meters"}),
            static_cast<double>(*std::max_element(programs.begin(), programs.end())));
  EXPECT_EQ(value(csv, {"population", "devices", "meters"}), 50);
  // /platforms/write-module: served, peak queue, busy.
  const auto served = column<std::uint64_t>(run, "/platforms/write-module/served", H5T_NATIVE_UINT64);
  const auto queue = column<std::uint64_t>(run, "/platforms/write-module/queue", H5T_NATIVE_UINT64);
  const auto busy = column<double>(run, "/platforms/write-module/busy", H5T_NATIVE_DOUBLE);
  double served_sum = 0, busy_sum = 0;
  for (auto s : served) served_sum += static_cast<double>(s);
  for (auto b : busy) busy_sum += b;
  EXPECT_EQ(value(csv, {"platform", "served", "write-module"}), served_sum);
  EXPECT_EQ(value(csv, {"platform", "peak_queue", "write-module"}),
            static_cast<double>(*std::max_element(queue.begin(), queue.end())));
  EXPECT_NEAR(value(csv, {"platform", "busy_mean", "write-module"}), busy_sum / static_cast<double>(busy.size()), 1e-12);
  EXPECT_EQ(value(csv, {"platform", "busy_peak", "write-module"}), *std::max_element(busy.begin(), busy.end()));
  // The campaign finished in the minute of its last ota_done row.
  const double last_done = times.at(52).back();  // ota_done
  const double t100 = value(csv, {"campaign", "t100_s", "renumber-meters"});
  EXPECT_GE(t100, last_done);
  EXPECT_LT(t100 - 60, last_done);
  EXPECT_EQ(value(csv, {"campaign", "done", "renumber-meters"}), 50);
  // The expectations as recorded.
  EXPECT_EQ(value(csv, {"expectation", "value", "ota.done =="}), 50);
  EXPECT_EQ(value(csv, {"expectation", "passed", "ota.done =="}), 1);
  // The text names the scenario, its seed and its populations.
  const auto r = run_esimtwin("report " + run);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("scenario 'ota-renumber-retry', seed 1, stop 21600 s, 50 devices"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("renumber-meters"), std::string::npos);
}

TEST(ReportCommand, WearFailedFractionWithItsWilsonInterval) {
  const std::string run = run_of("tests/data/wear-curves.yaml", "--seed 7");
  const auto csv = report_csv(run);
  const auto population = column<std::uint16_t>(run, "/wear/population", H5T_NATIVE_UINT16);
  const auto failed = column<double>(run, "/wear/failed_s", H5T_NATIVE_DOUBLE);
  const char* names[] = {"hot", "auto"};
  for (std::uint16_t p = 0; p < 2; ++p) {
    double n = 0, k = 0;
    for (std::size_t i = 0; i < population.size(); ++i)
      if (population[i] == p) {
        ++n;
        k += std::isnan(failed[i]) ? 0 : 1;
      }
    ASSERT_GT(n, 0);
    // Wilson at 95 % (Newcombe 1998, method 3).
    const double z = 1.959963984540054, ph = k / n;
    const double centre = (ph + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z / (1 + z * z / n) * std::sqrt(ph * (1 - ph) / n + z * z / (4 * n * n));
    const Key key{"wear", "failed_fraction", names[p]};
    EXPECT_NEAR(value(csv, key), ph, 1e-12) << names[p];
    EXPECT_NEAR(value(csv, key, 1), std::max(0.0, centre - half), 1e-9) << names[p];
    EXPECT_NEAR(value(csv, key, 2), std::min(1.0, centre + half), 1e-9) << names[p];
  }
}

TEST(ReportCommand, ReplicationsMeanWithStudentT) {
  const auto a = report_csv(ota(50, 1)), b = report_csv(ota(50, 2));
  const auto m = report_csv(ota(50, 1) + " " + ota(50, 2));
  // t(0.975; 1) = 12.706204736174707; two values: s/√2 = |x1 − x2| / 2.
  for (const Key& key : {Key{"run", "events", ""}, Key{"events", "count", "connected"},
                         Key{"campaign", "t50_s", "renumber-meters"}}) {
    const double x1 = value(a, key), x2 = value(b, key), mean = (x1 + x2) / 2;
    const double half = 12.706204736174707 * std::abs(x1 - x2) / 2;
    EXPECT_NEAR(value(m, key), mean, 1e-9) << std::get<1>(key);
    EXPECT_NEAR(value(m, key, 1), mean - half, 1e-6) << std::get<1>(key);
    EXPECT_NEAR(value(m, key, 2), mean + half, 1e-6) << std::get<1>(key);
  }
  EXPECT_EQ(m.count({"run", "seed", ""}), 0u);
}

TEST(ReportCommand, CompareTwoRuns) {
  const auto c = report_csv("--compare " + ota(50, 1) + " " + ota(100, 1));
  const Key devices{"run", "devices", ""};
  EXPECT_EQ(value(c, devices, 0), 50);
  EXPECT_EQ(value(c, devices, 1), 100);
  EXPECT_EQ(value(c, devices, 2), 50);
  EXPECT_EQ(value(c, devices, 3), 2);
  const Key served{"platform", "served", "hss"};
  const auto a = report_csv(ota(50, 1)), b = report_csv(ota(100, 1));
  EXPECT_EQ(value(c, served, 2), value(b, served) - value(a, served));
}

TEST(ReportCommand, SizingCurveAndItsLine) {
  const std::vector<int> sizes{50, 100, 200};
  std::string args = "--sizing";
  std::vector<double> x, y;
  for (int d : sizes) {
    args += " " + ota(d, 1);
    x.push_back(d);
    y.push_back(value(report_csv(ota(d, 1)), {"campaign", "t100_s", "renumber-meters"}));
  }
  const auto s = report_csv(args);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::string d = std::to_string(sizes[i]);
    EXPECT_EQ(value(s, {"sizing", "completion_s", d}), y[i]) << d;
    const auto queue = column<std::uint64_t>(ota(sizes[i], 1), "/platforms/write-module/queue", H5T_NATIVE_UINT64);
    EXPECT_EQ(value(s, {"sizing", "peak_queue", "write-module@" + d}),
              static_cast<double>(*std::max_element(queue.begin(), queue.end())));
  }
  const auto fit = twinanalysis::fit_line(x, y);
  EXPECT_NEAR(value(s, {"sizing_fit", "a_s", "completion_s"}), fit.a, 1e-9);
  EXPECT_NEAR(value(s, {"sizing_fit", "b_s_per_device", "completion_s"}), fit.b, 1e-12);
  const auto r = run_esimtwin("report " + args);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("completion_s = a + b * devices"), std::string::npos) << r.out;
}

TEST(ReportCommand, RefusalsExitTwo) {
  const std::string text = write_temp("report-foreign.h5", "not a run file\n");
  const std::string truncated = temp_path("report-truncated.h5");
  {
    std::ifstream in(ota(50, 1), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  const std::string wear = run_of("tests/data/wear-curves.yaml", "--seed 7");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"/nonexistent/run.h5", "no such file"},
      {text, "not an HDF5 file"},
      {truncated, "truncated or damaged"},
      {ota(50, 1) + " " + wear, "another scenario text"},
      {ota(50, 1) + " " + ota(50, 1), "same seed"},
      {ota(50, 1) + " " + ota(100, 1), "replications run the same scenario"},
      {"--compare " + ota(50, 1), "--compare takes two run files"},
      {"--sizing " + ota(50, 1) + " " + ota(50, 2), "different sizes"},
      {ota(50, 1) + " --csv /nonexistent/dir/r.csv", "cannot write"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_esimtwin("report " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
  }
}


}  // namespace test_report_command
