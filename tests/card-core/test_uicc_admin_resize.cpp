// RESIZE FILE (TS 102 222 §6.10, mode 0): transparent, linear fixed and
// cyclic EFs, created or from the profile, grown in place or moved, shrunk;
// the access condition for the instruction ('84 01 D4'); status words.
#include "admin_fixture.hpp"

namespace test_uicc_admin_resize {

using cardcore::testing::AdminCard;
using cardcore::testing::df;
using cardcore::testing::Fcp;
using cardcore::testing::new_size;
using cardcore::testing::record_ef;
using cardcore::testing::transparent_ef;
using namespace cardcore;

class Resize : public AdminCard {
 protected:
  // The FCP of the current DF's child `fid`, in hex.
  std::string fcp(const std::string& fid) { return exchange("00A4000402" + fid); }
};

// EF.ARR record 2 (EF.PL's, EF.SMSS's under DF.TELECOM use 4): read always,
// update with PIN1, RESIZE FILE with ADM1.
constexpr const char* kResizableRule = "8001019000" "800102A406830101950108" "8401D4A40683010A950108";

// A created transparent EF: new bytes at the end ('FF', or the 'A5'
// pattern), shrinking drops bytes at the end; it becomes the current EF.
TEST_F(Resize, TransparentGrowsAndShrinks) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F01", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send("00D600000401020304"), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send(new_size("6F01", 8).resize()), "9000");
  EXPECT_EQ(send("00B0000008"), "01020304FFFFFFFF9000");  // current without a SELECT
  EXPECT_NE(fcp("6F01").find("80020008"), std::string::npos);
  EXPECT_EQ(send(new_size("6F01", 10).add(0xA5, "C10100").resize()), "9000");
  EXPECT_EQ(send("00B000000A"), "01020304FFFFFFFF00009000");
  EXPECT_EQ(send(new_size("6F01", 3).resize()), "9000");
  EXPECT_EQ(send("00B0000003"), "0102039000");
  EXPECT_EQ(send("00B0000301"), "6B00");
  EXPECT_EQ(send(new_size("6F01", 0).resize()), "9000");  // an empty EF is an EF
  EXPECT_EQ(send("00B0000001"), "6B00");
  EXPECT_EQ(send(new_size("6F01", 2).resize()), "9000");
  EXPECT_EQ(send("00B0000002"), "FFFF9000");
}

// Linear fixed: records are added at the end and dropped from the end.
TEST_F(Resize, LinearFixedRecords) {
  open_card();
  ASSERT_EQ(send(record_ef("6F10", 4, 2, false, "2F0608").create()), "9000");
  ASSERT_EQ(send("00DC010404AAAAAAAA"), "9000");
  ASSERT_EQ(send("00DC020404BBBBBBBB"), "9000");
  EXPECT_EQ(send(new_size("6F10", 16).add(0xA5, "C2020102").resize()), "9000");
  EXPECT_EQ(send("00B2020404"), "BBBBBBBB9000");
  EXPECT_EQ(send("00B2040404"), "010201029000");
  EXPECT_NE(fcp("6F10").find("82054221000404"), std::string::npos);
  EXPECT_EQ(send(new_size("6F10", 4).resize()), "9000");
  EXPECT_EQ(send("00B2010404"), "AAAAAAAA9000");
  EXPECT_EQ(send("00B2020404"), "6A83");
}

