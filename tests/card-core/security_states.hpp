#pragma once
// The INCREASE and CREATE FILE sweeps' card: a fresh domestic card with
// ADM1 verified, rules written into EF.ARR records and read back as a
// terminal reads them (TS 102 221 §9.2.4, expanded format), a DF's rule
// reference from its FCP ('8B', §11.1.1.4.7.3), and the security states the
// sweeps put it in (§9.5.1): PIN1 disabled as shipped, enabled and not
// verified, enabled and verified, ADM1 verified. Also the rules they write.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "admin_fixture.hpp"
#include "arr_oracle.hpp"

namespace cardcore::testing {

enum class SecurityState { Pin1Disabled, Pin1Enabled, Pin1Verified, Adm1 };
inline const std::vector<SecurityState> kSecurityStates = {SecurityState::Pin1Disabled, SecurityState::Pin1Enabled,
                                                           SecurityState::Pin1Verified, SecurityState::Adm1};
inline const char* state_name(SecurityState s) {
  switch (s) {
    case SecurityState::Pin1Disabled: return "PIN1 disabled";
    case SecurityState::Pin1Enabled: return "PIN1 enabled, not verified";
    case SecurityState::Pin1Verified: return "PIN1 verified";
    case SecurityState::Adm1: return "ADM1 verified";
  }
  return "?";
}

// SC_DOs (ISO/IEC 7816-4 §5.4.3.3.2): always, never, user authentication
// with PIN1 or with ADM1 ('A4' { '83' key reference, '95' usage '08' }),
// either of two ('A0'), both ('AF').
namespace sc_do {
inline const std::string kAlways = "9000", kNever = "9700", kPin1 = "A406830101950108", kAdm1 = "A40683010A950108";
inline std::string any_of(const std::string& a, const std::string& b) {
  return "A0" + hex8(static_cast<unsigned>((a.size() + b.size()) / 2)) + a + b;
}
inline std::string all_of(const std::string& a, const std::string& b) {
  return "AF" + hex8(static_cast<unsigned>((a.size() + b.size()) / 2)) + a + b;
}
}  // namespace sc_do

inline std::string without_spaces(std::string s) {
  std::erase(s, ' ');
  return s;
}

// The rules the INCREASE sweeps put a cyclic EF under (read always in each,
// so that the terminal reads the record back): INCREASE (TS 102 221
// §11.1.8) by AM b3 or by an AM_DO naming its instruction '32' (as issuers
// write it), or its class and instruction '80 32'.
inline const std::vector<std::string> kIncreaseRules = {
    without_spaces(kOpenRule),                                  // INCREASE always
    "8001019000" "800104" "8000",                               // read; INCREASE's AM_DO with no SC_DO
    "8001019000" "800104" + sc_do::kPin1,                       // INCREASE with PIN1
    "8001019000" "800104" + sc_do::kAdm1,                       // with ADM1
    "8001019000" "800104" + sc_do::kNever,                      // never
    "8001019000" "840132" + sc_do::kAlways,                     // by its instruction, always
    "8001019000" "840132" + sc_do::kPin1,                       // by its instruction, with PIN1
    "8001019000" "8C028032" + sc_do::kAlways,                   // by its class '80' and instruction, always
    "8001019000" "800104" + sc_do::any_of(sc_do::kPin1, sc_do::kAdm1),  // PIN1 or ADM1
    "8001019000" "800104" + sc_do::all_of(sc_do::kPin1, sc_do::kAdm1),  // PIN1 and ADM1
    "8001039000",                                               // read and update only
    "8001019000" "8C0280D4" + sc_do::kPin1,                     // another command named: RESIZE
};

// The rules the CREATE FILE sweeps give a DF (TS 102 222 §6.3: CREATE FILE
// of an EF by the DF's AM b2, of a DF by b3); "": the profile's own.
inline const std::vector<std::string> kCreateRules = {
    "",                                                         // the profile's own
    "800102" + sc_do::kAlways,                                  // EFs always
    "800104" + sc_do::kAdm1,                                    // DFs with ADM1
    "800106" + sc_do::kPin1,                                    // both with PIN1
    "800106" + sc_do::kNever,                                   // never
    "800106" + sc_do::any_of(sc_do::kPin1, sc_do::kAdm1),       // both with PIN1 or ADM1
    "800102" + sc_do::all_of(sc_do::kPin1, sc_do::kAdm1),       // EFs with PIN1 and ADM1
    "800101" + sc_do::kAlways,                                  // deleting children only
};

// The SELECTs ('0C': no data) that make a file current, in order.
using SelectPath = std::vector<std::string>;
inline const SelectPath kMf = {"00A4000C023F00"};
inline const SelectPath kUsim = {std::string("00A4040C07") + kUsimAidPrefix};
inline const SelectPath kMfArr = {"00A4000C023F00", "00A4000C022F06"};                          // 2F06 in the MF
inline const SelectPath kUsimArr = {std::string("00A4040C07") + kUsimAidPrefix, "00A4000C026F06"};  // 6F06 in the ADF

template <class Card>
class SecurityStateCard : public Card {
 protected:
  // A fresh shipped domestic card (PIN1 disabled), ADM1 verified, the MF current.
  void fresh() {
    this->card = Uicc(domestic_profile());
    this->card.power_on();
    EXPECT_EQ(this->send(kVerifyAdm1), "9000");
  }
  void go(const SelectPath& path) {
    for (const std::string& s : path) EXPECT_EQ(this->send(s), "9000") << s;
  }
  // Record `record` (40 bytes) of the EF.ARR that `arr` makes current, as
  // READ RECORD gives it; the MF current afterwards.
  Bytes rule_record(unsigned record, const SelectPath& arr = kMfArr) {
    go(arr);
    const std::string r = this->send("00B2" + hex8(record) + "0428");
    EXPECT_EQ(r.substr(r.size() - 4), "9000");
    go(kMf);
    return from_hex(r.substr(0, r.size() - 4));
  }
  // Writes `rule` (hex, 'FF' after it) into that record (ADM1 verified);
  // the MF current afterwards.
  void write_rule(unsigned record, const std::string& rule, const SelectPath& arr = kMfArr) {
    Bytes r = from_hex(rule);
    r.resize(40, 0xFF);
    go(arr);
    EXPECT_EQ(this->send("00DC" + hex8(record) + "0428" + upper_hex(r)), "9000");
    go(kMf);
  }
  // The rule reference of the file `path` reaches, from its FCP: SELECT
  // again with '04' (the FCP waits for GET RESPONSE, '61 XX'), its '8B'
  // of EF.ARR's FID and the record number (TS 102 221 §11.1.1.4.7.3).
  std::pair<std::string, unsigned> rule_reference(const SelectPath& path) {
    go(path);
    std::string select = path.back();
    select.replace(6, 2, "04");
    const std::string more = this->send(select);
    EXPECT_EQ(more.substr(0, 2), "61") << select;
    const std::string fcp = this->send("00C00000" + more.substr(2, 2));
    const Bytes b = from_hex(fcp.substr(0, fcp.size() - 4));
    for (std::size_t i = 2; i + 1 < b.size(); i += 2 + b[i + 1]) {
      if (b[i] == 0x8B && b[i + 1] == 3 && i + 4 < b.size()) {
        return {upper_hex(ByteView(b).subspan(i + 2, 2)), b[i + 4]};
      }
    }
    ADD_FAILURE() << "no EF.ARR reference in the FCP " << fcp;
    return {"", 0};
  }
  // A reset, then state `s` (PIN1 enabled first for the states that need
  // it); the keys a terminal satisfies in it. The MF current.
  arr_oracle::Keys enter(SecurityState s) {
    if (s == SecurityState::Pin1Enabled || s == SecurityState::Pin1Verified) {
      go(kUsim);
      EXPECT_EQ(this->send("0028000108" "31323334FFFFFFFF"), "9000");  // ENABLE PIN1 "1234", §11.1.11
    }
    this->card.power_on();
    arr_oracle::Keys keys;
    for (const PinSpec& p : this->card.profile().pins)
      if (this->card.pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    if (s == SecurityState::Pin1Verified) {
      EXPECT_EQ(this->send("0020000108" "31323334FFFFFFFF"), "9000");  // VERIFY PIN1, §11.1.9
      keys.insert(key_ref::kPin1);
    }
    if (s == SecurityState::Adm1) {
      EXPECT_EQ(this->send(kVerifyAdm1), "9000");
      keys.insert(key_ref::kAdm1);
    }
    go(kMf);
    return keys;
  }
};

}  // namespace cardcore::testing
