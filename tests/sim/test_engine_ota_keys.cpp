// The engine personalizes every card with its subscriber's own OTA keys
// (twinmodels::SubscriberKeyDerivation from the scenario seed): an OTA
// platform configured for device N (twinmodels::ota::subscriber_ota_config)
// reaches device N's card and no other.
#include <gtest/gtest.h>

#include "cardcore/ota/por_status.hpp"
#include "cardcore/remote/tar.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"
#include "twinmodels/ota/subscriber_ota.hpp"
#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_engine_ota_keys {

using cardcore::Bytes;
using namespace twinmodels::ota;

// READ BINARY of EF.IMSI through the USIM RFM TAR; the PoR as the platform reads it.
PorResult read_imsi(cardcore::Uicc& card, OtaSmsLink& link) {
  const Bytes script = encode_compact_script(rfm_read_binary(parse_file_path("3F00/7FFF/6F07"), 0, 9));
  Bytes report;
  for (const Bytes& tpdu : link.build(script, cardcore::sms::Timestamp{24, 5, 17, 10, 30, 0, 32})) {
    const Bytes answer = card.transmit(envelope_sms_pp_download(tpdu));
    if (answer.size() == 2 && answer[0] == 0x61) {
      const Bytes data = card.transmit(Bytes{0x00, 0xC0, 0x00, 0x00, answer[1]});
      report.assign(data.begin(), data.end() - 2);
    }
  }
  return link.read_por_from_user_data(report);
}

TEST(EngineOtaKeys, EachCardTakesItsOwnSubscribersKeys) {
  twinsim::Scenario sc = twinsim::load_scenario(ESIMTWIN_SOURCE_DIR "/scenarios/smoke.yaml");
  sc.populations[0].profile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
  twinsim::RunOptions options;
  options.devices = 20;
  const twinsim::Scenario eff = twinsim::effective_scenario(sc, options);
  const std::unique_ptr<twinsim::World> world = twinsim::make_world(eff, options, twinsim::CardSetup::Personalized);
  const twinmodels::SubscriberKeyDerivation keys(eff.general.seed);
  cardcore::ota::CommandSecurity sec;
  sec.spi = cardcore::ota::Spi::parse(0x16, 0x19);
  const cardcore::sms::Address platform{cardcore::sms::TypeOfNumber::International,
                                        cardcore::sms::NumberingPlan::Isdn, "8613800100999"};
  for (std::uint32_t d : {0u, 7u, 19u}) {
    SCOPED_TRACE(d);
    cardcore::Uicc& card = world->devices[d].card;
    card.power_on();
    const Bytes before = card.save_state();
    // Device d + 1's keys: refused, nothing changes.
    OtaSmsLink other(subscriber_ota_config(card.profile(), keys, (d + 1) % 20, cardcore::remote::kTarUsimRfm, sec,
                                           platform));
    EXPECT_EQ(read_imsi(card, other).status, cardcore::ota::PorStatus::RcCcDsFailed);
    EXPECT_EQ(card.save_state(), before);
    // Its own: the IMSI the engine gave it (prefix 46004, MSIN = d).
    OtaSmsLink own(subscriber_ota_config(card.profile(), keys, d, cardcore::remote::kTarUsimRfm, sec, platform));
    const PorResult por = read_imsi(card, own);
    EXPECT_TRUE(por.ok());
    EXPECT_TRUE(por.secured);
    ASSERT_TRUE(por.response);
    char imsi[16];
    std::snprintf(imsi, sizeof imsi, "46004%010u", d);
    EXPECT_EQ(last_response_data(*por.response), cardcore::encode_imsi(imsi));
  }
}

}  // namespace test_engine_ota_keys
