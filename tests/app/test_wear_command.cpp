// `esimtwin wear` (app/wear_command.hpp, app/wear_curves.hpp) and
// twinsim::read_wear: the failure curves of tests/data/wear-curves.yaml's
// runs against the /wear rows read with the HDF5 high-level API, the Wilson
// bounds by hand, the mean of two replications with its Student-t interval,
// the CSV and the table, and every refusal with exit code 2.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_wear_command {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

const char* const kScenario = "tests/data/wear-curves.yaml";
const char* const kKinds[] = {"any", "worn", "too_hot", "charge_lost", "failed"};

// The scenario run with `seed` (and `extra` options), shared by the test
// processes (esimtwin::testing::shared_run, as the report's, the viewer's
// and the Python helper's tests share it); its expectations hold for the
// whole 180 days (exit code 0) and fail for a shorter run (1: the consumer
// cards have not failed yet).
std::string run_of(const std::string& seed, const std::string& extra = "", int exit_code = 0) {
  return esimtwin::testing::shared_run(std::string(kScenario) + " --no-progress --seed " + seed + " " + extra, exit_code);
}
std::string seed7() { return run_of("7"); }
std::string seed8() { return run_of("8"); }

// /wear's columns as the HDF5 high-level API reads them.
struct WearColumns {
  std::vector<std::uint32_t> device, lost_page;
  std::vector<std::uint16_t> population;
  std::vector<std::uint64_t> programs;
  std::vector<double> worn, too_hot, charge_lost, failed;
};

template <class T>
std::vector<T> column(hid_t file, const std::string& name, hid_t type) {
  hsize_t n = 0;
  EXPECT_GE(H5LTget_dataset_info(file, ("/wear/" + name).c_str(), &n, nullptr, nullptr), 0) << name;
  std::vector<T> v(n);
  EXPECT_GE(H5LTread_dataset(file, ("/wear/" + name).c_str(), type, v.data()), 0) << name;
  return v;
}

WearColumns read_columns(const std::string& path) {
  WearColumns c;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  c.device = column<std::uint32_t>(f, "device", H5T_NATIVE_UINT32);
  c.population = column<std::uint16_t>(f, "population", H5T_NATIVE_UINT16);
  c.programs = column<std::uint64_t>(f, "programs", H5T_NATIVE_UINT64);
  c.worn = column<double>(f, "worn_s", H5T_NATIVE_DOUBLE);
  c.too_hot = column<double>(f, "too_hot_s", H5T_NATIVE_DOUBLE);
  c.charge_lost = column<double>(f, "charge_lost_s", H5T_NATIVE_DOUBLE);
  c.lost_page = column<std::uint32_t>(f, "lost_page", H5T_NATIVE_UINT32);
  c.failed = column<double>(f, "failed_s", H5T_NATIVE_DOUBLE);
  H5Fclose(f);
  return c;
}

// Whether card i had failure `kind` by t (NaN: never).
bool failed_by(const WearColumns& c, std::size_t i, const std::string& kind, double t) {
  auto by = [t](double at) { return !std::isnan(at) && at <= t; };
  if (kind == "any") return by(c.worn[i]) || by(c.too_hot[i]) || by(c.charge_lost[i]);
  if (kind == "worn") return by(c.worn[i]);
  if (kind == "too_hot") return by(c.too_hot[i]);
  if (kind == "charge_lost") return by(c.charge_lost[i]);
  return by(c.failed[i]);
}

// The Wilson score interval at 95 % by its formula (Newcombe 1998, method 3).
std::pair<double, double> wilson(double k, double n) {
  const double z = 1.959963984540054, p = k / n;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

// A CSV file's rows as field vectors, the header first.
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
    if (!line.empty() && line.back() == ',') fields.push_back("");
    rows.push_back(fields);
  }
  return rows;
}

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t at(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  }
  double number(std::size_t row, const std::string& name) const { return std::stod(rows[row].at(at(name))); }
};

