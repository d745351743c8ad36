#pragma once
// A modem with the international card, an SGP.02 M2M eUICC
// (twinmodels::modem::EuiccPort), for the models tests: the China Mobile
// profile (HSS subscriber 3) enabled with the fall-back attribute, a
// foreign operator's (subscriber 4) disabled, the ISD-R's SCP80 keys as the
// SM-SR knows them (EuiccLayout::Import: the foreign profile alone).
#include "modem_harness.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/modem/euicc_port.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"

namespace twinmodels::testing {

inline const std::string kIsdP1 = "A0000005591010FFFFFFFF8900001000";  // CMCC, enabled, fall-back
inline const std::string kIsdP2 = "A0000005591010FFFFFFFF8900001100";  // the foreign operator's
inline const cardcore::sms::Address kSmsr{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn, "8613900200777"};

inline cardcore::Personalization euicc_profile_values(std::uint64_t subscriber, const std::string& iccid) {
  const SubscriberKeys k = derive_subscriber_keys(ModemRig::kSeed, subscriber);
  return {iccid, imsi_of(subscriber), cardcore::Bytes(k.k.begin(), k.k.end()), cardcore::Bytes(k.opc.begin(), k.opc.end())};
}

// The SM-SR's view of the ISD-R (TAR 00 00 01): its SCP80 key set, MSL 16,
// PoR in the RP-ACK.
inline ota::OtaCardConfig isd_r_config() {
  return aes_card_config({0x00, 0x00, 0x01}, 1, "11223344556677889900aabbccddeeff", "ffeeddccbbaa00998877665544332211", kSmsr);
}

// The factory's profiles: Export, the international card China Mobile
// ships (its profile enabled with the fall-back attribute, a foreign
// operator's disabled); Import, a device built abroad (the foreign
// operator's profile alone, enabled with the fall-back attribute).
// Export: China Mobile's profile enabled (fall-back), the foreign one
// disabled; ExportDisableLocked: the same, China Mobile's profile with POL1
// 'disabling not allowed' (SGP.02 Policy Rules: no other profile can be
// enabled); Import: the foreign profile alone, enabled (fall-back).
enum class EuiccLayout : std::uint8_t { Export, ExportDisableLocked, Import };

// Who a rig's eUICC is: its EID, and the HSS subscribers, ICCIDs and
// MSISDNs (empty: the SM-SR rig's kCmccMsisdn, kForeignMsisdn) of its China
// Mobile and foreign profiles. The default is the one card of most tests;
// batches (test_cooperation_batch.cpp) give each card its own.
struct EuiccIdentity {
  std::string eid = "89049032123451234512345678901235";
  std::uint64_t cmcc = 3, foreign = 4;
  std::string cmcc_iccid = "898604000000000003", foreign_iccid = "894400000000000004";
  std::string cmcc_msisdn, foreign_msisdn;
};

struct EuiccRig : ModemRig {
  EuiccIdentity identity;
  cardcore::euicc::Euicc e{platform()};
  EuiccPort euicc_port{e};
  ota::OtaSmsLink smsr{isd_r_config()};

  static std::shared_ptr<const cardcore::ProfileTemplate> platform() {
    static auto p = std::make_shared<const cardcore::ProfileTemplate>(
        cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof"));
    return p;
  }

  // `c`: the modem's configuration (its PIN1, say); `ecasd`: the eUICC's
  // ECASD, for a key establishment (an SM-DP's download); none by default.
  // `layout`: the profiles made at the factory; `scp81`: the ISD-R's SCP81
  // defaults and PSK (none: SMS only).
  explicit EuiccRig(ModemConfig c = {}, std::optional<cardcore::euicc::EcasdPersonalization> ecasd = std::nullopt,
                    EuiccLayout layout = EuiccLayout::Export,
                    std::optional<cardcore::euicc::Scp81Personalization> scp81 = std::nullopt, EuiccIdentity id = {})
      : ModemRig(std::move(c), false), identity(std::move(id)) {
    cardcore::euicc::EuiccPersonalization p;
    p.eid = identity.eid;
    p.isd_r_keys = {{isd_r_config().keys.kic_key, isd_r_config().keys.kid_key}};
    p.ecasd = std::move(ecasd);
    p.scp81 = std::move(scp81);
    e.personalize(p);
    if (layout != EuiccLayout::Import) {
      e.install_profile(cardcore::from_hex(kIsdP1), domestic_profile(), euicc_profile_values(identity.cmcc, identity.cmcc_iccid), true, true,
                        layout == EuiccLayout::ExportDisableLocked ? cardcore::euicc::pol1::kDisableNotAllowed : 0);
    }
    e.install_profile(cardcore::from_hex(kIsdP2), domestic_profile(), euicc_profile_values(identity.foreign, identity.foreign_iccid),
                      layout == EuiccLayout::Import, layout == EuiccLayout::Import);
    port = &euicc_port;
  }

  // An ES5 script to the ISD-R by MT SMS; the PoR's status and response data.
  ota::PorResult es5(const std::vector<cardcore::Bytes>& commands, std::vector<ModemOutput>& o) {
    const std::vector<cardcore::Bytes> tpdus = smsr.build(ota::encode_expanded_script(commands), kScts);
    for (const cardcore::Bytes& t : tpdus) {
      now += 1000;
      o = in(MtSms{kSmsc, t});
    }
    const SendRpAck* ack = find<SendRpAck>(o);
    EXPECT_TRUE(ack);
    if (!ack) return {};
    return smsr.read_por_from_deliver_report(ack->deliver_report, cardcore::sms::ReportForm::Ack);
  }
};

}  // namespace twinmodels::testing
