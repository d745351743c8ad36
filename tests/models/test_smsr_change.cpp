// The SM-SR change between two SM-SR models (SGP.02 §3.8; models/twinmodels/
// platform/smsr_change.hpp) with a modem and a real eUICC: the old SM-SR
// hands the EIS over and carries the new SM-SR's key establishment to the
// ISD-R; the new SM-SR registers the eUICC under its own key set,
// finalises (the old key set deleted, its own address given), switches a
// profile and receives the notification; the old SM-SR is locked out.
#include "smsr_change_rig.hpp"

namespace twinmodels::testing {
namespace test_smsr_change {

using cardcore::Bytes;
using cardcore::from_hex;
using platform::ExecutionStatus;
using Kind = platform::FunctionCall::Kind;
namespace ecasd = cardcore::ecasd;

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

// Export in the direct mode (the source document §4.1.6): the eUICC's SM-SR
// changes to the foreign operator's, whose SM-DP then prepares its profile,
// has its SM-SR create the ISD-P and carry the download (ES3), and whose
// SM-SR enables it: the device attaches on the foreign subscription.
TEST(SmSrChange, ExportInTheDirectModeEndToEnd) {
  ChangeRig rig;
  const std::string eid = rig.e.eid();
  platform::SmSr foreign_smsr(platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3});
  rig.hand_over(foreign_smsr);

  // The foreign SM-DP's profile for its subscriber 9.
  platform::ProfileStore smdp;
  smdp.add("partner-eu", "Operator EU", saip_package("partner-eu.der"));
  const platform::SubscriptionValues v = subscription_of(9);
  platform::FunctionCall create = es4(Kind::CreateIsdp, "x1", eid, v.iccid);
  create.interface = "ES3";
  create.mno_id = "Operator EU";
  create.smdp_id = "SM-DP-EU";
  foreign_smsr.call(create);
  rig.deliver(foreign_smsr);
  const platform::FunctionResult created = ChangeRig::only_result(foreign_smsr);
  ASSERT_EQ(created.status, ExecutionStatus::Success) << platform::describe(created);

  platform::Es8DownloadConfig c;
  c.call_id = "x2";
  c.eid = eid;
  c.isdp_aid = created.data;
  c.iccid = v.iccid;
  c.package = smdp.prepare("partner-eu", v);
  c.host_challenge = from_hex("1122334455667788");
  ecasd::KeyAgreementCrt crt;
  crt.key_version = 0x30;
  platform::Es8Download job(c, {pki().smdp.certificate, pki().smdp.key, pki().euicc.certificate.public_key,
                                ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("eSK.DP.EU")),
                                crt, std::nullopt});
  for (int i = 0; i < 50 && !job.finished(); ++i) {
    const std::optional<platform::SendData> d = job.next();
    ASSERT_TRUE(d);
    job.on_response(rig.send_data(foreign_smsr, *d, "ES3"));
  }
  ASSERT_EQ(job.result().status, ExecutionStatus::Success) << platform::describe(job.result());

  platform::FunctionCall done = es4(Kind::ProfileDownloadCompleted, "x3", eid, v.iccid);
  done.interface = "ES3";
  done.imsi = v.imsi;
  done.msisdn = "447700900009";
  foreign_smsr.call(done);
  EXPECT_EQ(ChangeRig::only_result(foreign_smsr).status, ExecutionStatus::Success);

  foreign_smsr.call(es4(Kind::EnableProfile, "x4", eid, v.iccid));
  std::vector<ModemOutput> o = rig.deliver(foreign_smsr);
  ASSERT_EQ(ChangeRig::only_result(foreign_smsr).status, ExecutionStatus::Success);
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(9));
  rig.subscriber = 9;
  o = rig.network_attach(o);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  // Its notification reaches the foreign SM-SR from the new number.
  const SendMoSms* mo = ModemRig::find<SendMoSms>(o);
  ASSERT_TRUE(mo);
  const auto n = foreign_smsr.on_mo_sms("447700900009", mo->tpdu, rig.now);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->iccid, v.iccid);
  EXPECT_EQ(foreign_smsr.eis(eid)->enabled()->iccid, v.iccid);
}

}  // namespace test_smsr_change
}  // namespace twinmodels::testing
