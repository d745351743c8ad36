// An SM-SR's records restored from an old backup (sim/twinsim/engine/
// sm_sr_backups.hpp; fault `restore-backup` on `sm-sr[:id]`): the backups
// and restores come in time order, a restore sets back only the counters
// that moved and only of the eUICCs the backup held, and the steps and
// backups not yet restored go into checkpoints, whose damage is refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "twinmodels/network/net_time.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinsim/engine/sm_sr_backups.hpp"

namespace test_sm_sr_backups {

using twinsim::SmSrBackups;
namespace pf = twinmodels::platform;
namespace st = twinmodels::state;

// Two SM-SRs; SM-SR-A's records restored at 20 min from the backup of
// 10 min and at 40 min from that of 15 min; SM-SR-B's at 30 min; the HSS's
// at 25 min (none of the SM-SRs' business).
twinsim::Scenario two_sm_srs() {
  const std::string text =
      "general: {name: backups, seed: 5, stop: 1h}\npopulations:\n" +
      twinsim::testing::trackers_population(4, "1min", "20min") +
      "platforms:\n  sm_sr:\n    - {id: SM-SR-A, host: sm-sr-a, address: '8613900200777'}\n"
      "    - {id: SM-SR-B, host: sm-sr-b, address: '8613900200888'}\n"
      "campaigns:\n" + twinsim::testing::switch_trackers_campaign() +
      "faults:\n"
      "  - {at: 40min, target: sm-sr:SM-SR-A, action: restore-backup, backup_at: 15min}\n"
      "  - {at: 20min, target: sm-sr, action: restore-backup, backup_at: 10min}\n"
      "  - {at: 30min, target: sm-sr:SM-SR-B, action: restore-backup, backup_at: 5min}\n"
      "  - {at: 25min, target: hss, action: restore-backup, backup_at: 1min}\n";
  return twinsim::parse_scenario(text, "backups.yaml");
}

twinsim::SimTime minutes(int m) { return static_cast<twinsim::SimTime>(m) * 60'000'000; }

// An eUICC registered with its ISD-R's counter.
void register_euicc(pf::SmSr& smsr, const char* eid, cardcore::ota::Counter counter) {
  pf::Eis eis;
  eis.eid = eid;
  twinmodels::ota::OtaCardConfig isd_r;
  isd_r.counter = counter;
  smsr.register_eis(eis, isd_r);
}

TEST(SmSrBackups, BackupsAndRestoresComeInTimeOrderForTheirSmSrOnly) {
  const twinsim::Scenario s = two_sm_srs();
  SmSrBackups a(s, 0), b(s, 1);
  pf::SmSr smsr(pf::SmSrConfig{});
  for (int m : {10, 15, 20, 40}) {
    EXPECT_EQ(a.next(), minutes(m));
    a.run_next(smsr);
  }
  EXPECT_EQ(a.next(), twinmodels::kNever);
  for (int m : {5, 30}) {
    EXPECT_EQ(b.next(), minutes(m));
    b.run_next(smsr);
  }
  EXPECT_EQ(b.next(), twinmodels::kNever);
}

TEST(SmSrBackups, ARestoreSetsBackTheCountersThatMovedOfTheEuiccsItsBackupHeld) {
  const twinsim::Scenario s = two_sm_srs();
  SmSrBackups backups(s, 1);  // SM-SR-B: backup at 5 min, restore at 30 min
  pf::SmSr smsr(pf::SmSrConfig{});
  register_euicc(smsr, "E1", 4);
  register_euicc(smsr, "E2", 9);
  register_euicc(smsr, "E4", 3);
  backups.run_next(smsr);  // the backup: E1 4, E2 9, E4 3
  smsr.set_counter("E1", 7);
  smsr.set_counter("E4", 6);
  ASSERT_TRUE(smsr.release("E4"));  // handed to another SM-SR (ES7): not set back, not counted
  register_euicc(smsr, "E3", 12);  // registered after the backup: kept as it is
  backups.run_next(smsr);  // the restore
  EXPECT_EQ(smsr.counter("E1"), 4u);
  EXPECT_EQ(smsr.counter("E2"), 9u);
  EXPECT_EQ(smsr.counter("E3"), 12u);
  EXPECT_EQ(smsr.eis("E4"), nullptr);
  EXPECT_EQ(backups.counters_restored(), 1u);
}

TEST(SmSrBackups, ABackupWaitingForItsRestoreGoesIntoTheCheckpoint) {
  const twinsim::Scenario s = two_sm_srs();
  SmSrBackups original(s, 0);
  pf::SmSr smsr(pf::SmSrConfig{});
  register_euicc(smsr, "E1", 4);
  original.run_next(smsr);  // 10 min: backup of fault 1 (E1 4)
  original.run_next(smsr);  // 15 min: backup of fault 0 (E1 4)
  original.run_next(smsr);  // 20 min: fault 1 restored (nothing moved)
  smsr.set_counter("E1", 8);
  cardcore::Bytes saved;
  original.save(saved);

  SmSrBackups copy(s, 0);
  st::Reader r(saved, "test");
  copy.restore(r);
  EXPECT_EQ(r.left(), 0u);
  EXPECT_EQ(copy.next(), minutes(40));
  copy.run_next(smsr);  // 40 min: fault 0's backup restored
  EXPECT_EQ(smsr.counter("E1"), 4u);
  EXPECT_EQ(copy.counters_restored(), 1u);

  // Damage: truncated; a backup of a fault whose backup is not taken yet
  // (steps done 0); a counter beyond 40 bits.
  for (std::size_t n = 0; n < saved.size(); ++n) {
    SmSrBackups b(s, 0);
    st::Reader cut(cardcore::ByteView(saved.data(), n), "test");
    EXPECT_THROW(b.restore(cut), std::invalid_argument) << n;
  }
  cardcore::Bytes early = saved;
  early[0] = 0;
  SmSrBackups b(s, 0);
  st::Reader er(early, "test");
  EXPECT_THROW(
      try { b.restore(er); } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("a backup for fault 0, which has none to restore"), std::string::npos)
            << e.what();
        throw;
      },
      std::invalid_argument);
  cardcore::Bytes big = saved;
  big[big.size() - 2] = 0x01;  // the counter's 7th byte
  st::Reader br(big, "test");
  EXPECT_THROW(b.restore(br), std::invalid_argument);
  EXPECT_EQ(b.next(), minutes(10));  // left as it was
}

}  // namespace test_sm_sr_backups
