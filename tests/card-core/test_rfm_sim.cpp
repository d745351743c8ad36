// RFM of the GSM SIM (TS 31.116, TS 51.011 §9; TAR 'B0 00 10'): GSM class
// commands (CLA 'A0') in a command session of their own that starts in
// DF.GSM, with ADM1's rights, answered as the SIM answers them ('9F XX' and
// GET RESPONSE), in compact and expanded scripts, chained like the others.
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/remote/rfm.hpp"
#include "cardcore/remote/secured_packet.hpp"
#include "admin_fixture.hpp"
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_rfm_sim {

using cardcore::testing::kImsi;
using cardcore::testing::kNewImsi;
using cardcore::testing::OtaCard;
using cardcore::testing::record_ef;
using cardcore::testing::RfmCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

class SimRfm : public RfmCard {
 protected:
  using RfmCard::rfm;
  // A script through the SIM's TAR.
  std::string rfm(const std::string& script) { return rfm(remote::kTarSimRfm, script); }
  // EF.IMSI as the terminal's GSM application reads it.
  std::string gsm_imsi() {
    EXPECT_EQ(send("A0A40000027F20").substr(0, 2), "9F");
    EXPECT_EQ(send("A0A40000026F07"), "9F0F");
    return send("A0B0000009");
  }
};

// The golden sequence over the SIM's TAR: SELECT EF.IMSI in DF.GSM (the
// current DF at the start) and UPDATE BINARY; both the GSM application and
// the USIM (linked EF) read the new IMSI.
TEST_F(SimRfm, UpdateImsiInDfGsm) {
  EXPECT_EQ(gsm_imsi(), kImsi + "9000");
  EXPECT_EQ(rfm("A0A40000026F07" "A0D6000009" + kNewImsi), "029000");
  EXPECT_EQ(gsm_imsi(), kNewImsi + "9000");
  select_usim();
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), kNewImsi + "9000");
}

// '9F XX' lets a script go on, and GET RESPONSE in the same script gives
// the data (TS 51.011 §9.4.1, §9.2.18) — the same bytes the terminal gets.
TEST_F(SimRfm, SelectAnswersNineFAndGetResponseGivesItsData) {
  EXPECT_EQ(rfm("A0A40000026F07"), "019F0F");
  gsm_imsi();
  EXPECT_EQ(send("A0A40000026F07"), "9F0F");
  const std::string fci = send("A0C000000F");
  EXPECT_EQ(rfm("A0A40000026F07" "A0C000000F"), "029000" + fci.substr(0, fci.size() - 4));
  // Nothing pending: the SIM's technical problem, and the script stops.
  EXPECT_EQ(rfm("A0C000000F" "A0A40000026F07"), "016F00");
  // More than is pending: '67 XX' with the length there is.
  EXPECT_EQ(rfm("A0A40000026F07" "A0C0000020"), "02670F");
}

// The selection rules are the SIM's (TS 51.011 §6.5) from DF.GSM: an EF of
// the MF needs the MF selected first.
TEST_F(SimRfm, FileContextIsTheSims) {
  EXPECT_EQ(rfm("A0A40000022FE2"), "019404");
  EXPECT_EQ(rfm("A0A40000023F00" "A0A40000022FE2" "A0B000000A"), "039000" "98684001024200000011");
  // ADFs are no SIM files.
  EXPECT_EQ(rfm("A0A40000023F00" "A0A40000027FF0"), "029404");
}

