// Power saving mode (TS 24.301 §5.3.11) on the modem's side: in PSM the
// modem deactivates its card (ModemConfig::card_off_in_psm) and stays
// registered; leaving PSM it activates and initialises the card again
// (ATR, TERMINAL PROFILE, USIM initialisation, TS 31.102 §5.1.1) without
// attaching, and the card answers the next AUTHENTICATE as before.
#include "modem_harness.hpp"

namespace twinmodels::testing {
namespace test_modem_psm {

TEST(ModemPsm, CardOffInPsmAndInitialisedAgainWithoutAnAttach) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  rig.now += 60000;
  EXPECT_TRUE(rig.in(EnterPsm{}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Sleeping);
  EXPECT_FALSE(rig.card.powered());
  // Nothing wakes the card meanwhile: its poll and toolkit timers ended.
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::CardPoll, 0}).empty());
  rig.now += 3600000;
  rig.transcript.clear();
  const auto o = rig.in(LeavePsm{});
  EXPECT_TRUE(rig.card.powered());
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::CardReady));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  bool atr = false, profile = false;
  for (const std::string& s : rig.transcript) {
    atr |= s.rfind("< 3B", 0) == 0;
    profile |= s.rfind("> 8010", 0) == 0;
  }
  EXPECT_TRUE(atr);
  EXPECT_TRUE(profile);
  // AKA at the periodic TAU: the card answers RES as before.
  const AuthVector v = rig.hss.generate(rig.subscriber);
  const auto r = rig.in(AuthenticationRequest{v.rand, v.autn});
  const SendAuthenticationResponse* res = ModemRig::find<SendAuthenticationResponse>(r);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->res, cardcore::Bytes(v.xres.begin(), v.xres.end()));
}

TEST(ModemPsm, WithTheCardKeptOnPsmChangesNothing) {
  ModemConfig cfg;
  cfg.card_off_in_psm = false;
  ModemRig rig(cfg);
  rig.network_attach(rig.in(PowerOn{}));
  EXPECT_TRUE(rig.in(EnterPsm{}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_TRUE(rig.card.powered());
  EXPECT_TRUE(rig.in(LeavePsm{}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

TEST(ModemPsm, SwitchedOffInPsmItDetaches) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  rig.in(EnterPsm{});
  ASSERT_EQ(rig.modem.state(), ModemState::Sleeping);
  const auto o = rig.in(PowerOff{});
  ASSERT_TRUE(ModemRig::find<SendDetachRequest>(o));
  EXPECT_TRUE(ModemRig::find<SendDetachRequest>(o)->switch_off);
  EXPECT_EQ(rig.modem.state(), ModemState::Off);
  // Only a registered modem sleeps: PSM before the attach is ignored.
  ModemRig fresh;
  fresh.in(PowerOn{});
  fresh.in(EnterPsm{});
  EXPECT_EQ(fresh.modem.state(), ModemState::Attaching);
  EXPECT_TRUE(fresh.card.powered());
}

}  // namespace test_modem_psm
}  // namespace twinmodels::testing
