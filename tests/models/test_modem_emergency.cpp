// The device's local enable and disable of the emergency profile (GSMA
// SGP.02 v3.1 "Emergency Profile") by the modem
// (models/twinmodels/modem/modem_emergency.cpp): MANAGE CHANNEL, SELECT of
// the ISD-R on it, STORE DATA, the channel closed; the eUICC's REFRESH
// makes the modem restart on the other profile and attach with its IMSI.
// Refused without an emergency profile ('6A88'), twice ('6985'), by a
// domestic card (no ISD-R) and before the card is ready.
#include "euicc_rig.hpp"

#include <algorithm>

#include "cardcore/cat/proactive_commands.hpp"
#include "twinmodels/platform/es5_commands.hpp"

namespace twinmodels::testing {
namespace test_modem_emergency {

using cardcore::from_hex;

// A registered EuiccRig, the emergency attribute on the foreign profile
// when `attribute` (ES5.SetEmergencyProfileAttribute over SMS).
struct EmergencyRig : EuiccRig {
  explicit EmergencyRig(bool attribute) {
    network_attach(in(PowerOn{}));
    EXPECT_EQ(modem.state(), ModemState::Registered);
    if (attribute) {
      std::vector<ModemOutput> o;
      EXPECT_TRUE(es5({platform::es5::set_emergency_profile_attribute(from_hex(kIsdP2))}, o).ok());
    }
  }
  std::vector<ModemOutput> local(bool enable) {
    now += 1000;
    transcript.clear();
    return in(LocalEmergencyProfile{enable});
  }
  bool sent(const std::string& capdu) const {
    return std::find(transcript.begin(), transcript.end(), "> " + capdu) != transcript.end();
  }
};

std::uint16_t refused_sw(const std::vector<ModemOutput>& o) {
  const ModemOutput* r = ModemRig::report_of(o, ModemEvent::EmergencyProfileRefused);
  EXPECT_TRUE(r) << "not refused";
  return r ? std::get<Report>(r->action).detail : 0;
}

const std::string kSelectIsdR = "01A4040C10A0000005591010FFFFFFFF8900000100";

TEST(ModemEmergency, LocalEnableSwitchesToTheEmergencyProfileAndDisableReturns) {
  EmergencyRig rig(true);
  std::vector<ModemOutput> o = rig.local(true);
  // TS 102 221 §11.1.17 open, the ISD-R on channel 1, STORE DATA '3A0B', close.
  EXPECT_TRUE(rig.sent("0070000001"));
  EXPECT_TRUE(rig.sent(kSelectIsdR));
  EXPECT_TRUE(rig.sent("81E28800033A0B00"));
  EXPECT_TRUE(rig.sent("00708001"));
  ASSERT_TRUE(ModemRig::reported(o, ModemEvent::EmergencyProfileEnabled));
  const ModemOutput* refresh = ModemRig::report_of(o, ModemEvent::Refresh);
  ASSERT_TRUE(refresh);
  EXPECT_EQ(std::get<Report>(refresh->action).detail, cardcore::cat::Refresh::kUiccReset);
  EXPECT_LT(ModemRig::report_of(o, ModemEvent::EmergencyProfileEnabled), refresh);
  EXPECT_TRUE(ModemRig::find<SendDetachRequest>(o));
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(4));
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP2)));
  rig.subscriber = 4;
  rig.network_attach(o);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);

  // Enabled already: '6985', no REFRESH, still registered.
  o = rig.local(true);
  EXPECT_EQ(refused_sw(o), 0x6985);
  EXPECT_FALSE(ModemRig::reported(o, ModemEvent::Refresh));
  EXPECT_TRUE(rig.sent("00708001"));  // the channel closed all the same
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);

  // The local disable: back to the profile enabled before.
  o = rig.local(false);
  EXPECT_TRUE(rig.sent("81E28800033A0C00"));
  ASSERT_TRUE(ModemRig::reported(o, ModemEvent::EmergencyProfileDisabled));
  ASSERT_TRUE(ModemRig::reported(o, ModemEvent::Refresh));
  req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(3));
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP1)));
  rig.subscriber = 3;
  rig.network_attach(o);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  // Not enabled locally any more.
  EXPECT_EQ(refused_sw(rig.local(false)), 0x6985);
}

TEST(ModemEmergency, WithoutAnEmergencyProfileTheEnableIsRefused) {
  EmergencyRig rig(false);
  const std::vector<ModemOutput> o = rig.local(true);
  EXPECT_EQ(refused_sw(o), 0x6A88);
  EXPECT_FALSE(ModemRig::reported(o, ModemEvent::Refresh));
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_TRUE(rig.sent("00708001"));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP1)));
}

TEST(ModemEmergency, ADomesticCardHasNoIsdRToSelect) {
  ModemRig rig;
  rig.network_attach(rig.in(PowerOn{}));
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  rig.transcript.clear();
  const std::vector<ModemOutput> o = rig.in(LocalEmergencyProfile{true});
  const ModemOutput* r = ModemRig::report_of(o, ModemEvent::EmergencyProfileRefused);
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Report>(r->action).detail, 0x6A82);  // TS 102 221 §10.2.1.5: file not found
  // The STORE DATA never went out; the channel was closed.
  EXPECT_EQ(std::count_if(rig.transcript.begin(), rig.transcript.end(),
                          [](const std::string& l) { return l.rfind("> 81E2", 0) == 0; }),
            0);
  EXPECT_EQ(rig.transcript.at(rig.transcript.size() - 2), "> 00708001");
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

TEST(ModemEmergency, BeforeTheCardIsReadyNothingIsSent) {
  EuiccRig rig;
  const std::vector<ModemOutput> o = rig.in(LocalEmergencyProfile{true});
  const ModemOutput* r = ModemRig::report_of(o, ModemEvent::EmergencyProfileRefused);
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<Report>(r->action).detail, 0);
  EXPECT_TRUE(rig.transcript.empty());
}

}  // namespace test_modem_emergency
}  // namespace twinmodels::testing
