// The platform side of RAM and OTA number writing (twinmodels::ota) against
// the real card: a platform lists the card's applets through its Issuer
// Security Domain, reinstalls the write-card applet from its load file under
// a new TAR, and writes a new subscription through it; the modem fetches the
// REFRESH, resets the card, and its USIM client then reads the new IMSI.
#include <gtest/gtest.h>

#include "domestic_card.hpp"

#include <memory>
#include <string>

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/ram_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"
#include "twinmodels/ota/write_card_messages.hpp"

namespace twinmodels::ota {
namespace test_ota_write_card {

namespace wc = cardcore::applet::write_card;

std::shared_ptr<const cardcore::ProfileTemplate> profile() { return twinmodels::testing::domestic_profile(); }

Bytes hex(const std::string& h) { return cardcore::from_hex(h); }

const cardcore::sms::Timestamp kScts{26, 12, 1, 10, 30, 0, 32};

OtaCardConfig isd_config(cardcore::ota::Tar tar) { return twinmodels::testing::domestic_isd_config(tar); }

// The modem's part for one packet: each SMS-DELIVER in an ENVELOPE, GET
// RESPONSE for the last one's report data. `sw` gets the last SW.
Bytes deliver(cardcore::Uicc& card, const std::vector<Bytes>& tpdus, std::uint16_t& sw) {
  Bytes answer;
  for (const Bytes& t : tpdus) answer = card.transmit(envelope_sms_pp_download(t));
  if (answer.size() != 2 || answer[0] != 0x61) {
    ADD_FAILURE() << "no PoR data";
    return {};
  }
  const Bytes data = card.transmit(Bytes{0x00, 0xC0, 0x00, 0x00, answer[1]});
  sw = static_cast<std::uint16_t>(data[data.size() - 2] << 8 | data[data.size() - 1]);
  return Bytes(data.begin(), data.end() - 2);
}

// A CAP file's components: Header (the package AID) and Applet (its applet).
Bytes write_card_cap() {
  const Bytes pkg(wc::kLoadFileAid.begin(), wc::kLoadFileAid.end());
  const Bytes mod(wc::kModuleAid.begin(), wc::kModuleAid.end());
  Bytes header = hex("DECAFFED" "01" "02" "04" "00" "01");
  header.push_back(static_cast<std::uint8_t>(pkg.size()));
  header.insert(header.end(), pkg.begin(), pkg.end());
  Bytes applet = {0x01, static_cast<std::uint8_t>(mod.size())};
  applet.insert(applet.end(), mod.begin(), mod.end());
  applet.insert(applet.end(), {0x00, 0x10});
  Bytes cap;
  for (const auto& [tag, info] : {std::pair<std::uint8_t, Bytes>{1, header}, {3, applet}, {7, Bytes(300, 0x5A)}}) {
    cap.insert(cap.end(), {tag, static_cast<std::uint8_t>(info.size() >> 8), static_cast<std::uint8_t>(info.size())});
    cap.insert(cap.end(), info.begin(), info.end());
  }
  return cap;
}

TEST(OtaWriteCard, ReinstallTheAppletThenWriteANumber) {
  cardcore::Uicc card(profile());
  card.personalize({"898604000000000001", "460040000000001", Bytes(16, 0x11), Bytes(16, 0x22)});
  UsimClient usim(card);
  ASSERT_EQ(usim.power_up(), "460040000000001");
  // The modem's TERMINAL PROFILE: SMS-PP download, REFRESH.
  using F = cardcore::cat::Facility;
  const Bytes tp = cardcore::cat::TerminalProfile::with({F::kProfileDownload, F::kSmsPpDataDownload, F::kCommandResult,
                                                         F::kRefresh}).bytes();
  Bytes tp_apdu = {0x80, 0x10, 0x00, 0x00, static_cast<std::uint8_t>(tp.size())};
  tp_apdu.insert(tp_apdu.end(), tp.begin(), tp.end());
  ASSERT_EQ(card.transmit(tp_apdu), (Bytes{0x90, 0x00}));
  std::uint16_t sw = 0;

  // What is on the card: GET STATUS of the applications (expanded, Le '00').
  OtaSmsLink isd(isd_config({0x00, 0x00, 0x00}));
  const Bytes status_script = encode_expanded_script(std::vector<Bytes>{get_status(0x40)});
  PorResult por = isd.read_por_from_user_data(deliver(card, isd.build(status_script, kScts), sw));
  ASSERT_TRUE(por.ok());
  ASSERT_TRUE(por.response);
  const auto& listed = std::get<ExpandedResponse>(*por.response).responses.at(0);
  EXPECT_EQ(listed.sw, 0x9000);
  const std::vector<StatusEntry> apps = decode_status_entries(listed.data, false);
  ASSERT_EQ(apps.size(), 1u);
  const Bytes old_instance = apps[0].aid;
  EXPECT_EQ(apps[0].life_cycle, 0x07);

  // Delete it with its load file, load the file again, install with TAR C0 00 02.
  const Bytes elf(wc::kLoadFileAid.begin(), wc::kLoadFileAid.end());
  const Bytes module(wc::kModuleAid.begin(), wc::kModuleAid.end());
  std::vector<Bytes> cmds = {delete_object(elf, true), install_for_load(elf)};
  for (Bytes& b : load_blocks(load_file_data_block(write_card_cap()), 160)) cmds.push_back(std::move(b));
  Bytes instance = module;
  instance.insert(instance.end(), {0x02, 0xC0, 0x00, 0x02, 0x00});
  cmds.push_back(install_for_install({.load_file = elf, .module = module, .instance = instance,
                                      .app_params = hex("3F007F676F03"),
                                      .toolkit = ToolkitInstall{.msl = 0x16, .tars = {{0xC0, 0x00, 0x02}}}}));
  por = isd.read_por_from_user_data(deliver(card, isd.build(encode_compact_script(cmds), kScts), sw));
  ASSERT_TRUE(por.ok());
  EXPECT_EQ(executed_commands(*por.response), cmds.size());
  EXPECT_EQ(last_status_word(*por.response), std::optional<std::uint16_t>(0x6101));  // INSTALL's '00' waits (T=0)

  // The number write, with the MSISDN.
  // The applet has no key set of its own: it shares the ISD's, and so its
  // counter, which the platform carries over.
  OtaCardConfig writer_config = isd_config({0xC0, 0x00, 0x02});
  writer_config.counter = isd.counter();
  OtaSmsLink writer(writer_config);
  NewSubscription s{.imsi = "460041234500042", .k = Bytes(16, 0x33), .opc = Bytes(16, 0x44), .msisdn = "8614812345678"};
  por = writer.read_por_from_user_data(
      deliver(card, writer.build(encode_write(42, s), kScts, ScriptFormat::Application), sw));
  ASSERT_TRUE(por.ok());
  EXPECT_FALSE(por.response);  // the applet's own format: left to the caller
  const WriteCardResponse r = decode_write_card_response(por.additional_data);
  EXPECT_EQ(r.result, wc::Result::Done);
  EXPECT_EQ(r.write_id, 42u);
  EXPECT_EQ(r.imsi, "460041234500042");
  EXPECT_TRUE(r.backup);
  EXPECT_EQ(r.refresh_queued, std::optional<std::uint8_t>(wc::kDefaultRefresh));

  // The terminal profile is in: the REFRESH is announced with the PoR.
  ASSERT_EQ(sw >> 8, 0x91);
  const Bytes fetched = card.transmit(Bytes{0x80, 0x12, 0x00, 0x00, static_cast<std::uint8_t>(sw & 0xFF)});
  const auto command = cardcore::cat::decode_proactive_command(ByteView(fetched).first(fetched.size() - 2));
  ASSERT_TRUE(command.ok()) << command.error;
  EXPECT_EQ(std::get<cardcore::cat::Refresh>(command.value).mode, cardcore::cat::Refresh::kUiccReset);
  card.power_off();
  EXPECT_EQ(usim.power_up(), "460041234500042");

  // Rollback: the factory-personalized subscription again.
  por = writer.read_por_from_user_data(
      deliver(card, writer.build(encode_rollback(wc::kNoRefresh), kScts, ScriptFormat::Application), sw));
  const WriteCardResponse back = decode_write_card_response(por.additional_data);
  EXPECT_EQ(back.imsi, "460040000000001");
  EXPECT_EQ(back.write_id, 0u);
  EXPECT_FALSE(back.refresh_queued);
}

TEST(OtaWriteCard, MessageCodecRefusesBadValues) {
  NewSubscription s{.imsi = "460041234500042", .k = Bytes(16, 0x33), .opc = Bytes(16, 0x44)};
  EXPECT_THROW(encode_write(0, s), std::invalid_argument);
  EXPECT_THROW(encode_write(1, s, 0x01), std::invalid_argument);
  s.k.pop_back();
  EXPECT_THROW(encode_write(1, s), std::invalid_argument);
  EXPECT_THROW(decode_write_card_response(hex("E903900100")), OtaError);        // fields missing
  EXPECT_THROW(decode_write_card_response(hex("E1009000")), OtaError);          // not one 'E9'
  EXPECT_THROW(decode_write_card_response(hex("E903900109")), OtaError);        // unknown result
  EXPECT_THROW(decode_status_entries(hex("08A0000001510000"), false), OtaError);  // cut short
  EXPECT_EQ(encode_status(), hex("E300"));
  EXPECT_EQ(encode_rollback(), hex("E200"));
  EXPECT_EQ(delete_object(hex("A000000151000000"), true), hex("80E400800A4F08A000000151000000"));
  EXPECT_EQ(get_status(0x80), hex("80F28000024F0000"));
  EXPECT_EQ(install_for_load(hex("A0000005590101")), hex("80E602000C07A000000559010100000000"));
}

}  // namespace test_ota_write_card
}  // namespace twinmodels::ota
