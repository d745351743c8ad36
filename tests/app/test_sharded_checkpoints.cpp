// Checkpoints of sharded runs (docs/CHECKPOINTS.md, docs/SCALING.md
// "Sharded runs"): rank 0 writes every rank's devices in the unsharded
// layout, marked sharded; a run resumed from it on one rank or two goes on
// exactly as the original did (the cards' wear, faults and a traced device
// included); the same checkpoint comes from one rank and two; an
// interrupted sharded run leaves a checkpoint to go on from; a sharded
// run's checkpoint is resumed sharded only, and an unsharded one unsharded;
// a resumed sharded run's own checkpoint resumes too; one cut short is
// refused by name.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "sharded_modem_scenario.hpp"

namespace test_sharded_checkpoints {

using esimtwin::testing::have_h5py;
using esimtwin::testing::summary_metrics;
using esimtwin::testing::python_output;
using esimtwin::testing::python_tool;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::run_shell;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

const std::string& kMpirun = esimtwin::testing::kMpirunInSource;

// Hot cards, cards worn out by their history, HSS faults (an outage, a
// backup restored, a power loss) and device 2 traced, on two multiplexers.
std::string scenario() {
  return write_temp("sharded-ck.yaml",
                    "general: {name: sharded-ck, seed: 5, stop: 40min}\n"
                    "populations:\n"
                    "  - {name: hot, count: 20, grade: consumer, temperature: {mean_c: 100}, "
                    "start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min}}\n"
                    "  - {name: worn, count: 3, grade: consumer, temperature: {mean_c: 84, daily_amplitude_c: 1}, "
                    "nvm_history: 150000, start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min}}\n"
                    "  - {name: mild, count: 20, grade: industrial, "
                    "start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min}}\n"
                    "faults:\n"
                    "  - {at: 8min, target: hss, action: outage, for: 1min}\n"
                    "  - {at: 20min, target: hss, action: restore-backup, backup_at: 10min}\n"
                    "  - {at: 25min, target: device:4, action: power-loss, restart: 20s}\n"
                    "trace:\n  devices: [2]\n"
                    "engine: {multiplexers: 2}\n");
}

// Runs `sc` sharded on two ranks with checkpoints at `at` (--checkpoint-at)
// into NAME-{t}.h5, resumes each of `times` (their {t}) on one rank and on
// `ranks`, and expects every row after the checkpoint, the device table
// and the metrics at the end (the counters so far counted once) to be the
// original's. A resumed run takes the original's later checkpoints too: a
// checkpoint's drain holds requests and the SMSC's attempts back. Returns
// the original run's output.
std::string expect_sharded_resumes(const std::string& sc, const std::string& name, const std::string& at,
                                   const std::vector<std::string>& times, int ranks) {
  const std::string a = temp_path(name + "-a.h5"), ck = temp_path(name + "-{t}.h5");
  const auto r = run_shell(kMpirun + "2 " ESIMTWIN_BINARY " run " + sc + " --sharded --no-progress -o " + a +
                           " --checkpoint '" + ck + "' --checkpoint-at " + at);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::string resumed;
  for (std::size_t i = 0; i < times.size(); ++i) {
    const std::string& t = times[i];
    std::string later;
    for (std::size_t j = i + 1; j < times.size(); ++j) later += (later.empty() ? "" : ",") + times[j];
    const std::string again = later.empty() ? "" : " --checkpoint-at " + later + " --checkpoint '" +
                                                       temp_path(name + "-again-" + std::to_string(i) + "-{t}.h5") + "'";
    const std::string file = temp_path(name + "-" + t + ".h5");
    EXPECT_TRUE(std::filesystem::exists(file)) << file;
    const std::string b1 = temp_path(name + "-b1-" + t + ".h5");
    const std::string bn = temp_path(name + "-b" + std::to_string(ranks) + "-" + t + ".h5");
    const auto s1 = run_esimtwin("resume " + file + " --sharded --no-progress -o " + b1 + again);
    EXPECT_EQ(s1.exit_code, 0) << s1.out;
    const auto sn = run_shell(kMpirun + std::to_string(ranks) + " " ESIMTWIN_BINARY " resume " + file +
                              " --sharded --no-progress -o " + bn + again);
    EXPECT_EQ(sn.exit_code, 0) << sn.out;
    EXPECT_EQ(summary_metrics(s1.out), summary_metrics(r.out)) << t;
    EXPECT_EQ(summary_metrics(sn.out), summary_metrics(r.out)) << t;
    resumed += " " + b1 + " " + bn;
  }
  const std::string tools = ESIMTWIN_SOURCE_DIR "/tests/tools/";
  EXPECT_EQ(python_output(tools + "compare_resumed_run.py " + a + resumed + " && echo same"), "same\n");
  return r.out;
}

TEST(ShardedCheckpoints, ResumeOnOneRankOrTwoAsTheOriginalGoesOn) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  const std::string sc = scenario();
  // On two ranks: within the outage, and after the backup's restore; each
  // checkpoint resumed on one rank and on two.
  const std::string out = expect_sharded_resumes(sc, "sck", "510s,21min", {"510s", "1260s"}, 2);
  EXPECT_NE(out.find("sck-510s.h5 at 510.0"), std::string::npos) << out;
  // The same checkpoints from one rank.
  const std::string one = temp_path("sck-one.h5"), ck_one = temp_path("sck-one-{t}.h5");
  const auto r1 = run_esimtwin("run " + sc + " --sharded --no-progress -o " + one + " --checkpoint '" + ck_one +
                               "' --checkpoint-at 510s,21min");
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  // One rank's checkpoints hold what two ranks' hold (h5py: every dataset
  // and attribute but the file names).
  const std::string same_checkpoints =
      "-c \"import h5py,numpy,sys\n"
      "def items(f):\n"
      "  out={}\n"
      "  f.visititems(lambda n,o: out.__setitem__(n, o[()] if isinstance(o,h5py.Dataset) else None))\n"
      "  for n,o in [('/',f)]+[(n,f[n]) for n in out]:\n"
      "    for k,v in o.attrs.items(): out[n+'@'+k]=v\n"
      "  return out\n"
      "ok=True\n"
      "for t in ['510s','1260s']:\n"
      "  x=items(h5py.File('" + temp_path("sck-") + "'+t+'.h5','r')); y=items(h5py.File('" + temp_path("sck-one-") +
      "'+t+'.h5','r'))\n"
      "  ok = ok and x.keys()==y.keys() and all(numpy.array_equal(x[k],y[k]) for k in x if 'DIMENSION' not in k and "
      "'REFERENCE' not in k)\n"
      "print('same' if ok else 'different')\"";
  EXPECT_EQ(python_output(same_checkpoints), "same\n");
  // What the checkpoints carried: hot cards, worn cards, the outage's
  // rejections and the power loss.
  EXPECT_EQ(esimtwin::testing::summary_metric(out, "wear.cards_too_hot"), 20) << out;
  EXPECT_GT(esimtwin::testing::summary_metric(out, "wear.cards_worn"), 0) << out;
  EXPECT_GT(esimtwin::testing::summary_metric(out, "hss.rejected"), 0) << out;
  EXPECT_EQ(esimtwin::testing::summary_metric(out, "power_losses"), 1) << out;
}

