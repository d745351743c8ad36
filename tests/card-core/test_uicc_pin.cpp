// PIN handling, TS 102 221 §9.5 and §11.1.9-13, on the UICC and (CLA 'A0')
// on the GSM SIM side, TS 51.011 §9.2.9-13.
#include "card_fixture.hpp"

namespace test_uicc_pin {

using namespace cardcore;
using cardcore::testing::CardTest;
using cardcore::testing::upper_hex;

class Pin : public CardTest {
 protected:
  const PinSpec& spec(std::uint8_t ref) {
    const PinSpec* p = card.profile().find_pin(ref);
    EXPECT_NE(p, nullptr);
    return *p;
  }
  std::string value(std::uint8_t ref) { return upper_hex(spec(ref).value); }
  std::string puk(std::uint8_t ref) { return upper_hex(spec(ref).puk); }
  static std::string ref_hex(std::uint8_t ref) {
    char b[3];
    std::snprintf(b, sizeof b, "%02X", ref);
    return b;
  }
  std::string verify(std::uint8_t ref, const std::string& v) { return send("002000" + ref_hex(ref) + "08" + v); }
  const std::string wrong = "39393939FFFFFFFF";  // "9999"
};

TEST_F(Pin, Pin2CountsDownBlocksAndUnblocksWithPuk) {
  const std::uint8_t ref = key_ref::kPin2;
  const std::uint8_t max = spec(ref).max_tries;
  EXPECT_EQ(send("00200081"), "63C" + std::to_string(max));
  for (int left = max - 1; left >= 0; --left) {
    EXPECT_EQ(verify(ref, wrong), "63C" + std::to_string(left));
  }
  EXPECT_EQ(verify(ref, value(ref)), "6983");  // blocked: even the right PIN fails
  EXPECT_EQ(send("00200081"), "6983");
  // UNBLOCK: status, a wrong PUK, then the right one with a new PIN.
  const std::uint8_t pmax = spec(ref).puk_max_tries;
  char st[8];
  std::snprintf(st, sizeof st, "63C%X", pmax);
  EXPECT_EQ(send("002C0081"), st);
  EXPECT_EQ(send("002C008110" + wrong + "31313131FFFFFFFF").substr(0, 3), "63C");
  EXPECT_EQ(send("002C008110" + puk(ref) + "3132FFFFFFFFFFFF"), "6A80");  // a 2-digit PIN is malformed
  EXPECT_EQ(send("002C008110" + puk(ref) + "31313131FFFFFFFF"), "9000");
  EXPECT_EQ(verify(ref, value(ref)), "63C" + std::to_string(max - 1));
  EXPECT_EQ(verify(ref, "31313131FFFFFFFF"), "9000");
  EXPECT_EQ(send("00200081"), "9000");
}

TEST_F(Pin, ChangeDisableEnable) {
  const std::uint8_t ref = key_ref::kPin1;
  // The domestic IoT card ships with PIN1 disabled; enable it first.
  ASSERT_TRUE(card.pin_disabled(ref));
  EXPECT_EQ(send("00200001"), "9000");
  EXPECT_EQ(send("0028000108" + wrong).substr(0, 3), "63C");
  EXPECT_EQ(send("0028000108" + value(ref)), "9000");
  EXPECT_FALSE(card.pin_disabled(ref));
  EXPECT_EQ(send("0028000108" + value(ref)), "6985");  // already enabled
  card.power_on();
  EXPECT_EQ(send("00200001").substr(0, 3), "63C");  // enabled and not verified after reset
  // Reads that need PIN1 are refused until it is verified.
  select_usim();
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), "6982");
  EXPECT_EQ(send("0024000110" + value(ref) + "35363738FFFFFFFF"), "9000");
  EXPECT_EQ(send("00B0000009").substr(18), "9000");
  card.power_on();
  EXPECT_EQ(verify(ref, value(ref)).substr(0, 3), "63C");
  EXPECT_EQ(verify(ref, "35363738FFFFFFFF"), "9000");
  EXPECT_EQ(send("0026000108" + std::string("35363738FFFFFFFF")), "9000");
  EXPECT_TRUE(card.pin_disabled(ref));
  EXPECT_EQ(send("0024000110" + std::string("35363738FFFFFFFF") + value(ref)), "6985");  // disabled: no change
}

TEST_F(Pin, MalformedPinCommands) {
  EXPECT_EQ(send("0020000104" + std::string("31323334")), "6700");
  EXPECT_EQ(send("0020010108" + value(key_ref::kPin1)), "6B00");
  EXPECT_EQ(send("0020000508" + value(key_ref::kPin1)), "6A88");  // no such key reference
  EXPECT_EQ(send("0024000108" + value(key_ref::kPin1)), "6700");
  EXPECT_EQ(send("002C000A"), "6A88");  // ADM has no unblock key
  EXPECT_EQ(send("0026000A08" + value(key_ref::kAdm1)), "6A81");  // ADM cannot be disabled
}

