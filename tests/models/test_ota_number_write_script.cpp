// The golden OTA number write (scenarios/card/ota-number-write.apdu, its
// transcript tests/golden/ota-number-write.transcript) carries the bytes the
// write-card platform builds: this test rebuilds its ENVELOPE (SMS-PP
// DOWNLOAD) from the subscription, keys and counter the script names and
// checks the script has exactly that command; then reads the PoR the
// transcript recorded and checks it as the platform would.
#include <gtest/gtest.h>

#include "domestic_card.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"
#include "twinmodels/ota/write_card_messages.hpp"

namespace twinmodels::ota {
namespace test_ota_number_write_script {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// What the script's comments say it sends: the ISD's factory keys, TAR C0 00 01.
OtaCardConfig write_card_config() { return twinmodels::testing::domestic_isd_config({0xC0, 0x00, 0x01}); }

NewSubscription golden_subscription() {
  return {.imsi = "460049876543210",
          .k = cardcore::from_hex("000102030405060708090a0b0c0d0e0f"),
          .opc = cardcore::from_hex("f0e0d0c0b0a090807060504030201000"),
          .msisdn = "8614812345678"};
}

TEST(OtaNumberWriteScript, TheScriptSendsThePlatformsPacket) {
  OtaSmsLink link(write_card_config());
  const auto tpdus = link.build(encode_write(1, golden_subscription()), cardcore::sms::Timestamp{26, 12, 1, 10, 30, 0, 32},
                                ScriptFormat::Application);
  ASSERT_EQ(tpdus.size(), 1u);
  const cardcore::sms::Address smsc{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn,
                                    "8613800100500"};
  const std::string envelope = cardcore::to_hex(envelope_sms_pp_download(tpdus[0], smsc), true);
  const std::string script = read_file(ESIMTWIN_SOURCE_DIR "/scenarios/card/ota-number-write.apdu");
  EXPECT_NE(script.find("\n" + envelope + "\n"), std::string::npos) << "the script should send\n" << envelope;

  // The PoR in the transcript: GET RESPONSE's data, read by the platform.
  const std::string transcript = read_file(ESIMTWIN_SOURCE_DIR "/tests/golden/ota-number-write.transcript");
  const std::size_t get_response = transcript.find("[GET RESPONSE]\n< ");
  ASSERT_NE(get_response, std::string::npos);
  const std::size_t from = get_response + 17;
  const std::string line = transcript.substr(from, transcript.find("   [", from) - from);
  const cardcore::Bytes r = cardcore::from_hex(line);
  ASSERT_GT(r.size(), 2u);
  const PorResult por = link.read_por_from_user_data(cardcore::ByteView(r).first(r.size() - 2));
  ASSERT_TRUE(por.ok());
  const WriteCardResponse w = decode_write_card_response(por.additional_data);
  EXPECT_EQ(w.result, cardcore::applet::write_card::Result::Done);
  EXPECT_EQ(w.imsi, "460049876543210");
  EXPECT_EQ(w.write_id, 1u);
  EXPECT_EQ(w.refresh_queued, std::optional<std::uint8_t>(0x04));
}

}  // namespace test_ota_number_write_script
}  // namespace twinmodels::ota