// The modem model's state (docs/CHECKPOINTS.md, "Sharded runs"): each
// rank's modems, MME reachability and procedures, its multiplexers' cells
// and NAS congestion control, and its modem counters. Checkpoints of a
// two-rank run in the attach storm after the power cut (MME procedures and
// T3346 under way) and in the SMSC's crash with the exception reports
// going, each resumed on one rank and on two: every row after the
// checkpoint, the device table and the metrics are the original's.
TEST(ShardedCheckpoints, TheModemModelResumesOnOneRankOrTwo) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  const std::string sc = esimtwin::testing::sharded_modem_scenario();
  const std::string out = expect_sharded_resumes(sc, "smck", "605s,970s", {"605s", "970s"}, 2);
  EXPECT_NE(out.find("smck-605s.h5 at 605.0"), std::string::npos) << out;
  // What the checkpoints carry: MME procedures under way.
  const std::string procedures = python_output("-c \"import h5py; print(len(h5py.File('" + temp_path("smck-605s.h5") +
                                               "', 'r')['modem/procedures/device']) > 0)\"");
  EXPECT_EQ(procedures, "True\n");
}

// OneLink's, OneNET's and the chip management platform's state is rank
// 0's, written as unsharded; the devices' reports of the slot a checkpoint
// closes reach them before it is written; each rank's MMEs' detaches under
// way and their counters go to rank 0. Checkpoints of a two-rank run in
// the trackers' power cycle with the meters' suspension under way (T3422
// running for those in PSM), and after the meter switched off with the
// trackers' deactivation under way, resumed on one rank and on two: exact
// (fails when the ranks' detaches under way are not merged).
TEST(ShardedCheckpoints, ThePlatformsResumeOnOneRankOrTwo) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  const std::string sc = esimtwin::testing::sharded_platforms_scenario();
  expect_sharded_resumes(sc, "spck", "3601s,95min", {"3601s", "5700s"}, 2);
}