// One class per session: 'A0' only here, and only the file and CHV commands.
TEST_F(SimRfm, ClassesAndInstructions) {
  EXPECT_EQ(rfm("00A4000C026F07"), "016E00");
  EXPECT_EQ(rfm("A0F2000016"), "016D00");                                         // STATUS
  EXPECT_EQ(rfm("A088000010" + std::string(32, '0')), "016D00");                  // RUN GSM ALGORITHM
  EXPECT_EQ(rfm("A0A40000026F07" "A0A2000005" "0102030405"), "026D00");  // SEEK: not on this card
  // And the USIM's session takes no 'A0'.
  ++counter;
  const auto por = por_of(run(packet(sec, remote::kTarUsimRfm, counter, from_hex("A0A40000026F07"))), sec,
                          remote::kTarUsimRfm, counter);
  EXPECT_EQ(upper_hex(por.packet.additional_data), "016E00");
}

// ADM1's rights in a security status of its own: what no key opens stays
// shut ('98 04'), a CHV verified over the air counts for the script only,
// a wrong one against the card's retry counter.
TEST_F(SimRfm, AccessRightsOfItsOwn) {
  EXPECT_EQ(rfm("A0A40000023F00" "A0A40000022FE2" "A0D6000001FF"), "039804");
  EXPECT_EQ(rfm("A02000020831323334FFFFFFFF"), "019000");
  EXPECT_EQ(send("0020008100"), "63C3");  // the terminal's PIN2 (CHV2) is not verified
  EXPECT_EQ(rfm("A02000020831313131FFFFFFFF"), "019804");
  EXPECT_EQ(send("0020008100"), "63C2");
  // INVALIDATE and REHABILITATE (ADM1) with the GSM status words.
  EXPECT_EQ(rfm("A0A40000026F07" "A004000000" "A0B0000009"), "039810");
  EXPECT_EQ(rfm("A0A40000026F07" "A044000000" "A0B0000009"), "039000" + kImsi);
}

// INCREASE (TS 51.011 §9.2.8) acts on the script's own current EF, not on
// the terminal's: a cyclic EF of the MF the script selects, while the
// terminal's GSM application has EF.IMSI (transparent) selected.
TEST_F(SimRfm, IncreaseActsOnTheScriptsCyclicEf) {
  // EF.ARR record 8: read, update and INCREASE always; RESIZE FILE with
  // ADM1. The cyclic EF '6F40' under it in the MF: 2 records of 3 bytes,
  // record 1 '00 00 10'.
  const std::string rule = "80010790008401D4A40683010A950108";
  ASSERT_EQ(rfm(remote::kTarUiccRfm, "00A4000C022F06" "00DC080428" + rule + std::string(80 - rule.size(), 'F')),
            "029000");
  ASSERT_EQ(rfm(remote::kTarUiccRfm, record_ef("6F40", 3, 2, true, "2F0608").create() + "00DC000303000010"),
            "029000");
  EXPECT_EQ(gsm_imsi(), kImsi + "9000");
  // '9F 06': the new record 1 and the value added, by GET RESPONSE.
  EXPECT_EQ(rfm("A0A40000023F00" "A0A40000026F40" "A032000003000005" "A0C0000006"), "04" "9000" "000015000005");
  // The terminal's EF is still EF.IMSI, whose rule allows no INCREASE.
  EXPECT_EQ(send("A032000003000001"), "9804");
  EXPECT_EQ(send("A0A40000023F00").substr(0, 2), "9F");
  EXPECT_EQ(send("A0A40000026F40").substr(0, 2), "9F");
  EXPECT_EQ(send("A0B2010403"), "0000159000");
}

// The expanded format with GSM commands: R-APDUs as the SIM answers them.
TEST_F(SimRfm, ExpandedScript) {
  gsm_imsi();
  EXPECT_EQ(send("A0A40000026F07"), "9F0F");
  const std::string fci = send("A0C000000F");
  EXPECT_EQ(rfm("AA20" "2207" "A0A40000026F07" "2205" "A0C000000F" "220E" "A0D6000009" + kNewImsi),
            "AB1E" "800103" "23029F0F" "2311" + fci + "23029000");
  EXPECT_EQ(gsm_imsi(), kNewImsi + "9000");
}

