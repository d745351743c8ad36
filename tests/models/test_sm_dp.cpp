// The SM-DP as a platform (models/twinmodels/platform/sm_dp.hpp): an
// operator's ES2.DownloadProfile order carried out end to end over ES3 with
// the SM-SR (smsr_rig.hpp) into a real eUICC in a modem, and its error
// management. Each test ends in a state it checks whole: the ES2 result,
// the EIS, the card's profiles, the stock, the device attached or not and
// with which IMSI.
#include "sm_dp_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"

namespace twinmodels::testing {
namespace test_sm_dp {

using cardcore::Bytes;
using cardcore::from_hex;
using cardcore::to_hex;
namespace euicc = cardcore::euicc;
namespace ecasd = cardcore::ecasd;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionResult;
using platform::ProfileState;
using platform::StockState;
using Kind = FunctionCall::Kind;

// (a) The whole order: CreateISDP, the ES8 download by SendData,
// ProfileDownloadCompleted, EnableProfile; the device restarts on the new
// profile and attaches with its IMSI.
TEST(SmDp, AFullOrderInstallsEnablesAndTheDeviceAttachesWithTheNewImsi) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  give_the_card_the_smsr_address(rig);
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  const platform::SubscriptionValues v = subscription_of(5);
  dp.download_profile(order("o-1", rig.e.eid(), 5));
  EXPECT_TRUE(dp.take_results().empty());
  EXPECT_EQ(dp.stock().find(v.iccid)->state, StockState::Reserved);
  SmDpDriver d{rig, dp};
  d.run();

  const FunctionResult r = only(dp);
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.function, "ES2.DownloadProfile");
  EXPECT_EQ(r.call_id, "o-1");
  EXPECT_EQ(r.iccid, v.iccid);
  EXPECT_EQ(to_hex(r.data), to_hex(from_hex(kIsdP3)));
  // The ES3 calls in SGP.02 §3.1.1's order: two key establishment scripts
  // and INITIALIZE UPDATE, then the package over two scripts.
  const std::vector<Kind> expected = {Kind::CreateIsdp, Kind::SendData, Kind::SendData, Kind::SendData, Kind::SendData,
                                      Kind::SendData, Kind::ProfileDownloadCompleted, Kind::EnableProfile};
  EXPECT_EQ(d.kinds(), expected);
  EXPECT_EQ(d.calls[0].nonvolatile_quota, std::nullopt);
  EXPECT_EQ(d.calls[0].smdp_id, kSmdpId);
  for (const FunctionCall& c : d.calls) EXPECT_EQ(c.interface, "ES3");
  for (const FunctionResult& x : d.smsr_results) EXPECT_EQ(x.status, ExecutionStatus::Success) << platform::describe(x);

  // The EIS: the new profile enabled with its subscription address; the
  // factory profile disabled.
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  const platform::EisProfile* p = eis->by_iccid(v.iccid);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state, ProfileState::Enabled);
  EXPECT_EQ(to_hex(p->isdp_aid), to_hex(from_hex(kIsdP3)));
  EXPECT_EQ(p->imsi, v.imsi);
  EXPECT_EQ(p->msisdn, msisdn_of(5));
  EXPECT_EQ(p->mno_id, "CMCC");
  EXPECT_EQ(p->smdp_id, kSmdpId);
  EXPECT_EQ(eis->by_iccid(rig.iccid(kIsdP1))->state, ProfileState::Disabled);
  // The card: three profiles, the new one enabled with the ordered ICCID.
  ASSERT_EQ(rig.e.profiles().size(), 3u);
  const std::optional<euicc::ProfileInfo> q = on_card(rig, kIsdP3);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->state, euicc::isdp_state::kEnabled);
  EXPECT_EQ(q->iccid, v.iccid);
  EXPECT_EQ(dp.stock().find(v.iccid)->state, StockState::Installed);
  EXPECT_EQ(dp.stock().find(v.iccid)->eid, rig.e.eid());

  // The device restarted on the new profile (REFRESH after the enable) and
  // attached with the new IMSI; the eUICC's notification reached the SM-SR
  // from the new number and was confirmed.
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(d.outputs.at(d.calls.back().call_id));
  ASSERT_TRUE(req) << "no ATTACH REQUEST on the downloaded profile";
  EXPECT_EQ(req->imsi, v.imsi);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), v.imsi);
  ASSERT_EQ(d.network.notifications.size(), 1u);
  EXPECT_EQ(d.network.notifications[0].iccid, v.iccid);
  EXPECT_EQ(d.network.notifications[0].type, euicc::notification::kProfileChangeSucceeded);
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_EQ(d.network.undeliverable, 0u);

  // The ICCID is used now: a second order for it is refused.
  dp.download_profile(order("o-2", rig.e.eid(), 5));
  const FunctionResult again = only(dp);
  EXPECT_EQ(again.status, ExecutionStatus::Failed);
  EXPECT_EQ(again.subject, "Profile ICCID");
  EXPECT_EQ(again.reason, "Already in use");
  EXPECT_FALSE(dp.next());
}