// International cards' checkpoints: the SM-DP's, the SM-SR's, chip
// management's and OneLink's state is rank 0's; the MMEs' deliveries under
// way of the SM-SR's SMS (the eUICCs in eDRX, waiting for a paging
// occasion) are their ranks', whose SMS-DELIVERs a resumed rank reads from
// the SM-SR's restored state (they crossed with the forward in the
// original). A checkpoint as the first batch of downloads starts (24
// deliveries under way), resumed on one rank and on two: exact; and one of
// the HTTPS export's while sessions run.
TEST(ShardedCheckpoints, InternationalCardsResumeOnOneRankOrTwo) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  const std::string sc = esimtwin::testing::sharded_euicc_scenario();
  expect_sharded_resumes(sc, "seck", "603s", {"603s"}, 2);
  const std::string delivering = python_output(
      "-c \"import h5py; print(len(h5py.File('" + temp_path("seck-603s.h5") + "', 'r')['modem/delivering/device']) > 0)\"");
  EXPECT_EQ(delivering, "True\n");
  // ES5 over HTTPS: a checkpoint asked for while sessions run waits until
  // none does (1.82 s here, as unsharded); the BIP channels cross again
  // after it (bip_crossing.hpp).
  const std::string out = expect_sharded_resumes(ESIMTWIN_SOURCE_DIR "/scenarios/export-enable-https.yaml --devices 20",
                                                 "shck", "1860s", {"1860s"}, 2);
  EXPECT_NE(out.find("shck-1860s.h5 at 1861.82 s"), std::string::npos) << out;
}

// Platforms at nodes (platform_links.hpp): a checkpoint waits until no
// message is on the links, the SMSC held back, the arrivals still taken
// (168 ms here), and the links' state goes with it; resumed on one rank
// and on two, exact. Its links' state damaged, the resume is refused on
// one rank and on two with the state's error.
TEST(ShardedCheckpoints, PlatformsAtNodesResumeOnOneRankOrTwo) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  const std::string out =
      expect_sharded_resumes(ESIMTWIN_SOURCE_DIR "/scenarios/export-direct.yaml", "plck", "4900s", {"4900s"}, 2);
  EXPECT_NE(out.find("plck-4900s.h5 at 4900.168 s"), std::string::npos) << out;
  const std::string bad = temp_path("plck-damaged.h5");
  ASSERT_EQ(python_tool("corrupt_checkpoint.py " + temp_path("plck-4900s.h5") + " " + bad + " links-flipped"), 0);
  const std::string message = "/modem/platform_links: platform links state: CRC-32 does not match";
  const std::string resume = " resume " + bad + " --sharded --no-progress -o " + temp_path("plck-damaged-b.h5");
  for (const auto& r : {run_esimtwin(resume), run_shell(kMpirun + "2 " ESIMTWIN_BINARY + resume)}) {
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << r.out;
  }
}

