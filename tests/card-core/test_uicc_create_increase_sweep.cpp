// The access sweeps of INCREASE (TS 102 221 §11.1.8) and CREATE FILE (TS
// 102 222 §6.3), which the sweeps over the shipped profiles cannot reach:
// their profiles hold no cyclic EF, and creating is the DF's right. A
// cyclic EF is made by CREATE FILE under a rule written into EF.ARR, and
// the MF's own rule is rewritten; then, in each security state (PIN1
// disabled as shipped, enabled and not verified, enabled and verified;
// ADM1 verified), each answer is what the rule, read back from EF.ARR as a
// terminal reads it and decoded by arr_oracle.hpp, allows: INCREASE by AM
// b3 or by an AM_DO naming its instruction '32' (as issuers write it),
// CREATE FILE of an EF by the DF's AM b2, of a DF by b3.
#include <string>
#include <vector>

#include "admin_fixture.hpp"
#include "arr_oracle.hpp"

namespace test_uicc_create_increase_sweep {

using cardcore::testing::AdminCard;
using cardcore::testing::df;
using cardcore::testing::hex8;
using cardcore::testing::kOpenRule;
using cardcore::testing::record_ef;
using cardcore::testing::transparent_ef;
using cardcore::testing::upper_hex;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

constexpr const char* kPin1 = "0020000108" "31323334FFFFFFFF";  // "1234"
constexpr std::uint8_t kPin1Ref = 0x01, kAdm1Ref = 0x0A;

// The security states swept.
enum class State { Shipped, Pin1Enabled, Pin1Verified, Adm1 };
const std::vector<State> kStates = {State::Shipped, State::Pin1Enabled, State::Pin1Verified, State::Adm1};
const char* name_of(State s) {
  switch (s) {
    case State::Shipped: return "PIN1 disabled";
    case State::Pin1Enabled: return "PIN1 enabled, not verified";
    case State::Pin1Verified: return "PIN1 verified";
    case State::Adm1: return "ADM1 verified";
  }
  return "?";
}

// SC_DOs of the rules: always, never, PIN1, ADM1, PIN1 or ADM1, both.
const std::string kAlways = "9000", kNever = "9700", kWithPin1 = "A406830101950108", kWithAdm1 = "A40683010A950108";

std::string spaced(std::string s) {
  std::erase(s, ' ');
  return s;
}
std::string pin1() { return spaced(kWithPin1); }
std::string adm1() { return spaced(kWithAdm1); }
std::string any_of(const std::string& a, const std::string& b) { return "A0" + hex8(static_cast<unsigned>((a.size() + b.size()) / 2)) + a + b; }
std::string all_of(const std::string& a, const std::string& b) { return "AF" + hex8(static_cast<unsigned>((a.size() + b.size()) / 2)) + a + b; }

class CreateIncreaseSweep : public AdminCard {
 protected:
  // A fresh shipped card (PIN1 disabled), ADM1 verified, the MF current.
  void fresh() {
    card = Uicc(cardcore::testing::domestic_profile());
    card.power_on();
    verify_adm1();
  }
  // A reset, then the state asked for; returns the keys it satisfies.
  oracle::Keys enter(State s) {
    if (s == State::Pin1Enabled || s == State::Pin1Verified) {
      select_usim();
      EXPECT_EQ(send("0028000108" "31323334FFFFFFFF"), "9000");  // ENABLE PIN1
    }
    card.power_on();
    oracle::Keys keys;
    for (const PinSpec& p : card.profile().pins)
      if (card.pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    if (s == State::Pin1Verified) {
      EXPECT_EQ(send(kPin1), "9000");
      keys.insert(kPin1Ref);
    }
    if (s == State::Adm1) {
      verify_adm1();
      keys.insert(kAdm1Ref);
    }
    EXPECT_EQ(send("00A4000C023F00"), "9000");
    return keys;
  }
  // EF.ARR (2F06 under the MF) record `record` as READ RECORD gives it.
  Bytes rule_record(unsigned record) {
    EXPECT_EQ(send("00A4000C022F06"), "9000");
    const std::string r = send("00B2" + hex8(record) + "0428");
    EXPECT_EQ(r.substr(r.size() - 4), "9000");
    EXPECT_EQ(send("00A4000C023F00"), "9000");
    return from_hex(r.substr(0, r.size() - 4));
  }
  // The MF's rule record in EF.ARR, from its FCP ('8B': EF.ARR's FID and
  // the record number, TS 102 221 §11.1.1.4.7.3).
  unsigned mf_rule_record() {
    const std::string more = send("00A40004023F00");  // '61 XX': the FCP waits for GET RESPONSE
    EXPECT_EQ(more.substr(0, 2), "61");
    const std::string fcp = send("00C00000" + more.substr(2, 2));
    const Bytes b = from_hex(fcp.substr(0, fcp.size() - 4));
    for (std::size_t i = 2; i + 1 < b.size(); i += 2 + b[i + 1]) {
      if (b[i] == 0x8B && b[i + 1] == 3 && b[i + 2] == 0x2F && b[i + 3] == 0x06) return b[i + 4];
    }
    ADD_FAILURE() << "no EF.ARR reference in the MF's FCP " << fcp;
    return 0;
  }
  std::string sw(const std::string& apdu) {
    const std::string r = send(apdu);
    return r.substr(r.size() - 4);
  }
};

TEST_F(CreateIncreaseSweep, ACyclicEfIsIncreasedExactlyAsItsAccessRuleAllows) {
  // EF.ARR record 8's rules for the cyclic EF '6F40' (read always in each,
  // so that the test reads the record back).
  const std::vector<std::string> rules = {
      kOpenRule,                                              // INCREASE always
      "8001019000" "800104" "8000",                           // read; INCREASE's AM_DO with no SC_DO
      "8001019000" "800104" + pin1(),                         // INCREASE with PIN1
      "8001019000" "800104" + adm1(),                         // with ADM1
      "8001019000" "800104" + kNever,                         // never
      "8001019000" "840132" + kAlways,                        // by its instruction, always
      "8001019000" "840132" + pin1(),                         // by its instruction, with PIN1
      "8001019000" "800104" + any_of(pin1(), adm1()),         // PIN1 or ADM1
      "8001019000" "800104" + all_of(pin1(), adm1()),         // PIN1 and ADM1
      "8001039000",                                           // read and update only
      "8001019000" "8C0280D4" + pin1(),                       // another command named: RESIZE
  };
  int increased = 0, refused = 0;
  for (const std::string& raw : rules) {
    const std::string rule = spaced(raw);
    SCOPED_TRACE("rule " + rule);
    for (const State s : kStates) {
      SCOPED_TRACE(name_of(s));
      // The EF made and its record 1 set to '00 00 10' under the open
      // rule, then its rule written (ADM1 verified throughout).
      fresh();
      put_rule(8, kOpenRule);
      ASSERT_EQ(send(record_ef("6F40", 3, 2, true, "2F0608").create()), "9000");
      ASSERT_EQ(send("00DC000303000010"), "9000");
      put_rule(8, rule);
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
  const std::vector<std::string> rules = {
      "",                                         // the profile's own
      "800102" + kAlways,                         // EFs always
      "800104" + adm1(),                          // DFs with ADM1
      "800106" + pin1(),                          // both with PIN1
      "800106" + kNever,                          // never
      "800106" + any_of(pin1(), adm1()),          // both with PIN1 or ADM1
      "800102" + all_of(pin1(), adm1()),          // EFs with PIN1 and ADM1
      "800101" + kAlways,                         // deleting children only
  };
  int created = 0, refused = 0;
  for (const std::string& raw : rules) {
    const std::string rule = spaced(raw);
    SCOPED_TRACE("rule " + (rule.empty() ? std::string("of the profile") : rule));
    for (const State s : kStates) {
      SCOPED_TRACE(name_of(s));
      for (const bool ef : {true, false}) {
        SCOPED_TRACE(ef ? "an EF" : "a DF");
        fresh();
        const unsigned record = mf_rule_record();
        ASSERT_NE(record, 0u);
        if (!rule.empty()) put_rule(record, rule);
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
