// analysis/esimtwin_run.py, the Python helper for run files (docs/RUN-FILE.md,
// "Reading"): tests/tools/test_esimtwin_run.py checks its DataFrames against
// three small runs read with h5py alone (a plain run, one with a write-card
// campaign and chip management, one with two populations that wear), every
// standard plot as an 800 x 450 PNG, analysis/example_report.py, and the
// errors for a missing, non-HDF5, foreign, newer and truncated file.
#include <gtest/gtest.h>

#include <string>

#include "esimtwin_process.hpp"

namespace test_python_helper {

using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

bool have_matplotlib() { return esimtwin::testing::have_python_modules("matplotlib, pandas, yaml"); }

// `args` to tests/tools/test_esimtwin_run.py: its exit code and what it printed.
std::pair<int, std::string> helper_check(const std::string& args) {
  const auto r = esimtwin::testing::run_shell("/usr/bin/python3 " ESIMTWIN_SOURCE_DIR "/tests/tools/test_esimtwin_run.py " + args);
  return {r.exit_code, r.out};
}

std::string run_to(const std::string& scenario_and_options) {
  return esimtwin::testing::shared_run(scenario_and_options);  // only read
}

TEST(PythonHelper, LoadsRunFilesAndDrawsTheStandardPlots) {
  if (!have_h5py() || !have_matplotlib()) GTEST_SKIP() << "python3-h5py, -pandas, -matplotlib or -yaml missing";
  const std::string smoke = run_to("scenarios/smoke.yaml --devices 50 --no-progress");
  const std::string chip = run_to("scenarios/chip-lifecycle.yaml --devices 20 --no-progress");
  const std::string wear = run_to("tests/data/wear-curves.yaml --no-progress --seed 7");
  const auto [code, out] = helper_check(temp_path("py-plots") + " " + smoke + " meters " + chip + " meters " + wear +
                                        " hot,auto");
  EXPECT_EQ(code, 0) << out;
}

// The check fails when the file's population names are not the expected
// ones: it compares, it does not just load.
TEST(PythonHelper, CheckFailsOnWrongPopulationNames) {
  if (!have_h5py() || !have_matplotlib()) GTEST_SKIP() << "python3-h5py, -pandas, -matplotlib or -yaml missing";
  const std::string smoke = run_to("scenarios/smoke.yaml --devices 10 --no-progress");
  const auto [code, out] = helper_check(temp_path("py-plots-names") + " " + smoke + " sensors");
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("populations ['meters'], not ['sensors']"), std::string::npos) << out;
}


}  // namespace test_python_helper
