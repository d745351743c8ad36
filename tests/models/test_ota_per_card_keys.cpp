// Per-card OTA keys end to end: cards personalized as the engine does
// (SubscriberKeyDerivation: K, OPc and the OTA keys of every key set record
// from the seed) and the platform's OtaCardConfig for the same subscriber
// (subscriber_ota_config) agree, for several subscribers and each RFM TAR;
// another subscriber's keys are refused; and the platform's expanded scripts
// in the indefinite coding, chained over several packets, against the card.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <variant>

#include "cardcore/card/uicc.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/remote/tar.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"
#include "twinmodels/ota/subscriber_ota.hpp"

namespace twinmodels::ota {
namespace test_ota_per_card_keys {

using cardcore::Bytes;

std::shared_ptr<const cardcore::ProfileTemplate> profile() {
  static auto p = std::make_shared<const cardcore::ProfileTemplate>(
      cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

constexpr std::uint64_t kSeed = 20240517;
const cardcore::sms::Timestamp kScts{24, 5, 17, 10, 30, 0, 32};

cardcore::sms::Address platform() {
  return {cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, "8613800100999"};
}
// TS 102 225 §5.1.1: CC, ciphered, counter higher; PoR always, CC, ciphered, by report.
cardcore::ota::CommandSecurity spi() {
  cardcore::ota::CommandSecurity s;
  s.spi = cardcore::ota::Spi::parse(0x16, 0x19);
  return s;
}

std::string imsi_of(std::uint64_t s) {
  char b[16];
  std::snprintf(b, sizeof b, "46004%010llu", static_cast<unsigned long long>(1000 + s));
  return b;
}

// Subscriber s's card as the engine makes it.
cardcore::Uicc card_of(const SubscriberKeyDerivation& d, std::uint64_t s) {
  cardcore::Uicc card(profile());
  const SubscriberKeys k = d.derive(s);
  char iccid[20];
  std::snprintf(iccid, sizeof iccid, "898604%012llu", static_cast<unsigned long long>(s));
  card.personalize({iccid, imsi_of(s), Bytes(k.k.begin(), k.k.end()), Bytes(k.opc.begin(), k.opc.end()),
                    d.ota_keys(s, *profile())});
  card.power_on();
  return card;
}

// ENVELOPE (SMS-PP DOWNLOAD), then GET RESPONSE: the SMS-DELIVER-REPORT data.
Bytes deliver(cardcore::Uicc& card, const Bytes& tpdu) {
  const Bytes answer = card.transmit(envelope_sms_pp_download(tpdu));
  if (answer.size() != 2 || answer[0] != 0x61) return {};
  const Bytes data = card.transmit(Bytes{0x00, 0xC0, 0x00, 0x00, answer[1]});
  return Bytes(data.begin(), data.end() - 2);
}

PorResult send(cardcore::Uicc& card, OtaSmsLink& link, const Bytes& script) {
  const std::vector<Bytes> tpdus = link.build(script, kScts);
  Bytes report;
  for (const Bytes& t : tpdus) report = deliver(card, t);
  return link.read_por_from_user_data(report);
}

TEST(OtaPerCardKeys, PlatformAndCardAgreeForEachSubscriberAndTar) {
  const SubscriberKeyDerivation d(kSeed);
  for (std::uint64_t s : {0ull, 1ull, 41ull, 99999ull}) {
    SCOPED_TRACE(s);
    cardcore::Uicc card = card_of(d, s);
    const cardcore::ota::Tar usim = cardcore::remote::kTarUsimRfm;
    OtaSmsLink link(subscriber_ota_config(*profile(), d, s, usim, spi(), platform()));
    const std::string imsi = "00101" + std::to_string(1000000000 + s);
    PorResult por = send(card, link,
                         encode_compact_script(rfm_update_binary(parse_file_path("3F00/7FFF/6F07"), 0,
                                                                 cardcore::encode_imsi(imsi))));
    EXPECT_TRUE(por.ok());
    EXPECT_TRUE(por.secured);
    ASSERT_TRUE(por.response);
    EXPECT_EQ(last_status_word(*por.response), 0x9000);
    UsimClient client(card);
    card.power_off();
    EXPECT_EQ(client.power_up(), imsi);

    // The UICC's and the SIM's TARs, each with its own record's keys. The
    // domestic profile's three key sets share one counter (EF.OTA_CNTR
    // record 1): each link starts from the last one's.
    OtaCardConfig c = subscriber_ota_config(*profile(), d, s, cardcore::remote::kTarUiccRfm, spi(), platform());
    c.counter = link.counter();
    OtaSmsLink uicc(c);
    por = send(card, uicc, encode_compact_script(rfm_read_binary(parse_file_path("3F00/2FE2"), 0, 10)));
    EXPECT_TRUE(por.ok());
    RfmOptions gsm;
    gsm.cla = 0xA0;
    c = subscriber_ota_config(*profile(), d, s, cardcore::remote::kTarSimRfm, spi(), platform());
    c.counter = uicc.counter();
    OtaSmsLink sim(c);
    por = send(card, sim, encode_compact_script(rfm_read_binary(parse_file_path("6F07"), 0, 9, gsm)));
    EXPECT_TRUE(por.ok());
    ASSERT_TRUE(por.response);
    EXPECT_EQ(last_response_data(*por.response), cardcore::encode_imsi(imsi));
  }
}

TEST(OtaPerCardKeys, AnotherSubscribersKeysAreRefused) {
  const SubscriberKeyDerivation d(kSeed);
  cardcore::Uicc card = card_of(d, 5);
  const Bytes before = card.save_state();
  OtaSmsLink wrong(subscriber_ota_config(*profile(), d, 6, cardcore::remote::kTarUsimRfm, spi(), platform()));
  const std::vector<Bytes> select = {Bytes{0x00, 0xA4, 0x00, 0x0C, 0x02, 0x6F, 0x07}};
  const PorResult por = send(card, wrong, encode_compact_script(select));
  EXPECT_EQ(por.status, cardcore::ota::PorStatus::RcCcDsFailed);
  EXPECT_FALSE(por.secured);
  EXPECT_EQ(card.save_state(), before);
  // Another seed's subscriber 5 is another card too; the seed's is this one.
  OtaSmsLink other_seed(
      subscriber_ota_config(*profile(), kSeed + 1, 5, cardcore::remote::kTarUsimRfm, spi(), platform()));
  EXPECT_EQ(send(card, other_seed, encode_compact_script(select)).status,
            cardcore::ota::PorStatus::RcCcDsFailed);
  OtaSmsLink same_seed(subscriber_ota_config(*profile(), kSeed, 5, cardcore::remote::kTarUsimRfm, spi(), platform()));
  EXPECT_TRUE(send(card, same_seed, encode_compact_script(select)).ok());
  EXPECT_THROW(subscriber_ota_config(*profile(), d, 5, {0xB0, 0x00, 0x12}, spi(), platform()), std::invalid_argument);
}

// The platform's chained, indefinite-length expanded scripts against the
// card: the first selects EF.IMSI, the last reads it in the next packet;
// the answers are 'AF' templates; a script out of order is refused with the
// Script Chaining Response "no previous script".
TEST(OtaPerCardKeys, ChainedIndefiniteScriptsOverTheLink) {
  const SubscriberKeyDerivation d(kSeed);
  cardcore::Uicc card = card_of(d, 3);
  OtaSmsLink link(subscriber_ota_config(*profile(), d, 3, cardcore::remote::kTarUsimRfm, spi(), platform()));

  ExpandedScript first;
  first.coding = LengthCoding::Indefinite;
  first.chaining = ScriptChaining::FirstDeleteOnReset;
  first.command(Bytes{0x00, 0xA4, 0x00, 0x0C, 0x02, 0x6F, 0x07});
  PorResult por = send(card, link, encode(first));
  ASSERT_TRUE(por.ok() && por.response);
  const auto* r = std::get_if<ExpandedResponse>(&*por.response);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->coding, LengthCoding::Indefinite);
  EXPECT_FALSE(r->executed);  // 'AF' has no count
  ASSERT_EQ(r->responses.size(), 1u);
  EXPECT_EQ(r->responses[0].sw, 0x9000);

  ExpandedScript last;
  last.coding = LengthCoding::Indefinite;
  last.chaining = ScriptChaining::Last;
  last.command(Bytes{0x00, 0xB0, 0x00, 0x00, 0x09});
  por = send(card, link, encode(last));
  ASSERT_TRUE(por.ok() && por.response);
  r = std::get_if<ExpandedResponse>(&*por.response);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->responses.size(), 1u);
  EXPECT_EQ(r->responses[0].sw, 0x9000);
  EXPECT_EQ(r->responses[0].data, cardcore::encode_imsi(imsi_of(3)));

  // Out of order now: the chain ended with its last script.
  por = send(card, link, encode(last));
  ASSERT_TRUE(por.ok() && por.response);
  r = std::get_if<ExpandedResponse>(&*por.response);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->responses.empty());
  EXPECT_EQ(chaining_response(*r), ScriptChainingResponse::NoPreviousScript);
}

}  // namespace test_ota_per_card_keys
}  // namespace twinmodels::ota
