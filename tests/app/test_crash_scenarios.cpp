// A platform crash in a campaign (docs/SCENARIOS.md, faults with action
// `crash`; docs/INCIDENTS.md, "Write module crash mid-campaign"): the write
// module loses its packets under way and the reports that reach it while
// down, sends again at its restart what it cannot account for, and still
// writes every card exactly once; a checkpoint in the crash and one after
// the restart resume exactly; two runs give the same run file. The SMSC's
// crash (docs/INCIDENTS.md, "SMSC crash mid-campaign"): checkpoints with
// attempts under way at the crash, and after its restart, resume exactly.
// The SM-SR's crash in an HTTPS campaign (docs/INCIDENTS.md, "SM-SR crash
// in an HTTPS campaign"): the connections while it is down find nothing
// listening, its restart pushes again, every tracker is switched once;
// checkpoints in the crash and after it resume exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"

namespace test_crash_scenarios {

using esimtwin::testing::event_kind;
using esimtwin::testing::EventRow;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::summary_metric;
using esimtwin::testing::temp_path;

const std::string kScenario = "scenarios/incidents/write-module-crash.yaml";
constexpr double kCrash = 850, kRestart = 850 + 600;

TEST(CrashScenarios, TheWriteModuleCrashLosesReportsResendsAndWritesEveryCardOnce) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string out = temp_path("write-module-crash.h5");
  const auto r = run_esimtwin("run " + kScenario + " --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  const std::vector<EventRow> rows = esimtwin::testing::read_event_rows(out);
  const std::uint8_t done = event_kind("ota_done"), por = event_kind("ota_por"), refresh = event_kind("modem_refresh"),
                     submitted = event_kind("sms_submitted");
  std::map<std::uint32_t, int> dones, refreshes;
  std::map<std::uint32_t, std::vector<std::int64_t>> pors;
  for (const EventRow& e : rows) {
    if (e.kind == done) {
      ++dones[e.device];
      // No order ends while the module is down: its reports are lost.
      EXPECT_FALSE(e.t >= kCrash && e.t < kRestart) << "ota_done at " << e.t;
    }
    if (e.kind == refresh) ++refreshes[e.device];
    if (e.kind == por) pors[e.device].push_back(e.value);
    // Nothing leaves the module while it is down.
    if (e.kind == submitted) {
      EXPECT_FALSE(e.t >= kCrash && e.t < kRestart) << "sms_submitted at " << e.t;
    }
  }
  // Every card written once: one order done and one REFRESH per meter.
  ASSERT_EQ(dones.size(), 300u);
  ASSERT_EQ(refreshes.size(), 300u);
  for (const auto& [device, n] : dones) EXPECT_EQ(n, 1) << device;
  for (const auto& [device, n] : refreshes) EXPECT_EQ(n, 1) << device;
  // Each card wrote once (result 00) and answered any other packet of the
  // same write with 01 (already applied) or, a first packet arriving after
  // the resend, "CNTR low" (256 + 2).
  std::size_t already = 0;
  for (const auto& [device, values] : pors) {
    EXPECT_EQ(std::count(values.begin(), values.end(), 0), 1) << device;
    for (const std::int64_t v : values) EXPECT_TRUE(v == 0 || v == 1 || v == 258) << device << ": " << v;
    already += static_cast<std::size_t>(std::count(values.begin(), values.end(), 1));
  }
  EXPECT_GT(already, 0u);
  const double resent = summary_metric(r.out, "ota.resent");
  EXPECT_GT(resent, 0);
  EXPECT_GT(summary_metric(r.out, "ota.reports_lost"), 0);
  EXPECT_GE(summary_metric(r.out, "ota.packets_lost"), 1);
  // Each resend is one more packet than the orders' first attempts.
  EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [&](const EventRow& e) { return e.kind == submitted; }),
            300 + static_cast<std::ptrdiff_t>(resent));
}

TEST(CrashScenarios, CheckpointsInTheCrashAndAfterTheRestartResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  esimtwin::testing::expect_resumes_exactly(kScenario, {"1000s", "1460s"}, "ota.resent", {"ota."});
}

TEST(CrashScenarios, CheckpointsAcrossTheSmscCrashResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // 725 s: answers on their way to the crashed SMSC; 1 030 s: after the
  // restart, the duplicates and the resent orders under way.
  esimtwin::testing::expect_resumes_exactly("scenarios/incidents/smsc-crash-mid-campaign.yaml", {"725s", "1030s"},
                                            "smsc.answers_lost", {"smsc.", "sms.", "ota."});
}

const std::string kSmSrCrash = "scenarios/incidents/sm-sr-crash-https.yaml";
constexpr double kSmSrDown = 31 * 60, kSmSrUp = 34 * 60;

TEST(CrashScenarios, TheSmSrsCrashInAnHttpsCampaignIsPushedAgainAtTheRestart) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string out = temp_path("sm-sr-crash.h5"), again = temp_path("sm-sr-crash-again.h5");
  const auto r = run_esimtwin("run " + kSmSrCrash + " --no-progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  // Each connection the crash refused had its push sent again at the
  // restart: two SMS per tracker (the enable's push, the confirmation's)
  // and one per refusal.
  const double crashed = summary_metric(r.out, "https.crashed");
  EXPECT_EQ(crashed, 66);
  EXPECT_EQ(summary_metric(r.out, "sms.submitted"), 200 + crashed);
  EXPECT_EQ(summary_metric(r.out, "https.sessions"), 200);
  const std::uint8_t done = event_kind("smsr_done"), refresh = event_kind("modem_refresh");
  std::map<std::uint32_t, int> dones, refreshes;
  for (const EventRow& e : esimtwin::testing::read_event_rows(out)) {
    if (e.kind == done) {
      ++dones[e.device];
      // Nothing done while the SM-SR is down.
      EXPECT_FALSE(e.t >= kSmSrDown && e.t < kSmSrUp) << e.device << " at " << e.t;
      if (e.device == 8) {
        EXPECT_GE(e.t, kSmSrUp) << "tracker 8's connection was refused";
      }
    }
    if (e.kind == refresh) ++refreshes[e.device];
  }
  ASSERT_EQ(dones.size(), 100u);
  ASSERT_EQ(refreshes.size(), 100u);
  for (std::uint32_t d = 0; d < 100; ++d) {
    EXPECT_EQ(dones[d], 1) << d;
    EXPECT_EQ(refreshes[d], 1) << d;
  }
  ASSERT_EQ(run_esimtwin("run " + kSmSrCrash + " --no-progress -o " + again).exit_code, 0);
  EXPECT_EQ(esimtwin::testing::run_file_digest(out), esimtwin::testing::run_file_digest(again));
}

TEST(CrashScenarios, CheckpointsInTheSmSrsCrashAndAfterItResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // 32 min: the SM-SR down, pushes taken and connections refused; 36 min:
  // after the restart, the pushes sent again on their way.
  esimtwin::testing::expect_resumes_exactly(kSmSrCrash, {"32min", "36min"}, "https.crashed", {"smsr.", "https.", "sms."});
}

TEST(CrashScenarios, TheCrashRunsTheSameTwice) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string a = temp_path("crash-a.h5"), b = temp_path("crash-b.h5");
  for (const std::string& out : {a, b})
    ASSERT_EQ(run_esimtwin("run " + kScenario + " --no-progress -o " + out).exit_code, 0);
  EXPECT_EQ(esimtwin::testing::run_file_digest(a), esimtwin::testing::run_file_digest(b));
}

}  // namespace test_crash_scenarios
