// CREATE FILE (TS 102 222 §6.3): transparent, linear fixed and cyclic EFs,
// DFs and ADFs under the current DF, their FCP, selection by FID, path, SFI
// and AID, their use by the file commands, the creation conditions and
// every status word.
#include <map>
#include <set>

#include "admin_fixture.hpp"

namespace test_uicc_admin_create {

using cardcore::testing::AdminCard;
using cardcore::testing::df;
using cardcore::testing::Fcp;
using cardcore::testing::hex16;
using cardcore::testing::record_ef;
using cardcore::testing::transparent_ef;
using cardcore::testing::upper_hex;
using namespace cardcore;

class Create : public AdminCard {};

// The new EF becomes the current file (§6.3.1): READ BINARY needs no
// SELECT; it holds the erased state 'FF'; SELECT returns the FCP it was
// created with, the SFI taken from the FID's 5 low bits (TS 102 221
// §11.1.1.4.8: no '88' given).
TEST_F(Create, TransparentEfIsCurrentAndSelectableWithItsFcp) {
  open_card();
  EXPECT_EQ(send(transparent_ef("6F01", 16, "2F0608").create()), "9000");
  EXPECT_EQ(send("00B0000010"), std::string(32, 'F') + "9000");
  const std::string fcp = "6217" "82024121" "83026F01" "8A0105" "8B032F0608" "80020010" "880108";
  EXPECT_EQ(send("00A40004026F01"), "6119");
  EXPECT_EQ(send("00C0000019"), fcp + "9000");
  // By path from the MF, and by SFI from the MF.
  EXPECT_EQ(exchange("00A40804026F01"), fcp + "9000");
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00B0810004"), "FFFFFFFF9000");
}

// The created EF is used like a profile one: UPDATE/READ BINARY within its
// size, with its access rule (EF.ARR 2F06 record 1: update with ADM1).
TEST_F(Create, TransparentEfTakesUpdatesWithinItsSize) {
  verify_adm1();
  ASSERT_EQ(send(transparent_ef("6F02", 5).create()), "9000");
  EXPECT_EQ(send("00D6000003010203"), "9000");
  EXPECT_EQ(send("00B0000005"), "010203FFFF9000");
  EXPECT_EQ(send("00D60003030A0B0C"), "6700");  // past the end
  EXPECT_EQ(send("00B0000500"), "6B00");
  // Without ADM1 (after a reset) the rule refuses the update, not the read.
  card.power_off();
  card.power_on();
  EXPECT_EQ(send("00A4000C026F02"), "9000");
  EXPECT_EQ(send("00D600000101"), "6982");
  EXPECT_EQ(send("00B0000003"), "0102039000");
}

// Linear fixed: records, READ/UPDATE RECORD and SEARCH RECORD.
TEST_F(Create, LinearFixedEfWithRecords) {
  verify_adm1();
  ASSERT_EQ(send(record_ef("6F10", 4, 3).add(0x88, "").create()), "9000");
  EXPECT_EQ(send("00DC0104" "04" "11223344"), "9000");
  EXPECT_EQ(send("00DC0304" "04" "55667788"), "9000");
  EXPECT_EQ(send("00B2010404"), "112233449000");
  EXPECT_EQ(send("00B2020404"), "FFFFFFFF9000");
  EXPECT_EQ(send("00B2040404"), "6A83");
  EXPECT_EQ(exchange("00A2010402" "5566"), "039000");  // simple search forward from record 1
  // FCP: '82' with record length 4 and 3 records, no SFI ('88' given empty).
  EXPECT_EQ(exchange("00A40004026F10"),
            "6219" "82054221000403" "83026F10" "8A0105" "8B032F0601" "8002000C" "8800" "9000");
}

// Cyclic: record 1 is the newest; PREVIOUS updates the oldest.
TEST_F(Create, CyclicEf) {
  verify_adm1();
  ASSERT_EQ(send(record_ef("6F11", 2, 3, true).create()), "9000");
  EXPECT_EQ(send("00DC0003" "02" "0001"), "9000");
  EXPECT_EQ(send("00DC0003" "02" "0002"), "9000");
  EXPECT_EQ(send("00B2010402"), "00029000");
  EXPECT_EQ(send("00B2020402"), "00019000");
  EXPECT_EQ(send("00B2030402"), "FFFF9000");
}

// An explicit SFI; the file is then reached by it from its DF.
TEST_F(Create, ExplicitSfi) {
  verify_adm1();
  EXPECT_EQ(send(transparent_ef("6F20", 2).add(0x88, "F0").create()), "6A89");  // SFI 1E is EF.DIR's
  ASSERT_EQ(send(transparent_ef("6F21", 2).add(0x88, "38").create()), "9000");  // SFI 07
  EXPECT_EQ(send(transparent_ef("6F22", 2).add(0x88, "38").create()), "6A89");  // now taken
  EXPECT_EQ(send("00D6870002ABCD"), "9000");
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00B0870002"), "ABCD9000");
  const std::string dir = send("00B201F426");  // EF.DIR is still SFI 1E
  EXPECT_EQ(dir.substr(dir.size() - 4), "9000");
}

// §11.1.1.4.8: without '88' the SFI is the FID's 5 low bits, when that is a
// free SFI of the DF; else the EF has none.
TEST_F(Create, ImplicitSfiOnlyWhenFree) {
  verify_adm1();
  ASSERT_EQ(send(transparent_ef("6F02", 1).create()), "9000");  // 02 is EF.ICCID's: no SFI, '88 00'
  EXPECT_NE(exchange("00A40004026F02").find("80020001" "8800"), std::string::npos);
  ASSERT_EQ(send(transparent_ef("6F00", 1).create()), "9000");  // 00 is no SFI
  EXPECT_NE(exchange("00A40004026F00").find("8800"), std::string::npos);
}

// A DF: it becomes the current DF; files go into it; its FCP has the PIN
// status template; path selection crosses it.
TEST_F(Create, DfWithFilesInside) {
  verify_adm1();
  select_usim();
  ASSERT_EQ(send(df("5F10").create()), "9000");
  ASSERT_EQ(send(transparent_ef("4F01", 3).create()), "9000");  // in the new DF, the current one
  EXPECT_EQ(send("00D6000003C0FFEE"), "9000");
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00A4080C067FF05F104F01"), "6A82");  // an ADF is not on a path by its FID
  EXPECT_EQ(send("00A4090C067FFF5F104F01"), "9000");  // but as the current application
  select_usim();
  EXPECT_EQ(send("00A4090C045F104F01"), "9000");
  EXPECT_EQ(send("00B0000003"), "C0FFEE9000");
  EXPECT_EQ(send("00A4080C067FFF5F104F01"), "9000");
  // The DF's FCP: descriptor '78', its FID, life cycle, rule, PIN status.
  const std::string fcp = exchange("00A40004025F10");
  EXPECT_EQ(fcp.substr(4, 16), "8202782183025F10");
  EXPECT_NE(fcp.find("C6"), std::string::npos);
  // Selected by FID as a child of the ADF, and as the parent of its EF.
  EXPECT_EQ(send("00A4000C024F01"), "9000");
  EXPECT_EQ(send("00A4000C025F10"), "9000");
}

// An ADF: the MF's child, selected by its AID (also partly given), its
// DF name in STATUS.
TEST_F(Create, AdfSelectedByAid) {
  verify_adm1();
  const std::string aid = "A0000000871004FF86FFFF89";
  ASSERT_EQ(send(df("7F70", "2F0606", aid).create()), "9000");
  EXPECT_EQ(send("80F200010E"), "840C" + aid + "9000");
  ASSERT_EQ(send(transparent_ef("6F01", 2).create()), "9000");
  ASSERT_EQ(send("00D60000021234"), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00A4040C07A0000000871004"), "9000");
  EXPECT_EQ(send("00A4000C026F01"), "9000");
  EXPECT_EQ(send("00B0000002"), "12349000");
  EXPECT_EQ(send("00A4040C07A0000000871002"), "9000");  // the USIM's is still the USIM
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  // The same AID again: '6A8A'; an ADF only under the MF.
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send(df("7F71", "2F0606", aid).create()), "6A8A");
  select_usim();
  EXPECT_EQ(send(df("7F72", "2F0606", "A0000000871005").create()), "6985");
}

// 'A5' { 'C1' }: the pattern, then its last byte; 'C2': the pattern over and
// over; both restart with every record.
TEST_F(Create, FillingAndRepeatPatterns) {
  verify_adm1();
  ASSERT_EQ(send(transparent_ef("6F30", 6).add(0xA5, "C1021122").create()), "9000");
  EXPECT_EQ(send("00B0000006"), "1122222222229000");
  ASSERT_EQ(send(transparent_ef("6F31", 5).add(0xA5, "C2020102").create()), "9000");
  EXPECT_EQ(send("00B0000005"), "01020102019000");
  ASSERT_EQ(send(record_ef("6F32", 3, 2).add(0xA5, "C2020A0B").create()), "9000");
  EXPECT_EQ(send("00B2010403"), "0A0B0A9000");
  EXPECT_EQ(send("00B2020403"), "0A0B0A9000");
  ASSERT_EQ(send(record_ef("6F33", 3, 2).add(0xA5, "C00180C10100").create()), "9000");
  EXPECT_EQ(send("00B2020403"), "0000009000");
  EXPECT_EQ(send(transparent_ef("6F34", 2).add(0xA5, "C10111C20122").create()), "6A80");
}

// A new file may start deactivated ('8A' '04'): selected with '6283', its
// contents refused until ACTIVATE FILE.
TEST_F(Create, DeactivatedAtCreation) {
  verify_adm1();
  ASSERT_EQ(send(transparent_ef("6F40", 2).set(0x8A, "04").create()), "9000");
  EXPECT_EQ(send("00A4000C026F40"), "6283");
  EXPECT_EQ(send("00B0000002"), "6984");
  EXPECT_EQ(send("0044000000"), "9000");
  EXPECT_EQ(send("00B0000002"), "FFFF9000");
}

// The creation conditions (§6.3.1): the DF's CREATE FILE (EF) / (DF)
// access condition, a DF in use, a free FID.
TEST_F(Create, CreationConditions) {
  EXPECT_EQ(send(transparent_ef("6F01", 4).create()), "6982");  // no ADM1
  EXPECT_EQ(send(df("5F01").create()), "6982");
  verify_adm1();
  EXPECT_EQ(send(transparent_ef("2FE2", 4).create()), "6A89");  // EF.ICCID
  EXPECT_EQ(send(transparent_ef("7F10", 4).create()), "6A89");  // DF.TELECOM
  EXPECT_EQ(send(df("7FF0").create()), "6A89");                 // ADF.USIM's FID, a child of the MF
  select_usim();
  EXPECT_EQ(send(transparent_ef("6F07", 4).create()), "6A89");  // EF.IMSI in the ADF
  ASSERT_EQ(send("00A4000C025F3B"), "9000");                     // DF.GSM-ACCESS
  EXPECT_EQ(send(transparent_ef("5F3B", 4).create()), "6A89");  // the DF's own FID
  // A deactivated DF takes no new file.
  ASSERT_EQ(send("0004000000"), "9000");
  EXPECT_EQ(send(transparent_ef("4F30", 4).create()), "6985");
  ASSERT_EQ(send("0044000000"), "9000");
  EXPECT_EQ(send(transparent_ef("4F30", 4).create()), "9000");
  EXPECT_EQ(send(transparent_ef("4F30", 4).create()), "6A89");  // now it exists
}

// When an EF is current, the file goes into that EF's DF.
TEST_F(Create, UnderTheDfOfTheCurrentEf) {
  verify_adm1();
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  ASSERT_EQ(send(transparent_ef("6F99", 1).create()), "9000");
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00A4000C026F99"), "6A82");
  select_usim();
  EXPECT_EQ(send("00A4000C026F99"), "9000");
}

TEST_F(Create, CommandParameters) {
  verify_adm1();
  const Bytes fcp = transparent_ef("6F01", 4).bytes();
  EXPECT_EQ(send(Fcp::apdu("00E00100", fcp)), "6A86");
  EXPECT_EQ(send(Fcp::apdu("00E00001", fcp)), "6A86");
  EXPECT_EQ(send("00E0000000"), "6700");                         // no data (case 2)
  EXPECT_EQ(send("00E00000"), "6700");                           // case 1
  EXPECT_EQ(send(Fcp::apdu("00E00000", fcp) + "00"), "6700");   // case 4
  EXPECT_EQ(send(Fcp::apdu("80E00000", fcp)), "6E00");          // an interindustry command
  EXPECT_EQ(send(Fcp::apdu("01E00000", fcp)), "6881");          // channel 1 not open
}

// Malformed templates get '6A80' and change nothing; codings this card does
// not offer get '6A81'; a size no file can have here '6A84'.
TEST_F(Create, MalformedAndUnsupportedTemplates) {
  verify_adm1();
  const Fcp good = transparent_ef("6F50", 8);
  struct Case {
    const char* name;
    std::string apdu;
    const char* sw;
  };
  auto raw = [](const std::string& data) { return Fcp::apdu("00E00000", from_hex(data)); };
  const Case cases[] = {
      {"not an FCP template", raw("6F" + good.hex().substr(2)), "6A80"},
      {"template length short", raw("6205" + good.hex().substr(4)), "6A80"},
      {"template length long", raw("6240" + good.hex().substr(4)), "6A80"},
      {"bytes after the template", raw(good.hex() + "00"), "6A80"},
      {"truncated object", raw("6206" "82024121" "8302"), "6A80"},
      {"object length past the template", raw("6204" "82054121"), "6A80"},
      {"'00' filler", raw("6202" "0000"), "6A80"},
      {"empty template", raw("6200"), "6A80"},
      {"indefinite length", raw("6280" "82024121" "0000"), "6A80"},
      {"no file descriptor", Fcp(good).remove(0x82).create(), "6A80"},
      {"no FID", Fcp(good).remove(0x83).create(), "6A80"},
      {"no life cycle", Fcp(good).remove(0x8A).create(), "6A80"},
      {"no security attributes", Fcp(good).remove(0x8B).create(), "6A80"},
      {"no size", Fcp(good).remove(0x80).create(), "6A80"},
      {"unknown tag", Fcp(good).add(0x99, "00").create(), "6A80"},
      {"tag twice", Fcp(good).add(0x83, "6F51").create(), "6A80"},
      {"bad two-byte tag", Fcp(good).add(0x9F, "00").create(), "6A80"},
      {"descriptor b8", Fcp(good).set(0x82, "C121").create(), "6A80"},
      {"descriptor RFU structure", Fcp(good).set(0x82, "4321").create(), "6A80"},
      {"descriptor too long", Fcp(good).set(0x82, "412100").create(), "6A80"},
      {"FID of 1 byte", Fcp(good).set(0x83, "6F").create(), "6A80"},
      {"FID 3F00", Fcp(good).set(0x83, "3F00").create(), "6A80"},
      {"FID 7FFF", Fcp(good).set(0x83, "7FFF").create(), "6A80"},
      {"FID FFFF", Fcp(good).set(0x83, "FFFF").create(), "6A80"},
      {"life cycle creation", Fcp(good).set(0x8A, "01").create(), "6A80"},
      {"life cycle terminated", Fcp(good).set(0x8A, "0C").create(), "6A80"},
      {"life cycle 2 bytes", Fcp(good).set(0x8A, "0505").create(), "6A80"},
      {"ARR record 0", Fcp(good).set(0x8B, "2F0600").create(), "6A80"},
      {"ARR 2 bytes", Fcp(good).set(0x8B, "2F06").create(), "6A80"},
      {"size empty", Fcp(good).set(0x80, "").create(), "6A80"},
      {"size 5 bytes", Fcp(good).set(0x80, "0000000008").create(), "6A80"},
      {"SFI 2 bytes", Fcp(good).add(0x88, "0808").create(), "6A80"},
      {"SFI low bits", Fcp(good).add(0x88, "09").create(), "6A80"},
      {"SFI 31", Fcp(good).add(0x88, "F8").create(), "6A80"},
      {"DF name on an EF", Fcp(good).add(0x84, "A000000087").create(), "6A80"},
      {"total size on an EF", Fcp(good).add(0x81, "0100").create(), "6A80"},
      {"PIN status on an EF", Fcp(good).add(0xC6, "90017F").create(), "6A80"},
      {"unknown proprietary tag", Fcp(good).add(0xA5, "C30100").create(), "6A80"},
      {"proprietary truncated", Fcp(good).add(0xA5, "C102").create(), "6A80"},
      {"special file info RFU bits", Fcp(good).add(0xA5, "C00101").create(), "6A80"},
      {"empty pattern", Fcp(good).add(0xA5, "C100").create(), "6A80"},
      {"records not a multiple", record_ef("6F52", 4, 3).set(0x80, "000D").create(), "6A80"},
      {"record count against size", record_ef("6F52", 4, 3).set(0x82, "4221000402").create(), "6A80"},
      {"record length 0", record_ef("6F52", 4, 3).set(0x82, "4221000003").create(), "6A80"},
      {"record length 256", record_ef("6F52", 4, 3).set(0x82, "4221010003").set(0x80, "0300").create(), "6A80"},
      {"255 records", record_ef("6F52", 1, 255).create(), "6A80"},
      {"0 records", record_ef("6F52", 4, 0).create(), "6A80"},
      {"record EF descriptor of 2 bytes", record_ef("6F52", 4, 3).set(0x82, "4221").create(), "6A80"},
      {"size on a DF", df("5F52").add(0x80, "0010").create(), "6A80"},
      {"SFI on a DF", df("5F52").add(0x88, "08").create(), "6A80"},
      {"DF name of 4 bytes", df("5F52", "2F0606", "A0000000").create(), "6A80"},
      {"DF name of 17 bytes", df("5F52", "2F0606", std::string(34, 'A')).create(), "6A80"},
      {"PIN status template without PS_DO", df("5F52").add(0xC6, "830101").create(), "6A80"},
      {"proprietary data on a DF", df("5F52").add(0xA5, "C00180").create(), "6A80"},
      {"compact security attributes", Fcp(good).remove(0x8B).add(0x8C, "0101").create(), "6A81"},
      {"expanded security attributes", Fcp(good).remove(0x8B).add(0xAB, "8001019000").create(), "6A81"},
      {"proprietary security attributes", Fcp(good).add(0x86, "00").create(), "6A81"},
      {"referenced with SE numbers", Fcp(good).set(0x8B, "2F0601010202").create(), "6A81"},
      {"BER-TLV EF", Fcp(good).set(0x82, "7921").create(), "6A81"},
      {"internal EF", Fcp(good).set(0x82, "4921").create(), "6A81"},
      {"readable when deactivated", Fcp(good).add(0xA5, "C00140").create(), "6A81"},
      {"size over 65535", Fcp(good).set(0x80, "010000").create(), "6A84"},
  };
  const std::uint64_t programs = card.nvm().program_count();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(send(c.apdu), c.sw);
    EXPECT_EQ(card.nvm().program_count(), programs);  // nothing was written
  }
  EXPECT_EQ(send("00A4000C026F50"), "6A82");
  EXPECT_EQ(send("00A4000C026F52"), "6A82");
  EXPECT_EQ(send("00A4000C025F52"), "6A82");
  EXPECT_EQ(card.file_table(), nullptr);
}