// A write-card campaign's checkpoints (sms_crossing.hpp): the drain also
// holds the SMSC's attempts back until nothing crosses between the ranks;
// the MMEs' deliveries under way (MT SMS waiting for an eDRX paging
// occasion) come from the devices' ranks. The shipped SMSC crash
// mid-campaign with the meters in eDRX, on four multiplexers: checkpoints
// as the campaign starts (the crash comes within the drain) and as the
// orders are sent again, resumed on one rank and on two, exact.
TEST(ShardedCheckpoints, AWriteCardCampaignResumesOnOneRankOrTwo) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/incidents/smsc-crash-mid-campaign.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(text.find("\nexpectations:\n"), std::string::npos);
  ASSERT_NE(text.find("    connected: 10s\n"), std::string::npos);
  text.insert(text.find("    connected: 10s\n"), "    power_saving: {edrx: {cycle: 20.48s, ptw: 5.12s}}\n");
  text = text.substr(0, text.find("\nexpectations:\n") + 1) +
         "engine: {multiplexers: 4}\n"
         "expectations:\n  - \"ota.done == devices\"\n  - \"smsc.answers_lost > 0\"\n";
  const std::string sc = write_temp("sharded-campaign-ck.yaml", text);
  expect_sharded_resumes(sc, "scck", "722s,1030s", {"722s", "1030s"}, 2);
  // What the checkpoints carry: MT SMS on their way to devices of each rank.
  const std::string delivering = python_output(
      "-c \"import h5py\n"
      "for t in ['722s', '1030s']: print(len(h5py.File('" + temp_path("scck-") + "' + t + '.h5', 'r')['modem/delivering/device']) > 0)\"");
  EXPECT_EQ(delivering, "True\nTrue\n");
}

