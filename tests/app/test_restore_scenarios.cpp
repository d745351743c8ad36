// An SM-SR's records restored from an old backup (docs/SCENARIOS.md, fault
// `restore-backup` on `sm-sr`; docs/INCIDENTS.md, "SM-SR restored from an
// old backup"): its OTA counters go back, every eUICC refuses the next
// campaign's packets as "CNTR low" (PoR 02), the SM-SR's audits find
// nothing run and nothing is applied twice; the campaign after is done. A
// checkpoint between the backup and the restore, and one after the
// restore, resume exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"

namespace test_restore_scenarios {

using esimtwin::testing::event_kind;
using esimtwin::testing::EventRow;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::summary_metric;
using esimtwin::testing::temp_path;

const std::string kScenario = "scenarios/incidents/sm-sr-restore-backup.yaml";
constexpr double kRestore = 3600, kThirdCampaign = 4200, kFourthCampaign = 6000;

TEST(IncidentRestoreScenarios, TheSmSrRestoredFromAnOldBackupFailsTheNextCampaignByCounterLow) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string out = temp_path("sm-sr-restore.h5"), log = temp_path("sm-sr-restore.log");
  const auto r = run_esimtwin("run " + kScenario + " --no-progress -o " + out + " --platform-log " + log);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_EQ(summary_metric(r.out, "smsr.counters_restored"), 60);
  EXPECT_EQ(summary_metric(r.out, "smsr.por_counter_low"), 60);
  // No other PoR error.
  for (const char* m : {"smsr.por_rc_cc_ds_failed", "smsr.por_counter_high", "smsr.por_security_error",
                        "smsr.por_tar_unknown", "smsr.por_below_msl"})
    EXPECT_EQ(summary_metric(r.out, m), 0) << m;
  const std::uint8_t failed = event_kind("smsr_failed"), done = event_kind("smsr_done"), refresh = event_kind("modem_refresh");
  std::map<std::uint32_t, int> failures, dones, refreshes;
  for (const EventRow& e : esimtwin::testing::read_event_rows(out)) {
    if (e.kind == failed) {
      ++failures[e.device];
      // The third campaign's (2: its index), after the restore.
      EXPECT_EQ(e.value, 2) << e.device;
      EXPECT_GE(e.t, kThirdCampaign) << e.device;
    }
    if (e.kind == done) {
      ++dones[e.device];
      // The first two campaigns' before the restore, the fourth's after.
      if (e.value == 3) {
        EXPECT_GE(e.t, kFourthCampaign) << e.device;
      } else {
        EXPECT_LT(e.t, kRestore) << e.device;
      }
    }
    if (e.kind == refresh) ++refreshes[e.device];
  }
  // Each tracker: three functions done, the third campaign's failed, three REFRESHes.
  ASSERT_EQ(failures.size(), 60u);
  ASSERT_EQ(dones.size(), 60u);
  ASSERT_EQ(refreshes.size(), 60u);
  for (std::uint32_t d = 0; d < 60; ++d) {
    EXPECT_EQ(failures[d], 1) << d;
    EXPECT_EQ(dones[d], 3) << d;
    EXPECT_EQ(refreshes[d], 3) << d;
  }
  // The platform log says why: the PoR's status, and the audit's finding.
  std::ostringstream text_of;
  text_of << std::ifstream(log).rdbuf();
  const std::string text = text_of.str();
  std::size_t counter_low = 0;
  const std::string why = "PoR 02 CNTR low; audited: not run";
  for (std::size_t at = text.find(why); at != std::string::npos; at = text.find(why, at + 1))
    ++counter_low;
  EXPECT_EQ(counter_low, 60u);
}

TEST(IncidentRestoreScenarios, CheckpointsBetweenTheBackupAndTheRestoreAndAfterItResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  esimtwin::testing::expect_resumes_exactly(kScenario, {"45min", "65min"}, "smsr.counters_restored", {"smsr."});
}

}  // namespace test_restore_scenarios
