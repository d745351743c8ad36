// `esimtwin sweep` (app/sweep_command.cpp, docs/SWEEPS.md) end to end: the
// same sweep file from one rank, two and four MPI ranks and from a Slurm
// array's parts gathered; the expectations' failures; a run that cannot be
// made; bad input; the sweep file read back and opened with xarray.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "esimtwin_process.hpp"
#include "twinanalysis/run_tables.hpp"
#include "twinanalysis/sweep_file.hpp"

namespace test_sweep_command {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::run_shell;
using esimtwin::testing::temp_path;
using twinanalysis::SweepFile;

using esimtwin::testing::kMpirun;

// A small sweep of attach-100k: 100 devices for 5 minutes, 3 replications
// of each point (2 in the tests that make the same sweep several ways).
std::string sweep_file(const std::string& name, const std::string& parameters, int replications = 3) {
  const std::string path = temp_path(name + ".yaml");
  std::ofstream(path) << "scenario: " ESIMTWIN_SOURCE_DIR "/scenarios/attach-100k.yaml\n"
                      << "devices: 100\nstop: 5min\nreplications: " << replications << "\nparameters:\n"
                      << parameters;
  return path;
}

const std::string kGrid = "  platforms.hss.cores: [1, 4]\n  populations[trackers].activity.period: [2min, 15min]\n";

void expect_same_results(const SweepFile& a, const SweepFile& b) {
  EXPECT_EQ(a.sweep_text, b.sweep_text);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.coordinates, b.coordinates);
  EXPECT_EQ(a.seeds, b.seeds);
  ASSERT_EQ(a.keys.size(), b.keys.size());
  for (std::size_t k = 0; k < a.keys.size(); ++k) EXPECT_EQ(a.keys[k].key(), b.keys[k].key());
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      EXPECT_TRUE(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i]))) << i << ": " << x[i] << " vs " << y[i];
  };
  same(a.value, b.value);
  same(a.mean, b.mean);
  same(a.lower, b.lower);
  same(a.upper, b.upper);
  EXPECT_EQ(a.exit_code, b.exit_code);
}

std::size_t figure_index(const SweepFile& f, const std::string& section, const std::string& name,
                         const std::string& subject) {
  for (std::size_t k = 0; k < f.keys.size(); ++k)
    if (f.keys[k].section == section && f.keys[k].name == name && f.keys[k].subject == subject) return k;
  ADD_FAILURE() << "no figure " << section << "/" << name << "/" << subject;
  return 0;
}

