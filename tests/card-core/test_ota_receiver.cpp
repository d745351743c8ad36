// The card's OTA receiver end to end (card-core/cardcore/remote/): ENVELOPE
// (SMS-PP DOWNLOAD) with an SMS-DELIVER carrying a secured command packet
// (TS 31.111 §7.1.1, TS 31.115), SCP80 against the profile's key sets
// (TS 102 225), the PoR in the SMS-DELIVER-REPORT data or in a SEND SHORT
// MESSAGE, counters persisted in NVM.
#include <fstream>
#include <sstream>

#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/udh.hpp"
#include "ota_fixture.hpp"
#include "vector_file.hpp"

namespace spi = cardcore::testing::spi;

namespace test_ota_receiver {

using cardcore::testing::OtaCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

const Bytes kSelectMf = from_hex("00A40004023F00");  // the vector's command: SELECT MF, FCP requested

testdata::VectorBlock pysim_vector() { return testdata::load_vector_blocks("scp80-aes.txt").at(0); }

// The vector's TPDU with TP-UDL corrected from 03 to 2D (3 header octets +
// 42 packet octets, TS 23.040 §9.2.3.16).
Bytes corrected_tpdu(Bytes tpdu) {
  // First octet, TP-OA "08 81 21 43 65 87" (8 digits), PID, DCS, SCTS (7
  // octets): TP-UDL at 1 + 6 + 2 + 7 = 16.
  EXPECT_EQ(tpdu.at(16), 0x03);
  tpdu.at(16) = 0x2D;
  return tpdu;
}

// The pySim vector on the real card: its TPDU (TP-UDL 03, as pySim's test
// writes it) in an ENVELOPE. The card opens the packet with the profile's
// key set for TAR B0 00 11, runs SELECT MF in ADF.USIM's command session and
// answers '61 XX' with the PoR for the SMS-DELIVER-REPORT. The vector's PoR
// came from a card whose MF FCP is 50 bytes ('61 32'); this card's is 37
// ('61 25', as SELECT MF on the terminal interface shows), so the additional
// data differs in that byte and the PoR, ciphered and checksummed over it,
// is this card's own: same clear header (RPL, RHL, TAR), same codec.
TEST_F(OtaCard, PySimVectorEndToEnd) {
  const auto v = pysim_vector();
  const Bytes packet = from_hex(v.at("PACKET"));
  const std::string mf = send("00A40004023F00");
  ASSERT_EQ(mf, "6125");  // this card's MF FCP: 37 bytes
  ASSERT_EQ(send("00C0000025").substr(74), "9000");

  for (const Bytes& tpdu : {from_hex(v.at("TPDU")), corrected_tpdu(from_hex(v.at("TPDU")))}) {
    SCOPED_TRACE(upper_hex(tpdu));
    const Bytes before = card.save_state();
    const std::string answer = envelope(tpdu);
    ASSERT_EQ(answer, "6129");  // '02 71 00' + a 38-byte PoR, as the vector's
    const std::string data = send("00C0000029");
    ASSERT_EQ(data.size(), 2u * 0x29 + 4);
    EXPECT_EQ(data.substr(data.size() - 4), "9000");
    const std::string vector_por = v.at("POR");
    // UDH, RPL 0024, RHL 12 (CC of 8 bytes), TAR: the clear part of the vector's PoR.
    EXPECT_EQ(data.substr(0, 18), "027100002412B00011");
    EXPECT_EQ(data.substr(0, 18), upper_hex(from_hex(vector_por.substr(0, 18))));

    // The platform reads it: secured as SPI 06 19 asks, PoR OK, counter 0,
    // one command executed, its status word '61 25'.
    const ota::CommandSecurity sec = security(packet[3], packet[4]);
    const ota::DecodedPor por = por_of(data, sec, remote::kTarUsimRfm, 0);
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    EXPECT_EQ(por.packet.counter, 0u);
    EXPECT_EQ(upper_hex(por.packet.additional_data), "016125");

    // Byte for byte what the receiving entity builds for that packet and
    // those data; with the other card's '01 61 32' the same codec gives the
    // vector's PoR exactly.
    const ota::CommandPacketResult opened = ota::open_command_packet(packet, [&](const ota::CommandHeader&) {
      return std::optional<ota::TarSecurity>(ota::TarSecurity{&keys, 0, 0x06});
    });
    ASSERT_EQ(opened.status, ota::PorStatus::Ok);
    EXPECT_EQ(upper_hex(opened.data), upper_hex(kSelectMf));
    EXPECT_EQ(data.substr(6, data.size() - 10),
              upper_hex(ota::build_response_packet(opened, ota::PorStatus::Ok, from_hex("016125"), &keys)));
    EXPECT_EQ(upper_hex(ota::build_response_packet(opened, ota::PorStatus::Ok, from_hex("016132"), &keys)),
              upper_hex(from_hex(vector_por.substr(6))));

    // The data is the TP-UD of the SMS-DELIVER-REPORT the sms helpers build
    // for that PoR: UDH 02 71 00, then the packet.
    const Bytes report_packet = from_hex(data.substr(6, data.size() - 10));
    const sms::SmsDeliverReport report = sms::deliver_report_with_response_packet(report_packet);
    ASSERT_TRUE(report.ud && report.ud->header);
    Bytes ud = sms::encode_udh(*report.ud->header);
    ud.insert(ud.end(), report.ud->body.begin(), report.ud->body.end());
    EXPECT_EQ(upper_hex(ud), data.substr(0, data.size() - 4));

    // SPI 06: no counter policy, so no counter to store; SELECT MF changes
    // nothing either: the card is as before (the GET RESPONSE took the data).
    EXPECT_EQ(stored_counter(1), 0u);
    EXPECT_EQ(card.save_state(), before);
  }
}

// A counter policy that checks: the counter goes to EF.OTA_CNTR (record 1,
// shared by the key set's TARs) when the packet passed, and only then.
TEST_F(OtaCard, CounterIsStoredOnlyForAPacketThatPassed) {
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  const std::string ok = run(packet(sec, remote::kTarUsimRfm, 5, kSelectMf));
  EXPECT_EQ(por_of(ok, sec, remote::kTarUsimRfm, 5).packet.status, ota::PorStatus::Ok);
  EXPECT_EQ(stored_counter(1), 5u);
  // The same counter again, to the other TAR of the key set: replayed.
  const Bytes before = card.save_state();
  const std::string replay = run(packet(sec, remote::kTarUiccRfm, 5, kSelectMf));
  EXPECT_EQ(por_of(replay, sec, remote::kTarUiccRfm, 5).packet.status, ota::PorStatus::CounterLow);
  EXPECT_EQ(card.save_state(), before);
  EXPECT_EQ(stored_counter(1), 5u);
  // Higher passes and moves it on; "one higher" wants exactly 7 then.
  EXPECT_EQ(por_of(run(packet(sec, remote::kTarUiccRfm, 6, kSelectMf)), sec, remote::kTarUiccRfm, 6).packet.status,
            ota::PorStatus::Ok);
  const auto one_higher = security(spi::kCcCipheredCounterOneHigher, spi::kPorAlwaysCcCipheredReport);
  EXPECT_EQ(por_of(run(packet(one_higher, remote::kTarUiccRfm, 8, kSelectMf)), one_higher, remote::kTarUiccRfm, 8)
                .packet.status,
            ota::PorStatus::CounterHigh);
  EXPECT_EQ(por_of(run(packet(one_higher, remote::kTarUiccRfm, 7, kSelectMf)), one_higher, remote::kTarUiccRfm, 7)
                .packet.status,
            ota::PorStatus::Ok);
  EXPECT_EQ(stored_counter(1), 7u);
  // The counter survives a power cycle: it is in NVM.
  card.power_off();
  card.power_on();
  EXPECT_EQ(stored_counter(1), 7u);
}

// SPI b6 of the second byte (TS 31.115 §4.1): the PoR goes by SMS-SUBMIT.
// The card answers the ENVELOPE '91 XX' and the terminal FETCHes a SEND
// SHORT MESSAGE whose SMS-SUBMIT goes back to the command's originator with
// the response packet (UDH IEI '71', TP-PID 7F, TP-DCS F6).
TEST_F(OtaCard, PorBySmsSubmitQueuesSendShortMessage) {
  send_terminal_profile();
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredSubmit);
  const std::vector<Bytes> tpdus = cardcore::testing::command_tpdus(packet(sec, remote::kTarUiccRfm, 1, kSelectMf));
  ASSERT_EQ(tpdus.size(), 1u);
  const std::string answer = envelope(tpdus[0]);
  const Bytes command = fetch_announced(answer);
  const cat::Decoded<cat::ProactiveCommand> decoded = cat::decode_proactive_command(command);
  ASSERT_TRUE(decoded.ok()) << decoded.error;
  const auto* sms_command = std::get_if<cat::SendShortMessage>(&decoded.value);
  ASSERT_NE(sms_command, nullptr);
  ASSERT_TRUE(sms_command->alpha);
  EXPECT_TRUE(sms_command->alpha->text.empty());  // a null alpha identifier: nothing shown
  ASSERT_TRUE(sms_command->address);
  EXPECT_EQ(*sms_command->address, cardcore::testing::ota_smsc());
  const sms::SmsSubmit submit = sms::decode_submit(sms_command->tpdu.tpdu);
  EXPECT_EQ(submit.da, cardcore::testing::ota_platform());
  EXPECT_EQ(submit.pid, 0x7F);
  EXPECT_EQ(submit.dcs, 0xF6);
  const std::optional<Bytes> por_packet = sms::response_packet_of(submit.ud);
  ASSERT_TRUE(por_packet);
  const ota::DecodedPor por = ota::decode_response_packet(*por_packet, sec, keys, remote::kTarUiccRfm, 1);
  EXPECT_TRUE(por.secured);
  EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
  EXPECT_EQ(upper_hex(por.packet.additional_data), "016125");
  EXPECT_EQ(terminal_response_to(command), "9000");
  EXPECT_FALSE(card.proactive_in_progress());
}