// Every cut of a good template is malformed ('6A80'; no data at all:
// '6700'); random changes to one get a status word, never a crash, and a
// file is created only from a template that reads as one.
TEST_F(Create, TruncatedAndMutatedTemplates) {
  verify_adm1();
  const Bytes good = record_ef("6F60", 4, 3).add(0x88, "40").add(0xA5, "C00180C1020102").bytes();
  {
    Uicc fresh(cardcore::testing::domestic_profile());
    fresh.power_on();
    ASSERT_EQ(upper_hex(fresh.transmit(from_hex(cardcore::testing::kVerifyAdm1))), "9000");
    ASSERT_EQ(upper_hex(fresh.transmit(from_hex(Fcp::apdu("00E00000", good)))), "9000");  // the template is good
  }
  for (std::size_t n = 1; n < good.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_EQ(send(Fcp::apdu("00E00000", Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)))),
              "6A80");
  }
  std::uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
  };
  const std::set<std::string> expected = {"9000", "6A80", "6A81", "6A84", "6A89", "6982", "6985", "6A8A"};
  std::map<std::string, int> seen;
  for (int i = 0; i < 3000; ++i) {
    Bytes b = good;
    for (unsigned k = 0, flips = 1 + next() % 3; k < flips; ++k) {
      b[next() % b.size()] = static_cast<std::uint8_t>(next());
    }
    const std::string r = send(Fcp::apdu("00E00000", b));
    EXPECT_TRUE(expected.count(r)) << upper_hex(b) << " -> " << r;
    ++seen[r];
    // A file was made (a DF becomes the current DF): the next one goes
    // under the MF again.
    ASSERT_EQ(send("00A4000C023F00"), "9000");
  }
  for (const char* sw : {"9000", "6A80", "6A81", "6A89"}) EXPECT_GT(seen[sw], 0) << sw;
}

}  // namespace test_uicc_admin_create
