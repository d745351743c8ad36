// The modem with the international card, an SGP.02 M2M eUICC
// (models/twinmodels/modem/euicc_port.hpp): it powers up and attaches on
// the enabled profile; the SM-SR's ES5 EnableProfile arrives as MT SMS
// (SMS-PP download, SCP80 under the ISD-R's keys), the eUICC's REFRESH
// makes the modem restart on the other profile and attach with its IMSI,
// and once it has service the eUICC's notification leaves as an MO SMS to
// the SM-SR, which the SM-SR confirms.
#include "euicc_rig.hpp"

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "twinmodels/modem/euicc_port.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/es5_commands.hpp"

namespace twinmodels::testing {
namespace {

using cardcore::Bytes;
using cardcore::from_hex;
namespace euicc = cardcore::euicc;
namespace sms = cardcore::sms;

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
  ota::PorResult por = rig.es5({platform::es5::update_connectivity_parameters(a)}, o);
  ASSERT_TRUE(por.ok());
  por = rig.es5({platform::es5::enable_profile(from_hex(kIsdP2))}, o);
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
  por = rig.es5({platform::es5::notification_confirmation(0)}, o);
  EXPECT_TRUE(por.ok());
  EXPECT_FALSE(rig.e.pending_notification());
}

}  // namespace
}  // namespace twinmodels::testing