// No PoR when the SPI asks for none, or for one on error only and the
// packet passed: '90 00' (RP-ACK), nothing to fetch, the commands ran.
TEST_F(OtaCard, NoPorWhenTheSpiAsksForNone) {
  const Bytes update_ust_byte = from_hex("00A4000C026F3800D6000A0111");  // SELECT EF.UST; UPDATE its 11th byte
  auto sec = security(spi::kCcCipheredCounterHigher, spi::kNoPor);
  EXPECT_EQ(run(packet(sec, remote::kTarUsimRfm, 1, update_ust_byte)), "9000");
  sec = security(spi::kCcCipheredCounterHigher, spi::kPorOnErrorReport);
  EXPECT_EQ(run(packet(sec, remote::kTarUsimRfm, 2, update_ust_byte)), "9000");
  EXPECT_EQ(stored_counter(1), 2u);
  select_usim();
  ASSERT_EQ(send("00A4000C026F38"), "9000");
  EXPECT_EQ(send("00B0000A01"), "119000");
  // An error then gets its PoR: counter low.
  const std::string replay = run(packet(sec, remote::kTarUsimRfm, 2, update_ust_byte));
  EXPECT_EQ(por_of(replay, sec, remote::kTarUsimRfm, 2).packet.status, ota::PorStatus::CounterLow);
}

