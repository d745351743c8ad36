// Checkpoints end to end (docs/CHECKPOINTS.md): `esimtwin run --checkpoint-at`
// writes one, `esimtwin resume` continues from it exactly as the original run
// went on (compared row for row by tests/tools/compare_resumed_run.py), also
// past the original stop time, and every damaged checkpoint gets a clear
// error (tests/tools/corrupt_checkpoint.py makes them).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "esimtwin_process.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_checkpoint_command {

using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::python_tool;
using esimtwin::testing::temp_path;
using esimtwin::testing::start_esimtwin;
using esimtwin::testing::wait_until_running;

// A platform under stress, so the checkpoint falls while the HSS has a queue,
// rejects requests and answers are on the wire: three populations started
// differently, three multiplexers, a one-core HSS with a short queue, an odd
// batch window, and traced devices of two populations.
const char* kStorm = R"(general: {name: storm, seed: 7, stop: 6min}
populations:
  - name: meters
    count: 3000
    start: {profile: at-once, at: 1s}
    activity: {period: 2min, jitter: 20s}
  - name: trackers
    count: 701
    modem: lte-m
    start: {profile: exponential, at: 0s, over: 20s}
    activity: {period: 1min, jitter: 10s}
  - name: late
    count: 300
    start: {profile: uniform, at: 2min, over: 1min}
    activity: {period: 3min}
platforms:
  hss: {host: hss, speed: 1Gf, cores: 1, flops_per_vector: 2Mf, flops_per_resync: 2Mf, queue_limit: 400}
network:
  core: {latency: 5ms, bandwidth: 10MBps}
  batch_window: 7ms
  retry_backoff: 2s
engine: {multiplexers: 3}
trace: {devices: [0, 3001]}
)";

std::string storm_file() {
  const std::string path = temp_path("storm.yaml");
  std::ofstream(path) << kStorm;
  return path;
}

TEST(CheckpointCommand, ResumedRunContinuesTheOriginalExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = storm_file();
  // During the power-on storm (queue full, rejections), and later in the
  // periodic phase.
  esimtwin::testing::expect_resumes_exactly(scenario, {"1500ms", "95s"}, "2 written in");
}

// Several times, each checkpoint in its own file named by the time asked
// for ("{t}"), then one every 2 min after the last: 30 s, 2 min, 4 min (6
// min is the stop). The run file lists them in /checkpoints.
TEST(CheckpointCommand, SeveralCheckpointsGoToAFileEach) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("s-a.h5"), ck = temp_path("s-ck-{t}.h5");
  const auto r = run_esimtwin("run " + storm_file() + " --no-progress -o " + a + " --checkpoint '" + ck +
                              "' --checkpoint-at 30s,2min --checkpoint-every 2min");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("3 written in"), std::string::npos) << r.out;
  for (const char* t : {"30s", "120s", "240s"}) {
    const std::string file = temp_path(std::string("s-ck-") + t + ".h5");
    EXPECT_NE(r.out.find("checkpoint " + file + " at "), std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_FALSE(std::filesystem::exists(file + ".partial")) << file;
  }
  const std::string py = "/usr/bin/python3 -c \"import h5py,sys; c=h5py.File('" + a + "','r')['checkpoints']; "
                         "f=[x.decode() for x in c['file'][()]]; "
                         "sys.exit(0 if list(c['requested_s'][()]) == [30, 120, 240] and "
                         "f == ['" + temp_path("s-ck-") + "' + t + '.h5' for t in ('30s', '120s', '240s')] and "
                         "(c['t'][()] >= c['requested_s'][()]).all() and (c['events'][()] > 0).all() else 1)\"";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

TEST(CheckpointCommand, TheStormCheckpointHoldsAQueueAndRejections) {
  // The case above is only a test of in-flight state if there was some: the
  // same run stopped at the checkpoint time shows the HSS rejecting.
  const std::string out = temp_path("short.h5");
  const auto r = run_esimtwin("run " + storm_file() + " --no-progress --stop 1500ms -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto at = r.out.find("hss.rejected");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(std::stod(r.out.substr(at + 12)), 0.0) << r.out;
}

TEST(CheckpointCommand, ResumeCanRunPastTheOriginalStop) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = storm_file();
  const std::string a = temp_path("a.h5"), ck = temp_path("ck-a.h5");
  const std::string longer = temp_path("long.h5"), ck_long = temp_path("ck-long.h5"), b = temp_path("b.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 2min --checkpoint " + ck).exit_code, 0);
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress --stop 9min -o " + longer +
                         " --checkpoint-at 2min --checkpoint " + ck_long).exit_code, 0);
  // The 6-minute run's checkpoint, continued to 9 minutes, is the 9-minute run.
  ASSERT_EQ(run_esimtwin("resume " + ck + " --no-progress --stop 9min -o " + b).exit_code, 0);
  EXPECT_EQ(python_tool("compare_resumed_run.py " + longer + " " + b), 0);
}

