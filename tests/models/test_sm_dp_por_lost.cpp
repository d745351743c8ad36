// The SM-DP's order when the SM-SR loses PoRs (sm_dp_rig.hpp): the SMS
// reaches the device and the card runs the script, the RP-ACK with the PoR
// does not come back; the SM-SR resends with a new counter up to
// max_attempts (3), then the function is Expired. What the card, the EIS
// and the order then hold, and how ES3.AuditEIS brings them in step.
#include "sm_dp_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"

namespace twinmodels::testing {
namespace test_sm_dp_por_lost {

using cardcore::Bytes;
using cardcore::from_hex;
using cardcore::to_hex;
namespace euicc = cardcore::euicc;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionResult;
using platform::ProfileState;
using platform::StockState;
using Kind = FunctionCall::Kind;

struct Rig {
  SmSrRig rig{ecasd_of_pki(), ecasd_certificate(), modem_with_pin()};
  platform::SmDp dp = make_smdp();
  Rig() { dp.connect(rig.smsr_platform); }
};

// Every PoR of CreateISDP lost: the first packet made the ISD-P, the two
// resends (new counters, so not replays) ran the INSTALL again and were
// refused ('6A80': the AID is taken) — one ISD-P on the card, none in the
// EIS, CreateISDP Expired. The SM-DP audits (the EIS then holds the ISD-P
// as Created under the ICCID), has it deleted, and fails the order; the
// ICCID is withheld. Returned to stock, a new order for it succeeds.
TEST(SmDpPorLost, AnExpiredCreateIsdpIsAuditedThenDeleted) {
  Rig t;
  SmSrRig& rig = t.rig;
  const platform::SubscriptionValues v = subscription_of(5);
  t.dp.download_profile(order("o-1", rig.e.eid(), 5));
  const std::optional<platform::Es3Call> create = t.dp.next();
  ASSERT_TRUE(create);
  ASSERT_EQ(create->call.kind, Kind::CreateIsdp);
  rig.smsr_platform.call(create->call);
  const cardcore::ota::Counter before = rig.smsr_platform.counter(rig.e.eid());
  for (int attempt = 0; attempt < 3; ++attempt) carry(rig, rig.smsr_platform, PorPath::Lost);
  EXPECT_EQ(rig.smsr_platform.counter(rig.e.eid()), before + 3);  // three packets, three counters
  const FunctionResult expired = SmSrRig::only_result(rig.smsr_platform);
  EXPECT_EQ(expired.status, ExecutionStatus::Expired);
  EXPECT_EQ(expired.message, "3 attempts");
  // The card made the ISD-P once; the EIS knows nothing of it.
  ASSERT_EQ(rig.e.profiles().size(), 3u);
  ASSERT_TRUE(on_card(rig, kIsdP3));
  EXPECT_EQ(on_card(rig, kIsdP3)->state, euicc::isdp_state::kSelectable);
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid(v.iccid));
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->profiles.size(), 2u);

  t.dp.on_response(expired);
  SmDpDriver d(rig, t.dp);
  d.run();
  EXPECT_EQ(d.kinds(), (std::vector<Kind>{Kind::AuditEis, Kind::DeleteProfile}));
  for (const FunctionResult& x : d.smsr_results) EXPECT_EQ(x.status, ExecutionStatus::Success) << platform::describe(x);
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES3.CreateISDP");
  EXPECT_EQ(r.reason, "No response");
  EXPECT_EQ(r.message, "Expired: eUICC, No response (3 attempts); ISD-P deleted (ES3.DeleteISDP)");
  EXPECT_TRUE(r.data.empty());
  expect_factory_state(rig);
  EXPECT_EQ(t.dp.stock().find(v.iccid)->state, StockState::Withheld);

  // The operator returns the ICCID; the order goes through this time, in
  // the AID the deleted ISD-P had.
  ASSERT_TRUE(t.dp.return_to_stock(v.iccid));
  t.dp.download_profile(order("o-2", rig.e.eid(), 5));
  SmDpDriver again(rig, t.dp);
  again.run();
  const FunctionResult ok = only(t.dp);
  EXPECT_EQ(ok.status, ExecutionStatus::Success) << platform::describe(ok);
  EXPECT_EQ(to_hex(ok.data), to_hex(from_hex(kIsdP3)));
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->by_iccid(v.iccid)->state, ProfileState::Enabled);
  EXPECT_EQ(on_card(rig, kIsdP3)->state, euicc::isdp_state::kEnabled);
  EXPECT_EQ(t.dp.stock().find(v.iccid)->state, StockState::Installed);
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(again.outputs.at(again.calls.back().call_id));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, v.imsi);
}

