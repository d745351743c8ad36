// DELETE FILE (TS 102 222 §6.4): created and profile files, a DF with all it
// holds, the file's own DELETE FILE access condition, files in use on other
// channels, the current file after the deletion, and every status word.
#include "admin_fixture.hpp"

namespace test_uicc_admin_delete {

using cardcore::testing::AdminCard;
using cardcore::testing::df;
using cardcore::testing::kOpenRule;
using cardcore::testing::record_ef;
using cardcore::testing::transparent_ef;
using namespace cardcore;

class Delete : public AdminCard {
 protected:
  // The MF's children as the GSM application counts them (TS 51.011
  // §9.2.1 bytes 15-16): DFs and EFs, ADFs left out.
  std::string gsm_mf_counts() {
    EXPECT_EQ(send("A0A40000023F00"), "9F17");
    const std::string r = send("A0C0000017");
    return r.substr(28, 4);
  }
};

// A created EF goes; its FID, slot and heap space are free again; it was
// the current EF, so no EF is current now (the current DF stays).
TEST_F(Delete, CreatedEf) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F01", 40, "2F0608").create()), "9000");
  ASSERT_EQ(send("00D6000002ABCD"), "9000");
  const std::uint32_t free_with = card.file_table()->free_bytes();
  EXPECT_EQ(send("00E40000026F01"), "9000");
  EXPECT_EQ(send("00B0000002"), "6986");
  EXPECT_EQ(send("00A4000C026F01"), "6A82");
  EXPECT_EQ(send("00B0810002"), "6A82");  // its SFI (01) is gone too
  // Nothing created is left and nothing profile-made is deleted: the card
  // has no file table again, as if it never had one.
  EXPECT_EQ(card.file_table(), nullptr);
  ASSERT_EQ(send(transparent_ef("6F01", 40, "2F0608").create()), "9000");
  EXPECT_EQ(card.file_table()->free_bytes(), free_with);
  EXPECT_EQ(send("00B0000002"), "FFFF9000");  // a new file, not the old content
}

// The deleted file's own DELETE FILE access condition (AM byte b7); the
// DF's "DELETE FILE (child)" plays no part (§6.4.1).
TEST_F(Delete, TheFilesOwnAccessCondition) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F02", 4, "2F0601").create()), "9000");  // rule 1: no delete bit
  ASSERT_EQ(send(transparent_ef("6F03", 4, "2F0608").create()), "9000");  // rule 8: delete with ADM1
  EXPECT_EQ(send("00E40000026F02"), "6982");
  card.power_off();
  card.power_on();
  EXPECT_EQ(send("00E40000026F03"), "6982");  // ADM1 not verified any more
  verify_adm1();
  EXPECT_EQ(send("00E40000026F03"), "9000");
  EXPECT_EQ(send("00A4000C026F02"), "9000");
}

// A DF goes with every file in it, created DFs nested in it included; the
// heap is all free again.
TEST_F(Delete, DfWithEverythingInIt) {
  open_card();
  const std::uint32_t all_free = [&] {
    EXPECT_EQ(send(df("5F20").create()), "9000");
    return card.file_table()->free_bytes();
  }();
  ASSERT_EQ(send(transparent_ef("4F01", 100, "2F0608").create()), "9000");
  ASSERT_EQ(send("00A4000C025F20"), "9000");
  ASSERT_EQ(send(df("5F21").create()), "9000");
  ASSERT_EQ(send(record_ef("4F02", 10, 5, false, "2F0608").create()), "9000");
  EXPECT_EQ(send("00A4080C065F205F214F02"), "9000");
  EXPECT_LT(card.file_table()->free_bytes(), all_free);
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00E40000025F20"), "9000");
  EXPECT_EQ(send("00A4000C025F20"), "6A82");
  EXPECT_EQ(send("00A4080C065F205F214F02"), "6A82");
  EXPECT_EQ(send("00A4080C045F204F01"), "6A82");
  EXPECT_EQ(card.file_table(), nullptr);
  // The FIDs are free for new files.
  ASSERT_EQ(send(df("5F20").create()), "9000");
  EXPECT_EQ(card.file_table()->free_bytes(), all_free);
}