// (Two ranks run the same code as four: ShardedRuns and the sweep file's
// gather read them; this test keeps one, four and a Slurm array.)
TEST(SweepCommand, OneAndFourRanksAndASlurmArraysPartsGiveTheSameSweepFile) {
  const std::string sweep = sweep_file("ranks", kGrid, 2);
  const std::string one = temp_path("ranks-1.h5"), four = temp_path("ranks-4.h5"), parts = temp_path("ranks-parts.h5");
  const auto r1 = run_esimtwin("sweep " + sweep + " -o " + one);
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  EXPECT_NE(r1.out.find("4 points x 2 replications = 8 runs on 1 rank"), std::string::npos) << r1.out;
  EXPECT_NE(r1.out.find("attach_success_ratio >="), std::string::npos) << r1.out;
  const auto r4 = run_shell("cd " ESIMTWIN_SOURCE_DIR " && " + kMpirun + "4 " ESIMTWIN_BINARY " sweep " + sweep + " -o " + four);
  ASSERT_EQ(r4.exit_code, 0) << r4.out;
  EXPECT_NE(r4.out.find("rank 1: run 2/8"), std::string::npos) << r4.out;
  // A Slurm array of three tasks (runs 0, 3, 6; 1, 4, 7; 2, 5), then the gather step.
  for (int i = 0; i < 3; ++i) {
    const auto p = run_esimtwin("sweep " + sweep + " --part " + std::to_string(i) + "/3 --runs " + parts + ".runs");
    ASSERT_EQ(p.exit_code, 0) << p.out;
    EXPECT_NE(p.out.find("part " + std::to_string(i) + "/3: " + (i < 2 ? "3" : "2") + " runs"), std::string::npos)
        << p.out;
  }
  const auto g = run_esimtwin("sweep " + sweep + " --gather --runs " + parts + ".runs -o " + parts);
  ASSERT_EQ(g.exit_code, 0) << g.out;

  const SweepFile a = twinanalysis::read_sweep_file(one);
  const SweepFile c = twinanalysis::read_sweep_file(four);
  const SweepFile d = twinanalysis::read_sweep_file(parts);
  expect_same_results(a, c);
  expect_same_results(a, d);
  EXPECT_EQ(a.provenance.ranks, 1);
  EXPECT_EQ(c.provenance.ranks, 4);

  // The grid: parameters as coordinates, seeds 7, 8 (attach-100k's seed 7).
  EXPECT_EQ(a.parameters, (std::vector<std::string>{"platforms.hss.cores", "populations[trackers].activity.period"}));
  EXPECT_EQ(a.coordinates[1], (std::vector<std::string>{"2min", "15min"}));
  EXPECT_EQ(a.seeds, (std::vector<std::uint64_t>{7, 8}));
  // The runs differ by seed; each point's mean is its replications' mean.
  const std::size_t events = figure_index(a, "run", "events", "");
  const std::size_t n = a.keys.size(), points = 4, reps = 2;
  ASSERT_EQ(a.value.size(), n * points * reps);
  for (std::size_t p = 0; p < points; ++p) {
    const double* v = &a.value[(events * points + p) * reps];
    EXPECT_NEAR(a.mean[events * points + p], (v[0] + v[1]) / 2, 1e-9);
    EXPECT_LT(a.lower[events * points + p], a.mean[events * points + p]);
    EXPECT_GT(a.upper[events * points + p], a.mean[events * points + p]);
    EXPECT_NE(v[0], v[1]) << "point " << p;
  }
  // Trackers reporting every 2 minutes make more events than every 15.
  EXPECT_GT(a.mean[events * points + 0], a.mean[events * points + 1]);
  // Every run of the grid is in its directory: a point's scenario file and its runs.
  EXPECT_TRUE(std::filesystem::exists(one + ".runs/point-3.yaml"));
  EXPECT_TRUE(std::filesystem::exists(one + ".runs/point-3-rep-1.h5"));
  EXPECT_TRUE(std::filesystem::exists(one + ".runs/point-3-rep-1.h5.log"));
  for (const std::string& f : {one, four, parts}) {
    std::filesystem::remove_all(f + ".runs");
    std::filesystem::remove(f);
  }
}

// sweeps/slurm/'s scripts run as Slurm would run them: an array of three
// tasks numbered from 10, the gather step after them, and the MPI job.
TEST(SweepCommand, TheSlurmScriptsRunAsTheirTasksWould) {
  const std::string sweep = sweep_file("slurm", "  platforms.hss.cores: [1, 4]\n", 2);
  const std::string runs = temp_path("slurm.runs"), gathered = temp_path("slurm.h5"), mpi = temp_path("slurm-mpi.h5"),
                    alone = temp_path("slurm-alone.h5");
  const std::string env = "ESIMTWIN=" ESIMTWIN_BINARY " ";
  for (int task = 10; task <= 12; ++task) {
    const auto r = run_shell("cd " ESIMTWIN_SOURCE_DIR " && " + env + "SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
                             " SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_MAX=12 SLURM_ARRAY_TASK_COUNT=3 "
                             "sweeps/slurm/sweep-array.sbatch " + sweep + " " + runs);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    // Four runs: 0 and 3, 1, 2.
    EXPECT_NE(r.out.find("part " + std::to_string(task - 10) + "/3: " + (task == 10 ? "2" : "1") + " runs"),
              std::string::npos) << r.out;
  }
  const auto g = run_shell("cd " ESIMTWIN_SOURCE_DIR " && " + env + "sweeps/slurm/sweep-gather.sbatch " + sweep + " " +
                           runs + " " + gathered);
  ASSERT_EQ(g.exit_code, 0) << g.out;
  const auto m = run_shell("cd " ESIMTWIN_SOURCE_DIR " && " + env +
                           "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
                           "sweeps/slurm/sweep-mpi.sbatch " + sweep + " " + mpi);
  ASSERT_EQ(m.exit_code, 0) << m.out;
  ASSERT_EQ(run_esimtwin("sweep " + sweep + " -o " + alone).exit_code, 0);
  const SweepFile a = twinanalysis::read_sweep_file(alone);
  expect_same_results(a, twinanalysis::read_sweep_file(gathered));
  expect_same_results(a, twinanalysis::read_sweep_file(mpi));
  // Without the array's variables the script says how it is meant to run.
  const auto bare = run_shell("cd " ESIMTWIN_SOURCE_DIR " && sweeps/slurm/sweep-array.sbatch " + sweep + " " + runs);
  EXPECT_NE(bare.exit_code, 0);
  EXPECT_NE(bare.out.find("run as a task of a job array"), std::string::npos) << bare.out;
  for (const std::string& f : {gathered, mpi, alone}) {
    std::filesystem::remove_all(f + ".runs");
    std::filesystem::remove(f);
  }
  std::filesystem::remove_all(runs);
}

