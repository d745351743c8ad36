// The access sweep of Remote File Management's other file commands (TS 102
// 226 §5, §7): every EF of the domestic profile, under its own rule and the
// two of kSweptRules written into its EF.ARR record, takes DEACTIVATE FILE
// then ACTIVATE FILE, RESIZE FILE and DELETE
// FILE over the air (the UICC RFM TAR below the MF, the USIM's in the ADF)
// exactly when that rule, read back by the terminal and decoded by
// arr_oracle.hpp, allows them for RFM's access domain; the SIM RFM TAR
// (TS 31.116, CLA 'A0') the same for INVALIDATE and REHABILITATE. (INCREASE
// is left out: the profile has no cyclic EF.)
// A refused command stops the script with '69 82' ('98 04' on the SIM side).
#include <string>

#include "rfm_sweep_fixture.hpp"

namespace test_rfm_admin_access_sweep {

using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::kSweptRules;
using cardcore::testing::new_size;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

class RfmAdminAccessSweep : public cardcore::testing::RfmSweepCard {
 protected:
  // The PoR's first three bytes (TS 102 226 §5.1.2): commands run, then the
  // last one's status word.
  std::string outcome(const ota::Tar& tar, const std::string& script) {
    const std::string por = rfm_by_submit(tar, script);
    EXPECT_GE(por.size(), 6u) << por;
    return por.substr(0, 6);
  }
};

TEST_F(RfmAdminAccessSweep, EveryEfTakesTheOtherFileCommandsOverTheAirExactlyAsItsAccessRuleAllows) {
  int deactivated = 0, activated = 0, resized = 0, deleted = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const ota::Tar tar = in_adf(i) ? remote::kTarUsimRfm : remote::kTarUiccRfm;
    const std::string select = select_apdu(i);
    for (const std::string& written : kSweptRules) {
      SCOPED_TRACE("rule " + (written.empty() ? std::string("of the profile") : written));
      // DEACTIVATE FILE, then ACTIVATE FILE (§11.1.14-15): AM b4 and b5.
      {
        const Bytes rule = fresh_card_and_rule(i, written);
        const bool deactivate = oracle::mode_allowed(rule, 0x08, rfm_keys());
        const bool activate = oracle::mode_allowed(rule, 0x10, rfm_keys());
        EXPECT_EQ(outcome(tar, select + "0004000000" + "0044000000"),
                  !deactivate ? "026982" : activate ? "039000" : "036982");
        deactivated += deactivate;
        activated += deactivate && activate;
        refused += !deactivate + (deactivate && !activate);
      }
      // RESIZE FILE to the size it has (TS 102 222 §6.10): only an AM_DO
      // naming 'D4' gives it; a linked profile EF stays as it is ('69 85'),
      // one the card's created area cannot hold is refused for memory.
      {
        const Bytes rule = fresh_card_and_rule(i, written);
        const bool may = oracle::command_allowed(rule, 0x80, 0xD4, 0x00, 0x00, rfm_keys());
        const std::string got = outcome(tar, select + new_size(hex16(f.fid), f.size).resize());
        if (may) {
          const std::string kept = cardcore::testing::linked_ef(prof(), i) ? "026985" : "029000";
          EXPECT_TRUE(got == kept || got == "026A84") << got;
          resized += got != "026A84";
        } else {
          EXPECT_EQ(got, "026982");
          ++refused;
        }
      }
      // DELETE FILE by FID (§6.4): AM b7; the file is gone for the terminal.
      {
        const Bytes rule = fresh_card_and_rule(i, written);
        const bool may = oracle::mode_allowed(rule, 0x40, rfm_keys());
        // The terminal leaves the EF.ARR it read: a file selected on another
        // channel is not deleted ('69 85', TS 102 222 §6.4.2).
        EXPECT_EQ(send("00A4000C023F00"), "9000");
        EXPECT_EQ(outcome(tar, select + "00E4000002" + hex16(f.fid)), may ? "029000" : "026982");
        if (in_adf(i)) select_usim();
        const std::string after = send(select);
        EXPECT_EQ(after.substr(after.size() - 4), may ? "6A82" : "9000");
        (may ? deleted : refused)++;
      }
    }
  }
  // Each answer seen often.
  EXPECT_GT(deactivated, 80);
  EXPECT_GT(activated, 80);
  EXPECT_GT(resized, 40);
  EXPECT_GT(deleted, 80);
  EXPECT_GT(refused, 200);
}

// The SIM's RFM (the SIM RFM TAR, CLA 'A0'; TS 51.011 §9.2.7-8): INVALIDATE,
// then REHABILITATE, each exactly as the same rule allows it for RFM's
// access domain.
TEST_F(RfmAdminAccessSweep, EveryGsmEfIsInvalidatedAndRehabilitatedOverTheAirExactlyAsItsRuleAllows) {
  int files = 0, invalidated = 0, rehabilitated = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0 || in_adf(i)) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    if (!gsm_serves(i)) continue;
    ++files;
    unsigned count = 0;
    const std::string selects = gsm_selects(i, count);
    for (const std::string& written : kSweptRules) {
      SCOPED_TRACE("rule " + (written.empty() ? std::string("of the profile") : written));
      const Bytes rule = fresh_card_and_rule(i, written);
      const bool invalidate = oracle::mode_allowed(rule, 0x08, rfm_keys());
      const bool rehabilitate = oracle::mode_allowed(rule, 0x10, rfm_keys());
      EXPECT_EQ(outcome(remote::kTarSimRfm, selects + "A004000000" + "A044000000"),
                !invalidate ? hex8(count + 1) + "9804" : hex8(count + 2) + (rehabilitate ? "9000" : "9804"));
      invalidated += invalidate;
      rehabilitated += invalidate && rehabilitate;
      refused += !invalidate + (invalidate && !rehabilitate);
    }
  }
  EXPECT_GT(files, 20);
  EXPECT_GT(invalidated, 20);
  EXPECT_GT(rehabilitated, 20);
  EXPECT_GT(refused, 20);
}

}  // namespace test_rfm_admin_access_sweep