TEST_F(Pin, AdmGrantsUpdateOfAdministrativeFiles) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");  // EF.IMSI: update needs ADM1
  const std::string imsi = send("00B0000009");
  ASSERT_EQ(imsi.substr(18), "9000");
  EXPECT_EQ(send("00D6000009" + imsi.substr(0, 18)), "6982");
  EXPECT_EQ(verify(key_ref::kAdm1, value(key_ref::kAdm1)), "9000");
  EXPECT_EQ(send("00D6000009" + std::string("084906001032547698")), "9000");
  EXPECT_EQ(send("00B0000009"), "0849060010325476989000");
  card.power_on();  // verification is volatile, the update is not
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), "0849060010325476989000");
  EXPECT_EQ(send("00D6000009" + imsi.substr(0, 18)), "6982");
}

TEST_F(Pin, GsmSideChvCommands) {
  const std::uint8_t ref = key_ref::kPin2;
  EXPECT_EQ(send("A020000208" + wrong), "9804");
  EXPECT_EQ(send("A020000208" + value(ref)), "9000");
  EXPECT_EQ(send("A020000108" + value(key_ref::kPin1)), "9808");  // CHV1 is disabled
  EXPECT_EQ(send("A028000108" + value(key_ref::kPin1)), "9000");  // ENABLE CHV1
  EXPECT_EQ(send("A020000108" + value(key_ref::kPin1)), "9000");
  for (int i = 0; i < spec(ref).max_tries - 1; ++i) EXPECT_EQ(send("A020000208" + wrong), "9804");
  EXPECT_EQ(send("A020000208" + wrong), "9840");
  EXPECT_EQ(send("A02C000210" + puk(ref) + value(ref)), "9000");
  EXPECT_EQ(send("A020000208" + value(ref)), "9000");
  EXPECT_EQ(send("A020000304" + std::string("31323334")), "6B00");
}

// TS 102 221 §11.1.13: when the UNBLOCK PIN's counter reaches 0 the PIN
// stays blocked for good; the right PUK is refused too, and a reset changes
// nothing (the counters are in NVM).
TEST_F(Pin, PukTriesRunOutForGood) {
  const std::uint8_t ref = key_ref::kPin2;
  for (int i = 0; i < spec(ref).max_tries; ++i) verify(ref, wrong);
  ASSERT_EQ(send("00200081"), "6983");
  const int pmax = spec(ref).puk_max_tries;
  for (int left = pmax - 1; left >= 0; --left) {
    char expected[8];
    std::snprintf(expected, sizeof expected, "63C%X", left);
    EXPECT_EQ(send("002C008110" + wrong + "31313131FFFFFFFF"), expected) << left;
  }
  EXPECT_EQ(send("002C008110" + puk(ref) + "31313131FFFFFFFF"), "6983");  // the right PUK, too late
  EXPECT_EQ(send("002C0081"), "6983");
  card.power_on();
  EXPECT_EQ(send("002C008110" + puk(ref) + "31313131FFFFFFFF"), "6983");
  EXPECT_EQ(verify(ref, value(ref)), "6983");
  EXPECT_EQ(send("00200081"), "6983");
}

// A blocked PIN1 (enabled, its tries used up) keeps the USIM's protected
// files and AUTHENTICATE closed (TS 102 221 §9.5; TS 31.102 §7.1: '6982').
TEST_F(Pin, ABlockedPin1KeepsTheReadsAndAuthenticateClosed) {
  const std::uint8_t ref = key_ref::kPin1;
  ASSERT_EQ(send("0028000108" + value(ref)), "9000");  // enable it
  card.power_on();
  select_usim();
  for (int left = spec(ref).max_tries - 1; left >= 0; --left) EXPECT_EQ(verify(ref, wrong), "63C" + std::to_string(left));
  EXPECT_EQ(verify(ref, value(ref)), "6983");
  ASSERT_EQ(send("00A4000C026F07"), "9000");  // EF.IMSI
  EXPECT_EQ(send("00B0000009"), "6982");
  EXPECT_EQ(send("0088008011" "10" + std::string(32, '0')), "6982");
  card.power_on();  // still blocked after a reset
  EXPECT_EQ(send("00200001"), "6983");
}

// ADM1 has no unblock key: its tries run out for good, and the
// administrative updates stay refused.
TEST_F(Pin, Adm1TriesRunOutForGood) {
  const std::uint8_t ref = key_ref::kAdm1;
  for (int left = spec(ref).max_tries - 1; left >= 0; --left) {
    char expected[8];
    std::snprintf(expected, sizeof expected, "63C%X", left);
    EXPECT_EQ(verify(ref, "3030303030303030"), expected) << left;
  }
  EXPECT_EQ(verify(ref, value(ref)), "6983");
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00D6000009" + std::string("084906001032547698")), "6982");
  EXPECT_NE(send("002C000A10" + std::string(32, '0')), "9000");
  card.power_on();
  EXPECT_EQ(verify(ref, value(ref)), "6983");
}

}  // namespace test_uicc_pin
