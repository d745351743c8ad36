// The access sweep of an eUICC's enabled profile (SGP.02: the ISD-P's file
// system is the one the terminal sees): every EF of the China Mobile
// profile, at power-on and with its ADM1 verified, is read and updated
// (BINARY or RECORD, TS 102 221 §11.1.3-6) exactly when its rule, read from
// its EF.ARR record through the eUICC and decoded by arr_oracle.hpp,
// allows it, '69 82' otherwise; DEACTIVATE FILE and ACTIVATE FILE the
// same way. The eUICC goes back to the factory state
// (restore_state) before each file and state.
#include <algorithm>

#include "euicc_sweep_fixture.hpp"

namespace test_euicc_access_sweep {

using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using namespace cardcore;

using EuiccAccessSweep = cardcore::testing::EuiccSweepCard;

TEST_F(EuiccAccessSweep, EveryEfOfTheEnabledProfileIsReadAndUpdatedExactlyAsItsAccessRuleAllows) {
  ASSERT_NE(e.enabled_card(), nullptr);
  e.power_off();
  const Bytes saved = e.save_state();
  int allowed = 0, refused = 0;
  sweep_read_update(saved, {{}, {key_ref::kAdm1}}, allowed, refused);
  EXPECT_GT(allowed, 80);
  EXPECT_GT(refused, 40);
}

// DEACTIVATE FILE and ACTIVATE FILE of the deactivated EF (TS 102 221
// §11.1.14-15: AM b4, b5) of the enabled profile, in the same two states.
// (INCREASE is left out: the profile has no cyclic EF.)
TEST_F(EuiccAccessSweep, EveryEfOfTheEnabledProfileIsDeactivatedAndActivatedExactlyAsItsAccessRuleAllows) {
  ASSERT_NE(e.enabled_card(), nullptr);
  e.power_off();
  const Bytes saved = e.save_state();
  int deactivated = 0, activated = 0, refused = 0;
  sweep_deactivate_activate(saved, {{}, {key_ref::kAdm1}}, deactivated, activated, refused);
  EXPECT_GT(deactivated, 40);
  EXPECT_GT(activated, 40);
  EXPECT_GT(refused, 40);
}

// The disabled profile (SGP.02 §2.2.1.2: only the enabled ISD-P's file
// system is the terminal's): with its ADM1 verified on the enabled one,
// every EF is written with a marker and deactivated and activated where
// its rule allows, and read back. Each read gives the enabled profile's
// bytes, and the disabled profile's card state is byte for byte what it
// was: no command of the terminal reaches it.
TEST_F(EuiccAccessSweep, NoCommandOfTheTerminalReachesTheDisabledProfile) {
  ASSERT_NE(e.enabled_card(), nullptr);
  const Uicc* disabled = e.profile_card(from_hex(cardcore::testing::kIsdP2));
  ASSERT_NE(disabled, nullptr);
  ASSERT_NE(disabled, e.enabled_card());
  const Bytes before = disabled->save_state();
  ASSERT_EQ(verify_adm1(), "9000");
  int written = 0, read_back = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const bool transparent = f.structure == EfStructure::Transparent;
    const unsigned length = transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
    if (length == 0) continue;
    ASSERT_EQ(select(i), "9000");
    // A marker of the file's index over its first bytes or record 1.
    const std::string marker = std::string(2 * length - 2, 'A') + hex8(i & 0xFF);
    const std::string header = transparent ? "00D60000" : f.structure == EfStructure::Cyclic ? "00DC0003" : "00DC0104";
    if (send(header + hex8(length) + marker) != "9000") continue;  // its rule: not even with ADM1
    ++written;
    send("00040000");  // DEACTIVATE FILE and ACTIVATE FILE, where allowed
    send("00440000");
    // Read back where its rule lets ADM1 read (a key file's: never).
    const std::string back = send((transparent ? "00B00000" : "00B20104") + hex8(length));
    if (back != "6982") {
      EXPECT_EQ(back, marker + "9000");
      ++read_back;
    }
  }
  EXPECT_GT(written, 30);
  EXPECT_GT(read_back, 30);
  EXPECT_EQ(disabled->save_state(), before);
}

}  // namespace test_euicc_access_sweep
