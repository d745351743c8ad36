// The source document's application scenarios (§2.1-§2.3, §2.5, §2.6) as
// runnable populations: scenarios/apps/*.yaml, docs/APPLICATIONS.md. Each
// runs at a small scale (--devices 200), passes its own expectations and
// shows the application's point: the number written over the air after
// deployment (wearables, locks), the car's number or profile for its
// country of sale, the meters' readings at OneNET and OneLink, the alarms'
// bursts through the cell without congestion. A run with exception-report
// faults resumes exactly from a checkpoint in the middle of a burst.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_application_scenarios {

using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::python_tool;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// The metrics of a run's printed summary: "  <name>  <value>" lines.
std::map<std::string, double> summary_metrics(const std::string& out) {
  std::map<std::string, double> m;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  ", 0) != 0 || line.rfind("   ", 0) == 0) continue;
    std::istringstream words(line);
    std::string name, value;
    if (!(words >> name >> value) || (words >> std::ws, !words.eof())) continue;
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (end && *end == '\0') m[name] = v;
  }
  return m;
}

struct AppRun {
  int exit_code = -1;
  std::string out;
  std::string run_file;
  std::map<std::string, double> metrics;
  double metric(const std::string& name) const {
    const auto it = metrics.find(name);
    return it == metrics.end() ? -1 : it->second;
  }
};

// Runs `scenario` scaled to `devices`; its expectations must all hold.
AppRun run_app(const std::string& scenario, const std::string& devices, const std::string& name) {
  AppRun r;
  r.run_file = temp_path(name + ".h5");
  const auto c = run_esimtwin("run " + scenario + " --devices " + devices + " --no-progress -o " + r.run_file);
  r.exit_code = c.exit_code;
  r.out = c.out;
  r.metrics = summary_metrics(c.out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  return r;
}

// Every device of population `population` has an event of `kind` (with
// `value`, or "any"; within [from_s, to_s) when given) in `run_file`
// (tests/tools/every_device_has.py).
int every_device_has(const std::string& run_file, int population, int kind, const std::string& value,
                     const std::string& window = "") {
  return python_tool("every_device_has.py " + run_file + " " + std::to_string(population) + " " +
                     std::to_string(kind) + " " + value + (window.empty() ? "" : " " + window));
}

// Event kinds (docs/RUN-FILE.md).
constexpr int kConnected = 19, kOtaDone = 52, kEuiccNotification = 58;

TEST(ApplicationScenarios, SummaryMetricsAreReadFromTheRunsOutput) {
  const auto m = summary_metrics("run x: 2 devices\n  ota.done                  2\n  onelink.data_bytes   3.912e+07\n"
                                 "expectations:\n  ok   ota.done == 2 (got 2)\n");
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.at("ota.done"), 2);
  EXPECT_EQ(m.at("onelink.data_bytes"), 3.912e+07);
}

// §2.1: every tracker gets its operating number over the air after its
// user switched it on; those asleep in PSM get it when they next report.
TEST(ApplicationScenarios, WearablesGetTheirNumberOverTheAirAfterDeployment) {
  const AppRun r = run_app("scenarios/apps/wearables.yaml", "200", "wearables");
  EXPECT_EQ(r.metric("ota.done"), 200) << r.out;
  EXPECT_EQ(r.metric("refreshes"), 200) << r.out;
  EXPECT_EQ(r.metric("devices_registered"), 200) << r.out;
  EXPECT_GT(r.metric("sms.absent"), 0) << r.out;  // PSM: the SMSC waited for them
  EXPECT_EQ(r.metric("sms.expired"), 0) << r.out;
  EXPECT_EQ(r.metric("onelink.wrong_profile"), 0) << r.out;
  EXPECT_EQ(r.metric("onelink.sleeping") + r.metric("onelink.online"), 200) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  EXPECT_EQ(every_device_has(r.run_file, 0, kOtaDone, "1"), 0);  // done at the first attempt
}

// §2.2: the cars sold in China end on their new IMSI (write-card), those
// sold in Germany on the German operator's profile (enable-profile).
TEST(ApplicationScenarios, CarsGetTheNumberOfTheirCountryOfSale) {
  const AppRun r = run_app("scenarios/apps/cars.yaml", "200", "cars");
  EXPECT_EQ(r.metric("ota.done"), 140) << r.out;
  EXPECT_EQ(r.metric("smsr.done"), 60) << r.out;
  EXPECT_EQ(r.metric("smsr.notifications"), 60) << r.out;
  EXPECT_EQ(r.metric("refreshes"), 200) << r.out;
  EXPECT_EQ(r.metric("devices_registered"), 200) << r.out;
  EXPECT_EQ(r.metric("onelink.wrong_profile"), 0) << r.out;  // every card on its expected identity
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  EXPECT_EQ(every_device_has(r.run_file, 0, kOtaDone, "any"), 0);
  EXPECT_EQ(every_device_has(r.run_file, 1, kEuiccNotification, "2"), 0);  // profile change succeeded
  EXPECT_NE(every_device_has(r.run_file, 0, kEuiccNotification, "any"), 0);  // the domestic cards have no eUICC
}

// §2.3: a lock in eDRX is pageable: its number reaches it at the first
// attempt, as a remote unlock would.
TEST(ApplicationScenarios, SmartLocksInEdrxTakeTheirNumberAtTheFirstAttempt) {
  const AppRun r = run_app("scenarios/apps/smart-locks.yaml", "200", "locks");
  EXPECT_EQ(r.metric("ota.done"), 200) << r.out;
  EXPECT_EQ(r.metric("sms.attempts"), 200) << r.out;
  EXPECT_EQ(r.metric("sms.delivered"), 200) << r.out;
  EXPECT_EQ(r.metric("onelink.not_offline") + r.metric("onelink.sleeping"), 200) << r.out;
}

