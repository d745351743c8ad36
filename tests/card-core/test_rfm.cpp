// Remote File Management over OTA (TS 102 226 §5, §7): compact and
// expanded command scripts run on the card's own file system, each in its
// own command session (MF or ADF.USIM current at the start, ADM1's access
// rights), with real file updates the terminal then reads.
#include "cardcore/nvm/nvm.hpp"
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_rfm {

using cardcore::testing::kImsi;
using cardcore::testing::kNewImsi;
using cardcore::testing::OtaCard;
using cardcore::testing::RfmCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

class Rfm : public RfmCard {};

// The golden sequence: the terminal reads EF.IMSI; an OTA UPDATE BINARY
// through the USIM RFM TAR (ADF.USIM current at the start) writes a new one;
// the terminal's own channel, still on EF.IMSI, reads the new value, and so
// does the GSM application through its linked EF.
TEST_F(Rfm, UpdateImsiOverTheAirThenReadItOverTheTerminal) {
  EXPECT_EQ(read_imsi(), kImsi + "9000");
  // SELECT EF.IMSI by FID in the ADF; UPDATE BINARY of 9 bytes.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00A4000C026F07" "00D6000009" + kNewImsi), "029000");
  EXPECT_EQ(send("00B0000009"), kNewImsi + "9000");  // the terminal's channel is where it was
  EXPECT_EQ(read_imsi(), kNewImsi + "9000");
  EXPECT_EQ(send("A0A40000027F20").substr(0, 2), "9F");
  EXPECT_EQ(send("A0A40000026F07").substr(0, 2), "9F");
  EXPECT_EQ(send("A0B0000009"), kNewImsi + "9000");
  // It is in NVM: a power cycle keeps it.
  card.power_off();
  card.power_on();
  EXPECT_EQ(read_imsi(), kNewImsi + "9000");
}

// TS 102 226 §7.1 / §7.2: the UICC TAR starts at the MF, the USIM TAR in
// ADF.USIM. EF.ICCID is a child of the MF, not of the ADF.
TEST_F(Rfm, EachTarStartsInItsOwnFileContext) {
  const std::string iccid = "98684001024200000011";
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A4000C022FE2" "00B000000A"), "029000" + iccid);
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00A4000C022FE2"), "016A82");
  // From the MF the USIM is reached by its AID, then by FID.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A4040C07A0000000871002" "00A4000C026F07" "00B0000009"),
            "039000" + kImsi);
  // Every script is a new command session: nothing is current at its start
  // but the MF / the ADF.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00B0000009"), "016986");  // no EF selected
}

// A case 4 command answers '61 XX' as on T=0, and GET RESPONSE in the same
// script gives its data: the PoR carries the last command's data (§5.1.2).
TEST_F(Rfm, CompactCase4AndGetResponse) {
  ASSERT_EQ(send("00A40004023F00"), "6125");
  const std::string fcp = send("00C0000025");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A40004023F00"), "016125");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A40004023F00" "00C0000025"), "029000" + fcp.substr(0, fcp.size() - 4));
  // A wrong Le: '6C XX', as on T=0, and the script stops there.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A40004023F00" "00C0000030" "00A4000C022FE2"), "026C25");
  // GET RESPONSE with nothing pending.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00C0000010"), "016985");
}

// The script stops at the first command with an error status word: the
// count includes it, its SW is the last one, later commands do not run.
TEST_F(Rfm, CompactScriptStopsAtTheFirstError) {
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00A4000C026F07" "00A4000C026FFF" "00D6000009" + kNewImsi), "026A82");
  EXPECT_EQ(read_imsi(), kImsi + "9000");
  // A warning does not stop it: '62 83', EF.IMSI deactivated, then activated.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00A4000C026F07" "0004000000" "00A4000C026F07" "0044000000"), "049000");
  EXPECT_EQ(read_imsi(), kImsi + "9000");
  // A command cut short counts with '67 00'.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00A4000C026F07" "00D60000090849"), "026700");
  EXPECT_EQ(read_imsi(), kImsi + "9000");
  // Instructions RFM does not run here.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "0088008122" + std::string(68, '0')), "016D00");  // AUTHENTICATE
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "0070800100"), "016D00");                        // MANAGE CHANNEL
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "01A4000C026F07"), "016881");                    // logical channel 1
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "A0A40000026F07"), "016E00");                    // the GSM class
}