// Without enableProfile the profile stays disabled and the device stays on
// its profile.
TEST(SmDp, AnOrderWithoutEnableLeavesTheProfileDisabled) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  dp.download_profile(order("o-1", rig.e.eid(), 6, false));
  SmDpDriver d{rig, dp};
  d.run();
  EXPECT_EQ(only(dp).status, ExecutionStatus::Success);
  EXPECT_EQ(d.calls.back().kind, Kind::ProfileDownloadCompleted);
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->by_iccid(subscription_of(6).iccid)->state, ProfileState::Disabled);
  EXPECT_EQ(on_card(rig, kIsdP3)->state, euicc::isdp_state::kDisabled);
  EXPECT_EQ(to_hex(rig.e.enabled_isdp()), to_hex(from_hex(kIsdP1)));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
}

// (b) The card refuses the package: its profile does not fit the ISD-P's
// memory quota ('6A84' at the last block). The SM-DP has the ISD-P deleted
// (ES3.DeleteISDP): gone from the card and the EIS; the order fails naming
// the step; the device never left its profile.
TEST(SmDp, ADownloadTheCardRefusesHasTheIsdpDeletedAndFailsNamingTheStep) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.add_profile_type("cmcc-m2m-small", "CMCC", saip_package("cmcc-m2m.der"), 4096);
  dp.load_stock("cmcc-m2m-small", subscription_of(9), msisdn_of(9));
  dp.connect(rig.smsr_platform);
  const std::string iccid = subscription_of(9).iccid;
  dp.download_profile(order("o-1", rig.e.eid(), 9, true, "cmcc-m2m-small"));
  SmDpDriver d{rig, dp};
  d.run();

  const FunctionResult r = only(dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES8.DownloadAndInstallation");
  EXPECT_EQ(r.reason, "Refused");
  EXPECT_EQ(r.message, "STORE DATA block 7/7 (P2 '06'): 6A84; ISD-P deleted (ES3.DeleteISDP)");
  EXPECT_EQ(d.calls.front().kind, Kind::CreateIsdp);
  EXPECT_EQ(d.calls.front().nonvolatile_quota, std::optional<std::uint32_t>(4096));
  EXPECT_EQ(d.calls.back().kind, Kind::DeleteProfile);
  EXPECT_EQ(d.smsr_results.back().function, "ES3.DeleteISDP");
  EXPECT_EQ(d.smsr_results.back().status, ExecutionStatus::Success);
  for (const FunctionCall& c : d.calls) EXPECT_NE(c.kind, Kind::ProfileDownloadCompleted);
  expect_untouched_device(rig, iccid);
  // The eUICC saw the ICCID: withheld until the operator returns it.
  EXPECT_EQ(dp.stock().find(iccid)->state, StockState::Withheld);
  EXPECT_FALSE(dp.return_to_stock(subscription_of(5).iccid));  // not withheld
  EXPECT_TRUE(dp.return_to_stock(iccid));
  EXPECT_EQ(dp.stock().find(iccid)->state, StockState::Available);
}

