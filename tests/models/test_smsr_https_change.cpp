// ES5 over HTTPS across an SM-SR change (SGP.02 §2.4.4, §3.8; smsr_change.hpp,
// smsr_handover.hpp, sm_sr_https.cpp) with a modem and a real eUICC: the
// current SM-SR carries the key establishments over its HTTPS sessions, the
// new SM-SR gets its own SCP81 PSK ('5C', key type '85') and uses it; a
// PSK key establishment the eUICC refuses fails the change.
#include "https_rig.hpp"

#include "twinmodels/platform/smsr_handover.hpp"

namespace twinmodels::testing {
namespace test_smsr_https_change {

using cardcore::Bytes;
using platform::Es5Transport;
using platform::ExecutionStatus;
using Kind = platform::FunctionCall::Kind;

// SGP.02 §3.8 with HTTPS on both sides: China Mobile's SM-SR carries the
// key establishment over its HTTPS sessions, the new SM-SR establishes its
// SCP80 key set and its SCP81 PSK ('5C', key type '85'), finalises (the old
// key set and PSK deleted) over its own HTTPS session, and enables a
// profile over HTTPS; China Mobile's keys no longer reach the ISD-R.
TEST(SmSrHttpsChange, AfterAnSmsrChangeTheNewSmsrsPskWorksAndTheOldOnesDoesNot) {
  HttpsRig rig;
  const std::string eid = rig.e.eid();
  platform::SmSr& cmcc = rig.smsr_platform;
  const platform::Eis eis_before = *cmcc.eis(eid);
  platform::SmSr foreign(foreign_https_config());
  rig.ip_network.add(kForeignAdminIp, foreign);
  platform::SmSrHandoverConfig config = rig.handover_config("CMCC", "x1", kNewSmsr);
  config.psk_version = 0x41;
  config.psk_ephemeral_key = cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                     cardcore::ecasd::testing::seed("eSK.SR2.PSK"));
  platform::SmSrHandover h(cmcc, foreign, config);
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  rig.run(h, cmcc, foreign);
  ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());
  // Four SendData over China Mobile's sessions (two key establishments),
  // FinaliseISDRhandover and UpdateConnectivityParameters over the new
  // SM-SR's.
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 4u);
  EXPECT_EQ(rig.ip_network.server(kForeignAdminIp)->connections, 2u);
  EXPECT_TRUE(cmcc.https_errors().empty());
  EXPECT_TRUE(foreign.https_errors().empty());
  // The card: the new SM-SR's key set and PSK alone.
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
  const auto psks = rig.card_psks();
  ASSERT_EQ(psks.size(), 1u);
  EXPECT_EQ(psks[0].first, 0x41);
  EXPECT_NE(psks[0].second, kFactoryPsk);
  // The SM-SRs: the EIS on the new one, naming its PSK; none on the old.
  EXPECT_FALSE(cmcc.eis(eid));
  ASSERT_TRUE(foreign.eis(eid));
  EXPECT_EQ(foreign.eis(eid)->smsr_id, "SM-SR-FOREIGN");
  EXPECT_EQ(foreign.eis(eid)->isd_r_psk_version, std::optional<std::uint8_t>(0x41));
  EXPECT_EQ(foreign.transport(eid), Es5Transport::Https);

  // The new SM-SR enables the foreign profile over HTTPS: the device
  // restarts on it and the notification reaches the new SM-SR.
  foreign.call(rig.call(Kind::EnableProfile, "x2", kIsdP2));
  rig.carry_all(foreign);
  const platform::FunctionResult r = ChangeRig::only_result(foreign);
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(rig.e.admin_session(), nullptr);  // the REFRESH after the session
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP2));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(4));
  EXPECT_EQ(foreign.eis(eid)->enabled()->iccid, rig.iccid(kIsdP2));
  ASSERT_EQ(rig.network.notifications.size(), 1u);
  EXPECT_EQ(rig.network.notifications[0].iccid, rig.iccid(kIsdP2));
  rig.carry_all(foreign);  // the confirmation
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_EQ(foreign.pending(eid), 0u);
  EXPECT_EQ(rig.ip_network.server(kForeignAdminIp)->connections, 4u);

  // China Mobile's SM-SR with the keys it had (SCP80 version 1, PSK '40'):
  // its push is refused by the card, no session opens, the card is as it was.
  platform::Eis old = eis_before;
  old.profiles = foreign.eis(eid)->profiles;
  cmcc.register_eis(old, isd_r_config(), platform::Scp81Key{0x40, 0x01, kFactoryPsk});
  cmcc.call(rig.call(Kind::DisableProfile, "x3", kIsdP2));
  for (int i = 0; i < 3 && cmcc.pending(eid) != 0; ++i) rig.carry_all(cmcc);
  const platform::FunctionResult refused = ChangeRig::only_result(cmcc);
  // The card answers the packet under the deleted key set with an
  // unsecured error PoR (TS 102 225 §5.2): the function fails at once.
  EXPECT_EQ(refused.status, ExecutionStatus::Failed) << platform::describe(refused);
  EXPECT_EQ(refused.reason, "Security (PoR status)");
  EXPECT_EQ(refused.message, "PoR 06 unidentified security error");
  EXPECT_EQ(refused.por_status, 0x06);
  EXPECT_EQ(cmcc.pending(eid), 0u);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 4u);
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP2));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(4));
  EXPECT_EQ(rig.card_psks().size(), 1u);
}