// A profile DF: marked deleted on this card, with its files; a profile EF
// linked to one of them (the USIM's EF.SMS) keeps its body. The GSM
// application sees one DF less under the MF. It stays deleted over a power
// cycle, and its FID can be used again.
TEST_F(Delete, ProfileDfAndItsFiles) {
  verify_adm1();
  EXPECT_EQ(gsm_mf_counts(), "0404");  // DF.TELECOM, DF.GSM, DF.OTA, DF.GP; 4 EFs
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00E40000027F10"), "9000");  // DF.TELECOM (rule 6: ADM1)
  EXPECT_EQ(send("00A4000C027F10"), "6A82");
  EXPECT_EQ(send("00A4080C047F106F3C"), "6A82");
  EXPECT_EQ(send("A0A40000027F10"), "9404");
  EXPECT_EQ(gsm_mf_counts(), "0304");
  select_usim();
  EXPECT_EQ(send("00A4000C026F3C"), "9000");
  EXPECT_EQ(send("00B20104B0").substr(0, 2), "00");  // the USIM's EF.SMS, record 1 "free"
  card.power_off();
  card.power_on();
  EXPECT_EQ(send("00A4000C027F10"), "6A82");
  verify_adm1();
  EXPECT_EQ(send(df("7F10").create()), "9000");
  EXPECT_EQ(send("00A4080C047F106F3C"), "6A82");  // a new, empty DF
}

// A profile EF whose rule lets DELETE FILE through (EF.ARR record 5, EF.ICCID's,
// rewritten with ADM1).
TEST_F(Delete, ProfileEf) {
  verify_adm1();
  EXPECT_EQ(send("00E40000022FE2"), "6982");  // EF.ICCID: rule 5 has no delete bit
  put_rule(5, "8001019000" "8001029700" "800140A40683010A950108");
  EXPECT_EQ(send("00E40000022FE2"), "9000");
  EXPECT_EQ(send("00A4000C022FE2"), "6A82");
  EXPECT_EQ(send("00B0820001"), "6A82");  // SFI 02
  EXPECT_EQ(gsm_mf_counts(), "0403");
}

// A file that is current on another logical channel (or for the GSM
// application), or holds such a file, is in use: '6985', nothing deleted.
TEST_F(Delete, NotWhileInUseElsewhere) {
  open_card();
  ASSERT_EQ(send(df("5F30").create()), "9000");
  ASSERT_EQ(send(transparent_ef("4F01", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  ASSERT_EQ(send("00700001"), "9000");                  // channel 1, the MF current
  ASSERT_EQ(send("01A4080C045F304F01"), "9000");
  EXPECT_EQ(send("00E40000025F30"), "6985");          // holds channel 1's EF
  EXPECT_EQ(send("01B0000004"), "FFFFFFFF9000");
  ASSERT_EQ(send("01A4000C023F00"), "9000");
  ASSERT_EQ(send("A0A40000025F30"), "9F17");           // the GSM application's current DF
  EXPECT_EQ(send("00E40000025F30"), "6985");
  ASSERT_EQ(send("A0A40000023F00"), "9F17");
  EXPECT_EQ(send("00E40000025F30"), "9000");
  // A profile DF in use the same way.
  ASSERT_EQ(send("01A4000C027F20"), "9000");
  EXPECT_EQ(send("00E40000027F20"), "6985");
  ASSERT_EQ(send("00708001"), "9000");                 // channel 1 closed
  EXPECT_EQ(send("00E40000027F20"), "9000");
}

// An ADF that is this channel's application: deleted from the MF, the
// channel has no application any more.
TEST_F(Delete, TheCurrentApplication) {
  verify_adm1();
  ASSERT_EQ(send(df("7F70", "2F0606", "A0000000871009").create()), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  ASSERT_EQ(send("00A4000C027FFF"), "9000");  // still the channel's application
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00E40000027F70"), "9000");
  EXPECT_EQ(send("00A4000C027FFF"), "6A82");
  EXPECT_EQ(send("00A4040C07A0000000871009"), "6A82");
}

TEST_F(Delete, StatusWords) {
  open_card();
  EXPECT_EQ(send("00E40100022FE2"), "6A86");
  EXPECT_EQ(send("00E40001022FE2"), "6A86");
  EXPECT_EQ(send("00E40000012F"), "6700");
  EXPECT_EQ(send("00E40000032FE200"), "6700");
  EXPECT_EQ(send("00E40000"), "6700");
  EXPECT_EQ(send("00E40000022FE200"), "6700");  // case 4
  EXPECT_EQ(send("80E40000022FE2"), "6E00");
  EXPECT_EQ(send("00E40000026FFF"), "6A82");    // no such file
  EXPECT_EQ(send("00E40000023F00"), "6A82");    // the MF is nobody's child
  EXPECT_EQ(send("00E40000026F07"), "6A82");    // EF.IMSI is in the ADF, not the MF
  select_usim();
  EXPECT_EQ(send("00E40000027FF0"), "6A82");    // the current DF itself is no child
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00E40000026F07"), "6982");    // EF.IMSI's rule: no delete bit
}

}  // namespace test_uicc_admin_delete
