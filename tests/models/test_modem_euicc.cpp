// The modem with the international card, an SGP.02 M2M eUICC
// (models/twinmodels/modem/euicc_port.hpp): it powers up and attaches on
// the enabled profile; the SM-SR's ES5 EnableProfile arrives as MT SMS
// (SMS-PP download, SCP80 under the ISD-R's keys), the eUICC's REFRESH
// makes the modem restart on the other profile and attach with its IMSI,
// and once it has service the eUICC's notification leaves as an MO SMS to
// the SM-SR, which the SM-SR confirms.
#include "modem_harness.hpp"

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "twinmodels/modem/euicc_port.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"

namespace twinmodels::testing {
namespace {

using cardcore::Bytes;
using cardcore::from_hex;
namespace euicc = cardcore::euicc;
namespace sms = cardcore::sms;

const std::string kIsdP1 = "A0000005591010FFFFFFFF8900001000";  // CMCC, enabled, fall-back
const std::string kIsdP2 = "A0000005591010FFFFFFFF8900001100";  // the foreign operator's
const sms::Address kSmsr{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613900200777"};

cardcore::Personalization values(std::uint64_t subscriber, const std::string& iccid) {
  const SubscriberKeys k = derive_subscriber_keys(ModemRig::kSeed, subscriber);
  return {iccid, imsi_of(subscriber), Bytes(k.k.begin(), k.k.end()), Bytes(k.opc.begin(), k.opc.end())};
}

// The SM-SR's view of the ISD-R (TAR 00 00 01): its SCP80 key set, MSL 16,
// PoR in the RP-ACK.
ota::OtaCardConfig isd_r_config() {
  return aes_card_config({0x00, 0x00, 0x01}, 1, "11223344556677889900aabbccddeeff", "ffeeddccbbaa00998877665544332211", kSmsr);
}

// STORE DATA of one DGI to the ISD-R, last block.
Bytes store_data(std::uint16_t dgi, const Bytes& value) {
  Bytes c = {0x80, 0xE2, 0x88, 0x00, 0x00};
  cardcore::ecasd::put_dgi(c, dgi, value);
  c[4] = static_cast<std::uint8_t>(c.size() - 5);  // Lc
  return c;
}
Bytes aid_tlv(const std::string& aid) {
  return from_hex("4F10" + aid);
}

struct EuiccRig : ModemRig {
  euicc::Euicc e{platform()};
  EuiccPort euicc_port{e};
  ota::OtaSmsLink smsr{isd_r_config()};

  static std::shared_ptr<const cardcore::ProfileTemplate> platform() {
    static auto p = std::make_shared<const cardcore::ProfileTemplate>(
        cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof"));
    return p;
  }

  EuiccRig() : ModemRig({}, false) {
    euicc::EuiccPersonalization p;
    p.eid = "89049032123451234512345678901235";
    p.isd_r_keys = {{isd_r_config().keys.kic_key, isd_r_config().keys.kid_key}};
    e.personalize(p);
    e.install_profile(from_hex(kIsdP1), domestic_profile(), values(3, "898604000000000003"), true, true);
    e.install_profile(from_hex(kIsdP2), domestic_profile(), values(4, "894400000000000004"), false, false);
    port = &euicc_port;
  }

  // An ES5 script to the ISD-R by MT SMS; the PoR's status and response data.
  ota::PorResult es5(const std::vector<Bytes>& commands, std::vector<ModemOutput>& o) {
    const std::vector<Bytes> tpdus = smsr.build(ota::encode_expanded_script(commands), kScts);
    for (const Bytes& t : tpdus) {
      now += 1000;
      o = in(MtSms{kSmsc, t});
    }
    const SendRpAck* ack = find<SendRpAck>(o);
    EXPECT_TRUE(ack);
    if (!ack) return {};
    return smsr.read_por_from_deliver_report(ack->deliver_report, sms::ReportForm::Ack);
  }
};

TEST(ModemEuicc, TheSmsrSwitchesProfilesOverSmsAndTheNotificationComesBack) {
  EuiccRig rig;
  std::vector<ModemOutput> o = rig.in(PowerOn{});
  const SendAttachRequest* first = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->imsi, imsi_of(3));
  EXPECT_TRUE(ModemRig::reported(rig.network_attach(o), ModemEvent::Registered));

  // The SM-SR gives its address (UpdateConnectivityParameters), then
  // enables the foreign profile.
  euicc::SmsrAddressing a;
  a.destination = kSmsr;
  a.smsc = cardcore::cat::Address{0x91, from_hex("683108100005F0")};  // kSmsc in BCD
  ota::PorResult por = rig.es5({store_data(euicc::dgi::kUpdateConnectivityParameters, euicc::encode_smsr_addressing(a))}, o);
  ASSERT_TRUE(por.ok());
  por = rig.es5({store_data(euicc::dgi::kEnableProfile, aid_tlv(kIsdP2))}, o);
  ASSERT_TRUE(por.ok());
  // The REFRESH (UICC reset): detach, restart on the foreign profile, attach.
  const ModemOutput* refresh = ModemRig::report_of(o, ModemEvent::Refresh);
  ASSERT_TRUE(refresh);
  EXPECT_EQ(std::get<Report>(refresh->action).detail, cardcore::cat::Refresh::kUiccReset);
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(4));
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP2)));

  // In service on the new profile: the location status event makes the
  // eUICC send its notification, an MO SMS to the SM-SR.
  rig.subscriber = 4;
  o = rig.network_attach(o);
  ASSERT_TRUE(ModemRig::reported(rig.history, ModemEvent::Registered));
  const SendMoSms* mo = ModemRig::find<SendMoSms>(o);
  ASSERT_TRUE(mo) << "no notification";
  const sms::SmsSubmit submit = sms::decode_submit(mo->tpdu);
  EXPECT_EQ(submit.da, kSmsr);
  ASSERT_TRUE(rig.e.pending_notification());
  EXPECT_EQ(rig.e.pending_notification()->type, euicc::notification::kProfileChangeSucceeded);
  // The SM-SR opens it with the ISD-R's keys (TS 102 225: a command packet
  // from the card).
  cardcore::sms::Reassembler reassembler;
  const auto r = reassembler.add(submit.da, submit.ud, 0);
  ASSERT_TRUE(r.message);
  const std::optional<Bytes> packet = sms::command_packet_of(*r.message);
  ASSERT_TRUE(packet);
  const cardcore::ota::OtaKeys keys = isd_r_config().keys;
  const cardcore::ota::CommandPacketResult opened =
      cardcore::ota::open_command_packet(*packet, [&](const cardcore::ota::CommandHeader& h) {
        EXPECT_EQ(h.tar, isd_r_config().tar);
        cardcore::ota::TarSecurity t;
        t.keys = &keys;
        return std::optional<cardcore::ota::TarSecurity>(t);
      });
  ASSERT_EQ(opened.status, cardcore::ota::PorStatus::Ok);
  EXPECT_EQ(cardcore::to_hex(opened.data),
            cardcore::to_hex(euicc::notification_data(from_hex(rig.e.eid()), euicc::notification::kProfileChangeSucceeded, 0,
                                                      from_hex(kIsdP2))));
  rig.in(MoSmsResult{true, 0});
  // NotificationConfirmation.
  por = rig.es5({store_data(euicc::dgi::kNotificationConfirmation, from_hex("4E020000"))}, o);
  EXPECT_TRUE(por.ok());
  EXPECT_FALSE(rig.e.pending_notification());
}

}  // namespace
}  // namespace twinmodels::testing