CsvTable wear_csv(const std::string& runs, const std::string& step) {
  const std::string csv = temp_path("wear-curves.csv");
  std::filesystem::remove(csv);
  const auto r = run_esimtwin("wear " + runs + " --step " + step + " --csv " + csv);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto rows = read_csv(csv);
  CsvTable t;
  if (rows.empty()) return t;
  t.header = rows.front();
  t.rows.assign(rows.begin() + 1, rows.end());
  return t;
}

TEST(WearReader, ReadsTheRowsTheFileHolds) {
  const WearColumns c = read_columns(seed7());
  const std::vector<twinsim::WearRow> rows = twinsim::read_wear(seed7());
  ASSERT_EQ(rows.size(), 16u);
  ASSERT_EQ(c.device.size(), 16u);
  auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].device, c.device[i]);
    EXPECT_EQ(rows[i].population, c.population[i]);
    EXPECT_EQ(rows[i].programs, c.programs[i]);
    EXPECT_TRUE(same(rows[i].worn_s, c.worn[i])) << i;
    EXPECT_TRUE(same(rows[i].too_hot_s, c.too_hot[i])) << i;
    EXPECT_TRUE(same(rows[i].charge_lost_s, c.charge_lost[i])) << i;
    EXPECT_EQ(rows[i].lost_page, c.lost_page[i]);
    EXPECT_TRUE(same(rows[i].failed_s, c.failed[i])) << i;
  }
  // Devices 0-7 are the consumer cards ("hot"), 8-15 the automotive ones.
  EXPECT_EQ(rows.front().population, 0);
  EXPECT_EQ(rows.back().population, 1);
  EXPECT_EQ(twinsim::read_run_file_summary(seed7()).stop_s, 180 * 86400.0);
}

TEST(WearCommand, CurvesCountTheWearRows) {
  const WearColumns c = read_columns(seed7());
  const CsvTable t = wear_csv(seed7(), "1d");
  ASSERT_EQ(t.rows.size(), 2u * 180);  // two populations, a day apart to the stop
  const std::vector<std::string> names{"hot", "auto"};
  std::size_t partial = 0;
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    const std::size_t p = row / 180;
    EXPECT_EQ(t.rows[row][t.at("run")], seed7());
    EXPECT_EQ(t.rows[row][t.at("seed")], "7");
    EXPECT_EQ(t.rows[row][t.at("population")], names[p]);
    EXPECT_EQ(t.rows[row][t.at("runs")], "1");
    const double at = t.number(row, "t_s");
    EXPECT_NEAR(at, (row % 180 + 1) * 86400.0, 1e-6);
    for (const char* kind : kKinds) {
      std::size_t cards = 0, failed = 0;
      for (std::size_t i = 0; i < c.device.size(); ++i) {
        if (c.population[i] != p) continue;
        ++cards;
        failed += failed_by(c, i, kind, at);
      }
      ASSERT_EQ(t.number(row, "cards"), static_cast<double>(cards));
      const double fraction = static_cast<double>(failed) / static_cast<double>(cards);
      EXPECT_NEAR(t.number(row, kind), fraction, 1e-6) << kind << " at " << at;
      const auto [lower, upper] = wilson(static_cast<double>(failed), static_cast<double>(cards));
      EXPECT_NEAR(t.number(row, std::string(kind) + "_lower"), lower, 1e-6) << kind << " at " << at;
      EXPECT_NEAR(t.number(row, std::string(kind) + "_upper"), upper, 1e-6) << kind << " at " << at;
      partial += fraction > 0 && fraction < 1;
    }
  }
  EXPECT_GT(partial, 0u) << "the run should show cards failing over days, not all at once";
  // The consumer cards all failed by the stop; the automotive ones none.
  EXPECT_EQ(t.number(179, "failed"), 1.0);
  EXPECT_EQ(t.number(359, "any"), 0.0);
}