// Cyclic: the records keep their numbers (1 the newest); new records are
// the oldest, so the next PREVIOUS update takes one of them; shrinking
// drops the oldest.
TEST_F(Resize, CyclicKeepsTheNewestFirst) {
  open_card();
  ASSERT_EQ(send(record_ef("6F11", 2, 3, true, "2F0608").create()), "9000");
  for (const char* v : {"0001", "0002", "0003", "0004"}) ASSERT_EQ(send(std::string("00DC000302") + v), "9000");
  ASSERT_EQ(send("00B2010402"), "00049000");
  EXPECT_EQ(send(new_size("6F11", 10).add(0xA5, "C201EE").resize()), "9000");
  EXPECT_EQ(send("00B2010402"), "00049000");
  EXPECT_EQ(send("00B2020402"), "00039000");
  EXPECT_EQ(send("00B2030402"), "00029000");
  EXPECT_EQ(send("00B2040402"), "EEEE9000");
  EXPECT_EQ(send("00B2050402"), "EEEE9000");
  ASSERT_EQ(send("00DC0003020005"), "9000");
  EXPECT_EQ(send("00B2010402"), "00059000");
  EXPECT_EQ(send("00B2050402"), "EEEE9000");  // one of the two new ones was overwritten
  EXPECT_EQ(send("00B2020402"), "00049000");
  EXPECT_EQ(send(new_size("6F11", 4).resize()), "9000");
  EXPECT_EQ(send("00B2010402"), "00059000");
  EXPECT_EQ(send("00B2020402"), "00049000");
  EXPECT_EQ(send("00B2030402"), "6A83");
}

