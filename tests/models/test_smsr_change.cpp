// The SM-SR change between two SM-SR models (SGP.02 §3.8; models/twinmodels/
// platform/smsr_change.hpp) with a modem and a real eUICC: the old SM-SR
// hands the EIS over and carries the new SM-SR's key establishment to the
// ISD-R; the new SM-SR registers the eUICC under its own key set,
// finalises (the old key set deleted, its own address given), switches a
// profile and receives the notification; the old SM-SR is locked out.
#include "smsr_rig.hpp"

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/euicc/isd_r_keys.hpp"
#include "euicc_pki.hpp"
#include "twinmodels/platform/send_data.hpp"
#include "twinmodels/platform/smsr_change.hpp"

namespace twinmodels::testing {
namespace {

using cardcore::Bytes;
using cardcore::from_hex;
using platform::ExecutionStatus;
using Kind = platform::FunctionCall::Kind;
namespace ecasd = cardcore::ecasd;

const cardcore::sms::Address kNewSmsr{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn,
                                      "447700900999"};

struct ChangeRig : SmSrRig {
  ChangeRig() : SmSrRig(ecasd_of_pki(), ecasd::encode_certificate(pki().euicc.certificate)) {}

  platform::SmSrChangeConfig change_config(const platform::Eis& eis, const ecasd::testing::Party& who) {
    ota::OtaCardConfig link = isd_r_config();
    link.originator = kNewSmsr;
    return platform::SmSrChangeConfig{
        .call_id = "h1",
        .eis = eis,
        .certificate = who.certificate,
        .signing_key = who.key,
        .ephemeral_key = ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("eSK.SR2")),
        .key_version = 2,
        .link = link,
    };
  }
  // Runs the change through the old SM-SR, one SendData at a time.
  void run(platform::SmSrChange& change) {
    while (std::optional<platform::SendData> d = change.next()) {
      platform::FunctionCall f = es4(Kind::SendData, "es7", d->eid, {});
      f.interface = "ES7";
      f.sd_aid = d->sd_aid;
      f.script = d->script;
      smsr_platform.call(f);
      deliver();
      change.on_response(platform::send_data_response(only_result()));
    }
  }
};

TEST(SmSrChange, TheNewSmSrTakesTheEuiccOverAndTheOldOneIsLockedOut) {
  ChangeRig rig;
  const std::string eid = rig.e.eid();
  // ES7.HandoverEUICC: the EIS as the old SM-SR holds it.
  platform::SmSrChange change(rig.change_config(*rig.smsr_platform.eis(eid), pki().smsr));
  rig.run(change);
  ASSERT_TRUE(change.finished());
  ASSERT_EQ(change.result().status, ExecutionStatus::Success) << platform::describe(change.result());
  ASSERT_TRUE(change.isd_r());
  ASSERT_EQ(cardcore::euicc::isd_r_key_sets(rig.e.platform()).size(), 2u);

  // The new SM-SR registers the eUICC under its own key set and finalises.
  platform::SmSr new_smsr(platform::SmSrConfig{"SM-SR-PARTNER", kNewSmsr, std::nullopt, 3});
  std::optional<platform::Eis> eis = rig.smsr_platform.release(eid);
  ASSERT_TRUE(eis);
  EXPECT_FALSE(rig.smsr_platform.eis(eid));
  new_smsr.register_eis(*eis, *change.isd_r());
  EXPECT_EQ(new_smsr.eis(eid)->smsr_id, "SM-SR-PARTNER");
  platform::FunctionCall finalise = es4(Kind::FinaliseIsdrHandover, "h2", eid, {});
  finalise.key_version = 1;
  new_smsr.call(finalise);
  rig.deliver(new_smsr);
  EXPECT_EQ(ChangeRig::only_result(new_smsr).status, ExecutionStatus::Success);
  const auto sets = cardcore::euicc::isd_r_key_sets(rig.e.platform());
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0].version, 2);
  new_smsr.call(es4(Kind::UpdateConnectivityParameters, "h3", eid, {}));
  rig.deliver(new_smsr);
  EXPECT_EQ(ChangeRig::only_result(new_smsr).status, ExecutionStatus::Success);
  // Its own key set cannot be the one it finalises away.
  finalise.key_version = 2;
  new_smsr.call(finalise);
  EXPECT_EQ(ChangeRig::only_result(new_smsr).status, ExecutionStatus::Failed);

  // The new SM-SR switches profiles; the notification reaches it.
  new_smsr.call(es4(Kind::EnableProfile, "h4", eid, rig.iccid(kIsdP2)));
  std::vector<ModemOutput> o = rig.deliver(new_smsr);
  EXPECT_EQ(ChangeRig::only_result(new_smsr).status, ExecutionStatus::Success);
  rig.subscriber = 4;
  o = rig.network_attach(o);
  const SendMoSms* mo = ModemRig::find<SendMoSms>(o);
  ASSERT_TRUE(mo);
  EXPECT_EQ(cardcore::sms::decode_submit(mo->tpdu).da, kNewSmsr);
  const auto n = new_smsr.on_mo_sms(kForeignMsisdn, mo->tpdu, rig.now);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->iccid, rig.iccid(kIsdP2));

  // The old SM-SR, were it to try with its old keys, gets no answer the card
  // would run: its key set is gone.
  platform::SmSr stale(platform::SmSrConfig{"SM-SR-CMCC", kSmsr, std::nullopt, 1});
  stale.register_eis(*eis, isd_r_config());
  stale.call(es4(Kind::AuditEis, "x1", eid, {}));
  rig.deliver(stale);
  const platform::FunctionResult r = ChangeRig::only_result(stale);
  EXPECT_NE(r.status, ExecutionStatus::Success) << platform::describe(r);
}

TEST(SmSrChange, AnSmDpCertificateIsNotAnSmSrsAndTheChangeFails) {
  ChangeRig rig;
  platform::SmSrChange change(rig.change_config(*rig.smsr_platform.eis(rig.e.eid()), pki().smdp));
  rig.run(change);
  ASSERT_TRUE(change.finished());
  EXPECT_EQ(change.result().status, ExecutionStatus::Failed);
  EXPECT_EQ(change.result().message, "6985");
  EXPECT_FALSE(change.isd_r());
  EXPECT_EQ(cardcore::euicc::isd_r_key_sets(rig.e.platform()).size(), 1u);
}

}  // namespace
}  // namespace twinmodels::testing