// Only the first PoR lost: the resend's PoR comes back with the card's
// refusal ('6A80', the AID is taken by the first run). Taken at its word it
// would say "no ISD-P" while the card holds one the EIS does not know, and
// every later CreateISDP would ask for the same AID again. The SM-SR
// reports it Expired (the outcome unknown); the SM-DP audits and deletes.
TEST(SmDpPorLost, ARefusedResendAfterALostPorIsNotTakenAsARefusal) {
  Rig t;
  SmSrRig& rig = t.rig;
  t.dp.download_profile(order("o-1", rig.e.eid(), 6));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned attempt) {
    return c.kind == Kind::CreateIsdp && attempt == 1 ? PorPath::Lost : PorPath::Delivered;
  };
  d.run();
  ASSERT_GE(d.smsr_results.size(), 1u);
  EXPECT_EQ(d.smsr_results[0].status, ExecutionStatus::Expired);
  EXPECT_EQ(d.smsr_results[0].message, "1 PoR(s) lost, then 6A80");
  EXPECT_EQ(d.kinds(), (std::vector<Kind>{Kind::CreateIsdp, Kind::AuditEis, Kind::DeleteProfile}));
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES3.CreateISDP");
  EXPECT_EQ(r.message, "Expired: eUICC, No response (1 PoR(s) lost, then 6A80); ISD-P deleted (ES3.DeleteISDP)");
  expect_factory_state(rig);
  EXPECT_EQ(t.dp.stock().find(subscription_of(6).iccid)->state, StockState::Withheld);
}

// The SMS never reaches the card (the SMSC gives up): CreateISDP expires,
// the audit finds no ISD-P, nothing is deleted and the ICCID is available
// again — no eUICC saw it.
TEST(SmDpPorLost, AnExpiredCreateIsdpTheCardNeverSawLeavesTheIccidAvailable) {
  Rig t;
  SmSrRig& rig = t.rig;
  const platform::SubscriptionValues v = subscription_of(7);
  t.dp.download_profile(order("o-1", rig.e.eid(), 7));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned) { return c.kind == Kind::CreateIsdp ? PorPath::Undelivered : PorPath::Delivered; };
  d.run();
  EXPECT_EQ(d.kinds(), (std::vector<Kind>{Kind::CreateIsdp, Kind::AuditEis}));
  EXPECT_EQ(d.network.undeliverable, 3u);
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.message, "Expired: eUICC, No response (3 attempts); audited: no ISD-P was created");
  expect_factory_state(rig);
  EXPECT_EQ(t.dp.stock().find(v.iccid)->state, StockState::Available);
}

// The first ES8 script's PoRs lost: the SendData expires, the download job
// fails at the key establishment, the ISD-P is deleted.
TEST(SmDpPorLost, AnExpiredSendDataFailsTheJobAndTheIsdpIsDeleted) {
  Rig t;
  SmSrRig& rig = t.rig;
  t.dp.download_profile(order("o-1", rig.e.eid(), 8));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned) { return c.kind == Kind::SendData ? PorPath::Lost : PorPath::Delivered; };
  d.run();
  EXPECT_EQ(d.kinds(), (std::vector<Kind>{Kind::CreateIsdp, Kind::SendData, Kind::DeleteProfile}));
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES8.EstablishISDPKeySet");
  EXPECT_EQ(r.reason, "No response");
  EXPECT_EQ(r.message,
            "SendData failed: ES3.SendData call=o-1/2 eid=" + rig.e.eid() +
                " Expired (eUICC: No response, 3 attempts); ISD-P deleted (ES3.DeleteISDP)");
  expect_factory_state(rig);
  EXPECT_EQ(t.dp.stock().find(subscription_of(8).iccid)->state, StockState::Withheld);
}

// EnableProfile's PoRs lost. The card enabled the profile at the first
// packet; the device restarted on it and attached, and the eUICC's
// notification from the new number told the SM-SR, whose EIS says so. The
// resends reached the card at the new number and were refused ('6985': it
// is enabled) — their PoRs lost too: Expired. The SM-DP's audit finds the
// profile enabled: the order succeeded, with a warning.
TEST(SmDpPorLost, AnExpiredEnableProfileTheCardRanIsFoundEnabledByTheAudit) {
  Rig t;
  SmSrRig& rig = t.rig;
  give_the_card_the_smsr_address(rig);
  const platform::SubscriptionValues v = subscription_of(5);
  t.dp.download_profile(order("o-1", rig.e.eid(), 5));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned) { return c.kind == Kind::EnableProfile ? PorPath::Lost : PorPath::Delivered; };
  d.run();
  ASSERT_GE(d.smsr_results.size(), 2u);
  const FunctionResult& enable = d.smsr_results[d.smsr_results.size() - 2];
  EXPECT_EQ(enable.function, "ES3.EnableProfile");
  EXPECT_EQ(enable.status, ExecutionStatus::Expired);
  EXPECT_EQ(d.kinds().back(), Kind::AuditEis);
  EXPECT_EQ(d.smsr_results.back().status, ExecutionStatus::Success);
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Warning) << platform::describe(r);
  EXPECT_EQ(r.message, "Expired: eUICC, No response (3 attempts); audited: the profile is enabled");
  EXPECT_EQ(to_hex(r.data), to_hex(from_hex(kIsdP3)));
  ASSERT_EQ(d.network.notifications.size(), 1u);
  EXPECT_EQ(d.network.notifications[0].iccid, v.iccid);
  EXPECT_EQ(d.network.undeliverable, 0u);
  // In step: the card, the EIS, the device and the stock.
  EXPECT_EQ(on_card(rig, kIsdP3)->state, euicc::isdp_state::kEnabled);
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->by_iccid(v.iccid)->state, ProfileState::Enabled);
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->by_iccid(rig.iccid(kIsdP1))->state, ProfileState::Disabled);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), v.imsi);
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_EQ(t.dp.stock().find(v.iccid)->state, StockState::Installed);
}

