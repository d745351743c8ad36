// The write-card platform of a mass campaign (write_card_campaign.hpp)
// against a modem with its real domestic card, personalized as the engine
// personalizes device d (sim/twinsim/engine/engine.cpp: ICCID 898604 +
// 12-digit d, IMSI prefix + MSIN d, K, OPc and every key set record's OTA
// keys from SubscriberKeyDerivation(seed) for subscriber d): the SMS goes
// through the SMSC model, the modem's SMS-PP download gives the card the
// packet, the platform reads the RP-ACK's PoR; the card's REFRESH ends in an
// attach with the new IMSI, which the HSS/AuC authenticates with the new
// subscriber's keys.
#include "modem_harness.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <variant>

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/status_report.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/network/smsc.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/write_card_campaign.hpp"

namespace twinmodels::testing {
namespace test_write_card_campaign {

using cardcore::Bytes;
namespace sms = cardcore::sms;
namespace wc = cardcore::applet::write_card;
using ota::OtaError;
using ota::WriteCardOrder;
using ota::WriteCardPlatform;
using ota::WriteCardPor;

const sms::Address kPlatform{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800100999"};

sms::Address device_number(std::uint64_t d) {
  return {sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "86148" + std::to_string(10000000 + d)};
}

// Device d as the engine makes it (population IMSI prefix "46004"), attached.
struct Device : ModemRig {
  explicit Device(std::uint64_t d) : ModemRig({}, false) {
    subscriber = d;
    const SubscriberKeyDerivation keys(kSeed);
    const SubscriberKeys k = keys.derive(d);
    char iccid[20];
    std::snprintf(iccid, sizeof iccid, "898604%012u", static_cast<unsigned>(d));
    card.personalize({iccid, imsi_of(d), Bytes(k.k.begin(), k.k.end()), Bytes(k.opc.begin(), k.opc.end()),
                      keys.ota_keys(d, *domestic_profile())});
    network_attach(in(PowerOn{}));
    EXPECT_EQ(modem.state(), ModemState::Registered);
  }
  std::vector<ModemOutput> mt(const Bytes& tpdu) {
    now += 1000;
    return in(MtSms{kSmsc, tpdu});
  }
};

// The SMS-DELIVER-REPORT the modem answered with, in its RP form.
struct RpReport {
  Bytes tpdu;
  sms::ReportForm form = sms::ReportForm::Ack;
};
std::optional<RpReport> report_in(const std::vector<ModemOutput>& o) {
  if (const SendRpAck* a = ModemRig::find<SendRpAck>(o)) return RpReport{a->deliver_report, sms::ReportForm::Ack};
  if (const SendRpError* e = ModemRig::find<SendRpError>(o)) return RpReport{e->deliver_report, sms::ReportForm::Error};
  return std::nullopt;
}

WriteCardPlatform platform() { return WriteCardPlatform(*domestic_profile(), ModemRig::kSeed, kPlatform); }

WriteCardOrder order_for(std::uint64_t d, std::uint64_t new_subscriber) {
  return {.subscriber = d, .new_subscriber = new_subscriber, .new_imsi = imsi_of(new_subscriber), .write_id = 1};
}

// Throws the OtaError read_por throws, for the expectations below.
OtaError::Reason refusal(const WriteCardPlatform& p, const WriteCardOrder& o, const Bytes& report,
                         sms::ReportForm form = sms::ReportForm::Ack) {
  try {
    p.read_por(o, report, form);
  } catch (const OtaError& e) {
    EXPECT_FALSE(std::string(e.what()).empty());
    return e.reason();
  }
  ADD_FAILURE() << "the PoR was accepted";
  return OtaError::Reason::MalformedSms;
}

TEST(WriteCardCampaign, WriteThroughTheSmscThenRefreshThenAttachWithTheNewImsi) {
  Device dev(3);
  const WriteCardPlatform p = platform();
  const WriteCardOrder order = order_for(3, 11);
  const std::vector<ota::CampaignSms> sent = p.messages(order, device_number(3), kScts, sms::RelativeValidity{0xA7});
  ASSERT_EQ(sent.size(), 1u);  // the write fits one SMS

  // The SMSC stores the submit (no user data) and asks for an attempt; the
  // deliver goes to the device as the MT SMS.
  Smsc smsc;
  const SmscMessageId id = smsc.submit(0, 3, sent[0].submit);
  smsc.poll(0);
  SmscOutputs so = smsc.take_outputs();
  ASSERT_EQ(so.attempts.size(), 1u);
  EXPECT_EQ(so.attempts[0].destination, 3u);
  const std::vector<ModemOutput> o = dev.mt(sent[0].deliver);
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  smsc.delivery_result(1000, id, DeliveryOutcome::Delivered);
  so = smsc.take_outputs();
  ASSERT_EQ(so.reports.size(), 1u);
  EXPECT_TRUE(so.reports[0].delivered);
  ASSERT_FALSE(so.reports[0].status_report.empty());  // TP-SRR: the campaign gets a status report
  EXPECT_EQ(sms::decode_status_report(so.reports[0].status_report).ra, device_number(3));

  const WriteCardPor por = p.read_por(order, ack->deliver_report, sms::ReportForm::Ack);
  ASSERT_TRUE(por.ok());
  EXPECT_TRUE(por.por.secured);
  EXPECT_EQ(por.por.counter, 1u);
  EXPECT_EQ(por.response->result, wc::Result::Done);
  EXPECT_EQ(por.response->imsi, imsi_of(11));
  EXPECT_EQ(por.response->write_id, 1u);
  EXPECT_TRUE(por.response->backup);
  EXPECT_EQ(por.response->refresh_queued, std::optional<std::uint8_t>(wc::kDefaultRefresh));

  // REFRESH (UICC reset): detach, the card reset, an attach with the new IMSI.
  const ModemOutput* refresh = ModemRig::report_of(o, ModemEvent::Refresh);
  ASSERT_TRUE(refresh);
  EXPECT_EQ(std::get<Report>(refresh->action).detail, cardcore::cat::Refresh::kUiccReset);
  EXPECT_TRUE(ModemRig::find<SendDetachRequest>(o));
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(11));
  EXPECT_FALSE(req->m_tmsi);  // the old identity's GUTI was made stale

  // The HSS/AuC authenticates the new IMSI with new_subscriber's keys.
  dev.subscriber = 11;
  int auths = 0;
  EXPECT_TRUE(ModemRig::reported(dev.network_attach(o, &auths), ModemEvent::Registered));
  EXPECT_EQ(auths, 1);  // the SQN array was reset with the subscription: the first vector is fresh
  EXPECT_EQ(dev.modem.imsi(), imsi_of(11));

  // EF.IMSI on the card.
  UsimClient usim(dev.card);
  dev.card.power_off();
  EXPECT_EQ(usim.power_up(), imsi_of(11));
}

// A number migration (the source document §2.4; write-card with
// numbers_from): the replacement terminal's card (device 7) is written the
// subscription of the failed terminal (device 3): its IMSI and the keys of
// HSS subscriber 3, whose SQN_HE the failed terminal's authentications
// advanced. The card starts its SQN array again with the write, so the
// HSS's next vector for subscriber 3 is fresh: one authentication, no
// resynchronisation (TS 33.102 Annex C).
TEST(WriteCardCampaign, NumberMigrationWritesTheFailedTerminalsSubscription) {
  Device replacement(7);
  const WriteCardPlatform p = platform();
  const WriteCardOrder order = order_for(7, 3);
  const ota::NewSubscription written = p.subscription(order);
  const SubscriberKeys failed_keys = derive_subscriber_keys(ModemRig::kSeed, 3);
  EXPECT_EQ(written.imsi, imsi_of(3));
  EXPECT_EQ(written.k, Bytes(failed_keys.k.begin(), failed_keys.k.end()));
  EXPECT_EQ(written.opc, Bytes(failed_keys.opc.begin(), failed_keys.opc.end()));
  // The failed terminal's attaches and TAUs at the same HSS.
  for (int i = 0; i < 5; ++i) replacement.hss.generate(3);

  const std::vector<ota::CampaignSms> sent = p.messages(order, device_number(7), kScts);
  ASSERT_EQ(sent.size(), 1u);
  const std::vector<ModemOutput> o = replacement.mt(sent[0].deliver);
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  const WriteCardPor por = p.read_por(order, ack->deliver_report, sms::ReportForm::Ack);
  ASSERT_TRUE(por.ok());
  EXPECT_EQ(por.response->result, wc::Result::Done);
  EXPECT_EQ(por.response->imsi, imsi_of(3));
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(3));
  replacement.subscriber = 3;
  int auths = 0;
  EXPECT_TRUE(ModemRig::reported(replacement.network_attach(o, &auths), ModemEvent::Registered));
  EXPECT_EQ(auths, 1);
  EXPECT_EQ(replacement.modem.imsi(), imsi_of(3));
}

TEST(WriteCardCampaign, SubmitRoundTripsAndCarriesTheDeliversUserData) {
  const WriteCardPlatform p = platform();
  const WriteCardOrder order = order_for(5, 21);
  for (const sms::ValidityPeriod& vp : {sms::ValidityPeriod{}, sms::ValidityPeriod{sms::RelativeValidity{0xAA}},
                                        sms::ValidityPeriod{sms::enhanced_validity_of_seconds(200)}}) {
    SCOPED_TRACE(vp.index());
    const std::vector<ota::CampaignSms> sent = p.messages(order, device_number(5), kScts, vp);
    ASSERT_EQ(sent.size(), 1u);
    const sms::SmsSubmit& s = sent[0].submit;
    EXPECT_EQ(sms::decode_submit(sms::encode(s)), s);
    EXPECT_EQ(s.vp, vp);
    EXPECT_EQ(sms::vp_format(s.vp), sms::vp_format(vp));
    EXPECT_EQ(s.da, device_number(5));
    EXPECT_TRUE(s.srr);
    EXPECT_EQ(s.pid, 0x7F);  // TS 31.111 §7.1.1: (U)SIM data download
    EXPECT_EQ(s.dcs, 0xF6);  // class 2, 8-bit
    const sms::SmsDeliver d = sms::decode_deliver(sent[0].deliver);
    EXPECT_EQ(s.ud, d.ud);
    EXPECT_EQ(d.oa, kPlatform);
    EXPECT_EQ(d.scts, kScts);
    EXPECT_EQ(d.pid, 0x7F);
    EXPECT_EQ(d.dcs, 0xF6);
    // UDH '02 70 00' and the packet: 23 header bytes (CPL to CC) and the
    // ciphered CNTR, PCNTR, CC and 58-byte write padded to 80.
    EXPECT_EQ(sms::user_data_length(d.ud, d.dcs), 93u);
    // What an OtaSmsLink with the card's keys and counter builds.
    ota::OtaSmsLink link(p.card_config(5));
    EXPECT_EQ(link.build(ota::encode_write(1, p.subscription(order)), kScts, ota::ScriptFormat::Application),
              std::vector<Bytes>{sent[0].deliver});
  }
  // The new subscription's keys are the HSS's for new_subscriber.
  const SubscriberKeys k = derive_subscriber_keys(ModemRig::kSeed, 21);
  EXPECT_EQ(p.subscription(order).k, Bytes(k.k.begin(), k.k.end()));
  EXPECT_EQ(p.subscription(order).opc, Bytes(k.opc.begin(), k.opc.end()));
  // The SMSC honours the TP-VP: 0xAA is 170 - 166 = 4 days (TS 23.040 §9.2.3.12.1).
  const Smsc smsc;
  EXPECT_EQ(smsc.expiry_of(0, p.messages(order, device_number(5), kScts, sms::RelativeValidity{0xAA})[0].submit.vp),
            4 * 24 * kHour);
}

TEST(WriteCardCampaign, PorOfAnotherOrderOrCorruptedIsRefused) {
  Device dev(4);
  const WriteCardPlatform p = platform();
  const WriteCardOrder order = order_for(4, 12);
  const std::vector<ModemOutput> o = dev.mt(p.messages(order, device_number(4), kScts)[0].deliver);
  const std::optional<RpReport> rep = report_in(o);
  ASSERT_TRUE(rep);
  ASSERT_EQ(rep->form, sms::ReportForm::Ack);

  // Another subscriber's keys: the ciphered PoR does not check out.
  WriteCardOrder other = order;
  other.subscriber = 5;
  const OtaError::Reason r = refusal(p, other, rep->tpdu);
  EXPECT_TRUE(r == OtaError::Reason::IntegrityFailed || r == OtaError::Reason::CipheringError)
      << ota::describe(r);
  // Another seed's platform: the same.
  const WriteCardPlatform other_seed(*domestic_profile(), ModemRig::kSeed + 1, kPlatform);
  const OtaError::Reason r2 = refusal(other_seed, order, rep->tpdu);
  EXPECT_TRUE(r2 == OtaError::Reason::IntegrityFailed || r2 == OtaError::Reason::CipheringError)
      << ota::describe(r2);
  // The same card, another packet (counter): not this PoR's.
  WriteCardOrder later = order;
  later.counter = 7;
  EXPECT_EQ(refusal(p, later, rep->tpdu), OtaError::Reason::CounterMismatch);
  // A platform of another TAR.
  const WriteCardPlatform other_tar(*domestic_profile(), ModemRig::kSeed, kPlatform, {0xC0, 0x00, 0x02});
  EXPECT_EQ(refusal(other_tar, order, rep->tpdu), OtaError::Reason::TarMismatch);
  // Corrupted: a flipped bit in the ciphered part, a report cut short, no TP-UD.
  Bytes flipped = rep->tpdu;
  flipped.back() ^= 0x01;
  EXPECT_EQ(refusal(p, order, flipped), OtaError::Reason::IntegrityFailed);
  const Bytes cut(rep->tpdu.begin(), rep->tpdu.end() - 3);
  EXPECT_EQ(refusal(p, order, cut), OtaError::Reason::MalformedSms);
  EXPECT_EQ(refusal(p, order, sms::encode(sms::SmsDeliverReport{})), OtaError::Reason::NotAResponsePacket);
  // The genuine one still reads.
  EXPECT_TRUE(p.read_por(order, rep->tpdu, rep->form).ok());

  // A packet with another card's keys: the card answers an unprotected
  // error PoR (TS 102 225 §5.2 status 01), which is read, not thrown, and
  // carries no response.
  const std::vector<ModemOutput> o2 = dev.mt(p.messages(other, device_number(4), kScts)[0].deliver);
  const std::optional<RpReport> rep2 = report_in(o2);
  ASSERT_TRUE(rep2);
  const WriteCardPor refused = p.read_por(other, rep2->tpdu, rep2->form);
  EXPECT_EQ(refused.por.status, cardcore::ota::PorStatus::RcCcDsFailed);
  EXPECT_FALSE(refused.por.secured);
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(ModemRig::report_of(o2, ModemEvent::Refresh));
}

TEST(WriteCardCampaign, PacketsAreDeterministicAndARepeatedWriteIsAlreadyApplied) {
  const WriteCardOrder order = order_for(6, 13);
  const auto a = platform().messages(order, device_number(6), kScts);
  const auto b = WriteCardPlatform(*domestic_profile(), ModemRig::kSeed, kPlatform).messages(order, device_number(6), kScts);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].deliver, b[i].deliver);
    EXPECT_EQ(sms::encode(a[i].submit), sms::encode(b[i].submit));
  }
  // Another subscriber's card, another packet.
  EXPECT_NE(platform().messages(order_for(7, 13), device_number(6), kScts)[0].deliver, a[0].deliver);

  Device dev(6);
  const WriteCardPlatform p = platform();
  std::vector<ModemOutput> o = dev.mt(a[0].deliver);
  std::optional<RpReport> rep = report_in(o);
  ASSERT_TRUE(rep);
  ASSERT_EQ(p.read_por(order, rep->tpdu, rep->form).response->result, wc::Result::Done);
  dev.subscriber = 13;
  ASSERT_TRUE(ModemRig::reported(dev.network_attach(o), ModemEvent::Registered));

  // The same bytes again (the SMSC delivered twice): the card's counter is
  // past them, the PoR says so and nothing is written.
  o = dev.mt(a[0].deliver);
  rep = report_in(o);
  ASSERT_TRUE(rep);
  WriteCardPor por = p.read_por(order, rep->tpdu, rep->form);
  EXPECT_EQ(por.por.status, cardcore::ota::PorStatus::CounterLow);
  EXPECT_FALSE(por.response);
  EXPECT_FALSE(ModemRig::report_of(o, ModemEvent::Refresh));

  // The same write resent with the next counter: already applied, no REFRESH.
  WriteCardOrder again = order;
  again.counter = 1;
  const auto resent = p.messages(again, device_number(6), kScts);
  EXPECT_NE(resent[0].deliver, a[0].deliver);
  EXPECT_NE(resent[0].submit.mr, a[0].submit.mr);
  o = dev.mt(resent[0].deliver);
  rep = report_in(o);
  ASSERT_TRUE(rep);
  por = p.read_por(again, rep->tpdu, rep->form);
  ASSERT_TRUE(por.ok());
  EXPECT_EQ(por.response->result, wc::Result::AlreadyApplied);
  EXPECT_EQ(por.response->write_id, 1u);
  EXPECT_EQ(por.response->imsi, imsi_of(13));
  EXPECT_FALSE(por.response->refresh_queued);
  EXPECT_FALSE(ModemRig::report_of(o, ModemEvent::Refresh));
  EXPECT_EQ(dev.modem.state(), ModemState::Registered);
}

}  // namespace test_write_card_campaign
}  // namespace twinmodels::testing