// §2.5: every meter's daily readings reach OneNET as data points and
// OneLink as the card's usage, byte for byte.
TEST(ApplicationScenarios, SmartMeterReadingsReachOneNetAndOneLink) {
  const AppRun r = run_app("scenarios/apps/smart-meters.yaml", "200", "meters");
  const double points = r.metric("onenet.datapoints");
  EXPECT_GE(points, 200) << r.out;  // at least one reading a meter in 50 h
  EXPECT_LE(points, 600) << r.out;  // daily: at most three in 50 h
  EXPECT_EQ(r.metric("onenet.datapoint_bytes"), 200 * points) << r.out;
  EXPECT_EQ(r.metric("onelink.data_bytes"), 200 * points) << r.out;
  EXPECT_EQ(r.metric("onenet.devices_online"), 200) << r.out;
  EXPECT_GT(r.metric("onelink.power_saving"), 0) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  EXPECT_EQ(every_device_has(r.run_file, 0, kConnected, "2"), 0);  // each meter's own reading
}

// §2.6: the tower's detectors raise three alarms each; every alarm leaves
// at once, out of PSM, through the cell and the MME without a reject, and
// reaches OneNET on top of the heartbeats.
TEST(ApplicationScenarios, FireAlarmBurstsGetThroughWithoutCongestion) {
  const AppRun r = run_app("scenarios/apps/fire-alarms.yaml", "200", "fire");
  EXPECT_EQ(r.metric("exception_reports"), 60) << r.out;  // 20 detectors, three alarms
  EXPECT_EQ(r.metric("exception_reports_lost"), 0) << r.out;
  EXPECT_EQ(r.metric("rrc_rejected"), 0) << r.out;
  EXPECT_EQ(r.metric("mme.congestion_rejects"), 0) << r.out;
  // The same run without the fire: the alarms are the difference at OneNET.
  const std::string scenario = ESIMTWIN_SOURCE_DIR "/scenarios/apps/fire-alarms.yaml";
  std::ifstream in(scenario);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  const std::size_t faults = s.find("\nfaults:\n"), expectations = s.find("\n# Every alarm");
  ASSERT_NE(faults, std::string::npos);
  ASSERT_NE(expectations, std::string::npos);
  s.erase(faults + 1, expectations - faults);
  s.erase(s.find("\nexpectations:"));
  const AppRun q = run_app(write_temp("fire-quiet.yaml", s), "200", "fire-quiet");
  EXPECT_EQ(q.metric("exception_reports"), 0) << q.out;
  // The alarms are data points on top of the heartbeats; each restarts its
  // detector's heartbeat period, so a few heartbeats due before the stop
  // move past it.
  const double more = r.metric("onenet.datapoints") - q.metric("onenet.datapoints");
  EXPECT_GT(more, 50) << r.out << q.out;
  EXPECT_LE(more, 60) << r.out << q.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // Each tower detector connected for each of its three alarms within the
  // minute of the burst and the seconds of its wake-up and RRC set-up.
  for (const char* burst : {"18000 18070", "18120 18190", "18300 18370"}) {
    SCOPED_TRACE(burst);
    EXPECT_EQ(every_device_has(r.run_file, 1, kConnected, "2", burst), 0);
    EXPECT_NE(every_device_has(r.run_file, 0, kConnected, "2", burst), 0);  // not the city's
  }
}

// A run with exception-report faults resumes exactly from checkpoints
// before the bursts, in the middle of each, and as the last alarms'
// connections end.
TEST(ApplicationScenarios, ARunWithExceptionReportsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("alarms-ck.yaml", R"(general: {name: alarms-ck, seed: 9, stop: 20min}
populations:
  - name: detectors
    count: 30
    device_model: modem
    modem: nb-iot
    power_saving: {t3324: 20s, t3412: 1h}
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 30min, jitter: 2min}
    activity_data: 100B
platforms:
  onenet: {populations: [detectors]}
faults:
  - {at: 8min, target: "population:detectors", action: exception-report, over: 1min}
  - {at: 9min, target: "population:detectors", action: exception-report, over: 1min}
)");
  const auto m = summary_metrics(expect_resumes_exactly(scenario, {"5min", "510s", "570s", "605s"}, "exception_reports", {"exception_reports", "onenet."}));
  EXPECT_EQ(m.at("exception_reports"), 60);  // 30 detectors, two alarms
  EXPECT_EQ(m.at("onenet.datapoints"), 60);  // no heartbeat before 30 min
}

// A device not yet switched on, or in the middle of its attach, has no
// service for its alarm: lost and counted; the others send theirs.
TEST(ApplicationScenarios, AnAlarmWithoutServiceIsCountedLost) {
  const std::string scenario = write_temp("alarms-early.yaml", R"(general: {name: alarms-early, seed: 9, stop: 10min}
populations:
  - name: detectors
    count: 40
    device_model: modem
    modem: nb-iot
    start: {profile: uniform, at: 0s, over: 4min}
    activity: {period: 1h}
    activity_data: 100B
platforms:
  onenet: {populations: [detectors]}
faults:
  - {at: 2min, target: "population:detectors", action: exception-report}
)");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("alarms-early.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto m = summary_metrics(r.out);
  EXPECT_GT(m.at("exception_reports"), 0) << r.out;
  EXPECT_GT(m.at("exception_reports_lost"), 0) << r.out;
  EXPECT_EQ(m.at("exception_reports") + m.at("exception_reports_lost"), 40) << r.out;
  EXPECT_EQ(m.at("onenet.datapoints"), m.at("exception_reports")) << r.out;
}

}  // namespace test_application_scenarios
