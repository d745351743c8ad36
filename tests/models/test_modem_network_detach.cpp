// The network detaches a registered modem (TS 24.301 §5.5.2.3.2): DETACH
// ACCEPT, EMM-DEREGISTERED, and what the EMM cause does — #7 makes the USIM
// invalid for EPS until the power-off (no attach on any timer, a power cycle
// attaches again); re-attach required ignores the cause and attaches. An
// MME without the UE's context answers its TAU with #10 (§5.5.3.2.5): a new
// attach.
#include "modem_harness.hpp"

namespace twinmodels::testing {
namespace test_modem_network_detach {

std::uint16_t deregistered_detail(const std::vector<ModemOutput>& o) {
  const ModemOutput* r = ModemRig::report_of(o, ModemEvent::Deregistered);
  EXPECT_TRUE(r);
  return r ? std::get<Report>(r->action).detail : 0xFFFF;
}

TEST(ModemNetworkDetach, Cause7AnswersDetachAcceptAndInvalidatesTheUsimUntilPowerOff) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  rig.now += 1000;
  const auto o = rig.in(NetworkDetach{false, std::uint8_t{7}});
  const ModemOutput* accept = ModemRig::find_output<SendDetachAccept>(o);
  ASSERT_TRUE(accept) << "§5.5.2.3.2: the UE answers DETACH ACCEPT";
  EXPECT_EQ(accept->at_ms, rig.now + rig.cfg.tech.nas_message_ms);
  EXPECT_EQ(deregistered_detail(o), 7);
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  // No timer brings an attach while the USIM is invalid.
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachRetry, 0})));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(rig.in(TimerExpired{ModemTimer::AttachGuard, 0})));
  // A second DETACH REQUEST finds nothing to detach.
  EXPECT_FALSE(ModemRig::find<SendDetachAccept>(rig.in(NetworkDetach{false, std::uint8_t{7}})));
  // Switched off (no detach: not registered) and on: it attaches again.
  const auto off = rig.in(PowerOff{});
  EXPECT_FALSE(ModemRig::find<SendDetachRequest>(off));
  rig.now += 60000;
  rig.network_attach(rig.in(PowerOn{}));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

TEST(ModemNetworkDetach, ReattachRequiredIgnoresTheCauseAndAttaches) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  const auto o = rig.in(NetworkDetach{true, std::uint8_t{7}});
  EXPECT_TRUE(ModemRig::find<SendDetachAccept>(o));
  EXPECT_EQ(deregistered_detail(o), 0);
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_EQ(rig.modem.state(), ModemState::Attaching);
}

TEST(ModemNetworkDetach, ReattachNotRequiredWithoutCauseStaysDeregistered) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  const auto o = rig.in(NetworkDetach{false, std::nullopt});
  EXPECT_TRUE(ModemRig::find<SendDetachAccept>(o));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_EQ(rig.modem.state(), ModemState::Deregistered);
}

TEST(ModemNetworkDetach, DetachDuringTheAttachStopsItsGuard) {
  ModemRig rig;
  rig.in(PowerOn{});
  ASSERT_EQ(rig.modem.state(), ModemState::Attaching);
  const auto o = rig.in(NetworkDetach{false, std::uint8_t{7}});
  const CancelTimer* c = ModemRig::find<CancelTimer>(o);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->timer, ModemTimer::AttachGuard);
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
}

TEST(ModemNetworkDetach, ImplicitlyDetachedTauRejectStartsANewAttach) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  rig.now += 3600000;
  const auto o = rig.in(UpdateReject{10, false});
  EXPECT_EQ(deregistered_detail(o), 10);
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_EQ(rig.modem.state(), ModemState::Attaching);
  // The new attach is rejected #7 (the subscription barred): invalid.
  rig.in(AttachReject{7, std::nullopt});
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
  // A reject to a modem that is not registered changes nothing.
  EXPECT_TRUE(rig.in(UpdateReject{10, true}).empty());
}

TEST(ModemNetworkDetach, UpdateRejectWithCause7InvalidatesTheUsim) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  const auto o = rig.in(UpdateReject{7, true});
  EXPECT_EQ(deregistered_detail(o), 7);
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_EQ(rig.modem.state(), ModemState::Invalid);
}

}  // namespace test_modem_network_detach
}  // namespace twinmodels::testing
