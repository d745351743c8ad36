// Run files read with xarray as docs/RUN-FILE.md says users can
// (xr.open_dataset(path, group=..., engine='h5netcdf')):
// tests/tools/xarray_reads_run_file.py opens every table of a plain run, one
// with chip management and a download campaign's platforms, one whose cards
// wear, and one with a checkpoint, and checks each against h5py: one
// dimension, the table's coordinate (its HDF5 dimension scale), every
// column a variable along it with its units and long_name, the same values.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "esimtwin_process.hpp"

namespace test_run_file_xarray {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::shared_run;
using esimtwin::testing::temp_path;

bool have_xarray() { return esimtwin::testing::have_python_modules("xarray, h5netcdf, h5py"); }

// `command` through the shell: its exit code and what it printed.
std::pair<int, std::string> shell(const std::string& command) {
  const auto r = esimtwin::testing::run_shell(command);
  return {r.exit_code, r.out};
}

std::pair<int, std::string> xarray_check(const std::string& file, const std::string& tables) {
  return shell("/usr/bin/python3 " ESIMTWIN_SOURCE_DIR "/tests/tools/xarray_reads_run_file.py " + file + " " + tables);
}

TEST(RunFileXarray, EveryTableOpensAsADatasetAlongItsCoordinateWithTheFilesValues) {
  if (!have_xarray()) GTEST_SKIP() << "python3-xarray, -h5netcdf or -h5py missing";
  const std::string smoke = shared_run("scenarios/smoke.yaml --devices 50 --no-progress");
  const std::string chip = shared_run("scenarios/chip-lifecycle.yaml --devices 20 --no-progress");
  const std::string wear = shared_run("tests/data/wear-curves.yaml --no-progress --seed 7");
  // And a run with a checkpoint: its /checkpoints table. One Python for
  // all four files (xarray takes seconds to import).
  const std::string ck = temp_path("xarray-ck");
  const std::string run = temp_path("xarray-run") + ".h5";
  const auto r = run_esimtwin("run " ESIMTWIN_SOURCE_DIR "/scenarios/smoke.yaml --devices 20 --stop 5min --no-progress -o " +
                              run + " --checkpoint " + ck + ".h5 --checkpoint-at 2min");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto [code, out] = xarray_check(smoke, "events devices apdu expectations platforms/hss -- " + chip +
                                                   " events devices chip_audit platforms/chip-management -- " + wear +
                                                   " events devices wear -- " + run + " checkpoints");
  EXPECT_EQ(code, 0) << out;
  std::filesystem::remove(run);
  std::filesystem::remove(ck + ".h5");
}

// The check fails when a column is no longer along its table's coordinate
// (its dimension scale detached: h5netcdf then refuses the group, a
// dimension 't' of two sizes).
TEST(RunFileXarray, ACheckOfAColumnWithoutItsCoordinateFails) {
  if (!have_xarray()) GTEST_SKIP() << "python3-xarray, -h5netcdf or -h5py missing";
  const std::string copy = temp_path("xarray-detached") + ".h5";
  std::filesystem::copy_file(shared_run("scenarios/smoke.yaml --devices 50 --no-progress"), copy,
                             std::filesystem::copy_options::overwrite_existing);
  const auto [detached, why] =
      shell("/usr/bin/python3 -c \"import h5py; f = h5py.File('" + copy +
            "', 'r+'); f['events/device'].dims[0].detach_scale(f['events/t'])\"");
  ASSERT_EQ(detached, 0) << why;
  const auto [code, out] = xarray_check(copy, "events");
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("events: xarray cannot open it"), std::string::npos) << out;
  std::filesystem::remove(copy);
}

}  // namespace test_run_file_xarray