// A created EF with another file right after it moves to free space to
// grow; both keep their contents.
TEST_F(Resize, GrowsElsewhereWhenBlocked) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F01", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send("00D600000411223344"), "9000");
  ASSERT_EQ(send(transparent_ef("6F02", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send("00D600000455667788"), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  const std::uint32_t free_before = card.file_table()->free_bytes();
  EXPECT_EQ(send(new_size("6F01", 200).resize()), "9000");
  EXPECT_EQ(card.file_table()->free_bytes(), free_before - 196);
  EXPECT_EQ(send("00B0000006"), "11223344FFFF9000");
  EXPECT_EQ(send("00B000C404"), "FFFFFFFF9000");
  ASSERT_EQ(send("00A4000C026F02"), "9000");
  EXPECT_EQ(send("00B0000004"), "556677889000");
}

// A profile EF whose rule lets RESIZE FILE through (EF.PL): it becomes a
// file of the card's own, with its FID, SFI, rule and content; a channel
// that had it current keeps it; a power cycle keeps it.
TEST_F(Resize, ProfileEf) {
  verify_adm1();
  EXPECT_EQ(send(new_size("2F05", 20).resize()), "6982");  // EF.PL: rule 2 names no 'D4'
  put_rule(2, kResizableRule);
  ASSERT_EQ(send("00700001"), "9000");
  ASSERT_EQ(send("01A4000C022F05"), "9000");
  EXPECT_EQ(send(new_size("2F05", 20).resize()), "9000");
  EXPECT_EQ(send("00B0000014"), "7A68656E" + std::string(32, 'F') + "9000");
  EXPECT_EQ(send("01B0000014"), "7A68656E" + std::string(32, 'F') + "9000");
  const std::string f = fcp("2F05");
  EXPECT_NE(f.find("83022F05"), std::string::npos);
  EXPECT_NE(f.find("8B032F0602" "80020014" "880128"), std::string::npos);
  card.power_off();
  card.power_on();
  EXPECT_EQ(send("00B0850014"), "7A68656E" + std::string(32, 'F') + "9000");  // by SFI 05
  verify_adm1();
  ASSERT_EQ(send("00A4000C022F05"), "9000");
  EXPECT_EQ(send(new_size("2F05", 2).resize()), "9000");
  EXPECT_EQ(send("00B0000002"), "7A689000");
}

// A linked profile EF shares its body: no size of its own.
TEST_F(Resize, NotALinkedProfileEf) {
  verify_adm1();
  put_rule(4, kResizableRule);
  ASSERT_EQ(send("00A4000C027F10"), "9000");
  EXPECT_EQ(send(new_size("6F43", 4).resize()), "6985");  // DF.TELECOM/EF.SMSS, the USIM's too
  ASSERT_EQ(send("00A4000C026F43"), "9000");
  EXPECT_EQ(send("00B0000002"), "FFFF9000");
}

// The access condition is the instruction's ('84 01 D4'): an AM byte that
// allows everything does not name RESIZE FILE.
TEST_F(Resize, OnlyAnAmDoNamingTheInstruction) {
  verify_adm1();
  put_rule(8, "8001FF9000");
  ASSERT_EQ(send(transparent_ef("6F01", 4, "2F0608").create()), "9000");
  EXPECT_EQ(send(new_size("6F01", 8).resize()), "6982");
  put_rule(8, "8401D49000");
  EXPECT_EQ(send(new_size("6F01", 8).resize()), "9000");
  put_rule(8, "8C0280D49000");  // CLA and INS
  EXPECT_EQ(send(new_size("6F01", 9).resize()), "9000");
  put_rule(8, "8C0200D49000");  // an interindustry class: not this command
  EXPECT_EQ(send(new_size("6F01", 10).resize()), "6982");
  put_rule(8, "8D0380D4019000");  // CLA, INS and P2 '01': not P2 '00'
  EXPECT_EQ(send(new_size("6F01", 10).resize()), "6982");
}

TEST_F(Resize, StatusWords) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F01", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send(record_ef("6F02", 4, 2, false, "2F0608").create()), "9000");
  ASSERT_EQ(send(df("5F01").create()), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  const Bytes good = new_size("6F01", 8).bytes();
  EXPECT_EQ(send(Fcp::apdu("80D40100", good)), "6A86");  // mode 1 is not offered
  EXPECT_EQ(send(Fcp::apdu("80D40001", good)), "6A86");
  EXPECT_EQ(send(Fcp::apdu("80D40000", good) + "00"), "6700");
  EXPECT_EQ(send("80D40000"), "6700");
  EXPECT_EQ(send(Fcp::apdu("00D40000", good)), "6E00");
  EXPECT_EQ(send(Fcp().add(0x80, "0008").resize()), "6A80");                       // no FID
  EXPECT_EQ(send(new_size("6F01", 8).add(0x81, "0008").resize()), "6A80");        // '80' and '81'
  EXPECT_EQ(send(Fcp().add(0x83, "6F01").resize()), "6A80");                       // no size
  EXPECT_EQ(send(new_size("6F01", 8).add(0x82, "4121").resize()), "6A80");        // a tag it does not take
  EXPECT_EQ(send(new_size("6F01", 8).add(0xA5, "C30100").resize()), "6A80");
  EXPECT_EQ(send(Fcp::apdu("80D40000", from_hex("6206830281"))), "6A80");         // truncated
  EXPECT_EQ(send(new_size("6FFF", 8).resize()), "6A82");
  EXPECT_EQ(send(Fcp().add(0x83, "6F01").add(0x81, "0008").resize()), "6A80");    // '81' for an EF
  EXPECT_EQ(send(Fcp().add(0x83, "5F01").add(0x81, "0100").resize()), "6A81");    // a DF's total size
  EXPECT_EQ(send(new_size("5F01", 8).resize()), "6A80");
  EXPECT_EQ(send(new_size("6F02", 10).resize()), "6A80");                          // not whole records
  EXPECT_EQ(send(new_size("6F02", 0).resize()), "6A80");                           // no record
  EXPECT_EQ(send(Fcp().add(0x83, "6F02").add(0x80, "03FC").resize()), "6A80");    // 255 records
  EXPECT_EQ(send(new_size("6F01", 0xFFFF).resize()), "6A84");
  EXPECT_EQ(send(Fcp().add(0x83, "6F01").add(0x80, "010000").resize()), "6A84");
  EXPECT_EQ(send(new_size("2FE2", 12).resize()), "6982");                          // EF.ICCID
  EXPECT_EQ(send("00B0000004"), "6986");  // nothing became current on the refusals
}

}  // namespace test_uicc_admin_resize
