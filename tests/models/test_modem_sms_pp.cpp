// MT SMS at the modem (TS 31.111 §7.1.1): SMS-PP data download to the real
// card's OTA receiver with the PoR in the RP-ACK or by SEND SHORT MESSAGE;
// '93 00' retried; '6F 00' and malformed TPDUs answered with RP-ERROR;
// the OTA number write whose REFRESH ends in an attach with the new IMSI.
#include "modem_harness.hpp"

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/ram_commands.hpp"
#include "twinmodels/ota/write_card_messages.hpp"

namespace twinmodels::testing {
namespace test_modem_sms_pp {

using cardcore::Bytes;
using cardcore::from_hex;
namespace sms = cardcore::sms;
namespace wc = cardcore::applet::write_card;
using ota::OtaCardConfig;
using ota::OtaSmsLink;


TEST(ModemSmsPp, PorInTheRpAck) {
  SmsRig rig;
  OtaSmsLink isd(domestic_isd_config({0x00, 0x00, 0x00}));
  const std::vector<Bytes> tpdus = isd.build(ota::encode_expanded_script(std::vector<Bytes>{ota::get_status(0x40)}), kScts);
  ASSERT_EQ(tpdus.size(), 1u);
  rig.transcript.clear();
  const auto o = rig.mt(tpdus[0]);
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  EXPECT_FALSE(ModemRig::find<SendRpError>(o));
  const ota::PorResult por = isd.read_por_from_deliver_report(ack->deliver_report, sms::ReportForm::Ack);
  EXPECT_TRUE(por.ok());
  ASSERT_TRUE(por.response);
  // ENVELOPE, '61 XX', GET RESPONSE: the T=0 case 4 the card answers.
  ASSERT_GE(rig.transcript.size(), 4u);
  EXPECT_EQ(rig.transcript[0].substr(0, 10), "> 80C20000");
  EXPECT_EQ(rig.transcript[1].substr(0, 4), "< 61");
  EXPECT_EQ(rig.transcript[2].substr(0, 10), "> 00C00000");
  // The RP-ACK leaves after the card's work.
  EXPECT_GT(ModemRig::find_output<SendRpAck>(o)->at_ms, rig.now + rig.cfg.tech.nas_message_ms);
}

TEST(ModemSmsPp, PorBySendShortMessage) {
  SmsRig rig;
  // SPI2 b6 = 1: the PoR in an SMS-SUBMIT (TS 31.115 §4.3).
  OtaSmsLink isd(domestic_isd_config({0x00, 0x00, 0x00}, 0x39));
  const std::vector<Bytes> tpdus = isd.build(ota::encode_expanded_script(std::vector<Bytes>{ota::get_status(0x40)}), kScts);
  const auto o = rig.mt(tpdus[0]);
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  const SendMoSms* mo = ModemRig::find<SendMoSms>(o);
  ASSERT_TRUE(mo);
  const std::optional<ota::PorResult> por = isd.read_por_from_submit(mo->tpdu);
  ASSERT_TRUE(por);
  EXPECT_TRUE(por->ok());
  // The RP-ACK goes before the PoR's SMS.
  EXPECT_LE(ModemRig::find_output<SendRpAck>(o)->at_ms, ModemRig::find_output<SendMoSms>(o)->at_ms);
  EXPECT_TRUE(rig.card.proactive_in_progress());
  rig.in(MoSmsResult{true, 0});
  EXPECT_FALSE(rig.card.proactive_in_progress());
}

TEST(ModemSmsPp, OtaNumberWriteThenRefreshThenAttachWithTheNewImsi) {
  SmsRig rig;
  // The write-card applet (TAR C0 00 01, docs/WRITE-CARD.md) writes
  // subscriber 7's IMSI and keys, which the HSS knows.
  OtaSmsLink writer(domestic_isd_config({0xC0, 0x00, 0x01}));
  const SubscriberKeys k7 = derive_subscriber_keys(ModemRig::kSeed, 7);
  ota::NewSubscription s{.imsi = imsi_of(7), .k = Bytes(k7.k.begin(), k7.k.end()),
                         .opc = Bytes(k7.opc.begin(), k7.opc.end()), .msisdn = "8614812345678"};
  const std::vector<Bytes> tpdus = writer.build(ota::encode_write(42, s), kScts, ota::ScriptFormat::Application);
  std::vector<ModemOutput> o;
  for (const Bytes& t : tpdus) o = rig.mt(t);
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  const ota::PorResult por = writer.read_por_from_deliver_report(ack->deliver_report, sms::ReportForm::Ack);
  ASSERT_TRUE(por.ok());
  const ota::WriteCardResponse r = ota::decode_write_card_response(por.additional_data);
  EXPECT_EQ(r.result, wc::Result::Done);
  EXPECT_EQ(r.imsi, imsi_of(7));
  // The REFRESH (UICC reset) came with the PoR: the modem reset the card,
  // read the new IMSI and attaches with it.
  const ModemOutput* refresh = ModemRig::report_of(o, ModemEvent::Refresh);
  ASSERT_TRUE(refresh);
  EXPECT_EQ(std::get<Report>(refresh->action).detail, cardcore::cat::Refresh::kUiccReset);
  EXPECT_TRUE(ModemRig::find<SendDetachRequest>(o));
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(7));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(7));
  // The network authenticates the new subscription with its own keys.
  rig.subscriber = 7;
  EXPECT_TRUE(ModemRig::reported(rig.network_attach(o), ModemEvent::Registered));
}

