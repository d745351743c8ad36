// Remote File Management of the card's file system structure (TS 102 226
// §7.1: CREATE FILE, DELETE FILE, RESIZE FILE (TS 102 222) and INCREASE
// among the RFM commands): scripts over OTA create files and write them,
// the terminal then uses them; rights are RFM's (ADM1's access domain).
#include "admin_fixture.hpp"
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_rfm_admin {

using cardcore::testing::df;
using cardcore::testing::new_size;
using cardcore::testing::kImsi;
using cardcore::testing::kNewImsi;
using cardcore::testing::OtaCard;
using cardcore::testing::RfmCard;
using cardcore::testing::record_ef;
using cardcore::testing::security;
using cardcore::testing::transparent_ef;
using cardcore::testing::upper_hex;
using namespace cardcore;

class RfmAdmin : public RfmCard {};

// The story: a script creates an EF under the MF, writes it and reads it
// back; the terminal then finds it there, with what the script wrote; a
// power cycle keeps it.
TEST_F(RfmAdmin, CreateThenWriteAFileThenTheTerminalReadsIt) {
  const std::string script = transparent_ef("6F01", 8).create() +  // rule 1: update with ADM1
                             "00D6000004C0FFEE01" "00B0000004";
  EXPECT_EQ(rfm(remote::kTarUiccRfm, script), "03" "9000" "C0FFEE01");
  EXPECT_EQ(send("00A4000C026F01"), "9000");
  EXPECT_EQ(send("00B0000008"), "C0FFEE01FFFFFFFF9000");
  EXPECT_EQ(send("00D600000100"), "6982");  // the terminal has not ADM1
  card.power_off();
  card.power_on();
  EXPECT_EQ(send("00A4000C026F01"), "9000");
  EXPECT_EQ(send("00B0000004"), "C0FFEE019000");
}

// The USIM RFM TAR starts in ADF.USIM: a DF and a linear fixed EF in it;
// the script's current files are its own, the terminal's channel stays.
TEST_F(RfmAdmin, DfAndRecordsInTheUsim) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  const std::string script =
      df("5F70").create() + record_ef("4F01", 5, 2).create() + "00DC010405" "1122334455" "00B2010405";
  EXPECT_EQ(rfm(remote::kTarUsimRfm, script), "04" "9000" "1122334455");
  EXPECT_EQ(send("00B0000009").substr(18), "9000");  // still EF.IMSI
  EXPECT_EQ(send("00A4090C045F704F01"), "9000");
  EXPECT_EQ(send("00B2010405"), "11223344559000");
}

// DELETE FILE over the air: a created file, then a profile DF; a file the
// terminal has current is in use ('6985') for the script.
TEST_F(RfmAdmin, DeleteFiles) {
  ASSERT_EQ(rfm(remote::kTarUiccRfm, transparent_ef("6F02", 2, "2F0606").create()), "019000");  // rule 6: ADM1
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00E40000026F02"), "019000");
  EXPECT_EQ(send("00A4000C026F02"), "6A82");
  ASSERT_EQ(send("00A4080C047F106F3C"), "9000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00E40000027F10"), "016985");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00E40000027F10"), "019000");
  EXPECT_EQ(send("00A4000C027F10"), "6A82");
}

// RESIZE FILE and INCREASE over the air (proprietary class '80'); compact
// scripts answer case 4 commands with '61 XX' and their GET RESPONSE.
TEST_F(RfmAdmin, ResizeAndIncrease) {
  // EF.ARR record 8: read, update, INCREASE always; RESIZE FILE with ADM1.
  const std::string rule = "80010790008401D4A40683010A950108";
  const std::string put_rule = "00A4000C022F06" "00DC080428" + rule + std::string(80 - rule.size(), 'F');
  ASSERT_EQ(rfm(remote::kTarUiccRfm, put_rule), "029000");
  const std::string create = record_ef("6F40", 3, 2, true, "2F0608").create();
  EXPECT_EQ(rfm(remote::kTarUiccRfm, create + "00DC000303000010" "8032000003000005" "00C0000006"),
            "04" "9000" "000015000005");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, new_size("6F40", 9).resize() + "00B2030403"), "02" "9000" "FFFFFF");
  ASSERT_EQ(send("00A4000C026F40"), "9000");
  EXPECT_EQ(send("00B2010403"), "0000159000");
  EXPECT_EQ(send("00B2020403"), "0000109000");
}

// The expanded format: C-APDU TLVs, Le where data is wanted; each R-APDU
// TLV carries the data and the SW at once.
TEST_F(RfmAdmin, ExpandedScript) {
  const std::string create = transparent_ef("6F03", 4).create();
  const std::string script = "22" + cardcore::testing::hex8(static_cast<unsigned>(create.size() / 2)) + create +
                             "2209" "00D600000401020304" "2205" "00B0000004";
  const std::string body = cardcore::testing::hex8(static_cast<unsigned>(script.size() / 2));
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA" + body + script),
            "AB13" "800103" "23029000" "23029000" "230601020304" "9000");
  EXPECT_EQ(send("00A4000C026F03"), "9000");
  EXPECT_EQ(send("00B0000004"), "010203049000");
}

// RFM's rights are ADM1's: they open DF.OTA for a new file, but not a DF
// whose rule names no key for it; refusals end the script with their SW.
TEST_F(RfmAdmin, RightsAndErrors) {
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A4000C027F66" + transparent_ef("6F09", 2).create()), "029000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00E000000462028201"), "016A80");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, transparent_ef("2FE2", 2).create()), "016A89");
  // EF.ARR record 7 (the OTA key sets' rule) names no key RFM holds for CREATE.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, df("5F01", "2F0607").create() + transparent_ef("4F01", 2).create()),
            "026982");
}

// A card whose ADF.USIM was deleted has no EF.UST offering data download
// by SMS-PP (TS 31.102 §4.2.8 service 28) any more: an ENVELOPE gets '6A81'.
// A remote session begun in the deleted ADF (the USIM RFM application is
// found in the profile) finds nothing there and creates nothing.
TEST_F(RfmAdmin, DeletedApplication) {
  ASSERT_EQ(send(cardcore::testing::kVerifyAdm1), "9000");
  ASSERT_EQ(send("00E40000027FF0"), "9000");
  EXPECT_EQ(send("00A4040C07A0000000871002"), "6A82");
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  const Bytes select_mf = packet(sec, remote::kTarUsimRfm, 1, from_hex("00A4000C023F00"));
  EXPECT_EQ(envelope(cardcore::testing::command_tpdus(select_mf).front()), "6A81");
  const std::uint32_t usim = *card.profile().find_name("ADF.USIM");
  KeySet adm;
  adm.set(key_ref::kAdm1, true);
  Uicc::RemoteSession rs = card.begin_remote(usim, adm);
  Bytes data;
  EXPECT_EQ(card.execute_remote(rs, from_hex("00A4000C026F07"), Uicc::RemoteTransport::Direct, data), 0x6A82);
  EXPECT_EQ(card.execute_remote(rs, from_hex(transparent_ef("6F01", 2).create()), Uicc::RemoteTransport::Direct, data),
            0x6985);
  Uicc::RemoteSession mf = card.begin_remote(kNoFile, adm);
  EXPECT_EQ(card.execute_remote(mf, from_hex(transparent_ef("6F01", 2).create()), Uicc::RemoteTransport::Direct, data),
            0x9000);
}

}  // namespace test_rfm_admin
