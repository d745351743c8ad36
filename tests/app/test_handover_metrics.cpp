// The handover metrics (sim/twinsim/engine/handover_times.hpp,
// docs/SCENARIOS.md "The handover comparison") on small runs of the shipped
// export and import scenarios, each compared with the same metrics
// computed from the run file's /events and /devices alone
// (tests/tools/handover_from_events.py); failures counted under an SM-DP
// outage; the state resumed exactly from a checkpoint, and refused when
// missing or of another version.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_handover_metrics {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::metric_lines;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// "handover.x value" lines into a map.
std::map<std::string, double> handover_metrics(const std::string& text) {
  std::map<std::string, double> m;
  std::istringstream in(text);
  std::string name;
  double value = 0;
  while (in >> name >> value) m[name] = value;
  return m;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Runs `scenario` with `options` (its counts of 150 do not hold at a small
// --devices: exit code 0 or 1) and expects the handover metrics it prints
// equal to handover_from_events.py's for the campaigns `campaigns`
// (index:population:at_s:batch_size:interval_s); those metrics.
std::map<std::string, double> expect_metrics_from_events(const std::string& scenario, const std::string& options,
                                                         const std::string& campaigns, const std::string& name) {
  const std::string out = temp_path(name + ".h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress " + options + " -o " + out);
  EXPECT_LE(r.exit_code, 1) << r.out;
  const std::map<std::string, double> printed = handover_metrics(metric_lines(r.out, "handover."));
  EXPECT_EQ(printed.size(), 7u) << r.out;
  if (!have_h5py()) return printed;
  const std::string listing = temp_path(name + "-from-events.txt");
  EXPECT_EQ(std::system(("/usr/bin/python3 " ESIMTWIN_SOURCE_DIR "/tests/tools/handover_from_events.py " + out + " " +
                         campaigns + " > " + listing)
                            .c_str()),
            0);
  const std::map<std::string, double> computed = handover_metrics(file_text(listing));
  EXPECT_EQ(computed.size(), 7u);
  for (const auto& [metric, value] : computed) {
    EXPECT_TRUE(printed.count(metric)) << metric;
    if (!printed.count(metric)) continue;
    // The summary prints six significant digits.
    EXPECT_NEAR(printed.at(metric), value, 0.05) << metric << "\n" << r.out;
  }
  return printed;
}

// The direct export at 30 trackers: the SM-SR change ordered at 10 min
// (campaign 0), the download at 70 min (campaign 1); the switch timed from
// the change's order.
TEST(HandoverMetrics, DirectExportTimesEachSwitchFromTheChangesOrder) {
  const auto m = expect_metrics_from_events("scenarios/export-direct.yaml", "--devices 30", "0:0:600:30:60 1:0:4200:30:60",
                                            "handover-direct");
  EXPECT_EQ(m.at("handover.ordered"), 30);
  EXPECT_EQ(m.at("handover.done"), 30);
  EXPECT_EQ(m.at("handover.failed"), 0);
  EXPECT_EQ(m.at("handover.sms_per_device"), 13);
  // After the download's order at 70 min: more than an hour.
  EXPECT_GT(m.at("handover.p50_s"), 3600);
  EXPECT_LE(m.at("handover.p50_s"), m.at("handover.p90_s"));
  EXPECT_LE(m.at("handover.p90_s"), m.at("handover.max_s"));
}

// The import at 40 trackers: one download campaign, 30 a minute.
TEST(HandoverMetrics, ImportTimesEachSwitchFromTheDownloadsOrder) {
  const auto m = expect_metrics_from_events("scenarios/import-download-profile.yaml", "--devices 40",
                                            "0:0:600:30:60", "handover-import");
  EXPECT_EQ(m.at("handover.done"), 40);
  EXPECT_EQ(m.at("handover.sms_per_device"), 9);
  EXPECT_LT(m.at("handover.max_s"), 2100);
}

// The delegated export with China Mobile's SM-DP down for its first
// minute: the first batch of 30 orders refused (failed, no SMS), the
// second switched.
TEST(HandoverMetrics, RefusedOrdersCountAsFailedSwitches) {
  const std::string scenario =
      write_temp("handover-refused.yaml", file_text(ESIMTWIN_SOURCE_DIR "/scenarios/export-delegated.yaml") +
                                              "faults:\n  - {at: 10min, target: sm-dp, action: outage, for: 1min}\n");
  const auto m = expect_metrics_from_events(scenario, "--devices 60", "0:0:600:30:60", "handover-refused");
  EXPECT_EQ(m.at("handover.ordered"), 60);
  EXPECT_EQ(m.at("handover.done"), 30);
  EXPECT_EQ(m.at("handover.failed"), 30);
  EXPECT_EQ(m.at("handover.sms_per_device"), 4.5);
}

// A scenario without handover campaigns: all 0.
TEST(HandoverMetrics, ZeroWithoutHandoverCampaigns) {
  const auto r = run_esimtwin("run scenarios/smoke.yaml --no-progress --stop 1min -o " + temp_path("handover-none.h5"));
  const auto m = handover_metrics(metric_lines(r.out, "handover."));
  ASSERT_EQ(m.size(), 7u) << r.out;
  for (const auto& [metric, value] : m) EXPECT_EQ(value, 0) << metric;
}

// A checkpoint between the orders and the switches (30 trackers of the
// delegated export, at 20 min: some switched, some not yet woken) resumes
// to the same handover metrics; one without its handover state, or with
// another version of it, is refused.
TEST(HandoverMetrics, ResumeExactlyAndRefuseAMissingState) {
  std::string text = file_text(ESIMTWIN_SOURCE_DIR "/scenarios/export-delegated.yaml");
  const std::string count = "count: 150";
  ASSERT_NE(text.find(count), std::string::npos);
  text.replace(text.find(count), count.size(), "count: 30");
  for (std::size_t at = text.find("== 150"); at != std::string::npos; at = text.find("== 150", at))
    text.replace(at, 6, "== 30");
  const std::string scenario = write_temp("handover-resume.yaml", text);
  expect_resumes_exactly(scenario, {"20min"}, "handover.done", {"handover."});
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string ck = temp_path("handover-ck.h5");
  ASSERT_LE(run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("handover-ck-run.h5") +
                         " --checkpoint-at 20min --checkpoint " + ck)
                .exit_code,
            1);
  expect_damage_refused(ck, "no-handover", "not a complete checkpoint (no handover)");
  expect_damage_refused(ck, "handover-version-2",
                        "/modem/handover: handover times state: version 2 is not the version this model reads (1)");
}


}  // namespace test_handover_metrics
