// The platform side of OTA (twinmodels::ota) against the real card: an RFM
// script that writes a new IMSI, carried as SCP80 over SMS-PP exactly as an
// OTA platform and a modem would (OtaSmsLink -> SMS-DELIVER -> ENVELOPE),
// answered with a PoR the platform verifies, after which the modem's USIM
// client reads the new IMSI at its next power-up; and a replayed packet that
// the card refuses without touching anything.
#include <gtest/gtest.h>

#include "domestic_card.hpp"

#include <memory>
#include <string>

#include "cardcore/card/uicc.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"

namespace twinmodels::ota {
namespace test_ota_card_end_to_end {

using cardcore::Bytes;

std::shared_ptr<const cardcore::ProfileTemplate> profile() { return twinmodels::testing::domestic_profile(); }

// The domestic profile's OTA key set (docs/PROFILE-FORMAT.md, EF.OTA_KEYS):
// AES-CBC / AES-CMAC, key version 2, on the USIM RFM TAR B0 00 11.
OtaCardConfig domestic_usim_rfm() {
  // TS 102 225 §5.1.1: CC, ciphered, counter must be higher; PoR always, CC,
  // ciphered, in the SMS-DELIVER-REPORT.
  return testing::aes_card_config({0xB0, 0x00, 0x11}, 2, "200102030405060708090a0b0c0d0e0f",
                                  "201102030405060708090a0b0c0d0e0f", testing::kOtaPlatform);
}

// What a modem does with one SMS-DELIVER: ENVELOPE (SMS-PP DOWNLOAD), then
// GET RESPONSE for the data of the SMS-DELIVER-REPORT. Returns that data.
Bytes deliver(cardcore::Uicc& card, const Bytes& tpdu) {
  const Bytes answer = card.transmit(envelope_sms_pp_download(tpdu));
  EXPECT_GE(answer.size(), 2u);
  if (answer.size() != 2 || answer[0] != 0x61) return {};
  const Bytes data = card.transmit(Bytes{0x00, 0xC0, 0x00, 0x00, answer[1]});
  EXPECT_EQ(data[data.size() - 2], 0x90);
  return Bytes(data.begin(), data.end() - 2);
}

TEST(OtaEndToEnd, PlatformWritesANewImsiThatTheModemThenReads) {
  cardcore::Uicc card(profile());
  card.personalize({"898604000000000001", "460040000000001", Bytes(16, 0x11), Bytes(16, 0x22)});
  UsimClient usim(card);
  ASSERT_EQ(usim.power_up(), "460040000000001");

  OtaSmsLink link(domestic_usim_rfm());
  const auto script = encode_compact_script(
      rfm_update_binary(parse_file_path("3F00/7FFF/6F07"), 0, cardcore::encode_imsi("001019876543210")));
  const auto tpdus = link.build(script, cardcore::sms::Timestamp{24, 5, 17, 10, 30, 0, 32});
  ASSERT_EQ(tpdus.size(), 1u);
  const Bytes report = deliver(card, tpdus[0]);
  ASSERT_FALSE(report.empty());
  const PorResult por = link.read_por_from_user_data(report);
  EXPECT_TRUE(por.ok());
  EXPECT_TRUE(por.secured);
  ASSERT_TRUE(por.response.has_value());
  EXPECT_EQ(executed_commands(*por.response), 4u);  // SELECT 3F00, 7FFF, 6F07; UPDATE BINARY
  EXPECT_EQ(last_status_word(*por.response), 0x9000);

  card.power_off();
  EXPECT_EQ(usim.power_up(), "001019876543210");
}

TEST(OtaEndToEnd, AReplayedPacketChangesNothing) {
  cardcore::Uicc card(profile());
  card.personalize({"898604000000000002", "460040000000002", Bytes(16, 0x11), Bytes(16, 0x22)});
  UsimClient usim(card);
  ASSERT_EQ(usim.power_up(), "460040000000002");
  OtaSmsLink link(domestic_usim_rfm());
  const auto tpdus = link.build(
      encode_compact_script(rfm_update_binary(parse_file_path("3F00/7FFF/6F07"), 0, cardcore::encode_imsi("001010000000001"))),
      cardcore::sms::Timestamp{24, 5, 17, 10, 30, 0, 32});
  ASSERT_TRUE(link.read_por_from_user_data(deliver(card, tpdus[0])).ok());
  const Bytes before = card.save_state();
  // The same SMS again (an SMSC retry, or an attacker): counter not higher.
  const Bytes report = deliver(card, tpdus[0]);
  ASSERT_FALSE(report.empty());
  EXPECT_EQ(card.save_state(), before);
  OtaSmsLink reader(domestic_usim_rfm());
  (void)reader.build_packet(Bytes{0x00});  // a packet outstanding with counter 1, as the replayed one
  const PorResult por = reader.read_por_from_user_data(report);
  EXPECT_EQ(por.status, cardcore::ota::PorStatus::CounterLow);
}

}  // namespace test_ota_card_end_to_end
}  // namespace twinmodels::ota