// --reuse keeps the runs already made and makes again only those whose
// run file is missing, damaged or of another run.
TEST(SweepCommand, ReuseMakesAgainOnlyTheRunsThatAreNotDone) {
  const std::string sweep = sweep_file("reuse", "  platforms.hss.cores: [1, 4]\n");
  const std::string out = temp_path("reuse.h5"), again = temp_path("reuse-again.h5");
  ASSERT_EQ(run_esimtwin("sweep " + sweep + " -o " + out).exit_code, 0);
  const std::string runs = out + ".runs/";
  std::filesystem::resize_file(runs + "point-0-rep-1.h5", 1000);  // damaged
  std::filesystem::remove(runs + "point-1-rep-2.h5");              // missing
  std::filesystem::copy_file(runs + "point-1-rep-0.h5", runs + "point-1-rep-1.h5",
                             std::filesystem::copy_options::overwrite_existing);  // another seed's
  const auto r = run_esimtwin("sweep " + sweep + " --reuse --runs " + runs + " -o " + again);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::size_t reused = 0, pos = 0;
  while ((pos = r.out.find("reused", pos)) != std::string::npos) ++reused, ++pos;
  EXPECT_EQ(reused, 3u) << r.out;
  for (const char* made : {"run 2/6", "run 5/6", "run 6/6"}) {
    const std::size_t at = r.out.find(made);
    ASSERT_NE(at, std::string::npos) << r.out;
    EXPECT_EQ(r.out.substr(at, r.out.find('\n', at) - at).find("reused"), std::string::npos) << r.out;
  }
  expect_same_results(twinanalysis::read_sweep_file(out), twinanalysis::read_sweep_file(again));
  EXPECT_EQ(run_esimtwin("sweep " + sweep + " --gather --reuse").exit_code, 2);
  std::filesystem::remove_all(runs);
  std::filesystem::remove(out);
  std::filesystem::remove(again);
}

TEST(SweepCommand, RunsFailingAnExpectationExitOneAndAreInTheFile) {
  // The expectations themselves as the parameter: 100 devices cannot make
  // 1000 attaches in 5 minutes.
  const std::string sweep = sweep_file("fail", "  expectations: [[\"devices_attached >= 1000\"], [\"devices_attached >= 10\"]]\n");
  const std::string out = temp_path("fail.h5");
  const auto r = run_esimtwin("sweep " + sweep + " -o " + out + " --figure platform/served/hss");
  ASSERT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("platform/served/hss"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3/3"), std::string::npos) << r.out;
  const SweepFile f = twinanalysis::read_sweep_file(out);
  EXPECT_EQ(f.exit_code, (std::vector<std::int32_t>{1, 1, 1, 0, 0, 0}));
  const std::size_t low = figure_index(f, "expectation", "passed", "devices_attached >=");
  EXPECT_EQ(f.mean[low * 2 + 0], 0);
  EXPECT_EQ(f.mean[low * 2 + 1], 1);
  EXPECT_TRUE(std::isnan(f.mean[figure_index(f, "run", "seed", "") * 2]));  // no quantity

  // esimtwin report of the sweep file: the points with the chosen figure, every figure as CSV.
  const std::string csv = temp_path("fail.csv");
  const auto rep = run_esimtwin("report " + out + " --figure expectation/passed/devices_attached\\ \\>= --csv " + csv);
  ASSERT_EQ(rep.exit_code, 0) << rep.out;
  EXPECT_NE(rep.out.find(out + ": a sweep of 2 points x 3 replications"), std::string::npos) << rep.out;
  EXPECT_NE(rep.out.find("expectation/passed/devices_attached >="), std::string::npos) << rep.out;
  EXPECT_NE(rep.out.find("3/3"), std::string::npos) << rep.out;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "section,name,subject,expectations,failed,mean,lower,upper");
  std::size_t rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, f.keys.size() * 2);
  for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
           {"report " + out + " " + out, "is a sweep file: it is reported alone"},
           {"report " + out + ".runs/point-0-rep-0.h5 --figure run/events/", "--figure chooses the figures of a sweep file"}}) {
    const auto r2 = run_esimtwin(args);
    EXPECT_EQ(r2.exit_code, 2) << r2.out;
    EXPECT_NE(r2.out.find(message), std::string::npos) << r2.out;
  }
  std::filesystem::remove(csv);
  std::filesystem::remove_all(out + ".runs");
  std::filesystem::remove(out);
}

