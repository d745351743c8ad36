// An SM-DP's stock backup in a checkpoint (sim/twinsim/engine/
// sm_dp_backups.hpp; fault `restore-backup` on `sm-dp`): a backup waiting
// for its restore round-trips; truncation, a stock state that is none and
// entries out of ICCID order are refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "twinsim/engine/sm_dp_backups.hpp"

namespace test_sm_dp_backups {

namespace st = twinmodels::state;

twinsim::Scenario restore_at_20min() {
  twinsim::Scenario s;
  twinsim::FaultSpec f;
  f.target = twinsim::FaultTarget::SmDp;
  f.action = twinsim::FaultAction::RestoreBackup;
  f.at_s = 1200;
  f.backup_at_s = 600;
  s.faults.push_back(f);
  return s;
}

// One step done (the backup), nothing restored yet, the backup of fault 0
// with two entries; `state` the second's.
cardcore::Bytes saved_backup(const std::string& first, const std::string& second, std::uint8_t state) {
  cardcore::Bytes b;
  st::put_u32(b, 1);
  st::put_u64(b, 0);
  st::put_u32(b, 1);
  st::put_u16(b, 0);
  st::put_u32(b, 2);
  for (const auto& [iccid, s] : {std::pair{first, std::uint8_t{2}}, std::pair{second, state}}) {
    st::put_text(b, iccid);
    st::put_u8(b, s);
    st::put_text(b, "o-" + iccid.substr(iccid.size() - 2));
    st::put_text(b, "89049032000000000000000000000011");
  }
  return b;
}

std::string refusal(const cardcore::Bytes& b) {
  twinsim::SmDpBackups x(restore_at_20min(), 0);
  st::Reader r(b, "SM-DP backups");
  try {
    x.restore(r);
    r.expect_end();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(SmDpBackups, ABackupWaitingForItsRestoreRoundTripsAndDamageIsRefused) {
  const twinsim::Scenario s = restore_at_20min();
  const cardcore::Bytes saved = saved_backup("8949000000000000011", "8949000000000000029", 3);
  twinsim::SmDpBackups b(s, 0);
  st::Reader r(saved, "SM-DP backups");
  b.restore(r);
  r.expect_end();
  EXPECT_EQ(b.next(), 1200 * twinsim::SimTime{1'000'000});
  cardcore::Bytes again;
  b.save(again);
  EXPECT_EQ(again, saved);
  for (std::size_t n = 0; n < saved.size(); ++n)
    EXPECT_NE(refusal(cardcore::Bytes(saved.begin(), saved.begin() + n)), "") << n;
  EXPECT_NE(refusal(saved_backup("8949000000000000011", "8949000000000000029", 4)).find("backup stock state 4 is not one"),
            std::string::npos);
  EXPECT_NE(refusal(saved_backup("8949000000000000029", "8949000000000000011", 0)).find("out of ICCID order"),
            std::string::npos);
  // Another SM-DP's faults: no backup of its to hold.
  twinsim::SmDpBackups other(s, 1);
  st::Reader r1(saved, "SM-DP backups");
  EXPECT_THROW(other.restore(r1), std::invalid_argument);
}

}  // namespace test_sm_dp_backups
