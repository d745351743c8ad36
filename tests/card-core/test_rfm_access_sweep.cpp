// The access sweep of Remote File Management (TS 102 226 §5, §7): every EF
// of the domestic profile is read and updated over the air (SCP80, the
// UICC RFM TAR for the files below the MF, the USIM's for the ADF's)
// exactly when the file's rule, read from its EF.ARR record by the
// terminal and decoded by arr_oracle.hpp, allows it for RFM's access
// domain (ADM1, TS 102 226 §7 / remote/rfm.cpp; a PIN whose verification
// is disabled counts as satisfied, TS 102 221 §9.5.1); the script stops at
// the refused command with '69 82'.
#include <optional>

#include "rfm_sweep_fixture.hpp"

namespace test_rfm_access_sweep {

using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::read_or_update_apdu;
using cardcore::testing::swept_length;
using cardcore::testing::upper_hex;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

using RfmAccessSweep = cardcore::testing::RfmSweepCard;

TEST_F(RfmAccessSweep, EveryEfIsReadAndUpdatedOverTheAirExactlyAsItsAccessRuleAllows) {
  int allowed = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const ota::Tar tar = in_adf(i) ? remote::kTarUsimRfm : remote::kTarUiccRfm;
    const unsigned length = swept_length(f);
    for (const bool update : {false, true}) {
      SCOPED_TRACE(update ? "UPDATE" : "READ");
      const Bytes rule = fresh_card_and_rule(i);
      const bool may = oracle::mode_allowed(rule, update ? 0x02 : 0x01, rfm_keys());
      const std::string command = read_or_update_apdu("00", f, length, update);
      const std::string por = rfm_by_submit(tar, select_apdu(i) + command);
      // The PoR's data (TS 102 226 §5.1.2): the number of commands run, the
      // last one's status word, then its data.
      ASSERT_GE(por.size(), 6u) << por;
      EXPECT_EQ(por.substr(0, 6), may ? "029000" : "026982") << por;
      if (may && !update) {
        // The data is the file's, as the terminal reads it with ADM1.
        ASSERT_EQ(send("0020000A08" + upper_hex(prof().find_pin(key_ref::kAdm1)->value)), "9000");
        if (in_adf(i)) select_usim();
        ASSERT_EQ(send(select_apdu(i)), "9000");
        EXPECT_EQ(por.substr(6) + "9000", send(command));
      }
      (may ? allowed : refused)++;
    }
  }
  EXPECT_GT(allowed, 60);
  EXPECT_GT(refused, 4);
}

// The SIM's RFM (TS 31.116, the SIM RFM TAR, CLA 'A0', DF.GSM current at
// the start): every EF the GSM application serves, selected from the MF
// (TS 51.011 §9.2.1), read and updated exactly as the same rule allows it
// for RFM's access domain; a refusal is the SIM's '98 04' (§9.4.5).
TEST_F(RfmAccessSweep, EveryGsmEfIsReadAndUpdatedOverTheAirExactlyAsItsAccessRuleAllows) {
  int files = 0, allowed = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0 || in_adf(i)) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    // A file the GSM application does not have ('94 04' to the terminal)
    // is left out.
    if (!gsm_serves(i)) continue;
    unsigned count = 0;
    const std::string selects = gsm_selects(i, count);
    ++files;
    const unsigned length = swept_length(f);
    for (const bool update : {false, true}) {
      SCOPED_TRACE(update ? "UPDATE" : "READ");
      const Bytes rule = fresh_card_and_rule(i);
      const bool may = oracle::mode_allowed(rule, update ? 0x02 : 0x01, rfm_keys());
      const std::string command = read_or_update_apdu("A0", f, length, update);
      const std::string por = rfm_by_submit(remote::kTarSimRfm, selects + command);
      ASSERT_GE(por.size(), 6u) << por;
      EXPECT_EQ(por.substr(0, 6), hex8(count + 1) + (may ? "9000" : "9804")) << por;
      if (may && !update) {
        EXPECT_EQ(por.size(), 6 + 2 * length);
      }
      (may ? allowed : refused)++;
    }
  }
  EXPECT_GT(files, 20);
  EXPECT_GT(allowed, 30);
  EXPECT_GT(refused, 2);
}

}  // namespace test_rfm_access_sweep