// RFM has ADM1's access rights, in a security status of its own: the
// terminal's PINs are not touched, and what no key opens stays shut.
TEST_F(Rfm, AccessRightsOfItsOwn) {
  // ADM1 satisfied: EF.ICCID (update never) refuses, EF.UST (update ADM1) takes it.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A4000C022FE2" "00D6000001FF"), "026982");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00A4000C026F38" "00D6000A0111"), "029000");
  // The OTA key sets themselves: read never.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "00A4080C047F666F01" "00B2010449"), "026982");
  // VERIFY PIN2 over the air satisfies PIN2 in that session only.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "002000810831323334FFFFFFFF" "0020008100"), "029000");
  EXPECT_EQ(send("0020008100"), "63C3");  // the terminal's PIN2 is still not verified
  // The terminal has not verified ADM1 either.
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00D6000009" + kNewImsi), "6982");
  // A wrong PIN over the air counts against the card's real retry counter.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "002000810831313131FFFFFFFF"), "0163C2");
  EXPECT_EQ(send("0020008100"), "63C2");
}

// The expanded format (§5.2): a command scripting template 'AA' of C-APDU
// TLVs; the response scripting template 'AB' holds the number of executed
// C-APDUs and one R-APDU per executed command, data at once (no GET
// RESPONSE). The failing third command stops the script: the fourth does
// not run.
TEST_F(Rfm, ExpandedScriptStopsAtTheFailingCommand) {
  const std::string script = "AA39"
                             "2207" "00A4000C026F07"
                             "220E" "00D6000009" + kNewImsi +
                             "2205" "00B0000009"
                             "2207" "00A4000C026FFF"
                             "220E" "00D6000009" + kImsi;
  EXPECT_EQ(rfm(remote::kTarUsimRfm, script),
            "AB1C" "800104" "23029000" "23029000" "230B" + kNewImsi + "9000" "23026A82");
  EXPECT_EQ(read_imsi(), kNewImsi + "9000");
  // A case 4 command gets its data at once, up to Le; without Le none.
  ASSERT_EQ(send("00A40004023F00"), "6125");
  const std::string fcp = send("00C0000025");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA13" "2208" "00A40004023F0000" "2207" "00A40004023F00"),
            "AB30" "800102" "2327" + fcp.substr(0, fcp.size() - 4) + "9000" "23029000");
  // Immediate action and error action TLVs are taken (and not acted on).
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA0E" "810101" "8200" "2207" "00A4000C022FE2"), "AB07" "800101" "23029000");
}

// A PoR carries at most 360 bytes of additional data (three SMS-SUBMITs):
// an R-APDU whose data would pass that carries what fits and SW '62 F1'
// (more data available), and the script ends there (TS 102 226 §5.2.1.1).
TEST_F(Rfm, ExpandedResponseKeepsToItsBudget) {
  send_terminal_profile();
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredSubmit);
  const std::string script = "AA1E" "2207" "00A4000C026F3C" "2205" "00B20104B0" "2205" "00B20204B0"
                             "2205" "00B20304B0";
  std::string sw = run(packet(sec, remote::kTarUsimRfm, 1, from_hex(script)));
  const std::optional<Bytes> p = fetch_submitted_por(sw);
  EXPECT_EQ(sw, "9000");
  ASSERT_TRUE(p);
  const ota::DecodedPor por = ota::decode_response_packet(*p, sec, keys, remote::kTarUsimRfm, 1);
  EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
  const std::string record = "00" + std::string(350, 'F');
  // 'AB 82 01 61': count, 4 + 181 bytes of R-APDUs, then 165 for the third:
  // '23 81 A2', 160 of the record's 176 bytes, '62 F1'. The fourth does not run.
  EXPECT_EQ(upper_hex(por.packet.additional_data),
            "AB820161" "800103" "23029000" "2381B2" + record + "9000" "2381A2" + record.substr(0, 320) + "62F1");
  EXPECT_EQ(por.packet.additional_data.size(), 357u);
}