// (c) CERT.ECASD.ECKA that does not chain to the CI (signed by a key that
// is not its EUM's), is missing, or names an EUM the SM-DP does not know:
// refused before any ES3 call, no ISD-P made.
TEST(SmDp, AnUntrustedEcasdCertificateIsRefusedBeforeAnyIsdp) {
  const ecasd::PrivateKey rogue = ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("rogue EUM"));
  const Bytes forged = ecasd::encode_certificate(ecasd::sign_certificate(pki().euicc.certificate, rogue));
  struct Case {
    Bytes certificate;
    bool eum_known;
    std::string message;
  };
  const std::vector<Case> cases = {
      {forged, true, "CERT.ECASD.ECKA not issued under the CI by EUM 'EUM-TEST'"},
      {{}, true, "no CERT.ECASD.ECKA in the EIS"},
      {Bytes{0x7F, 0x21, 0x01, 0x00}, true, "CERT.ECASD.ECKA malformed"},
      {ecasd_certificate(), false, "unknown EUM 'EUM-TEST'"},
  };
  for (const Case& c : cases) {
    SmSrRig rig(ecasd_of_pki(), c.certificate, modem_with_pin());
    platform::SmDpConfig config = smdp_config();
    if (!c.eum_known) config.eums.clear();
    platform::SmDp dp = make_smdp(config);
    dp.connect(rig.smsr_platform);
    dp.download_profile(order("o-1", rig.e.eid(), 5));
    const FunctionResult r = only(dp);
    EXPECT_EQ(r.status, ExecutionStatus::Failed);
    EXPECT_EQ(r.subject, "ECASD");
    EXPECT_EQ(r.reason, "Verification failed");
    EXPECT_EQ(r.message, c.message);
    EXPECT_FALSE(dp.next());
    EXPECT_EQ(dp.orders_in_progress(), 0u);
    EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
    EXPECT_EQ(dp.stock().find(subscription_of(5).iccid)->state, StockState::Available);
    expect_untouched_device(rig, subscription_of(5).iccid);
  }
}

// (d) The order's refusals, each before any ES3 call with the ICCID left as
// it was.
TEST(SmDp, RefusesOrdersItCannotCarryOut) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.add_profile_type("partner-eu", "PARTNER", saip_package("partner-eu.der"), std::nullopt);
  dp.connect(rig.smsr_platform);
  const std::string eid = rig.e.eid();
  // o-0 reserves subscriber 5's ICCID and waits.
  dp.download_profile(order("o-0", eid, 5));
  ASSERT_TRUE(dp.take_results().empty());
  ASSERT_EQ(dp.orders_in_progress(), 1u);

  struct Case {
    platform::DownloadProfileRequest request;
    std::string subject, reason;
  };
  auto with = [&](std::uint64_t n, auto change) {
    platform::DownloadProfileRequest o = order("o-x", eid, n);
    change(o);
    return o;
  };
  const std::vector<Case> cases = {
      {with(6, [](auto& o) { o.iccid = full_iccid("8986049999999999999"); }), "Profile ICCID", "Unknown"},
      {with(5, [](auto&) {}), "Profile ICCID", "Already in use"},
      {with(6, [](auto& o) { o.profile_type = "cmcc-nb"; }), "Profile Type", "Unknown"},
      {with(6, [](auto& o) { o.profile_type = "partner-eu"; }), "Profile Type", "Not allowed"},
      {with(6, [](auto& o) { o.eid = "89049032123451234512345678900000"; }), "EID", "Unknown"},
      {with(6, [](auto& o) { o.eid = "8904903212345"; }), "EID", "Invalid"},
      {with(6, [](auto& o) { o.smsr_id = "SM-SR-OTHER"; }), "SM-SR", "Unknown"},
      {with(6, [](auto& o) { o.call_id = "o-0"; }), "Function call identifier", "Already in use"},
      {with(6, [](auto& o) { o.call_id.clear(); }), "Function call identifier", "Missing"},
  };
  for (const Case& c : cases) {
    dp.download_profile(c.request);
    const FunctionResult r = only(dp);
    EXPECT_EQ(r.status, ExecutionStatus::Failed);
    EXPECT_EQ(r.function, "ES2.DownloadProfile");
    EXPECT_EQ(r.subject, c.subject) << r.reason << " " << r.message;
    EXPECT_EQ(r.reason, c.reason) << r.subject << " " << r.message;
    EXPECT_EQ(dp.orders_in_progress(), 1u);
  }
  EXPECT_EQ(dp.stock().find(subscription_of(6).iccid)->state, StockState::Available);
  EXPECT_EQ(dp.stock().find(subscription_of(5).iccid)->state, StockState::Reserved);
  // The only call: o-0's CreateISDP.
  const std::optional<platform::Es3Call> c = dp.next();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->call.kind, Kind::CreateIsdp);
  EXPECT_EQ(c->call.call_id, "o-0/1");
  EXPECT_FALSE(dp.next());
}