TEST(ShardedCheckpoints, EachKindOfCheckpointIsResumedItsOwnWay) {
  const std::string sc = "scenarios/attach-100k.yaml --devices 100";
  const std::string sharded = temp_path("kind-sharded.h5"), plain = temp_path("kind-plain.h5");
  ASSERT_EQ(run_esimtwin("run " + sc + " --sharded --no-progress --stop 10min -o " + temp_path("kind-a.h5") +
                         " --checkpoint " + sharded + " --checkpoint-at 5min")
                .exit_code,
            0);
  ASSERT_EQ(run_esimtwin("run " + sc + " --no-progress --stop 10min -o " + temp_path("kind-b.h5") + " --checkpoint " +
                         plain + " --checkpoint-at 5min")
                .exit_code,
            0);
  const auto r1 = run_esimtwin("resume " + sharded + " --no-progress -o " + temp_path("kind-c.h5"));
  EXPECT_EQ(r1.exit_code, 2) << r1.out;
  EXPECT_NE(r1.out.find("a sharded run's checkpoint: resume it with --sharded"), std::string::npos) << r1.out;
  const auto r2 = run_esimtwin("resume " + plain + " --sharded --no-progress -o " + temp_path("kind-d.h5"));
  EXPECT_EQ(r2.exit_code, 2) << r2.out;
  EXPECT_NE(r2.out.find("an unsharded run's checkpoint: resume it without --sharded"), std::string::npos) << r2.out;
  // A resumed sharded run takes a checkpoint of its own, which resumes too.
  const std::string again = temp_path("kind-again.h5"), b = temp_path("kind-h.h5"), c = temp_path("kind-i.h5");
  const auto r5 = run_esimtwin("resume " + sharded + " --sharded --no-progress -o " + b + " --checkpoint " + again +
                               " --checkpoint-at 7min");
  ASSERT_EQ(r5.exit_code, 0) << r5.out;
  ASSERT_EQ(run_esimtwin("resume " + again + " --sharded --no-progress -o " + c).exit_code, 0);
  EXPECT_EQ(esimtwin::testing::python_tool("compare_resumed_run.py " + b + " " + c), 0);
  // A sharded checkpoint cut short: refused, named (as unsharded).
  const std::string cut = temp_path("kind-cut.h5");
  std::filesystem::copy_file(sharded, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
  const auto r4 = run_esimtwin("resume " + cut + " --sharded --no-progress -o " + temp_path("kind-g.h5"));
  EXPECT_EQ(r4.exit_code, 2) << r4.out;
  EXPECT_NE(r4.out.find(cut + ": cannot open"), std::string::npos) << r4.out;
  // A checkpoint that cannot be written: the run ends with the reason, as unsharded.
  const auto r6 = run_esimtwin("run " + sc + " --sharded --no-progress --stop 10min -o " + temp_path("kind-j.h5") +
                               " --checkpoint /nonexistent/dir/ck.h5 --checkpoint-at 5min");
  EXPECT_EQ(r6.exit_code, 2) << r6.out;
  EXPECT_NE(r6.out.find("/nonexistent/dir/ck.h5: checkpoint not written"), std::string::npos) << r6.out;
  // A checkpoint time past the stop: refused before the run, as unsharded.
  const auto r3 = run_esimtwin("run " + sc + " --sharded --no-progress --stop 10min -o " + temp_path("kind-e.h5") +
                               " --checkpoint " + temp_path("kind-f.h5") + " --checkpoint-at 20min");
  EXPECT_EQ(r3.exit_code, 2) << r3.out;
  EXPECT_NE(r3.out.find("must lie after the start"), std::string::npos) << r3.out;
}

TEST(ShardedCheckpoints, AnInterruptedShardedRunLeavesACheckpointToGoOnFrom) {
  if (!have_h5py()) GTEST_FAIL() << "python3-h5py is needed";
  const std::string a = temp_path("si-a.h5"), ck = temp_path("si-ck.h5"), b = temp_path("si-b.h5");
  // 100 simulated hours of 10 000 devices on one rank: still running when
  // the signal comes half a second after the run file appears (10 h took
  // 1-2 s, too close for a fast build).
  const pid_t pid = esimtwin::testing::start_esimtwin({"run", "scenarios/attach-100k.yaml", "--devices", "10000", "--stop",
                                                       "100h", "--sharded", "--no-progress", "-o", a, "--checkpoint", ck});
  ASSERT_GE(pid, 0);
  ASSERT_TRUE(esimtwin::testing::wait_until_running(pid, a));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  // On for ten simulated minutes from the checkpoint.
  const std::string stop = python_output("-c \"import h5py; print(str(float(h5py.File('" + ck +
                                         "','r').attrs['clock_s']) + 600) + 's')\"");
  ASSERT_FALSE(stop.empty());
  const auto r = run_esimtwin("resume " + ck + " --sharded --no-progress --stop " + stop.substr(0, stop.size() - 1) +
                              " -o " + b);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Every row of the interrupted run precedes its checkpoint; the resumed
  // run goes on from there.
  EXPECT_EQ(python_output("-c \"import h5py; a=h5py.File('" + a + "','r'); b=h5py.File('" + b +
                          "','r'); s=float(a.attrs['checkpoint_s']); "
                          "print(int(a.attrs['checkpoint_events']) == len(a['events']['t']) and "
                          "float(b.attrs['resumed_at_s']) == s and 0 < s < 360000 and len(b['events']['t']) > 0)\""),
            "True\n");
}

TEST(ShardedCheckpoints, AResumedRunEndsCleanlyRightAfterAHandOverToASender) {
  // attach-100k at 10 000 devices, its checkpoint at 4399.505 s resumed to
  // 4999.505 s: the last slot hands a batch to a multiplexer's sender on
  // rank 0 just before the run ends, which kills the sender as it wakes.
  // It waited on a condition variable and aborted the run (exit 134, the
  // flaky interrupted-run test above when its stop fell so).
  const std::string a = temp_path("sh-end-a.h5"), ck = temp_path("sh-end-ck.h5"), b = temp_path("sh-end-b.h5");
  const auto r = run_esimtwin("run scenarios/attach-100k.yaml --devices 10000 --stop 4500s --sharded --no-progress -o " + a +
                              " --checkpoint " + ck + " --checkpoint-at 4399.5s");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto resumed = run_esimtwin("resume " + ck + " --sharded --no-progress --stop 4999.505s -o " + b);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("attach_success_ratio"), std::string::npos) << resumed.out;
}

}  // namespace test_sharded_checkpoints
