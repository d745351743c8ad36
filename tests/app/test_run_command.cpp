// `esimtwin run` end to end: a small scenario runs, its expectations hold, the
// run file is valid and readable with h5py, the same seed gives an identical
// file, bad input and failed expectations give their exit codes, and a run
// stopped by SIGINT still leaves a valid file that says so.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <fcntl.h>

#include "cardcore/util/bytes.hpp"
#include "esimtwin_process.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_run_command {

using esimtwin::testing::have_h5py;
using esimtwin::testing::python_tool;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::start_esimtwin;
using esimtwin::testing::summary_metric;
using esimtwin::testing::wait_until_running;
using esimtwin::testing::write_temp;

TEST(RunCommand, SmokeScenarioMeetsItsExpectationsAndWritesAValidFile) {
  const std::string out = temp_path("smoke.h5");
  const auto r = run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("attach_success_ratio"), std::string::npos) << r.out;
  const twinsim::RunFileSummary s = twinsim::read_run_file_summary(out);
  EXPECT_EQ(s.schema_version, twinsim::kRunFileSchemaVersion);
  EXPECT_FALSE(s.interrupted);
  EXPECT_EQ(s.devices, 200u);
  EXPECT_GT(s.events, 200u * 5);
  EXPECT_GT(s.apdus, 0u);  // the scenario traces two devices
  EXPECT_NE(s.scenario_text.find("general"), std::string::npos);
}

// The progress line (stderr, a terminal's; --progress prints it anyway):
// its last shows the stop time and the devices attached as the summary
// counts them. --no-progress wins.
TEST(RunCommand, TheProgressLineEndsWithTheRunsFigures) {
  const std::string out = temp_path("progress.h5");
  const auto r = run_esimtwin("run scenarios/smoke.yaml --progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto attached = static_cast<long>(summary_metric(r.out, "devices_attached"));
  EXPECT_GT(attached, 0) << r.out;
  EXPECT_NE(r.out.find("[100.0%] sim 00:30:00 / 00:30:00 |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| attached " + std::to_string(attached) + "/200 |"), std::string::npos) << r.out;
  const auto q = run_esimtwin("run scenarios/smoke.yaml --progress --no-progress -o " + out);
  ASSERT_EQ(q.exit_code, 0) << q.out;
  EXPECT_EQ(q.out.find("[100.0%]"), std::string::npos) << q.out;
}

TEST(RunCommand, SameSeedGivesAnIdenticalRunFile) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("det-a.h5"), b = temp_path("det-b.h5"), c = temp_path("det-c.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + a).exit_code, 0);
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + b).exit_code, 0);
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress --seed 7 -o " + c).exit_code, 0);
  const std::string cmp = "/usr/bin/python3 " ESIMTWIN_SOURCE_DIR "/tests/tools/compare_run_files.py ";
  EXPECT_EQ(std::system((cmp + a + " " + b + " >/dev/null").c_str()), 0);
  EXPECT_NE(std::system((cmp + a + " " + c + " >/dev/null").c_str()), 0);  // another seed: another run
}

