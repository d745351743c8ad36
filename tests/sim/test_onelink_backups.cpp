// OneLink's records restored from an old backup (sim/twinsim/engine/
// onelink_backups.hpp; fault `restore-backup` on `onelink`): the backups
// and restores come in time order, a restore sets back only the
// expectations that moved, and a backup not yet restored goes into the
// checkpoint, whose damage is refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "twinmodels/platform/onelink.hpp"
#include "twinsim/engine/onelink_backups.hpp"

namespace test_onelink_backups {

using twinsim::OneLinkBackups;
namespace pf = twinmodels::platform;
namespace st = twinmodels::state;

// OneLink's records restored at 20 min from the backup of 10 min and at
// 40 min from that of 15 min; the HSS's at 25 min (none of OneLink's business).
twinsim::Scenario restores() {
  return twinsim::parse_scenario(
      "general: {name: onelink-backups, seed: 5, stop: 1h}\n"
      "populations:\n  - {name: meters, count: 4, device_model: modem}\n"
      "platforms:\n  onelink: {populations: [meters]}\n"
      "faults:\n"
      "  - {at: 40min, target: onelink, action: restore-backup, backup_at: 15min}\n"
      "  - {at: 20min, target: onelink, action: restore-backup, backup_at: 10min}\n"
      "  - {at: 25min, target: hss, action: restore-backup, backup_at: 1min}\n",
      "onelink-backups.yaml");
}

twinsim::SimTime minutes(int m) { return static_cast<twinsim::SimTime>(m) * 60'000'000; }

pf::OneLink two_cards() {
  pf::OneLink o;
  o.add_account("a", "A");
  for (const char* iccid : {"89860000000000000011", "89860000000000000029"}) {
    pf::Card c;
    c.iccid = iccid;
    c.expected = {iccid, "460040000000001", "8613800000001"};
    o.add_card("a", c);
  }
  return o;
}

TEST(OneLinkBackups, ARestoreSetsBackTheExpectationsThatMovedInTimeOrder) {
  const twinsim::Scenario s = restores();
  OneLinkBackups b(s);
  pf::OneLink o = two_cards();
  EXPECT_EQ(b.next(), minutes(10));
  b.run_next(o);  // the backup of 10 min
  o.set_expected("89860000000000000011", {"89860000000000000011", "262020000000001", "4915100000001"});
  EXPECT_EQ(b.next(), minutes(15));
  b.run_next(o);  // the backup of 15 min: the moved expectation
  EXPECT_EQ(b.next(), minutes(20));
  b.run_next(o);  // the restore of 20 min: the first card back
  EXPECT_EQ(o.card("89860000000000000011")->expected.imsi, "460040000000001");
  EXPECT_EQ(b.expectations_restored(), 1u);
  EXPECT_EQ(b.next(), minutes(40));
  b.run_next(o);  // the restore of 40 min: the 15 min one's again
  EXPECT_EQ(o.card("89860000000000000011")->expected.imsi, "262020000000001");
  EXPECT_EQ(b.expectations_restored(), 2u);
  EXPECT_EQ(b.next(), twinmodels::kNever);
}

TEST(OneLinkBackups, ABackupWaitingForItsRestoreGoesIntoTheCheckpoint) {
  const twinsim::Scenario s = restores();
  OneLinkBackups a(s);
  pf::OneLink o = two_cards();
  a.run_next(o);  // 10 min
  a.run_next(o);  // 15 min
  cardcore::Bytes saved;
  a.save(saved);
  OneLinkBackups b(s);
  st::Reader r(saved, "OneLink backups");
  b.restore(r);
  r.expect_end();
  EXPECT_EQ(b.next(), minutes(20));
  cardcore::Bytes again;
  b.save(again);
  EXPECT_EQ(again, saved);
  // Each truncation refused, and a backup the steps done cannot have.
  for (std::size_t n = 0; n < saved.size(); ++n) {
    OneLinkBackups c(s);
    st::Reader cut(cardcore::ByteView(saved.data(), n), "OneLink backups");
    EXPECT_THROW(c.restore(cut), std::invalid_argument) << n;
  }
  cardcore::Bytes none_done = saved;
  none_done[0] = 0;  // steps done u32, little-endian: 0 — no backup taken yet
  OneLinkBackups d(s);
  st::Reader bad(none_done, "OneLink backups");
  try {
    d.restore(bad);
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("a backup for fault 0, which has none to restore"), std::string::npos) << e.what();
  }
  cardcore::Bytes too_many = saved;
  too_many[0] = 9;
  OneLinkBackups f(s);
  st::Reader over(too_many, "OneLink backups");
  EXPECT_THROW(f.restore(over), std::invalid_argument);
}

}  // namespace test_onelink_backups
