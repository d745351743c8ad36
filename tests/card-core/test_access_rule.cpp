// Access rules in expanded format, TS 102 221 §9.2.4 / ISO 7816-4 §5.4.3.
#include <gtest/gtest.h>

#include "cardcore/fs/access_rule.hpp"

namespace test_access_rule {

using namespace cardcore;
// READ always; UPDATE with PIN1; ACTIVATE/DEACTIVATE with ADM1.
const char* kTypical = "8001019000 800102A406830101950108 800118A40683010A950108";

TEST(AccessRule, TypicalUsimRule) {
  const Bytes rule = from_hex(kTypical);
  KeySet none, pin1, adm;
  pin1.set(0x01, true);
  adm.set(0x0A, true);
  EXPECT_TRUE(access_allowed(rule, access_mode::kRead, none));
  EXPECT_FALSE(access_allowed(rule, access_mode::kUpdate, none));
  EXPECT_TRUE(access_allowed(rule, access_mode::kUpdate, pin1));
  EXPECT_FALSE(access_allowed(rule, access_mode::kUpdate, adm));
  EXPECT_TRUE(access_allowed(rule, access_mode::kActivate, adm));
  EXPECT_TRUE(access_allowed(rule, access_mode::kDeactivate, adm));
  EXPECT_FALSE(access_allowed(rule, access_mode::kDelete, adm));  // named nowhere: never
  EXPECT_EQ(required_key(rule, access_mode::kRead), 0x00);
  EXPECT_EQ(required_key(rule, access_mode::kUpdate), 0x01);
  EXPECT_EQ(required_key(rule, access_mode::kActivate), 0x0A);
  EXPECT_EQ(required_key(rule, access_mode::kTerminate), 0xFF);
}

TEST(AccessRule, NeverOrAndPadding) {
  KeySet pin1, both;
  pin1.set(0x01, true);
  both.set(0x01, true);
  both.set(0x0A, true);
  // READ never, UPDATE: PIN1 AND ADM1, padded with FF as an EF.ARR record is.
  const Bytes and_rule = from_hex("8001019700 800102AF10A406830101950108A40683010A950108 FFFFFF");
  EXPECT_FALSE(access_allowed(and_rule, access_mode::kRead, both));
  EXPECT_FALSE(access_allowed(and_rule, access_mode::kUpdate, pin1));
  EXPECT_TRUE(access_allowed(and_rule, access_mode::kUpdate, both));
  // UPDATE: PIN1 OR ADM1.
  const Bytes or_rule = from_hex("800102A010A406830101950108A40683010A950108");
  KeySet adm;
  adm.set(0x0A, true);
  EXPECT_TRUE(access_allowed(or_rule, access_mode::kUpdate, adm));
  // Two SC_DOs after one AM_DO: either suffices.
  const Bytes two = from_hex("800102A406830101950108A40683010A950108");
  EXPECT_TRUE(access_allowed(two, access_mode::kUpdate, adm));
  EXPECT_TRUE(access_allowed(two, access_mode::kUpdate, pin1));
  EXPECT_FALSE(access_allowed(two, access_mode::kUpdate, KeySet{}));
}

TEST(AccessRule, MalformedRulesDeny) {
  KeySet all;
  for (std::uint8_t r : {0x01, 0x0A, 0x81, 0x11}) all.set(r, true);
  const char* bad[] = {"", "80", "800101", "80010190", "8001017700", "800101A4"};
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    EXPECT_FALSE(access_allowed(from_hex(hex), access_mode::kRead, all));
  }
}

// An AM_DO of instruction type (ISO/IEC 7816-4 §5.4.3.3.1) that gives the
// class names the class of TS 102 221 §10.1.1, whatever the logical channel:
// '80 32' is the UICC's INCREASE on every channel, not the GSM
// application's 'A0 32' (TS 51.011 §9.1); one naming only the instruction
// names both.
TEST(AccessRule, AnInstructionAmDoNamesTheClassItGives) {
  const KeySet none;
  const Bytes with_class = from_hex("8C028032 9000");
  for (const std::uint8_t cla : {0x80, 0x81, 0x83, 0xC0, 0xE3}) {
    EXPECT_TRUE(command_allowed(with_class, CommandHeader{cla, 0x32, 0x00, 0x00}, none)) << int{cla};
  }
  EXPECT_FALSE(command_allowed(with_class, CommandHeader{0xA0, 0x32, 0x00, 0x00}, none));
  EXPECT_FALSE(command_allowed(with_class, CommandHeader{0x00, 0x32, 0x00, 0x00}, none));
  const Bytes instruction = from_hex("840132 9000");
  EXPECT_TRUE(command_allowed(instruction, CommandHeader{0xA0, 0x32, 0x00, 0x00}, none));
  EXPECT_TRUE(command_allowed(instruction, CommandHeader{0x80, 0x32, 0x00, 0x00}, none));
}

TEST(KeySet, KeyReferencesOfTs102221Section9_5_1) {
  KeySet k;
  for (std::uint8_t r : {0x01, 0x08, 0x0A, 0x0E, 0x11, 0x81, 0x88}) {
    EXPECT_FALSE(k.has(r));
    k.set(r, true);
    EXPECT_TRUE(k.has(r));
  }
  k.set(0x55, true);  // not a key reference: ignored
  EXPECT_FALSE(k.has(0x55));
  k.set(0x0A, false);
  EXPECT_FALSE(k.has(0x0A));
}

}  // namespace test_access_rule