// The PSK's key establishment refused by the eUICC (a version it has
// already: '6985'): the change fails after the new key set was made, which
// the current SM-SR deletes; the eUICC stays with China Mobile, over HTTPS
// with the factory's PSK.
TEST(SmSrHttpsChange, ARefusedPskKeyEstablishmentFailsTheChangeAndRemovesTheNewKeySet) {
  HttpsRig rig;
  const std::string eid = rig.e.eid();
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr foreign(foreign_https_config());
  rig.ip_network.add(kForeignAdminIp, foreign);
  platform::SmSrHandoverConfig config = rig.handover_config("CMCC", "y1", kNewSmsr);
  config.psk_version = 0x40;
  config.psk_ephemeral_key = cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                     cardcore::ecasd::testing::seed("eSK.SR2.PSK"));
  platform::SmSrHandover h(cmcc, foreign, config);
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  rig.run(h, cmcc, foreign);
  EXPECT_EQ(h.result().status, ExecutionStatus::Failed) << platform::describe(h.result());
  EXPECT_EQ(h.result().reason, "Refused");
  EXPECT_EQ(h.result().message.rfind("6985", 0), 0u) << h.result().message;
  EXPECT_EQ(h.cleanup(), platform::KeySetCleanup::Removed);
  // The card: China Mobile's key set and PSK alone.
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
  ASSERT_EQ(rig.card_psks().size(), 1u);
  EXPECT_EQ(rig.card_psks()[0], (std::pair<std::uint8_t, Bytes>{0x40, kFactoryPsk}));
  // The SM-SRs: China Mobile keeps the eUICC, over HTTPS; nothing on the other.
  ASSERT_TRUE(cmcc.eis(eid));
  EXPECT_EQ(cmcc.eis(eid)->isd_r_psk_version, std::optional<std::uint8_t>(0x40));
  EXPECT_EQ(cmcc.transport(eid), Es5Transport::Https);
  EXPECT_FALSE(cmcc.smsr_change_in_flight(eid));
  EXPECT_FALSE(foreign.eis(eid));
  EXPECT_FALSE(foreign.prepared(eid));
  // Five sessions: four SendData and the DELETE [key]; none to the other.
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 5u);
  EXPECT_EQ(rig.ip_network.server(kForeignAdminIp)->connections, 0u);
  // China Mobile's HTTPS still works.
  cmcc.call(rig.call(Kind::AuditEis, "y2"));
  rig.carry_all(cmcc);
  const platform::FunctionResult audit = ChangeRig::only_result(cmcc);
  EXPECT_EQ(audit.status, ExecutionStatus::Success) << platform::describe(audit);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 6u);
  EXPECT_EQ(cmcc.pending(eid), 0u);
}

}  // namespace test_smsr_https_change
}  // namespace twinmodels::testing