TEST(SweepCommand, ARunThatCannotBeMadeStopsTheSweepNamingItsLog) {
  const std::string sweep = sweep_file("broken", "  populations[meters].profile: [profiles/absent.prof]\n");
  const std::string out = temp_path("broken.h5");
  for (const std::string& ranks : {std::string(""), kMpirun + "2 "}) {
    const auto r = run_shell("cd " ESIMTWIN_SOURCE_DIR " && " + ranks + ESIMTWIN_BINARY " sweep " + sweep + " -o " + out);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("esimtwin sweep: run 0 (point 0: populations[meters].profile=profiles/absent.prof, "
                         "replication 0) exited with 2; its log " + out + ".runs/point-0-rep-0.h5.log ends:"),
              std::string::npos) << r.out;
    EXPECT_NE(r.out.find("profiles/absent.prof: cannot open the profile file"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
  std::filesystem::remove_all(out + ".runs");
}

TEST(SweepCommand, BadInputIsRefused) {
  const std::string sweep = sweep_file("bad", kGrid);
  const std::string bad = temp_path("bad-sweep.yaml");
  std::ofstream(bad) << "scenario: " ESIMTWIN_SOURCE_DIR "/scenarios/attach-100k.yaml\nreplicatons: 2\n";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"sweep " + bad, bad + ":2:1: replicatons: unknown key; did you mean 'replications'?"},
      {"sweep " + temp_path("absent.yaml"), "cannot read the sweep file"},
      {"sweep " + sweep + " --part 3/3", "--part: expected I/N with 0 <= I < N"},
      {"sweep " + sweep + " --part 1", "--part: expected I/N"},
      {"sweep " + sweep + " --part 0/2 --gather", "--part and --gather"},
      {"sweep " + sweep + " --gather --runs " + temp_path("no-runs"), "no-runs/point-0-rep-0.h5: no such file"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_esimtwin(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
  }
}

TEST(SweepCommand, ASweepFileThatIsNotOneIsRefusedWhenRead) {
  const std::string sweep = sweep_file("read", "  platforms.hss.cores: [2]\n");
  const std::string out = temp_path("read.h5");
  ASSERT_EQ(run_esimtwin("sweep " + sweep + " -o " + out).exit_code, 0);
  const auto refused = [](const std::string& path, const std::string& message) {
    try {
      twinanalysis::read_sweep_file(path);
      ADD_FAILURE() << path << " was read";
    } catch (const twinanalysis::AnalysisError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  // Truncated to half its size.
  const std::string cut = temp_path("read-cut.h5");
  std::filesystem::copy_file(out, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(out) / 2);
  refused(cut, cut + ": cannot open the HDF5 file: truncated or damaged");
  // A run file is no sweep file.
  refused(out + ".runs/point-0-rep-0.h5", "not an esimtwin sweep file");
  refused(temp_path("none.h5"), "no such file");
  std::filesystem::remove_all(out + ".runs");
  std::filesystem::remove(out);
  std::filesystem::remove(cut);
}

TEST(SweepCommand, XarrayOpensTheSweepFileWithTheParametersAsCoordinates) {
  if (!esimtwin::testing::have_python_modules("xarray, h5netcdf")) GTEST_FAIL() << "python3-xarray and python3-h5netcdf are needed";
  const std::string sweep = sweep_file("xarray", kGrid, 2);
  const std::string out = temp_path("xarray.h5");
  ASSERT_EQ(run_esimtwin("sweep " + sweep + " -o " + out).exit_code, 0);
  const std::string py = esimtwin::testing::python_output(
      "-c \"import xarray as xr; ds = xr.open_dataset('" + out + "', engine='h5netcdf'); "
      "print(ds['value'].dims); print(list(ds['platforms.hss.cores'].values)); "
      "print(ds['mean'].sel(figure='run/devices/').values.tolist())\"");
  EXPECT_NE(py.find("('figure', 'platforms.hss.cores', 'populations[trackers].activity.period', 'replication')"),
            std::string::npos) << py;
  EXPECT_NE(py.find("[1.0, 4.0]"), std::string::npos) << py;
  EXPECT_NE(py.find("[[100.0, 100.0], [100.0, 100.0]]"), std::string::npos) << py;
  std::filesystem::remove_all(out + ".runs");
  std::filesystem::remove(out);
}

}  // namespace test_sweep_command