// Only EnableProfile's first PoR lost: the resend's PoR brings the card's
// refusal back ('6985': the profile is enabled already) — Expired, and the
// audit finds the profile enabled.
TEST(SmDpPorLost, AResentEnableProfileIsRefusedAsTheProfileIsEnabledAlready) {
  Rig t;
  SmSrRig& rig = t.rig;
  give_the_card_the_smsr_address(rig);
  t.dp.download_profile(order("o-1", rig.e.eid(), 6));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned attempt) {
    return c.kind == Kind::EnableProfile && attempt == 1 ? PorPath::Lost : PorPath::Delivered;
  };
  d.run();
  ASSERT_GE(d.smsr_results.size(), 2u);
  const FunctionResult& enable = d.smsr_results[d.smsr_results.size() - 2];
  EXPECT_EQ(enable.function, "ES3.EnableProfile");
  EXPECT_EQ(enable.status, ExecutionStatus::Expired);
  EXPECT_EQ(enable.message, "1 PoR(s) lost, then 6985");
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Warning);
  EXPECT_EQ(r.message, "Expired: eUICC, No response (1 PoR(s) lost, then 6985); audited: the profile is enabled");
  EXPECT_EQ(rig.modem.imsi(), subscription_of(6).imsi);
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->enabled()->iccid, subscription_of(6).iccid);
}

// The EnableProfile's SMS never delivered: the card did not enable it. The
// audit finds the profile disabled; the SM-DP has it deleted.
TEST(SmDpPorLost, AnUndeliveredEnableProfileIsAuditedThenTheProfileDeleted) {
  Rig t;
  SmSrRig& rig = t.rig;
  give_the_card_the_smsr_address(rig);
  const platform::SubscriptionValues v = subscription_of(6);
  t.dp.download_profile(order("o-1", rig.e.eid(), 6));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned) { return c.kind == Kind::EnableProfile ? PorPath::Undelivered : PorPath::Delivered; };
  d.run();
  const std::vector<Kind> kinds = d.kinds();
  ASSERT_GE(kinds.size(), 4u);
  const std::vector<Kind> tail(kinds.end() - 4, kinds.end());
  EXPECT_EQ(tail, (std::vector<Kind>{Kind::ProfileDownloadCompleted, Kind::EnableProfile, Kind::AuditEis, Kind::DeleteProfile}));
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES3.EnableProfile");
  EXPECT_EQ(r.message, "Expired: eUICC, No response (3 attempts); ISD-P deleted (ES3.DeleteISDP)");
  EXPECT_TRUE(d.network.notifications.empty());
  expect_factory_state(rig);
  EXPECT_EQ(t.dp.stock().find(v.iccid)->state, StockState::Withheld);
}

// The same without the SM-SR's address on the card: no notification comes,
// the EIS keeps the old profile enabled and the SM-SR sends to the old
// number, which is no longer registered — the resends and the audit are
// not delivered, and the order fails with the profile's state unknown. The
// device is in service on the new profile that the EIS has as Disabled; the
// ICCID is withheld. (What puts this right is a notification: the SM-SR's
// address on the card first, as the test above.)
TEST(SmDpPorLost, WithoutNotificationsAnExpiredEnableLeavesTheEisBehindTheCard) {
  Rig t;
  SmSrRig& rig = t.rig;
  const platform::SubscriptionValues v = subscription_of(5);
  t.dp.download_profile(order("o-1", rig.e.eid(), 5));
  SmDpDriver d(rig, t.dp);
  d.por = [](const FunctionCall& c, unsigned) { return c.kind == Kind::EnableProfile ? PorPath::Lost : PorPath::Delivered; };
  d.run();
  EXPECT_EQ(d.kinds().back(), Kind::AuditEis);
  EXPECT_EQ(d.smsr_results.back().status, ExecutionStatus::Expired);
  EXPECT_EQ(d.network.undeliverable, 5u);  // two resends of the enable, three audits
  EXPECT_TRUE(d.network.notifications.empty());
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES3.EnableProfile");
  EXPECT_EQ(r.message,
            "Expired: eUICC, No response (3 attempts); ES3.AuditEIS Expired (No response): the ISD-P's state unknown");
  EXPECT_EQ(on_card(rig, kIsdP3)->state, euicc::isdp_state::kEnabled);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), v.imsi);
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->enabled()->iccid, rig.iccid(kIsdP1));
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->by_iccid(v.iccid)->state, ProfileState::Disabled);
  EXPECT_EQ(t.dp.stock().find(v.iccid)->state, StockState::Withheld);
}

}  // namespace test_sm_dp_por_lost
}  // namespace twinmodels::testing
