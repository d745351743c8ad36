// The access sweep of CREATE FILE (TS 102 222 §6.3) in DFs other than the
// MF: a first-level DF (DF.TELECOM), an ADF (ADF.USIM), a DF in the ADF
// (DF.GSM-ACCESS, whose rule is in the ADF's EF.ARR '6F06') and a
// second-level DF the test creates in DF.TELECOM (its rule in the MF's
// EF.ARR, two DFs up, §9.2.4). Each DF under its own rule and the seven
// others of kCreateRules written into its EF.ARR record; in each security
// state, the DF's CREATE FILE of an EF (AM b2) and of a DF (AM b3) succeeds
// exactly when the rule, read back from the EF.ARR record its FCP names
// as a terminal reads it and decoded by arr_oracle.hpp, allows it, '69 82'
// otherwise; a refused file is not there ('6A 82').
#include <string>
#include <vector>

#include "security_states.hpp"

namespace test_uicc_create_in_df_sweep {

using cardcore::testing::df;
using cardcore::testing::kCreateRules;
using cardcore::testing::kMfArr;
using cardcore::testing::kSecurityStates;
using cardcore::testing::kUsim;
using cardcore::testing::kUsimArr;
using cardcore::testing::SecurityState;
using cardcore::testing::SelectPath;
using cardcore::testing::state_name;
using cardcore::testing::transparent_ef;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

// A DF swept: the SELECTs that make it current (the last one selects it),
// and the EF.ARR its rule is in.
struct SweptDf {
  const char* name;
  SelectPath path;
  SelectPath arr;
  std::string arr_fid;
};

const std::vector<SweptDf> kDfs = {
    {"DF.TELECOM", {"00A4000C023F00", "00A4000C027F10"}, kMfArr, "2F06"},
    {"ADF.USIM", kUsim, kMfArr, "2F06"},
    {"ADF.USIM/DF.GSM-ACCESS", {kUsim[0], "00A4000C025F3B"}, kUsimArr, "6F06"},
    // The DF made by the test (TS 102 222 §6.3), '8B' 2F06 08: record 8, empty in the profile.
    {"DF.TELECOM/DF 5F41", {"00A4000C023F00", "00A4000C027F10", "00A4000C025F41"}, kMfArr, "2F06"},
};

class CreateInDfSweep : public cardcore::testing::SecurityStateCard<cardcore::testing::AdminCard> {};

TEST_F(CreateInDfSweep, FilesAreCreatedInOtherDfsExactlyAsTheirAccessRuleAllows) {
  int created = 0, refused = 0;
  for (const SweptDf& d : kDfs) {
    SCOPED_TRACE(d.name);
    for (const std::string& rule : kCreateRules) {
      SCOPED_TRACE("rule " + (rule.empty() ? std::string("of the profile") : rule));
      for (const SecurityState s : kSecurityStates) {
        SCOPED_TRACE(state_name(s));
        for (const bool ef : {true, false}) {
          SCOPED_TRACE(ef ? "an EF" : "a DF");
          fresh();
          if (d.path.back() == "00A4000C025F41") {
            go({"00A4000C023F00", "00A4000C027F10"});
            ASSERT_EQ(sw(df("5F41", "2F0608").create()), "9000");
          }
          // The DF's rule record, from its FCP.
          const auto [arr, record] = rule_reference(d.path);
          ASSERT_EQ(arr, d.arr_fid);
          if (!rule.empty()) write_rule(record, rule, d.arr);
          const oracle::Keys keys = enter(s);
          const bool allowed = oracle::mode_allowed(rule_record(record, d.arr), ef ? 0x02 : 0x04, keys);
          const std::string fid = ef ? "6F41" : "5F42";
          go(d.path);
          EXPECT_EQ(sw(ef ? transparent_ef(fid, 4).create() : df(fid).create()), allowed ? "9000" : "6982");
          go(d.path);
          EXPECT_EQ(sw("00A4000C02" + fid), allowed ? "9000" : "6A82");
          (allowed ? created : refused)++;
        }
      }
    }
  }
  EXPECT_GT(created, 60);
  EXPECT_GT(refused, 150);
}

}  // namespace test_uicc_create_in_df_sweep