// TS 31.115 §7 '0B': a PoR too long for the SMS-DELIVER-REPORT. The report
// says the response follows by SMS-SUBMIT, and SEND SHORT MESSAGEs carry it
// (concatenated over two SMS).
TEST_F(OtaCard, LongPorGoesBySmsSubmitWithStatus0BInTheReport) {
  send_terminal_profile();
  // SELECT EF.SMS and READ RECORD 1: 176 bytes of response data.
  const Bytes script = from_hex("00A4000C026F3C00B20104B0");
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  const std::string answer = run(packet(sec, remote::kTarUsimRfm, 1, script));
  ASSERT_GE(answer.size(), 4u);
  const std::string sw = answer.substr(answer.size() - 4);
  ASSERT_EQ(sw.substr(0, 2), "91") << answer;  // the SEND SHORT MESSAGE is announced
  const ota::DecodedPor notice = por_of(answer.substr(0, answer.size() - 4) + "9000", sec, remote::kTarUsimRfm, 1);
  EXPECT_EQ(notice.packet.status, ota::PorStatus::ResponseBySmsSubmit);
  EXPECT_TRUE(notice.packet.additional_data.empty());
  // Two SMS-SUBMITs: reassembled as the platform's SMSC would hand them over.
  std::string next = sw;
  const std::optional<Bytes> por_packet = fetch_submitted_por(next);
  EXPECT_EQ(next, "9000");
  EXPECT_EQ(card.proactive_queued(), 0u);
  ASSERT_TRUE(por_packet);
  const ota::DecodedPor por = ota::decode_response_packet(*por_packet, sec, keys, remote::kTarUsimRfm, 1);
  EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
  ASSERT_EQ(por.packet.additional_data.size(), 3u + 176u);
  EXPECT_EQ(upper_hex(ByteView(por.packet.additional_data).first(4)), "02900000");  // 2 commands, 9000, record status 00
}