// A chain of SIM scripts: the EF and the GET RESPONSE data the first one
// leaves are there for the next packet, and go with the card state.
TEST_F(SimRfm, ScriptChaining) {
  EXPECT_EQ(rfm("AA0C" "830101" "2207" "A0A40000026F07"), "AB07" "800101" "23029F0F");
  const Bytes saved = card.save_state();
  Uicc other(cardcore::testing::domestic_profile());
  other.restore_state(saved);
  EXPECT_EQ(other.save_state(), saved);
  // The chained session's GSM flag and pending FCI are in the state: 15
  // bytes of data, then SW '90 00'.
  ASSERT_GT(saved.size(), 40u);
  EXPECT_EQ(saved[saved.size() - 40], 2);  // SIM RFM
  EXPECT_EQ(saved[saved.size() - 39], 1);  // GSM class
  EXPECT_EQ(saved[saved.size() - 19], 15);
  EXPECT_EQ(rfm("AA11" "830103" "2205" "A0C000000F" "2205" "A0B0000009").substr(0, 14), "AB23" "800102" "2311");
  EXPECT_EQ(rfm("AA0A" "830102" "2205" "A0B0000009"), "AB06" "800100" "830101");
}

// A card whose profile has a key set for the SIM's TAR but no DF.GSM.
class SimRfmWithoutDfGsm : public OtaCard {
 protected:
  void SetUp() override {
    const std::string keys = "B00010 06 01 22 10 22 10 200102030405060708090a0b0c0d0e0f 201102030405060708090a0b0c0d0e0f";
    const std::string text =
        "[profile]\nname = t\n"
        "atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E5\n"
        "[auth]\nk = 000102030405060708090A0B0C0D0E0F\nopc = 000102030405060708090A0B0C0D0E0F\n"
        "[file MF]\npath = 3F00\nstructure = df\narr = 2F06#1\n"
        "[file EF.ARR]\npath = 3F00/2F06\nstructure = linear_fixed\nrecord_length = 16\nrecords = 1\narr = 2F06#1\n"
        "record 1 = 80 01 03 97 00\n"
        "[file DF.OTA]\npath = 3F00/7F66\nstructure = df\narr = 2F06#1\n"
        "[file EF.KEYS]\npath = 3F00/7F66/6F01\nstructure = linear_fixed\nrecord_length = 73\nrecords = 1\n"
        "arr = 2F06#1\nrecord 1 = " + keys + "\n"
        "[file EF.CNTR]\npath = 3F00/7F66/6F02\nstructure = linear_fixed\nrecord_length = 5\nrecords = 1\n"
        "arr = 2F06#1\nrecord 1 = 0000000000\n"
        "[ota]\nkeys = 3F00/7F66/6F01\ncounters = 3F00/7F66/6F02\n";
    card = Uicc(std::make_shared<const ProfileTemplate>(parse_profile(text, "t.prof")));
    card.power_on();
  }
};

TEST_F(SimRfmWithoutDfGsm, TheSimsTarIsUnknown) {
  EXPECT_FALSE(remote::application_file(card, remote::Application::SimRfm));
  // The packet as the receiver takes it (this profile has no USIM, so no
  // SMS-PP download service: remote/secured_packet.hpp directly).
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorOnErrorReport);
  const remote::PacketOutcome out = remote::receive_command_packet(
      card, packet(sec, remote::kTarSimRfm, 1, from_hex("A0A40000026F07")), Uicc::kMaxQueuedProactive);
  ASSERT_EQ(out.kind, remote::PacketOutcome::Kind::Done);
  ota::ResponsePacket por;
  ota::IntegrityField none;
  ASSERT_EQ(ota::decode_response_packet(out.por_report, none, nullptr, por), ota::ResponseCheck::Ok);
  EXPECT_EQ(por.status, ota::PorStatus::TarUnknown);
  EXPECT_EQ(stored_counter(1), 0u);
}

}  // namespace test_rfm_sim