// (d) An ICCID stocked for another profile type, and an eUICC whose audited
// free memory is less than the profile type asks.
TEST(SmDp, RefusesAnIccidOfAnotherTypeAndAnEuiccWithoutTheRoom) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.add_profile_type("cmcc-m2m-large", "CMCC", saip_package("cmcc-m2m.der"), 1u << 30);
  dp.load_stock("cmcc-m2m-large", subscription_of(10), msisdn_of(10));
  dp.connect(rig.smsr_platform);
  dp.download_profile(order("o-1", rig.e.eid(), 5, true, "cmcc-m2m-large"));
  FunctionResult r = only(dp);
  EXPECT_EQ(r.subject, "Profile ICCID");
  EXPECT_EQ(r.reason, "Invalid");
  EXPECT_EQ(r.message, "stocked for cmcc-m2m");
  // Before an audit the EIS does not say how much room there is: the order
  // would go ahead. After one it does.
  rig.smsr_platform.call(rig.call(Kind::AuditEis, "a-1"));
  rig.deliver();
  ASSERT_EQ(rig.only_result().status, ExecutionStatus::Success);
  dp.download_profile(order("o-2", rig.e.eid(), 10, true, "cmcc-m2m-large"));
  r = only(dp);
  EXPECT_EQ(r.subject, "eUICC");
  EXPECT_EQ(r.reason, "Not enough memory");
  EXPECT_EQ(r.message, std::to_string(rig.e.free_profile_memory()) + " bytes free, 1073741824 needed");
  EXPECT_FALSE(dp.next());
  EXPECT_EQ(dp.stock().find(subscription_of(10).iccid)->state, StockState::Available);
  expect_untouched_device(rig, subscription_of(10).iccid);
}

// Two orders for one eUICC run one after the other (the card keeps one
// SCP03 session); the second profile, enabled last, is the device's.
TEST(SmDp, TwoOrdersForOneEuiccRunOneAfterTheOther) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  dp.download_profile(order("o-1", rig.e.eid(), 5));
  dp.download_profile(order("o-2", rig.e.eid(), 6));
  EXPECT_EQ(dp.orders_in_progress(), 2u);
  SmDpDriver d(rig, dp);
  d.run();
  const std::vector<FunctionResult> r = dp.take_results();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].call_id, "o-1");
  EXPECT_EQ(r[1].call_id, "o-2");
  for (const FunctionResult& x : r) EXPECT_EQ(x.status, ExecutionStatus::Success) << platform::describe(x);
  // o-2's calls all came after o-1's last.
  std::size_t last_of_first = 0, first_of_second = d.calls.size();
  for (std::size_t i = 0; i < d.calls.size(); ++i) {
    if (d.calls[i].call_id.rfind("o-1/", 0) == 0) last_of_first = i;
    if (d.calls[i].call_id.rfind("o-2/", 0) == 0) first_of_second = std::min(first_of_second, i);
  }
  EXPECT_LT(last_of_first, first_of_second);
  EXPECT_EQ(to_hex(r[1].data), to_hex(from_hex("A0000005591010FFFFFFFF8900001300")));
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  EXPECT_EQ(eis->by_iccid(subscription_of(5).iccid)->state, ProfileState::Disabled);
  EXPECT_EQ(eis->enabled()->iccid, subscription_of(6).iccid);
  EXPECT_EQ(rig.e.profiles().size(), 4u);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), subscription_of(6).imsi);
}