TEST(WearCommand, FractionsNeverDecreaseAndAnyIsTheEarliest) {
  const CsvTable t = wear_csv(seed8(), "2d");
  ASSERT_EQ(t.rows.size(), 2u * 90);
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    double earliest = 0;
    for (const char* kind : kKinds) {
      const std::string k = kind;
      EXPECT_LE(t.number(row, k + "_lower"), t.number(row, k));
      EXPECT_LE(t.number(row, k), t.number(row, k + "_upper"));
      if (row % 90 != 0) {
        EXPECT_GE(t.number(row, k), t.number(row - 1, k)) << k << " row " << row;
      }
      if (k == "worn" || k == "too_hot" || k == "charge_lost") earliest = std::max(earliest, t.number(row, k));
    }
    EXPECT_GE(t.number(row, "any"), earliest);
  }
}

TEST(WearCommand, WilsonBoundsOfAllAndNoneFailed) {
  // 8 of 8 failed: lower = n/(n + z²); 0 of 8: upper = z²/(n + z²).
  const CsvTable t = wear_csv(seed7(), "180d");
  ASSERT_EQ(t.rows.size(), 2u);
  const double z2 = 1.959963984540054 * 1.959963984540054;
  EXPECT_EQ(t.number(0, "too_hot"), 1.0);
  EXPECT_NEAR(t.number(0, "too_hot_lower"), 8 / (8 + z2), 1e-6);  // 0.675592
  EXPECT_EQ(t.number(0, "too_hot_upper"), 1.0);
  EXPECT_EQ(t.number(1, "too_hot"), 0.0);
  EXPECT_EQ(t.number(1, "too_hot_lower"), 0.0);
  EXPECT_NEAR(t.number(1, "too_hot_upper"), z2 / (8 + z2), 1e-6);  // 0.324408
}

TEST(WearCommand, MeansTwoReplicationsWithTheirStudentInterval) {
  const CsvTable t = wear_csv(seed7() + " " + seed8(), "5d");
  ASSERT_EQ(t.rows.size(), 3u * 2 * 36);  // each run's rows, then the means
  const std::size_t n = 2 * 36;
  const double t975 = 12.706204736174698;  // Student's t, 1 degree of freedom, 0.975
  std::size_t differ = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t m = 2 * n + i;
    EXPECT_EQ(t.rows[m][t.at("run")], "mean");
    EXPECT_EQ(t.rows[m][t.at("seed")], "");
    EXPECT_EQ(t.rows[m][t.at("runs")], "2");
    EXPECT_EQ(t.rows[m][t.at("t_s")], t.rows[i][t.at("t_s")]);
    EXPECT_EQ(t.rows[m][t.at("population")], t.rows[n + i][t.at("population")]);
    for (const char* kind : kKinds) {
      const double a = t.number(i, kind), b = t.number(n + i, kind);
      const double half = t975 * std::abs(a - b) / 2;  // t · s/√2, s = |a − b|/√2
      EXPECT_NEAR(t.number(m, kind), (a + b) / 2, 1e-6) << kind;
      EXPECT_NEAR(t.number(m, std::string(kind) + "_lower"), (a + b) / 2 - half, 1e-5) << kind;
      EXPECT_NEAR(t.number(m, std::string(kind) + "_upper"), (a + b) / 2 + half, 1e-5) << kind;
      differ += a != b;
    }
  }
  EXPECT_GT(differ, 0u) << "the two seeds should give different curves";
}

TEST(WearCommand, PrintsAnAlignedTablePerRunAndTheMean) {
  const auto r = run_esimtwin("wear " + seed7() + " " + seed8());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("# " + seed7() + " (seed 7, stop 180 d)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("# " + seed8() + " (seed 8, stop 180 d)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("# mean of the 2 replications"), std::string::npos) << r.out;
  // The default grid: a year, after the 180-day stop: the stop alone.
  std::size_t tables = 0, lines = 0, width = 0;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("population", 0) == 0) {
      ++tables;
      width = line.size();
      EXPECT_NE(line.find("t (d)"), std::string::npos);
      EXPECT_NE(line.find("charge_lost"), std::string::npos);
      continue;
    }
    if (line.rfind("hot ", 0) != 0 && line.rfind("auto ", 0) != 0) continue;
    ++lines;
    EXPECT_EQ(line.size(), width) << line;
    EXPECT_NE(line.find(" 180 "), std::string::npos) << line;
  }
  EXPECT_EQ(tables, 3u);
  EXPECT_EQ(lines, 6u);
  EXPECT_NE(r.out.find("1.000 [0.676, 1.000]"), std::string::npos) << r.out;
}