// Messages the receiver does not take as OTA: a data download SMS without
// a command packet ('6A 81', as a card without the service), a TPDU that
// does not decode ('6F 00', RP-ERROR): nothing changes.
TEST_F(OtaCard, MessagesThatAreNotCommandPackets) {
  const Bytes before = card.save_state();
  // TS 31.124 §27.22.5 envelope 3.1.1's TPDU: PID 7F, DCS 16, no UDH.
  EXPECT_EQ(envelope(from_hex("04049121437F16891010000000000D546573744D6573736167652031")), "6A81");
  // A normal class 1 text message: no (U)SIM data download.
  EXPECT_EQ(envelope(from_hex("0004912143000089101000000000044F4B2121")), "6A81");
  // Truncated TPDUs and a TP-UDL beyond the data.
  const auto v = pysim_vector();
  const Bytes tpdu = from_hex(v.at("TPDU"));
  for (std::size_t n : {1u, 5u, 14u}) EXPECT_EQ(envelope(Bytes(tpdu.begin(), tpdu.begin() + n)), "6F00") << n;
  Bytes long_udl = tpdu;
  long_udl.at(16) = 0x40;  // TP-UDL 64: more than the 45 octets there are
  EXPECT_EQ(envelope(long_udl), "6F00");
  EXPECT_EQ(card.save_state(), before);
}

// A card whose profile has no [ota] section has no receiver: SMS-PP
// download gets '6A81' as before; an installed handler still takes over.
TEST_F(OtaCard, WithoutOtaKeySetsThereIsNoReceiver) {
  // The domestic profile without its [ota] section.
  std::ifstream f(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::stringstream s;
  s << f.rdbuf();
  std::string prof = s.str();
  const std::size_t at = prof.find("[ota]");
  ASSERT_NE(at, std::string::npos);
  prof.erase(at);
  Uicc other(std::make_shared<const ProfileTemplate>(parse_profile(prof, "no OTA")));
  other.power_on();
  EXPECT_FALSE(other.profile().ota);
  const Bytes data = cardcore::testing::sms_pp_envelope(from_hex(pysim_vector().at("TPDU")));
  Bytes apdu = from_hex("80C20000");
  apdu.push_back(static_cast<std::uint8_t>(data.size()));
  apdu.insert(apdu.end(), data.begin(), data.end());
  EXPECT_EQ(upper_hex(other.transmit(apdu)), "6A81");
  // The domestic card's receiver, for comparison.
  EXPECT_EQ(upper_hex(card.transmit(apdu)), "6129");
}

}  // namespace test_ota_receiver