// A card application that answers as told.
struct Scripted final : cardcore::cat::SmsPpDownloadHandler {
  std::vector<cardcore::cat::EnvelopeResult> answers;
  int calls = 0;
  cardcore::cat::EnvelopeResult on_sms_pp(cardcore::Uicc&, cardcore::ByteView, cardcore::ByteView) override {
    ++calls;
    cardcore::cat::EnvelopeResult r = answers.front();
    if (answers.size() > 1) answers.erase(answers.begin());
    return r;
  }
};

Bytes download_tpdu() {
  sms::SmsDeliver d;
  d.oa = sms::Address{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800100999"};
  d.pid = 0x7F;
  d.dcs = 0xF6;  // class 2, 8-bit
  d.scts = kScts;
  d.ud.body = from_hex("0102030405");
  return sms::encode(d);
}

TEST(ModemSmsPp, BusyIsRetriedThenAcked) {
  SmsRig rig;
  Scripted app;
  app.answers = {cardcore::cat::EnvelopeResult::busy(), cardcore::cat::EnvelopeResult::ok(from_hex("AABB"))};
  rig.card.set_sms_pp_handler(&app);
  auto o = rig.mt(download_tpdu());
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::EnvelopeBusy));
  EXPECT_FALSE(ModemRig::find<SendRpAck>(o));
  EXPECT_FALSE(ModemRig::find<SendRpError>(o));
  const ModemOutput* retry = ModemRig::find_output<ScheduleTimer>(o);
  ASSERT_TRUE(retry);
  EXPECT_EQ(std::get<ScheduleTimer>(retry->action).timer, ModemTimer::EnvelopeRetry);
  EXPECT_EQ(retry->at_ms - rig.now, rig.cfg.envelope_retry_ms + (ModemRig::report_of(o, ModemEvent::EnvelopeBusy)->at_ms - rig.now));
  rig.now = retry->at_ms;
  o = rig.in(TimerExpired{ModemTimer::EnvelopeRetry, 0});
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  const sms::SmsDeliverReport rep = sms::decode_deliver_report(ack->deliver_report, sms::ReportForm::Ack);
  ASSERT_TRUE(rep.ud);
  EXPECT_EQ(rep.ud->body, from_hex("AABB"));
  EXPECT_EQ(rep.pid, 0x7F);
  EXPECT_EQ(app.calls, 2);
}