// Bad format: an unknown tag stops the script with '90 01 01'; a template
// whose lengths do not add up with '90 01 02'. An indefinite length template
// runs its TLVs until the one that is wrong, its end-of-contents missing or
// followed by more bytes included (test_rfm_expanded.cpp has the rest).
TEST_F(Rfm, ExpandedBadFormat) {
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA0B" "2207" "00A4000C022FE2" "9900"), "AB0A" "800101" "23029000" "900101");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA0B" "220B" "00A4000C022FE2" "9900"), "AB06" "800100" "900102");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA20" "2207" "00A4000C022FE2"), "AB06" "800100" "900102");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE80" "2207" "00A4000C022FE2"), "AF80" "23029000" "900102" "0000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE80" "2207" "00A4000C022FE2" "9900" "0000"),
            "AF80" "23029000" "900101" "0000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE81" "2207" "00A4000C022FE2" "0000"), "AF80" "900102" "0000");
  // A C-APDU TLV that is no APDU: wrong length for the card.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AA04" "220200A4"), "AB07" "800101" "23026700");
}

// A script spread over three concatenated SMS (TS 31.115 §4.2): two UPDATE
// RECORDs of 176 bytes. The segments may come in any order; the card holds
// them in its session and runs the script when the last one is in.
TEST_F(Rfm, ConcatenatedScriptOverThreeSms) {
  const std::string rec1 = "01" + std::string(2 * 175, 'A');
  const std::string rec2 = "03" + std::string(2 * 175, '5');
  const std::string script = "00A4000C026F3C" "00DC0104B0" + rec1 + "00DC0204B0" + rec2;
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  const std::vector<Bytes> tpdus = cardcore::testing::command_tpdus(packet(sec, remote::kTarUsimRfm, 1, from_hex(script)));
  ASSERT_EQ(tpdus.size(), 3u);
  EXPECT_EQ(envelope(tpdus[2]), "9000");
  EXPECT_EQ(envelope(tpdus[0]), "9000");
  EXPECT_EQ(envelope(tpdus[0]), "9000");  // an identical copy is taken once
  ASSERT_EQ(card.held_segments()->size(), 2u);
  const std::string answer = envelope_and_response(tpdus[1]);
  EXPECT_EQ(upper_hex(por_of(answer, sec, remote::kTarUsimRfm, 1).packet.additional_data), "039000");
  EXPECT_TRUE(card.held_segments()->empty());
  select_usim();
  ASSERT_EQ(send("00A4000C026F3C"), "9000");
  EXPECT_EQ(send("00B20104B0"), rec1 + "9000");
  EXPECT_EQ(send("00B20204B0"), rec2 + "9000");
}

// A power loss while an OTA update programs the NVM: the counter was
// committed before the script ran, so the packet cannot be replayed after
// the restart, whatever the update became (all old or all new).
TEST_F(Rfm, PowerLossDuringTheUpdateKeepsTheCounter) {
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  const Bytes p = packet(sec, remote::kTarUsimRfm, 9, from_hex("00A4000C026F07" "00D6000009" + kNewImsi));
  const std::vector<Bytes> tpdus = cardcore::testing::command_tpdus(p);
  // The counter's transaction takes 3 programs; the 4th is the update's first.
  card.nvm().arm_power_loss(4);
  EXPECT_THROW(envelope(tpdus[0]), PowerLoss);
  card.power_on();
  EXPECT_EQ(stored_counter(1), 9u);
  EXPECT_EQ(read_imsi(), kImsi + "9000");  // torn in its journal: the old value
  const std::string replay = run(p);
  EXPECT_EQ(por_of(replay, sec, remote::kTarUsimRfm, 9).packet.status, ota::PorStatus::CounterLow);
  EXPECT_EQ(read_imsi(), kImsi + "9000");
}

}  // namespace test_rfm