// The error and exit code 2 of `esimtwin wear <args>`.
void expect_refused(const std::string& args, const std::string& message) {
  const auto r = run_esimtwin("wear " + args);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
}

TEST(WearCommand, RefusesFilesThatAreNotWholeRunsWithWear) {
  expect_refused(temp_path("no-such-run.h5"), "no-such-run.h5: no such file");
  expect_refused(write_temp("wear-not-hdf5.h5", "population,t\n"), "not an HDF5 file");
  const std::string plain = temp_path("wear-plain.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress --stop 3min -o " + plain).exit_code, 0);
  expect_refused(plain, plain + " has no /wear table: no population has a temperature");

  const std::string cut = temp_path("wear-truncated.h5");
  std::filesystem::copy_file(seed7(), cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
  const auto r = run_esimtwin("wear " + cut);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out.rfind("esimtwin wear: " + cut + ": cannot open the HDF5 file: truncated or damaged", 0), 0u) << r.out;

  const std::string interrupted = temp_path("wear-interrupted.h5");
  std::filesystem::copy_file(seed7(), interrupted, std::filesystem::copy_options::overwrite_existing);
  {
    const hid_t f = H5Fopen(interrupted.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const hid_t a = H5Aopen(f, "interrupted", H5P_DEFAULT);
    const std::uint8_t one = 1;
    EXPECT_GE(H5Awrite(a, H5T_NATIVE_UINT8, &one), 0);
    H5Aclose(a);
    H5Fclose(f);
  }
  expect_refused(interrupted, interrupted + " is an interrupted run");

  // A row naming a population the scenario does not have (it has 2).
  const std::string stray = temp_path("wear-stray-population.h5");
  std::filesystem::copy_file(seed7(), stray, std::filesystem::copy_options::overwrite_existing);
  {
    const hid_t f = H5Fopen(stray.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const hid_t ds = H5Dopen2(f, "/wear/population", H5P_DEFAULT);
    std::vector<std::uint16_t> population(16, 0);
    population[3] = 5;
    EXPECT_GE(H5Dwrite(ds, H5T_NATIVE_UINT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, population.data()), 0);
    H5Dclose(ds);
    H5Fclose(f);
  }
  expect_refused(stray, stray + ": /wear row of device 3 names population 5; the scenario has 2");
}

TEST(WearCommand, RefusesRunsThatDoNotReplicateOneScenario) {
  expect_refused(seed7() + " " + seed7(), "have the same seed 7: replications need different seeds (--seed)");
  const std::string fewer = run_of("9", "--devices 8 --stop 10d", 1);
  expect_refused(seed7() + " " + fewer, ": its populations with a temperature (hot 4, auto 4) differ from " + seed7() +
                                            "'s (hot 8, auto 8)");
  const std::string shorter = run_of("9", "--stop 10d", 1);
  expect_refused(seed7() + " " + shorter, shorter + " stops at 864000.000000 s, " + seed7() + " at 15552000.000000 s");
}

TEST(WearCommand, RefusesABadStepOrCsvFile) {
  expect_refused(seed7() + " --step 0s", "--step must be longer than 0 s");
  expect_refused(seed7() + " --step 2y", "--step: ");
  expect_refused(seed7() + " --step 1s", "--step makes more than 100000 grid times");
  expect_refused(seed7() + " --csv " + temp_path("no-such-dir/curves.csv"), "cannot write ");
}


}  // namespace test_wear_command
