// The device's local enable and disable of the emergency profile (GSMA
// SGP.02 v3.1 "Emergency Profile"; card-core's local_interface.cpp): the
// terminal opens a logical channel (TS 102 221 §11.1.17 MANAGE CHANNEL),
// selects the ISD-R on it (§11.1.1 SELECT by DF name), sends the ISD-R's
// STORE DATA (GP §11.11; the DGIs are card-core's, sgp02.hpp) and closes
// the channel; the eUICC's REFRESH (UICC reset) then goes through the
// proactive loop like an ES5 EnableProfile's.
#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/modem/modem_context.hpp"

namespace twinmodels::modem {

using cardcore::Bytes;

namespace {

// TS 102 221 §10.1.1: the class byte of `cla` ('00' interindustry, '80'
// proprietary) on logical channel `ch`: b1-b2 for channels 0..3, b7 and
// b1-b4 (ch - 4) for channels 4..19.
std::uint8_t on_channel(std::uint8_t cla, std::uint8_t ch) {
  return static_cast<std::uint8_t>(ch < 4 ? cla | ch : cla | 0x40 | (ch - 4));
}

constexpr std::uint8_t kManageChannel = 0x70, kSelect = 0xA4, kStoreData = 0xE2;

}  // namespace

void Modem::local_emergency_profile(Context& c, bool enable) {
  if (!card_ready()) {
    c.report(ModemEvent::EmergencyProfileRefused, 0, "the card is not ready");
    return;
  }
  // §11.1.17: open, P2 '00': the card assigns the channel (one byte back).
  c.ex.exchange(apdu(0x00, kManageChannel, 0x00, 0x00, {}, 1));
  if (c.ex.sw() != cardcore::sw::kOk || c.ex.data().size() != 1 || c.ex.data()[0] == 0 || c.ex.data()[0] > 19) {
    c.report(ModemEvent::EmergencyProfileRefused, c.ex.sw());
    return;
  }
  const std::uint8_t ch = c.ex.data()[0];
  // SELECT the ISD-R by its AID, P2 '0C': no data back.
  const auto& aid = cardcore::euicc::kIsdRAid;
  c.ex.exchange(apdu(on_channel(0x00, ch), kSelect, 0x04, 0x0C, Bytes(aid.begin(), aid.end())));
  cardcore::StatusWord sw = c.ex.sw();
  if (sw_ok(sw)) {
    // GP §11.11 STORE DATA, P1 '88': one DGI, the last block; no value.
    const std::uint16_t dgi = enable ? cardcore::euicc::dgi::kLocalEnableEmergencyProfile
                                     : cardcore::euicc::dgi::kLocalDisableEmergencyProfile;
    const Bytes data = {static_cast<std::uint8_t>(dgi >> 8), static_cast<std::uint8_t>(dgi), 0x00};
    c.ex.exchange(apdu(on_channel(0x80, ch), kStoreData, 0x88, 0x00, data));
    sw = c.ex.sw();
  }
  // §11.1.17: close, P2 the channel. After a switch the eUICC resets
  // anyway (its REFRESH); the answer changes nothing.
  c.ex.exchange(apdu(0x00, kManageChannel, 0x80, ch, {}));
  if (!sw_ok(sw)) {
    c.report(ModemEvent::EmergencyProfileRefused, sw);
    return;
  }
  c.report(enable ? ModemEvent::EmergencyProfileEnabled : ModemEvent::EmergencyProfileDisabled);
  run_proactive(c);
}

}  // namespace twinmodels::modem
