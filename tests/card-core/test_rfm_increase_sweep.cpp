// The access sweep of INCREASE (TS 102 221 §11.1.8; TS 51.011 §9.2.8 for
// the SIM) over the air: TS 102 226 §7.1 lists INCREASE among the commands
// of Remote File Management. A cyclic EF '6F39' (EF.ACM's shape, 3-byte
// records) is made in DF.TELECOM, ADF.USIM and DF.GSM under each rule of
// kIncreaseRules written into its EF.ARR record; in each terminal security
// state (PIN1 disabled, enabled, verified, ADM1 verified), a script through
// the UICC, USIM or SIM RFM TAR increases it exactly when the rule, read
// back by the terminal and decoded by arr_oracle.hpp, allows it for RFM's
// access domain (ADM1 and the disabled PINs, whatever the terminal
// verified: rfm_sweep_fixture.hpp); a refused INCREASE ends the script
// with '69 82' ('98 04' on the SIM side) and leaves the record as it was.
#include <string>
#include <vector>

#include "rfm_sweep_fixture.hpp"
#include "security_states.hpp"

namespace test_rfm_increase_sweep {

using cardcore::testing::hex8;
using cardcore::testing::kIncreaseRules;
using cardcore::testing::kOpenRule;
using cardcore::testing::kSecurityStates;
using cardcore::testing::kUsim;
using cardcore::testing::kVerifyAdm1;
using cardcore::testing::record_ef;
using cardcore::testing::SecurityState;
using cardcore::testing::SelectPath;
using cardcore::testing::state_name;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

// Where the cyclic EF is and the RFM application that reaches it: the DF
// the terminal makes it in, the script's SELECTs from the DF the session
// starts in (the MF, ADF.USIM, DF.GSM; TS 102 226 §7.1, TS 31.116) and
// their number, and the class of its commands.
struct Target {
  const char* name;
  ota::Tar tar;
  SelectPath df;
  std::string selects;
  unsigned count;
  std::uint8_t cla;
};

const std::vector<Target> kTargets = {
    {"UICC RFM, DF.TELECOM", remote::kTarUiccRfm, {"00A4000C023F00", "00A4000C027F10"},
     "00A4000C027F10" "00A4000C026F39", 2, 0x80},
    {"USIM RFM, ADF.USIM", remote::kTarUsimRfm, kUsim, "00A4000C026F39", 1, 0x80},
    {"SIM RFM, DF.GSM", remote::kTarSimRfm, {"00A4000C023F00", "00A4000C027F20"}, "A0A40000026F39", 1, 0xA0},
};

using RfmIncreaseSweep = cardcore::testing::SecurityStateCard<cardcore::testing::RfmSweepCard>;

TEST_F(RfmIncreaseSweep, ACyclicEfIsIncreasedOverTheAirExactlyAsItsAccessRuleAllows) {
  int increased = 0, refused = 0;
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.name);
    const bool sim = t.cla == 0xA0;
    const std::string cla = hex8(t.cla);
    for (const std::string& rule : kIncreaseRules) {
      SCOPED_TRACE("rule " + rule);
      for (const SecurityState s : kSecurityStates) {
        SCOPED_TRACE(state_name(s));
        // The EF made under EF.ARR record 8 and its record 1 set to
        // '00 00 10' under the open rule, then its rule written (ADM1
        // verified throughout).
        fresh();
        write_rule(8, kOpenRule);
        go(t.df);
        ASSERT_EQ(send(record_ef("6F39", 3, 2, true, "2F0608").create()), "9000");
        ASSERT_EQ(send("00DC000303000010"), "9000");
        write_rule(8, rule);
        enter(s);
        const Bytes r = rule_record(8);
        const oracle::Keys keys = rfm_keys();
        const bool allowed =
            oracle::mode_allowed(r, 0x04, keys) || oracle::command_allowed(r, t.cla, 0x32, 0x00, 0x00, keys);
        // The PoR's data (TS 102 226 §5.1.2): commands run, the last one's
        // status word and data: GET RESPONSE's new record 1 and the value added.
        const std::string por =
            rfm(t.tar, t.selects + cla + "32000003000005" + (sim ? "A0" : "00") + "C0000006");
        EXPECT_EQ(por, allowed ? hex8(t.count + 2) + "9000" "000015000005"
                               : hex8(t.count + 1) + (sim ? "9804" : "6982"));
        (allowed ? increased : refused)++;
        // Refused, the record is as it was (read back with ADM1).
        EXPECT_EQ(send(kVerifyAdm1), "9000");
        go(t.df);
        ASSERT_EQ(send("00A4000C026F39"), "9000");
        EXPECT_EQ(send("00B2010403"), std::string(allowed ? "000015" : "000010") + "9000");
      }
    }
  }
  EXPECT_GT(increased, 60);
  EXPECT_GT(refused, 60);
}

}  // namespace test_rfm_increase_sweep
