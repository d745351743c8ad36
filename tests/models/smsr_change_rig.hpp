#pragma once
// The SM-SR rig with an ECASD of the card-core test PKI, for SM-SR changes
// and downloads (tests/models/test_smsr_change.cpp, the cooperation flows:
// cooperation_flow_rig.hpp): SendData through an SM-SR to the device, the
// key establishment run through the current SM-SR, a whole SM-SR change
// (SmSrHandover) with every SMS delivered.
#include "smsr_rig.hpp"

#include <optional>
#include <string>
#include <vector>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/euicc/isd_r_keys.hpp"
#include "euicc_pki.hpp"
#include "smdp_packages.hpp"
#include "twinmodels/platform/es8_download.hpp"
#include "twinmodels/platform/profile_preparation.hpp"
#include "twinmodels/platform/send_data.hpp"
#include "twinmodels/platform/smsr_change.hpp"
#include "twinmodels/platform/smsr_handover.hpp"

namespace twinmodels::testing {

inline const cardcore::sms::Address kNewSmsr{cardcore::sms::TypeOfNumber::International,
                                             cardcore::sms::NumberingPlan::Isdn, "447700900999"};

// A modem with PIN1 "1234", the PIN of the example packages' profiles.
inline ModemConfig with_pin() {
  ModemConfig c;
  c.pin = "1234";
  return c;
}

struct ChangeRig : SmSrRig {
  explicit ChangeRig(EuiccLayout layout = EuiccLayout::Export, platform::SmSrConfig smsr = cmcc_smsr_config(),
                     std::optional<cardcore::euicc::Scp81Personalization> scp81 = std::nullopt, EuiccIdentity id = {})
      : SmSrRig(ecasd_of_pki(), cardcore::ecasd::encode_certificate(pki().euicc.certificate), with_pin(), layout,
                std::move(smsr), std::move(scp81), std::move(id)) {}

  platform::SmSrChangeConfig change_config(const platform::Eis& eis, const cardcore::ecasd::testing::Party& who) {
    ota::OtaCardConfig link = isd_r_config();
    link.originator = kNewSmsr;
    return platform::SmSrChangeConfig{
        .call_id = "h1",
        .eis = eis,
        .certificate = who.certificate,
        .signing_key = who.key,
        .ephemeral_key = cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                cardcore::ecasd::testing::seed("eSK.SR2")),
        .key_version = 2,
        .link = link,
    };
  }
  // One SendData through `smsr` to the device, and its answer.
  platform::SendDataResponse send_data(platform::SmSr& smsr, const platform::SendData& d, const std::string& interface) {
    platform::FunctionCall f = es4(platform::FunctionCall::Kind::SendData, interface, d.eid, {});
    f.interface = interface;
    f.sd_aid = d.sd_aid;
    f.script = d.script;
    smsr.call(f);
    deliver(smsr);
    return platform::send_data_response(only_result(smsr));
  }
  // Runs the change through the old SM-SR, one SendData at a time.
  void run(platform::SmSrChange& change) {
    while (std::optional<platform::SendData> d = change.next()) change.on_response(send_data(smsr_platform, *d, "ES7"));
  }
  // The handover to a new SM-SR at `address`, finalised.
  void hand_over(platform::SmSr& to) {
    const std::string eid = e.eid();
    platform::SmSrChange change(change_config(*smsr_platform.eis(eid), pki().smsr));
    run(change);
    ASSERT_EQ(change.result().status, platform::ExecutionStatus::Success) << platform::describe(change.result());
    to.register_eis(*smsr_platform.release(eid), *change.isd_r());
    platform::FunctionCall finalise = es4(platform::FunctionCall::Kind::FinaliseIsdrHandover, "fin", eid, {});
    finalise.key_version = 1;
    to.call(finalise);
    to.call(es4(platform::FunctionCall::Kind::UpdateConnectivityParameters, "ucp", eid, {}));
    deliver(to);
    deliver(to);
    for (const platform::FunctionResult& r : to.take_results()) EXPECT_TRUE(r.ok()) << platform::describe(r);
  }

  // The MNO `mno`'s SM-SR change of the rig's eUICC to `next` (its address
  // `next_address`), with the test PKI's SM-SR certificate and an ephemeral
  // key from `seed`.
  platform::SmSrHandoverConfig handover_config(const std::string& mno, const std::string& call_id,
                                               const cardcore::sms::Address& next_address,
                                               const std::string& seed = "eSK.SR2") {
    ota::OtaCardConfig link = isd_r_config();
    link.originator = next_address;
    return platform::SmSrHandoverConfig{
        .mno_id = mno,
        .eid = e.eid(),
        .prepare_call_id = call_id + "-prepare",
        .change_call_id = call_id,
        .certificate = pki().smsr.certificate,
        .signing_key = pki().smsr.key,
        .ephemeral_key = cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                cardcore::ecasd::testing::seed(seed)),
        .key_version = 2,
        .link = link,
    };
  }
  // Makes every call of a started handover and delivers its SMS.
  void run(platform::SmSrHandover& h, platform::SmSr& current, platform::SmSr& next) {
    for (int i = 0; i < 10 && !h.finished(); ++i) {
      const std::optional<platform::HandoverStep> s = h.next();
      ASSERT_TRUE(s);
      platform::SmSr& to = s->to == platform::HandoverSide::Current ? current : next;
      to.call(s->call);
      deliver(to);
      h.on_result(only_result(to));
    }
    EXPECT_TRUE(h.finished());
  }

  // The ISD-R's SCP80 key versions on the card, in record order.
  std::vector<std::uint8_t> card_key_versions() const {
    std::vector<std::uint8_t> v;
    for (const auto& k : cardcore::euicc::isd_r_key_sets(e.platform())) v.push_back(k.version);
    return v;
  }
};

}  // namespace twinmodels::testing
