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
namespace test_modem_euicc {

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

// The location status ENVELOPEs (TS 102 223 §7.5.4, §8.27: tag '9B', one
// byte) the rig's modem sent since transcript entry `from`: their status
// bytes, in order.
std::vector<int> location_statuses(const std::vector<std::string>& transcript, std::size_t from) {
  std::vector<int> out;
  for (std::size_t i = from; i < transcript.size(); ++i) {
    const std::string& t = transcript[i];
    // > 80 C2 00 00 Lc D6 L {99 01 03: event list, location status} ...
    // {9B 01 status} ...
    if (t.rfind("> 80C20000", 0) != 0 || t.compare(12, 2, "D6") != 0 || t.compare(16, 6, "990103") != 0) continue;
    const std::size_t at = t.find("9B01", 22);
    if (at != std::string::npos) out.push_back(std::stoi(t.substr(at + 4, 2), nullptr, 16));
  }
  return out;
}

std::uint64_t scan_due(const std::vector<ModemOutput>& o) {
  for (const ModemOutput& x : o)
    if (const ScheduleTimer* t = std::get_if<ScheduleTimer>(&x.action); t && t->timer == ModemTimer::LimitedServiceScan)
      return x.at_ms;
  return 0;
}

// The SM-SR enables the foreign profile, whose IMSI the network does not
// know: ATTACH REJECT #8 makes the USIM invalid (TS 24.301 §5.5.1.2.5),
// the modem tells the eUICC it has limited service, and its regular cell
// search (TS 36.304 §5.2.8) reports no service and limited service again:
// the third report in a row makes the eUICC roll back (SGP.02 §3.2.2) with
// REFRESH; the modem starts over on China Mobile's profile, attaches, and
// the eUICC notifies "profile change failed and roll-back" (type 03).
TEST(ModemEuicc, WithoutServiceOnTheNewProfileTheEuiccRollsBack) {
  EuiccRig rig;
  std::vector<ModemOutput> o = rig.network_attach(rig.in(PowerOn{}));
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  // The SM-SR's number for the notifications, then the switch.
  euicc::SmsrAddressing a;
  a.destination = kSmsr;
  a.smsc = cardcore::cat::Address{0x91, from_hex("683108100005F0")};
  ASSERT_TRUE(rig.es5({platform::es5::update_connectivity_parameters(a)}, o).ok());
  ASSERT_TRUE(rig.es5({platform::es5::enable_profile(from_hex(kIsdP2))}, o).ok());
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(4));
  const std::size_t from = rig.transcript.size();
  rig.now += 500;
  o = rig.in(AttachReject{8, std::nullopt});
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  EXPECT_EQ(location_statuses(rig.transcript, from), (std::vector<int>{0x01}));
  // The search interval from the reject's card exchanges' end.
  const std::uint64_t due = scan_due(o);
  ASSERT_GE(due, rig.now + rig.cfg.limited_service_scan_ms);
  ASSERT_LT(due, rig.now + rig.cfg.limited_service_scan_ms + 100);
  // A scan timer from before is stale.
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::LimitedServiceScan, 0}).empty());
  rig.now = due;
  o = rig.in(TimerExpired{ModemTimer::LimitedServiceScan, 0});
  EXPECT_EQ(location_statuses(rig.transcript, from), (std::vector<int>{0x01, 0x02, 0x01}));
  const ModemOutput* refresh = ModemRig::report_of(o, ModemEvent::Refresh);
  ASSERT_TRUE(refresh) << "no roll-back";
  EXPECT_EQ(std::get<Report>(refresh->action).detail, cardcore::cat::Refresh::kUiccReset);
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP1)));
  req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(3));
  EXPECT_EQ(scan_due(o), 0u);
  rig.subscriber = 3;
  o = rig.network_attach(o);
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  ASSERT_TRUE(ModemRig::find<SendMoSms>(o)) << "no notification";
  ASSERT_TRUE(rig.e.pending_notification());
  EXPECT_EQ(rig.e.pending_notification()->type, euicc::notification::kProfileChangeFailedAndRollback);
}

// On the foreign profile in service (the change confirmed), the network
// detaches the UE with #8: three reports of lost service make the eUICC
// fall back to the profile with the fall-back attribute (SGP.02 §3.7,
// notification type 05 once in service).
TEST(ModemEuicc, LosingServiceOnAConfirmedProfileFallsBack) {
  EuiccRig rig;
  std::vector<ModemOutput> o = rig.network_attach(rig.in(PowerOn{}));
  ASSERT_TRUE(rig.es5({platform::es5::enable_profile(from_hex(kIsdP2))}, o).ok());
  rig.subscriber = 4;
  o = rig.network_attach(o);
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  const std::size_t from = rig.transcript.size();
  rig.now += 60000;
  NetworkDetach d;
  d.emm_cause = 8;
  o = rig.in(d);
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  rig.now = scan_due(o);
  ASSERT_NE(rig.now, 0u);
  o = rig.in(TimerExpired{ModemTimer::LimitedServiceScan, 0});
  EXPECT_EQ(location_statuses(rig.transcript, from), (std::vector<int>{0x01, 0x02, 0x01}));
  ASSERT_TRUE(ModemRig::reported(o, ModemEvent::Refresh)) << "no fall-back";
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP1)));
  rig.subscriber = 3;
  o = rig.network_attach(o);
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  ASSERT_TRUE(rig.e.pending_notification());
  EXPECT_EQ(rig.e.pending_notification()->type, euicc::notification::kProfileChangeAfterFallback);
}

// A card that did not ask for the location status event (the domestic
// USIM): no ENVELOPE and no scan while the USIM is invalid.
TEST(ModemEuicc, NoScanForACardWithoutTheLocationStatusEvent) {
  ModemRig rig;
  std::vector<ModemOutput> o = rig.in(PowerOn{});
  ASSERT_TRUE(ModemRig::find<SendAttachRequest>(o));
  const std::size_t from = rig.transcript.size();
  rig.now += 500;
  o = rig.in(AttachReject{8, std::nullopt});
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  EXPECT_EQ(scan_due(o), 0u);
  EXPECT_TRUE(location_statuses(rig.transcript, from).empty());
}

}  // namespace test_modem_euicc
}  // namespace twinmodels::testing