TEST(CheckpointCommand, ACheckpointOfAResumedRunResumesToo) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = storm_file();
  const std::string a = temp_path("c-a.h5"), ck1 = temp_path("c-ck1.h5"), b = temp_path("c-b.h5");
  const std::string ck2 = temp_path("c-ck2.h5"), c = temp_path("c-c.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 30s --checkpoint " + ck1).exit_code, 0);
  ASSERT_EQ(run_esimtwin("resume " + ck1 + " --no-progress -o " + b + " --checkpoint-at 4min --checkpoint " + ck2).exit_code, 0);
  ASSERT_EQ(run_esimtwin("resume " + ck2 + " --no-progress -o " + c).exit_code, 0);
  // b is not a's continuation: taking its own checkpoint held b's network
  // for a moment (docs/CHECKPOINTS.md). c continues b exactly.
  EXPECT_EQ(python_tool("compare_resumed_run.py " + b + " " + c), 0);
}

TEST(CheckpointCommand, RunFilesSayWhereTheCheckpointIs) {
  const std::string a = temp_path("mark-a.h5"), ck = temp_path("mark-ck.h5"), b = temp_path("mark-b.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + a + " --checkpoint-at 10min --checkpoint " + ck).exit_code, 0);
  ASSERT_EQ(run_esimtwin("resume " + ck + " --no-progress -o " + b).exit_code, 0);
  EXPECT_FALSE(twinsim::read_run_file_summary(a).interrupted);
  EXPECT_FALSE(twinsim::read_run_file_summary(b).interrupted);
  const std::string py = "/usr/bin/python3 -c \"import h5py,sys; a=h5py.File('" + a + "','r'); b=h5py.File('" + b +
                         "','r'); s=float(a.attrs['checkpoint_s']); "
                         "sys.exit(0 if 600 <= s < 601 and float(b.attrs['resumed_at_s']) == s and "
                         "a.attrs['checkpoint_events'] > 0 and (b['events']['t'][:] > 600).all() else 1)\"";
  if (have_h5py()) {
    EXPECT_EQ(std::system(py.c_str()), 0);
  }
}

TEST(CheckpointCommand, BadRequestsAreRefusedBeforeRunning) {
  const std::string out = temp_path("refused.h5");
  std::remove(out.c_str());
  struct Case {
    std::string args, message;
  } cases[] = {
      {"run scenarios/smoke.yaml --checkpoint-at 1h --checkpoint x.h5", "before the stop time"},
      {"run scenarios/smoke.yaml --checkpoint-at 1min", "--checkpoint-at and --checkpoint-every need --checkpoint FILE"},
      {"run scenarios/smoke.yaml --checkpoint-every 1min", "--checkpoint-at and --checkpoint-every need --checkpoint FILE"},
      {"run scenarios/smoke.yaml --checkpoint x.h5 --checkpoint-every 0s", "--checkpoint-every: must be after 0s"},
      {"run scenarios/smoke.yaml --checkpoint-at soon --checkpoint x.h5", "--checkpoint-at:"},
      {"run scenarios/smoke.yaml --checkpoint-at 1min,soon --checkpoint x.h5", "--checkpoint-at:"},
      {"run scenarios/smoke.yaml --checkpoint-at 2min,1min --checkpoint x.h5",
       "the checkpoint times must be in increasing order (60 s after 120 s)"},
      {"run scenarios/smoke.yaml --checkpoint-at 1min,1h --checkpoint x.h5", "the checkpoint time 3600 s must lie"},
      {"resume no-such-checkpoint.h5", "no-such-checkpoint.h5: no such file"},
      {"resume scenarios/smoke.yaml", "scenarios/smoke.yaml: not an HDF5 file"},
  };
  for (const Case& c : cases) {
    const auto r = run_esimtwin(c.args + " --no-progress -o " + out);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
  }
  std::ifstream created(out);
  EXPECT_FALSE(created.good()) << "no run file is started for a refused request";
}

TEST(CheckpointCommand, ResumeRefusesARunFileAndAStopBeforeTheCheckpoint) {
  const std::string a = temp_path("r-a.h5"), ck = temp_path("r-ck.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + a + " --checkpoint-at 10min --checkpoint " + ck).exit_code, 0);
  auto r = run_esimtwin("resume " + a + " --no-progress -o " + temp_path("r-b.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not an esimtwin checkpoint"), std::string::npos) << r.out;
  r = run_esimtwin("resume " + ck + " --stop 5min --no-progress -o " + temp_path("r-b.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("after the checkpoint's time"), std::string::npos) << r.out;
}

TEST(CheckpointCommand, DamagedCheckpointsGetAClearError) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("d-a.h5"), ck = temp_path("d-ck.h5"), bad = temp_path("d-bad.h5");
  ASSERT_EQ(run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + a + " --checkpoint-at 61s --checkpoint " + ck).exit_code, 0);
  const std::pair<const char*, const char*> damages[] = {
      {"no-format", "not an esimtwin checkpoint"},
      {"newer-version", "checkpoint version 99 is newer than this esimtwin"},
      {"card-magic", "device 3: card state: no \"UIST\" magic"},
      {"card-size", "device 4: card state at bytes"},
      {"cards-longer", "/cards/bytes holds 1 bytes past the last card state"},
      {"population", "device 0: population 1, the scenario says 0"},
      {"device-state", "device 2: state 9 is not a device state"},
      {"queue-count", "the HSS counters say 12345 requests wait"},
      {"foreign-step", "/mux/0/events row 0: device 1 does not belong to this multiplexer"},
      {"sqn-49-bits", "exceeds 48 bits"},
      {"no-queue", "not a complete checkpoint (no queue)"},
      {"unequal-columns", "/devices: columns of unequal length"},
      {"multiplexers", "holds 5 multiplexers, the scenario has 2"},
      {"armed-fault", "device 0: armed fault 999 is not one of the scenario's"},
      {"fault-step", "fault_step 7: the scenario's faults have 0 actions"},
  };
  for (const auto& [damage, message] : damages) {
    ASSERT_EQ(python_tool(std::string("corrupt_checkpoint.py ") + ck + " " + bad + " " + damage), 0) << damage;
    const auto r = run_esimtwin("resume " + bad + " --no-progress -o " + temp_path("d-b.h5"));
    EXPECT_EQ(r.exit_code, 2) << damage << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << damage << "\n" << r.out;
  }
  // Cut short anywhere: the file is no longer a readable HDF5 file.
  std::ifstream in(ck, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const auto r = run_esimtwin("resume " + bad + " --no-progress -o " + temp_path("d-b.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("truncated or damaged"), std::string::npos) << r.out;
}

TEST(CheckpointCommand, PeriodicCheckpointsKeepTheLatestState) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("p-a.h5"), ck = temp_path("p-ck.h5"), b = temp_path("p-b.h5");
  const auto r = run_esimtwin("run " + storm_file() + " --no-progress -o " + a + " --checkpoint " + ck +
                              " --checkpoint-at 30s --checkpoint-every 2min");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("checkpoint " + ck + " at 270"), std::string::npos) << r.out;  // 30 s, 2.5 min, 4.5 min
  EXPECT_NE(r.out.find("3 written in"), std::string::npos) << r.out;
  std::ifstream partial(ck + ".partial");
  EXPECT_FALSE(partial.good()) << "the partial file is renamed over the checkpoint";
  ASSERT_EQ(run_esimtwin("resume " + ck + " --no-progress -o " + b).exit_code, 0);
  EXPECT_EQ(python_tool("compare_resumed_run.py " + a + " " + b), 0);
  const std::string py = "/usr/bin/python3 -c \"import h5py,sys; a=h5py.File('" + a + "','r'); "
                         "sys.exit(0 if int(a.attrs['checkpoints']) == 3 and 270 <= float(a.attrs['checkpoint_s']) < 271 "
                         "else 1)\"";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

TEST(CheckpointCommand, AnInterruptedRunLeavesACheckpointToGoOnFrom) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("i-a.h5"), ck = temp_path("i-ck.h5"), b = temp_path("i-b.h5");
  std::remove(ck.c_str());
  std::remove(a.c_str());
  // 100 simulated hours: still running when the signal comes half a second
  // after the run file appears (10 h of 10 000 devices take 0.8 s in a
  // Release build, start and end included; 100 h about 5 s).
  const pid_t pid = start_esimtwin({"run", "scenarios/attach-100k.yaml", "--devices", "10000", "--stop", "100h",
                                    "--no-progress", "-o", a, "--checkpoint", ck});
  ASSERT_GE(pid, 0);
  ASSERT_TRUE(wait_until_running(pid, a));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(twinsim::read_run_file_summary(a).interrupted);
  // The interrupted run ends right at its checkpoint: every row it has comes
  // before it, and the resumed run goes on from there to the stop time.
  // On for ten simulated minutes from the checkpoint, not the 10 hours.
  const std::string stop = esimtwin::testing::python_output(
      "-c \"import h5py; print(str(float(h5py.File('" + ck + "','r').attrs['clock_s']) + 600) + 's')\"");
  ASSERT_FALSE(stop.empty());
  const auto r = run_esimtwin("resume " + ck + " --no-progress --stop " + stop.substr(0, stop.size() - 1) + " -o " + b);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string py = "/usr/bin/python3 -c \"import h5py,sys; a=h5py.File('" + a + "','r'); b=h5py.File('" + b +
                         "','r'); s=float(a.attrs['checkpoint_s']); "
                         "ok = int(a.attrs['checkpoint_events']) == len(a['events']['t']) and "
                         "float(b.attrs['resumed_at_s']) == s and 0 < s < 360000 and len(b['events']['t']) > 0; "
                         "sys.exit(0 if ok else 1)\"";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

}  // namespace test_checkpoint_command
