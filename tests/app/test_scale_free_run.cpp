// Scale-free expectations in a run (docs/SCENARIOS.md, "expectations"):
// `devices` and `devices.<population>` are the counts after --devices, and
// the run prints both sides of an expectation whose right-hand side names a
// metric.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "esimtwin_process.hpp"

namespace test_scale_free_run {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// scenarios/smoke.yaml with its expectations replaced by `list`.
std::string smoke_with(const std::string& name, const std::string& list) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/smoke.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("expectations:");
  EXPECT_NE(at, std::string::npos);
  return write_temp(name, text.substr(0, at) + "expectations:\n" + list);
}

TEST(ScaleFreeRun, DevicesAreTheScaledCountsAndBothSidesArePrinted) {
  const std::string scenario = smoke_with("scale-free.yaml",
                                          "  - \"devices_attached == devices\"\n"
                                          "  - \"devices.meters == 20\"\n"
                                          "  - \"attaches >= 2 * devices.meters\"\n"
                                          "  - \"devices_attached > 1.5 * devices\"\n");
  const auto r = run_esimtwin("run " + scenario + " --devices 20 --stop 10min --no-progress -o " +
                              temp_path("scale-free.h5"));
  EXPECT_EQ(r.exit_code, 1) << r.out;  // the last one fails
  char devices_line[64];
  std::snprintf(devices_line, sizeof devices_line, "\n  %-26s %12d\n", "devices", 20);  // the summary's form
  EXPECT_NE(r.out.find(devices_line), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ok   devices_attached == devices (got 20 == 20)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ok   devices.meters == 20 (got 20)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ok   attaches >= 2 * devices.meters (got "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" >= 40)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  FAIL devices_attached > 1.5 * devices (got 20 > 30)\n"), std::string::npos) << r.out;
}

TEST(ScaleFreeRun, TheSameExpectationsHoldAtTheFullCount) {
  const std::string scenario = smoke_with("scale-free-full.yaml", "  - \"devices_attached == devices\"\n"
                                                                  "  - \"devices.meters == devices\"\n");
  const auto r = run_esimtwin("run " + scenario + " --stop 5min --no-progress -o " + temp_path("scale-free-full.h5"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("  ok   devices_attached == devices (got 200 == 200)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ok   devices.meters == devices (got 200 == 200)\n"), std::string::npos) << r.out;
}


}  // namespace test_scale_free_run