TEST(RunCommand, ReadableWithH5pyAsDocumented) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string out = temp_path("h5py.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + out).exit_code, 0);
  const std::string py =
      "/usr/bin/python3 -c \"import h5py,sys; f=h5py.File('" + out + "','r'); "
      "d=f['devices']; n=len(d['device']); a=int(d['attached'][:].sum()); "
      "sys.exit(0 if n==200 and a==200 and f['events']['t'].attrs['units'] in (b's','s') else 1)\"";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

TEST(RunCommand, FailedExpectationExitsWithOne) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/smoke.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("expectations:");
  ASSERT_NE(at, std::string::npos);
  text = text.substr(0, at) + "expectations:\n  - \"devices_attached > 1000000\"\n";
  const std::string scenario = write_temp("failing.yaml", text);
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("failing.h5"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL devices_attached > 1e+06"), std::string::npos) << r.out;
}

TEST(RunCommand, OverridesAndBadInput) {
  const std::string out = temp_path("override.h5");
  auto r = run_esimtwin("run scenarios/smoke.yaml --no-progress --devices 50 --stop 10min -o " + out);
  EXPECT_EQ(r.exit_code == 0 || r.exit_code == 1, true) << r.out;
  EXPECT_EQ(twinsim::read_run_file_summary(out).devices, 50u);
  struct Case { std::string args; std::string message; };
  const Case cases[] = {
      {"run /nonexistent.yaml -o " + out, "/nonexistent.yaml"},
      {"run scenarios/smoke.yaml --seed -3 -o " + out, "--seed"},
      {"run scenarios/smoke.yaml --stop 10 -o " + out, "--stop"},
      {"run scenarios/smoke.yaml --devices 0 -o " + out, "--devices"},
      {"run scenarios/smoke.yaml --trace-device 999999 -o " + out, "--trace-device 999999"},
      {"run scenarios/smoke.yaml -o /nonexistent-dir/x.h5", "/nonexistent-dir/x.h5"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    r = run_esimtwin(c.args + " --no-progress");
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << r.out;
  }
}

TEST(RunCommand, InterruptedRunLeavesAValidFileThatSaysSo) {
  const std::string out = temp_path("interrupted.h5");
  std::remove(out.c_str());
  // 20 simulated hours: still running when the signal comes half a second
  // after the run file appears (the scenario's 2 h take about 1.3 s).
  const pid_t pid = start_esimtwin({"run", "scenarios/attach-100k.yaml", "--stop", "20h", "--no-progress", "-o", out});
  ASSERT_GE(pid, 0);
  ASSERT_TRUE(wait_until_running(pid, out));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const twinsim::RunFileSummary s = twinsim::read_run_file_summary(out);
  EXPECT_TRUE(s.interrupted);
}

TEST(RunCommand, CardsWithOtherMilenageConstantsFailAndRetry) {
  // An operator-constant mismatch (TS 35.206 §4.1 c1..c5) between the cards'
  // profile and the HSS: every AUTHENTICATE is a MAC failure ('9862'); the
  // devices back off and try again, and none attaches.
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::string prof((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = prof.find("\nc = ");
  ASSERT_NE(at, std::string::npos);
  const auto end = prof.find('\n', at + 1);
  prof.replace(at, end - at, "\nc = 00 05 02 04 08");  // c2 differs: AK, hence SQN and MAC, differ
  const std::string profile = write_temp("other-constants.prof", prof);
  const std::string scenario = write_temp("mac-failure.yaml",
      "general: {name: mac-failure, seed: 3, stop: 20min}\n"
      "populations:\n"
      "  - {name: misprovisioned, count: 20, profile: " + profile + ",\n"
      "     start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 5min}}\n"
      "network: {retry_backoff: 30s}\n"
      "expectations:\n"
      "  - \"devices_attached == 0\"\n"
      "  - \"auth_failures >= 40\"\n");
  const std::string out = temp_path("mac-failure.h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  if (!have_h5py()) return;
  // Every failure is a mac_failure event with SW 9862, followed by retries.
  const std::string py =
      "/usr/bin/python3 -c \"import h5py,sys; f=h5py.File('" + out + "','r'); e=f['events']; "
      "names=list(e['kind'].attrs['kinds']); names=[n.decode() if isinstance(n,bytes) else n for n in names]; "
      "k=e['kind'][:]; v=e['value'][:]; mf=names.index('mac_failure'); "
      "sys.exit(0 if (k==mf).sum()>=40 and (v[k==mf]==0x9862).all() else 1)\"";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

// docs/RELIABILITY.md, "Key material in the twin's output": no card's K,
// OPc or OTA key is in a run file (but /apdu, the traced cards' own
// exchanges), the platforms' log or the printed summary; the checkpoint,
// which holds the cards' state, has them (which shows the search finds
// keys where there are some).
TEST(RunCommand, NoCardKeyInTheRunFileThePlatformLogOrTheSummary) {
  const std::string run = temp_path("keys.h5"), log = temp_path("keys.jsonl"), checkpoint = temp_path("keys.ck");
  const std::string summary = temp_path("keys.txt");
  const auto r = run_esimtwin("run scenarios/export-direct.yaml --devices 20 --no-progress -o " + run +
                              " --platform-log " + log + " --checkpoint " + checkpoint + " --checkpoint-at 30min");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ofstream(summary) << r.out;
  // The scenario's seed; subscribers: every profile and write round of the
  // 20 devices (euicc_factory.cpp's profile_subscriber), with room to spare.
  const twinmodels::SubscriberKeyDerivation keys(4401);
  std::ofstream needles(temp_path("keys.hex"));
  for (std::uint64_t s = 0; s < 400; ++s) {
    const auto k = keys.derive(s);
    needles << cardcore::to_hex(k.k) << "\n" << cardcore::to_hex(k.opc) << "\n";
    for (std::uint8_t record = 1; record <= 3; ++record) {
      const cardcore::Bytes stream = keys.ota_key_stream(s, record, 32);
      needles << cardcore::to_hex(cardcore::ByteView(stream).first(16)) << "\n"
              << cardcore::to_hex(cardcore::ByteView(stream).subspan(16)) << "\n";
    }
  }
  needles.close();
  const std::string tool = "find_keys.py " + temp_path("keys.hex");
  EXPECT_EQ(python_tool(tool + " --skip /apdu " + run + " " + log + " " + summary), 0);
  EXPECT_NE(python_tool(tool + " " + checkpoint), 0);
}

// A profile the card factory cannot personalize (its EF.IMSI is 5 bytes,
// the IMSI 9) stops the run before it starts, with the card-core's reason,
// although most cards are made beside the run (docs/ARCHITECTURE.md,
// "Start"): the first and last card of each population are made first.
TEST(RunCommand, AProfileTooSmallForTheImsiStopsTheRunBeforeItStarts) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::string prof((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto replace = [&prof](const std::string& from, const std::string& to) {
    const std::size_t at = prof.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    prof.replace(at, from.size(), to);
  };
  replace("path = 3F00/7FF0/6F07\nstructure = transparent\nsize = 9\n",
          "path = 3F00/7FF0/6F07\nstructure = transparent\nsize = 5\n");
  replace("data = 08 49 06 40 10 32 54 76 98", "data = 08 49 06 40 10");
  replace("path = 3F00/7F20/6F07\nstructure = transparent\nsize = 9\n",
          "path = 3F00/7F20/6F07\nstructure = transparent\nsize = 5\n");
  const std::string profile = temp_path("small-imsi.prof");
  std::ofstream(profile) << prof;
  std::ifstream sc_in(ESIMTWIN_SOURCE_DIR "/scenarios/attach-10k.yaml");
  std::string sc((std::istreambuf_iterator<char>(sc_in)), std::istreambuf_iterator<char>());
  for (std::size_t at; (at = sc.find("profiles/cmcc-domestic-usim.prof")) != std::string::npos;)
    sc.replace(at, std::string("profiles/cmcc-domestic-usim.prof").size(), profile);
  const std::string scenario = temp_path("small-imsi.yaml");
  std::ofstream(scenario) << sc;
  const std::string out = temp_path("small-imsi.h5");
  std::remove(out.c_str());
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("personalize: EF.IMSI is too small"), std::string::npos) << r.out;
  EXPECT_FALSE(std::ifstream(out).good()) << "no run file";
}

}  // namespace test_run_command
