// Power loss in the card at every NVM page program of an OTA number write,
// its REFRESH and the attach that follows (the card's NVM power-loss
// injection throws cardcore::PowerLoss): the modem restarts the card and
// ends registered, with the old or the new subscription and nothing else.
// And a brown-out of the whole module.
#include "modem_harness.hpp"

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/nvm/nvm.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/write_card_messages.hpp"

namespace twinmodels::testing {
namespace test_modem_power_loss {

using cardcore::Bytes;
using cardcore::from_hex;
namespace sms = cardcore::sms;
namespace wc = cardcore::applet::write_card;
using ota::OtaCardConfig;
using ota::OtaSmsLink;



// Drives the modem until it is registered again: restarts after a power
// loss, answers attaches for whichever subscription the card holds.
struct Outcome {
  int losses = 0;
  std::string imsi;
  bool registered = false;
};

Outcome drive(SmsRig& rig, std::vector<ModemOutput> o) {
  Outcome r;
  for (int step = 0; step < 8 && rig.modem.state() != ModemState::Registered; ++step) {
    if (const ModemOutput* lost = ModemRig::report_of(o, ModemEvent::CardPowerLost)) {
      ++r.losses;
      EXPECT_EQ(rig.modem.state(), ModemState::Off);
      EXPECT_FALSE(rig.card.powered());
      const ModemOutput* restart = ModemRig::find_output<ScheduleTimer>(o);
      EXPECT_TRUE(restart);
      EXPECT_EQ(restart->at_ms, lost->at_ms + rig.cfg.restart_ms);
      rig.now = restart->at_ms;
      o = rig.in(TimerExpired{ModemTimer::Restart, 0});
      continue;
    }
    if (ModemRig::find<SendAttachRequest>(o)) {
      rig.subscriber = rig.modem.imsi() == imsi_of(7) ? 7 : 3;
      o = rig.network_attach(o);
      continue;
    }
    break;
  }
  r.imsi = rig.modem.imsi();
  r.registered = rig.modem.state() == ModemState::Registered;
  return r;
}

std::vector<Bytes> write_number_tpdus() {
  OtaSmsLink writer(domestic_isd_config({0xC0, 0x00, 0x01}));
  const SubscriberKeys k7 = derive_subscriber_keys(ModemRig::kSeed, 7);
  ota::NewSubscription s{.imsi = imsi_of(7), .k = Bytes(k7.k.begin(), k7.k.end()),
                         .opc = Bytes(k7.opc.begin(), k7.opc.end()), .msisdn = "8614812345678"};
  return writer.build(ota::encode_write(42, s), kScts, ota::ScriptFormat::Application);
}

TEST(ModemPowerLoss, AtEveryNvmProgramOfAnOtaWriteRefreshAndAttach) {
  const std::vector<Bytes> tpdus = write_number_tpdus();
  ASSERT_EQ(tpdus.size(), 1u);
  std::uint64_t programs = 0;
  {
    SmsRig dry;
    const std::uint64_t before = dry.card.nvm().program_count();
    const Outcome r = drive(dry, dry.mt(tpdus[0]));
    ASSERT_TRUE(r.registered);
    ASSERT_EQ(r.imsi, imsi_of(7));
    programs = dry.card.nvm().program_count() - before;
  }
  ASSERT_GT(programs, 10u);
  RecordProperty("nvm_programs", static_cast<int>(programs));
  int old_subscription = 0, new_subscription = 0;
  for (std::uint32_t n = 1; n <= programs; ++n) {
    SmsRig rig;
    rig.card.nvm().arm_power_loss(n);
    const Outcome r = drive(rig, rig.mt(tpdus[0]));
    EXPECT_EQ(r.losses, 1) << "program " << n;
    EXPECT_TRUE(r.registered) << "program " << n;
    EXPECT_TRUE(r.imsi == imsi_of(3) || r.imsi == imsi_of(7)) << "program " << n << ": " << r.imsi;
    (r.imsi == imsi_of(7) ? new_subscription : old_subscription)++;
  }
  // Early tears keep the old subscription, late ones the new.
  EXPECT_GT(old_subscription, 0);
  EXPECT_GT(new_subscription, 0);
}

TEST(ModemPowerLoss, BrownOutRestartsThePowerUp) {
  SmsRig rig;
  rig.now += 5000;
  auto o = rig.in(BrownOut{});
  EXPECT_EQ(rig.modem.state(), ModemState::Off);
  EXPECT_FALSE(rig.card.powered());
  EXPECT_FALSE(ModemRig::find<SendDetachRequest>(o));  // no time to detach
  const ModemOutput* restart = ModemRig::find_output<ScheduleTimer>(o);
  ASSERT_TRUE(restart);
  EXPECT_EQ(restart->at_ms, rig.now + rig.cfg.restart_ms);
  // A stale timer of before the brown-out does nothing.
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::AttachRetry, 0}).empty());
  rig.now = restart->at_ms;
  o = rig.in(TimerExpired{ModemTimer::Restart, 0});
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::CardReady));
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  ASSERT_TRUE(req->m_tmsi);  // the GUTI stored before survived
  EXPECT_TRUE(ModemRig::reported(rig.network_attach(o), ModemEvent::Registered));
}

TEST(ModemPowerLoss, SwitchedOffBeforeTheRestartStaysOff) {
  SmsRig rig;
  auto o = rig.in(BrownOut{});
  const std::uint64_t restart = ModemRig::find_output<ScheduleTimer>(o)->at_ms;
  rig.in(PowerOff{});
  rig.now = restart;
  EXPECT_TRUE(rig.in(TimerExpired{ModemTimer::Restart, 0}).empty());
  EXPECT_EQ(rig.modem.state(), ModemState::Off);
  EXPECT_TRUE(rig.in(BrownOut{}).empty());  // off: nothing to lose
  EXPECT_TRUE(ModemRig::reported(rig.in(PowerOn{}), ModemEvent::CardReady));
}

}  // namespace test_modem_power_loss
}  // namespace twinmodels::testing
