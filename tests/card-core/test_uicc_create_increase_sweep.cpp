// The access sweeps of INCREASE (TS 102 221 §11.1.8) and CREATE FILE (TS
// 102 222 §6.3), which the sweeps over the shipped profiles cannot reach:
// their profiles hold no cyclic EF, and creating is the DF's right. A
// cyclic EF is made by CREATE FILE under a rule written into EF.ARR, and
// the MF's own rule is rewritten; then, in each security state (PIN1
// disabled as shipped, enabled and not verified, enabled and verified;
// ADM1 verified), each answer is what the rule, read back from EF.ARR as a
// terminal reads it and decoded by arr_oracle.hpp, allows: INCREASE by AM
// b3 or by an AM_DO naming its instruction '32' (as issuers write it) or
// its class and instruction, CREATE FILE of an EF by the DF's AM b2, of a
// DF by b3. The rules and states are security_states.hpp's.
#include <string>
#include <vector>

#include "security_states.hpp"

namespace test_uicc_create_increase_sweep {

using cardcore::testing::df;
using cardcore::testing::kCreateRules;
using cardcore::testing::kIncreaseRules;
using cardcore::testing::kOpenRule;
using cardcore::testing::kSecurityStates;
using cardcore::testing::record_ef;
using cardcore::testing::SecurityState;
using cardcore::testing::state_name;
using cardcore::testing::transparent_ef;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

class CreateIncreaseSweep : public cardcore::testing::SecurityStateCard<cardcore::testing::AdminCard> {};

TEST_F(CreateIncreaseSweep, ACyclicEfIsIncreasedExactlyAsItsAccessRuleAllows) {
  // EF.ARR record 8 holds the rules of the cyclic EF '6F40'.
  int increased = 0, refused = 0;
  for (const std::string& rule : kIncreaseRules) {
    SCOPED_TRACE("rule " + rule);
    for (const SecurityState s : kSecurityStates) {
      SCOPED_TRACE(state_name(s));
      // The EF made and its record 1 set to '00 00 10' under the open
      // rule, then its rule written (ADM1 verified throughout).
      fresh();
      write_rule(8, kOpenRule);
      ASSERT_EQ(send(record_ef("6F40", 3, 2, true, "2F0608").create()), "9000");
      ASSERT_EQ(send("00DC000303000010"), "9000");
      write_rule(8, rule);
      const oracle::Keys keys = enter(s);
      const Bytes r = rule_record(8);
      const bool allowed =
          oracle::mode_allowed(r, 0x04, keys) || oracle::command_allowed(r, 0x80, 0x32, 0x00, 0x00, keys);
      ASSERT_EQ(send("00A4000C026F40"), "9000");
      // '61 06': the new record and the value added wait for GET RESPONSE.
      EXPECT_EQ(sw("8032000003000005"), allowed ? "6106" : "6982");
      if (allowed) {
        EXPECT_EQ(send("00C0000006"), "000015000005" "9000");
        ++increased;
      } else {
        ++refused;
      }
      // Refused, the record is as it was (read back with ADM1).
      verify_adm1();
      ASSERT_EQ(send("00A4000C026F40"), "9000");
      EXPECT_EQ(send("00B2010403"), std::string(allowed ? "000015" : "000010") + "9000");
    }
  }
  EXPECT_GT(increased, 12);
  EXPECT_GT(refused, 12);
}

TEST_F(CreateIncreaseSweep, FilesAreCreatedInTheMfExactlyAsItsAccessRuleAllows) {
  int created = 0, refused = 0;
  for (const std::string& rule : kCreateRules) {
    SCOPED_TRACE("rule " + (rule.empty() ? std::string("of the profile") : rule));
    for (const SecurityState s : kSecurityStates) {
      SCOPED_TRACE(state_name(s));
      for (const bool ef : {true, false}) {
        SCOPED_TRACE(ef ? "an EF" : "a DF");
        fresh();
        // The MF's rule record in EF.ARR '2F06', from its FCP.
        const auto [arr, record] = rule_reference(cardcore::testing::kMf);
        ASSERT_EQ(arr, "2F06");
        if (!rule.empty()) write_rule(record, rule);
        const oracle::Keys keys = enter(s);
        const bool allowed = oracle::mode_allowed(rule_record(record), ef ? 0x02 : 0x04, keys);
        const std::string fid = ef ? "6F41" : "7F41";
        EXPECT_EQ(sw(ef ? transparent_ef(fid, 4).create() : df(fid).create()), allowed ? "9000" : "6982");
        ASSERT_EQ(send("00A4000C023F00"), "9000");
        EXPECT_EQ(sw("00A4000C02" + fid), allowed ? "9000" : "6A82");
        (allowed ? created : refused)++;
      }
    }
  }
  EXPECT_GT(created, 15);
  EXPECT_GT(refused, 15);
}

}  // namespace test_uicc_create_increase_sweep