TEST(ModemSmsPp, BusyToTheEndIsRpErrorD4) {
  SmsRig rig;
  Scripted app;
  app.answers = {cardcore::cat::EnvelopeResult::busy()};
  rig.card.set_sms_pp_handler(&app);
  auto o = rig.mt(download_tpdu());
  for (int i = 1; i < rig.cfg.envelope_retries; ++i) {
    ASSERT_FALSE(ModemRig::find<SendRpError>(o));
    rig.now = ModemRig::find_output<ScheduleTimer>(o)->at_ms;
    o = rig.in(TimerExpired{ModemTimer::EnvelopeRetry, 0});
  }
  const SendRpError* err = ModemRig::find<SendRpError>(o);
  ASSERT_TRUE(err);
  EXPECT_EQ(sms::decode_deliver_report(err->deliver_report, sms::ReportForm::Error).fcs, sms::kFcsSimToolkitBusy);
  EXPECT_EQ(app.calls, rig.cfg.envelope_retries);
}

TEST(ModemSmsPp, CardErrorIsRpErrorD5) {
  SmsRig rig;
  Scripted app;
  app.answers = {cardcore::cat::EnvelopeResult::error()};
  rig.card.set_sms_pp_handler(&app);
  const auto o = rig.mt(download_tpdu());
  const SendRpError* err = ModemRig::find<SendRpError>(o);
  ASSERT_TRUE(err);
  EXPECT_EQ(sms::decode_deliver_report(err->deliver_report, sms::ReportForm::Error).fcs, sms::kFcsSimDataDownloadError);
  EXPECT_FALSE(ModemRig::find<SendRpAck>(o));
}

TEST(ModemSmsPp, MalformedTpduIsRefusedWithAReason) {
  SmsRig rig;
  const auto o = rig.mt(from_hex("04"));  // SMS-DELIVER cut after its first octet
  const SendRpError* err = ModemRig::find<SendRpError>(o);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->rp_cause, 96);
  const ModemOutput* r = ModemRig::report_of(o, ModemEvent::MtSmsMalformed);
  ASSERT_TRUE(r);
  EXPECT_NE(r->error.find("TP-OA"), std::string::npos) << r->error;
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

TEST(ModemSmsPp, OrdinarySmsGoesToTheApplication) {
  SmsRig rig;
  sms::SmsDeliver d;
  d.oa = sms::Address{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613912345678"};
  d.dcs = 0x04;
  d.scts = kScts;
  d.ud.body = from_hex("48656C6C6F");
  const Bytes tpdu = sms::encode(d);
  rig.transcript.clear();
  const auto o = rig.mt(tpdu);
  ASSERT_TRUE(ModemRig::find<DeliverToApplication>(o));
  EXPECT_EQ(ModemRig::find<DeliverToApplication>(o)->tpdu, tpdu);
  EXPECT_TRUE(ModemRig::find<SendRpAck>(o));
  EXPECT_TRUE(rig.transcript.empty());  // the card is not involved
}

TEST(ModemSmsPp, Class2IsStoredInEfSmsUntilItIsFull) {
  SmsRig rig;
  sms::SmsDeliver d;
  d.oa = sms::Address{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613912345678"};
  d.dcs = 0xF2;  // class 2, GSM 7 bit
  d.scts = kScts;
  d.ud.body = {'H', 'i'};
  const Bytes tpdu = sms::encode(d);
  for (int rec = 1; rec <= 10; ++rec) {
    const auto o = rig.mt(tpdu);
    const ModemOutput* stored = ModemRig::report_of(o, ModemEvent::SmsStored);
    ASSERT_TRUE(stored) << rec;
    EXPECT_EQ(std::get<Report>(stored->action).detail, rec);
    EXPECT_TRUE(ModemRig::find<SendRpAck>(o));
    EXPECT_FALSE(ModemRig::find<DeliverToApplication>(o));
  }
  // Record 1 as the card holds it: '03' unread, the SC address, the TPDU, 'FF's.
  rig.in(PowerOff{});
  rig.card.power_on();
  ASSERT_EQ(rig.card.transmit(from_hex("00A4040C07A0000000871002")), (Bytes{0x90, 0x00}));
  ASSERT_EQ(rig.card.transmit(from_hex("00A4000C026F3C")), (Bytes{0x90, 0x00}));
  const Bytes r1 = rig.card.transmit(from_hex("00B20104B0"));
  ASSERT_EQ(r1.size(), 178u);
  Bytes expect = {0x03};
  const Bytes sc = sms::encode_rp_address(kSmsc);
  expect.insert(expect.end(), sc.begin(), sc.end());
  expect.insert(expect.end(), tpdu.begin(), tpdu.end());
  expect.resize(176, 0xFF);
  EXPECT_EQ(Bytes(r1.begin(), r1.begin() + 176), expect);
  rig.card.power_off();
  // Full: the eleventh is refused.
  rig.network_attach(rig.in(PowerOn{}));
  const auto o = rig.mt(tpdu);
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::SmsStorageFull));
  const SendRpError* err = ModemRig::find<SendRpError>(o);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->rp_cause, 22);  // memory capacity exceeded
  EXPECT_EQ(sms::decode_deliver_report(err->deliver_report, sms::ReportForm::Error).fcs, 0xD0);
}