// An eUICC the SM-SR handed over (ES7) is not its any more: ES3.GetEIS
// finds nothing.
TEST(SmDp, RefusesAnEuiccTheSmSrNoLongerManages) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  ASSERT_TRUE(rig.smsr_platform.release(rig.e.eid()));
  dp.download_profile(order("o-1", rig.e.eid(), 5));
  const FunctionResult r = only(dp);
  EXPECT_EQ(r.subject, "EID");
  EXPECT_EQ(r.reason, "Unknown");
  EXPECT_EQ(r.message, "not managed by SM-SR-CMCC");
  EXPECT_FALSE(dp.next());
  EXPECT_EQ(dp.stock().find(subscription_of(5).iccid)->state, StockState::Available);
}

// The MNO's ES4.AuditEIS runs at the SM-SR between the download's last
// script and the SM-DP's ProfileDownloadCompleted: the audit already finds
// the profile DISABLED. ProfileDownloadCompleted still completes it (the
// subscription address), and the order succeeds.
TEST(SmDp, AnAuditBetweenTheDownloadAndProfileDownloadCompletedDoesNotFailTheOrder) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  const platform::SubscriptionValues v = subscription_of(7);
  dp.download_profile(order("o-1", rig.e.eid(), 7, false));
  SmDpDriver d(rig, dp);
  int send_data = 0;
  std::optional<ProfileState> audited;
  d.meanwhile = [&](const FunctionResult& r) {
    if (r.function != "ES3.SendData" || ++send_data != 5) return;
    rig.smsr_platform.call(rig.call(Kind::AuditEis, "mno-audit"));
    rig.deliver();
    EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
    audited = rig.smsr_platform.eis(rig.e.eid())->by_iccid(v.iccid)->state;
  };
  d.run();
  EXPECT_EQ(audited, std::optional<ProfileState>(ProfileState::Disabled));
  const FunctionResult r = only(dp);
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(d.kinds().back(), Kind::ProfileDownloadCompleted);
  const platform::EisProfile* p = rig.smsr_platform.eis(rig.e.eid())->by_iccid(v.iccid);
  EXPECT_EQ(p->state, ProfileState::Disabled);
  EXPECT_EQ(p->imsi, v.imsi);
  EXPECT_EQ(p->msisdn, msisdn_of(7));
  EXPECT_EQ(on_card(rig, kIsdP3)->state, euicc::isdp_state::kDisabled);
  EXPECT_EQ(dp.stock().find(v.iccid)->state, StockState::Installed);
}

TEST(SmDp, RefusesStockItCannotUse) {
  platform::SmDp dp = make_smdp();
  platform::SubscriptionValues v = subscription_of(20);
  EXPECT_THROW(dp.load_stock("cmcc-nb", v, msisdn_of(20)), std::invalid_argument);  // unknown type
  EXPECT_THROW(dp.load_stock("cmcc-m2m", subscription_of(5), msisdn_of(5)), std::invalid_argument);  // loaded already
  EXPECT_THROW(dp.load_stock("cmcc-m2m", v, "86139x"), std::invalid_argument);
  EXPECT_THROW(dp.load_stock("cmcc-m2m", v, "8613900100020123"), std::invalid_argument);  // 16 digits
  v.imsi = "46000";
  EXPECT_THROW(dp.load_stock("cmcc-m2m", v, msisdn_of(20)), std::invalid_argument);
  v = subscription_of(20);
  v.iccid.back() = v.iccid.back() == '0' ? '1' : '0';  // not its Luhn digit
  EXPECT_THROW(dp.load_stock("cmcc-m2m", v, msisdn_of(20)), std::invalid_argument);
  v = subscription_of(20);
  v.k.pop_back();
  EXPECT_THROW(dp.load_stock("cmcc-m2m", v, msisdn_of(20)), std::invalid_argument);
  EXPECT_FALSE(dp.stock().find(subscription_of(20).iccid));
  EXPECT_EQ(dp.stock().count("cmcc-m2m", StockState::Available), 4u);
}

}  // namespace test_sm_dp
}  // namespace twinmodels::testing