// The real card, except that one instruction gets a fixed (broken) answer.
class FaultyPort final : public CardPort {
 public:
  FaultyPort(cardcore::Uicc& card, std::uint8_t ins, Bytes answer) : inner_(card), ins_(ins), answer_(std::move(answer)) {}
  cardcore::ByteView power_on() override { return inner_.power_on(); }
  void power_off() override { inner_.power_off(); }
  std::size_t transmit(cardcore::ByteView capdu, std::span<std::uint8_t, cardcore::kMaxRapdu> out) override {
    if (capdu.size() > 1 && capdu[1] == ins_) {
      std::copy(answer_.begin(), answer_.end(), out.begin());
      return answer_.size();
    }
    return inner_.transmit(capdu, out);
  }

 private:
  UiccPort inner_;
  std::uint8_t ins_;
  Bytes answer_;
};

TEST(ModemSmsPp, EnvelopeAnsweredWithGarbageIsRpErrorAndCardFailure) {
  SmsRig rig;
  FaultyPort bad(rig.card, 0xC2, Bytes{0x6F});  // one byte: no status word
  std::vector<ModemOutput> o;
  rig.modem.handle(bad, rig.now + 1000, MtSms{kSmsc, download_tpdu()}, o);
  const SendRpError* err = ModemRig::find<SendRpError>(o);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->rp_cause, 111);
  const ModemOutput* failed = ModemRig::report_of(o, ModemEvent::CardFailed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->error, "card: response shorter than a status word");
  EXPECT_EQ(rig.modem.state(), ModemState::CardFailed);
  EXPECT_FALSE(rig.card.powered());
}

TEST(ModemSmsPp, FetchAnsweredWithGarbageIsACardFailure) {
  SmsRig rig;
  ASSERT_NE(rig.card.queue_proactive(cardcore::cat::MoreTime{}), 0);
  FaultyPort bad(rig.card, 0x12, from_hex("0102039000"));  // FETCH: no 'D0' command
  std::vector<ModemOutput> o;
  const AuthVector v = rig.hss.generate(rig.subscriber);
  rig.modem.handle(bad, rig.now + 1000, AuthenticationRequest{v.rand, v.autn}, o);
  EXPECT_TRUE(ModemRig::find<SendAuthenticationResponse>(o));  // the answer went out before the FETCH
  const ModemOutput* failed = ModemRig::report_of(o, ModemEvent::CardFailed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->error.rfind("card: FETCH: ", 0), 0u) << failed->error;
  // Power-cycling the device brings the real card back.
  rig.in(PowerOff{});
  EXPECT_TRUE(ModemRig::reported(rig.in(PowerOn{}), ModemEvent::CardReady));
}

}  // namespace test_modem_sms_pp
}  // namespace twinmodels::testing
