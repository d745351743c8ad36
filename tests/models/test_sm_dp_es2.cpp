// The SM-DP's other ES2 functions (models/twinmodels/platform/sm_dp_es2.cpp,
// es2_relay.hpp; SGP.02 §3.3, §3.5, §3.7, §5.3) end to end with a real
// eUICC: ES2.EnableProfile / DisableProfile / DeleteProfile / AuditEIS
// relayed as one ES3 call each to the rig's SM-SR, ES2.GetEIS answered from
// the SM-SR's EIS; the SM-SR's notifications after each switch and
// deletion (ES4 to the profile's MNO, ES3 to its SM-DP) and the SM-DP's
// ES2 ones (none to the requester of the function); every refusal before
// an ES3 call, and the SM-SR's refusals passed on.
#include "sm_dp_rig.hpp"

#include <stdexcept>

#include "cardcore/euicc/sgp02.hpp"

namespace twinmodels::testing {
namespace test_sm_dp_es2 {

using cardcore::from_hex;
using cardcore::to_hex;
namespace euicc = cardcore::euicc;
using platform::Es2Request;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionResult;
using platform::NotificationKind;
using platform::PlatformNotification;
using platform::ProfileState;
using platform::SmDp;
using Kind = FunctionCall::Kind;

Es2Request request(const std::string& call_id, const std::string& eid, const std::string& iccid,
                   const std::string& mno = "CMCC") {
  return {call_id, mno, eid, "SM-SR-CMCC", iccid};
}

// A notification as the tests compare them: interface, name, sender,
// recipient, ICCID.
std::string line(const PlatformNotification& n) {
  return platform::notification_name(n) + " " + n.from + " -> " + n.to + " " + n.iccid;
}
std::vector<std::string> lines(const std::vector<PlatformNotification>& v) {
  std::vector<std::string> out;
  for (const PlatformNotification& n : v) out.push_back(line(n));
  return out;
}

// The rig with the SM-SR's address on the card (its notifications reach
// the SM-SR), the SM-DP connected, the SM-SR's notifications collected,
// and subscriber 6's profile downloaded by the SM-DP, disabled.
struct Es2Rig {
  SmSrRig rig{ecasd_of_pki(), ecasd_certificate(), modem_with_pin()};
  SmDp dp = make_smdp();
  std::vector<PlatformNotification> sent;
  const std::string eid = rig.e.eid();
  const std::string iccid = subscription_of(6).iccid;
  const std::string factory = rig.iccid(kIsdP1);  // CMCC's, enabled, the fall-back

  Es2Rig() {
    give_the_card_the_smsr_address(rig);
    dp.connect(rig.smsr_platform);
    rig.smsr_platform.notify_to([this](const PlatformNotification& n) { sent.push_back(n); });
    dp.download_profile(order("o-1", eid, 6, false));
    run();
    const FunctionResult r = only(dp);
    EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
    EXPECT_TRUE(sent.empty()) << "a download without enable changes no profile's state";
  }
  // Runs the SM-DP's orders; returns the ES3 calls made.
  std::vector<FunctionCall> run() {
    SmDpDriver d{rig, dp};
    d.run();
    return d.calls;
  }
  // An ES4 call straight to the SM-SR, carried to its end (the device
  // attaching, its notification confirmed); its result.
  FunctionResult es4_call(const FunctionCall& f) {
    SmDpDriver d{rig, dp};  // its network: the subscriptions' numbers
    rig.smsr_platform.call(f);
    std::vector<FunctionResult> r;
    for (int i = 0; i < 10 && (r.empty() || rig.smsr_platform.pending(eid) > 0); ++i) {
      carry(rig, rig.smsr_platform, PorPath::Delivered, &d.network);
      for (FunctionResult& x : rig.smsr_platform.take_results()) r.push_back(std::move(x));
    }
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? FunctionResult{} : r.front();
  }
  // The ES2 notifications the SM-DP gives for the ES3 ones sent.
  std::vector<PlatformNotification> passed_on() const {
    std::vector<PlatformNotification> out;
    for (const PlatformNotification& n : sent) {
      if (n.interface != "ES3") continue;
      for (PlatformNotification& x : dp.on_notification(n)) out.push_back(std::move(x));
    }
    return out;
  }
};

// ES2.EnableProfile, ES2.DisableProfile, ES2.DeleteProfile of the profile
// the SM-DP installed: each one ES3 call naming the MNO and the SM-DP, the
// device following; the owner of the other profile of each switch is
// notified, the requester is not (it has the result).
TEST(SmDpEs2, EnableDisableAndDeleteAProfileOnTheMnosBehalf) {
  Es2Rig t;
  // ES2.EnableProfile (SGP.02 §3.3).
  t.dp.enable_profile(request("e-1", t.eid, t.iccid));
  EXPECT_TRUE(t.dp.take_results().empty());
  EXPECT_EQ(t.dp.orders_in_progress(), 1u);
  std::vector<FunctionCall> calls = t.run();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].kind, Kind::EnableProfile);
  EXPECT_EQ(calls[0].interface, "ES3");
  EXPECT_EQ(calls[0].call_id, "e-1/ES3");
  EXPECT_EQ(calls[0].iccid, t.iccid);
  EXPECT_EQ(calls[0].mno_id, "CMCC");
  EXPECT_EQ(calls[0].smdp_id, kSmdpId);
  FunctionResult r = only(t.dp);
  EXPECT_EQ(r.function, "ES2.EnableProfile");
  EXPECT_EQ(r.call_id, "e-1");
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.message, "ES3.EnableProfile");
  EXPECT_EQ(on_card(t.rig, kIsdP3)->state, euicc::isdp_state::kEnabled);
  EXPECT_EQ(t.rig.smsr_platform.eis(t.eid)->enabled()->iccid, t.iccid);
  EXPECT_EQ(t.rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(t.rig.modem.imsi(), imsi_of(6));
  // The factory profile's owner learns it was disabled (over ES4: no SM-DP
  // installed it); CMCC and its SM-DP asked for the enable.
  EXPECT_EQ(lines(t.sent),
            std::vector<std::string>{"ES4.HandleProfileDisabledNotification SM-SR-CMCC -> CMCC " + t.factory});
  EXPECT_TRUE(t.passed_on().empty());

  // ES2.DisableProfile (§3.5): the eUICC goes back to the fall-back profile.
  t.sent.clear();
  t.dp.disable_profile(request("x-1", t.eid, t.iccid));
  calls = t.run();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].kind, Kind::DisableProfile);
  r = only(t.dp);
  EXPECT_EQ(r.function, "ES2.DisableProfile");
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(on_card(t.rig, kIsdP3)->state, euicc::isdp_state::kDisabled);
  EXPECT_EQ(t.rig.smsr_platform.eis(t.eid)->enabled()->iccid, t.factory);
  EXPECT_EQ(t.rig.modem.imsi(), imsi_of(3));
  EXPECT_EQ(lines(t.sent),
            std::vector<std::string>{"ES4.HandleProfileEnabledNotification SM-SR-CMCC -> CMCC " + t.factory});

  // ES2.DeleteProfile (§3.7): ES3.DeleteISDP; the ISD-P gone from the card
  // and the EIS; nobody else to tell.
  t.sent.clear();
  t.dp.delete_profile(request("d-1", t.eid, t.iccid));
  calls = t.run();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].kind, Kind::DeleteProfile);
  r = only(t.dp);
  EXPECT_EQ(r.function, "ES2.DeleteProfile");
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.message, "ES3.DeleteISDP");
  EXPECT_FALSE(on_card(t.rig, kIsdP3));
  EXPECT_FALSE(t.rig.smsr_platform.eis(t.eid)->by_iccid(t.iccid));
  EXPECT_TRUE(t.sent.empty());
  expect_factory_state(t.rig);
}

// Another party's ES4 functions on the SM-DP's profile (a requester the
// call does not name, e.g. an M2M SP's; or CMCC enabling its factory
// profile): the SM-SR tells the profile's owner over ES4 and its SM-DP
// over ES3, which passes it on over ES2.
TEST(SmDpEs2, AnotherPartysChangesOfItsProfileReachTheOwnerThroughTheSmDp) {
  Es2Rig t;
  FunctionCall enable = es4(Kind::EnableProfile, "m-1", t.eid, t.iccid);
  EXPECT_EQ(t.es4_call(enable).status, ExecutionStatus::Success);
  EXPECT_EQ(t.rig.modem.imsi(), imsi_of(6));
  EXPECT_EQ(lines(t.sent), (std::vector<std::string>{
                               "ES4.HandleProfileDisabledNotification SM-SR-CMCC -> CMCC " + t.factory,
                               "ES4.HandleProfileEnabledNotification SM-SR-CMCC -> CMCC " + t.iccid,
                               "ES3.HandleProfileEnabledNotification SM-SR-CMCC -> SM-DP-CMCC " + t.iccid}));
  for (const PlatformNotification& n : t.sent) EXPECT_EQ(n.eid, t.eid);
  EXPECT_EQ(lines(t.passed_on()),
            std::vector<std::string>{"ES2.HandleProfileEnabledNotification SM-DP-CMCC -> CMCC " + t.iccid});

  // CMCC enables its factory profile over ES4: the SM-DP's profile is
  // disabled; CMCC is not told of its own enable.
  t.sent.clear();
  FunctionCall back = es4(Kind::EnableProfile, "m-2", t.eid, t.factory);
  back.mno_id = "CMCC";
  EXPECT_EQ(t.es4_call(back).status, ExecutionStatus::Success);
  EXPECT_EQ(t.rig.modem.imsi(), imsi_of(3));
  EXPECT_EQ(lines(t.sent), (std::vector<std::string>{
                               "ES4.HandleProfileDisabledNotification SM-SR-CMCC -> CMCC " + t.iccid,
                               "ES3.HandleProfileDisabledNotification SM-SR-CMCC -> SM-DP-CMCC " + t.iccid}));
  EXPECT_EQ(lines(t.passed_on()),
            std::vector<std::string>{"ES2.HandleProfileDisabledNotification SM-DP-CMCC -> CMCC " + t.iccid});

  // Deleted by a requester the call does not name.
  t.sent.clear();
  EXPECT_EQ(t.es4_call(es4(Kind::DeleteProfile, "m-3", t.eid, t.iccid)).status, ExecutionStatus::Success);
  EXPECT_EQ(lines(t.sent), (std::vector<std::string>{
                               "ES4.HandleProfileDeletedNotification SM-SR-CMCC -> CMCC " + t.iccid,
                               "ES3.HandleProfileDeletedNotification SM-SR-CMCC -> SM-DP-CMCC " + t.iccid}));
  EXPECT_EQ(lines(t.passed_on()),
            std::vector<std::string>{"ES2.HandleProfileDeletedNotification SM-DP-CMCC -> CMCC " + t.iccid});
  expect_factory_state(t.rig);
}

// ES2.EnableProfile whose ES3 call's PoRs are all lost: the card switched,
// the SM-SR's EIS learns it from the eUICC's notification (then the
// notifications go), and the MNO gets the SM-SR's Expired as it is — the
// relay does not audit (an ES2.AuditEIS is the MNO's to order).
TEST(SmDpEs2, AnEnableWhosePorsAreLostExpiresAndTheEuiccsNotificationTellsTheOwners) {
  Es2Rig t;
  t.dp.enable_profile(request("e-1", t.eid, t.iccid));
  SmDpDriver d{t.rig, t.dp};
  d.por = [](const FunctionCall&, unsigned) { return PorPath::Lost; };
  d.run();
  ASSERT_EQ(d.calls.size(), 1u);
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.function, "ES2.EnableProfile");
  EXPECT_EQ(r.status, ExecutionStatus::Expired) << platform::describe(r);
  EXPECT_EQ(r.subject, "eUICC");
  EXPECT_EQ(r.reason, "No response");
  EXPECT_EQ(r.message.rfind("ES3.EnableProfile: ", 0), 0u) << r.message;
  ASSERT_EQ(d.network.notifications.size(), 1u);
  EXPECT_EQ(on_card(t.rig, kIsdP3)->state, euicc::isdp_state::kEnabled);
  EXPECT_EQ(t.rig.smsr_platform.eis(t.eid)->enabled()->iccid, t.iccid);
  EXPECT_EQ(t.rig.modem.imsi(), imsi_of(6));
  EXPECT_EQ(lines(t.sent), (std::vector<std::string>{
                               "ES4.HandleProfileDisabledNotification SM-SR-CMCC -> CMCC " + t.factory,
                               "ES4.HandleProfileEnabledNotification SM-SR-CMCC -> CMCC " + t.iccid,
                               "ES3.HandleProfileEnabledNotification SM-SR-CMCC -> SM-DP-CMCC " + t.iccid}));
  EXPECT_EQ(lines(t.passed_on()),
            std::vector<std::string>{"ES2.HandleProfileEnabledNotification SM-DP-CMCC -> CMCC " + t.iccid});
}

// Each refusal before any ES3 call: a Failed result at once.
TEST(SmDpEs2, RefusesWhatItCannotRelayBeforeAnyEs3Call) {
  Es2Rig t;
  platform::SmSr other(platform::SmSrConfig{"SM-SR-OTHER", kSmsr, std::nullopt, 3});
  t.dp.connect(other);
  const std::string unknown_eid = "89049032123451234512345678909999";
  const std::string foreign = t.rig.iccid(kIsdP2);  // FOREIGN's
  t.dp.audit_eis(request("busy", t.eid, {}));        // in progress: its call id is in use
  struct Case {
    Es2Request q;
    std::string subject, reason, message;
  };
  Es2Request other_smsr = request("c-9", t.eid, t.iccid);
  other_smsr.smsr_id = "SM-SR-OTHER";
  Es2Request no_smsr = request("c-10", t.eid, t.iccid);
  no_smsr.smsr_id = "SM-SR-NONE";
  const std::vector<Case> cases = {
      {request("", t.eid, t.iccid), "Function call identifier", "Missing", ""},
      {request("busy", t.eid, t.iccid), "Function call identifier", "Already in use", "busy"},
      {request("c-3", "8904903212345", t.iccid), "EID", "Invalid", "not 32 digits"},
      {no_smsr, "SM-SR", "Unknown", "SM-SR-NONE"},
      {request("c-4", t.eid, ""), "Profile ICCID", "Missing", ""},
      {request("c-5", unknown_eid, t.iccid), "EID", "Unknown", "not managed by SM-SR-CMCC"},
      {other_smsr, "EID", "Unknown", "not managed by SM-SR-OTHER"},
      {request("c-6", t.eid, subscription_of(7).iccid), "Profile ICCID", "Unknown", "not on eUICC " + t.eid},
      {request("c-7", t.eid, foreign), "Profile ICCID", "Not allowed", "owned by FOREIGN"},
      {request("c-8", t.eid, t.iccid, "FOREIGN"), "Profile ICCID", "Not allowed", "owned by CMCC"},
  };
  for (const Case& c : cases) {
    for (void (SmDp::*f)(const Es2Request&) : {&SmDp::enable_profile, &SmDp::disable_profile, &SmDp::delete_profile}) {
      (t.dp.*f)(c.q);
      const FunctionResult r = only(t.dp);
      SCOPED_TRACE(r.function + " " + c.reason);
      EXPECT_EQ(r.status, ExecutionStatus::Failed);
      EXPECT_EQ(r.call_id, c.q.call_id);
      EXPECT_EQ(r.subject, c.subject);
      EXPECT_EQ(r.reason, c.reason);
      EXPECT_EQ(r.message, c.message);
      EXPECT_EQ(t.dp.orders_in_progress(), 1u);  // the audit alone
    }
  }
  // ES2.AuditEIS has no profile: the profile's checks do not apply; the
  // others do.
  t.dp.audit_eis(request("a-2", unknown_eid, {}));
  FunctionResult r = only(t.dp);
  EXPECT_EQ(r.function, "ES2.AuditEIS");
  EXPECT_EQ(r.reason, "Unknown");
  EXPECT_EQ(r.subject, "EID");
  // The audit in progress goes through alone.
  const std::vector<FunctionCall> calls = t.run();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].kind, Kind::AuditEis);
  EXPECT_EQ(only(t.dp).status, ExecutionStatus::Success);
  EXPECT_TRUE(t.sent.empty());
}

// The SM-SR refuses by its EIS (SGP.02 §3.2 to §3.7: only a disabled
// profile is enabled, the enabled fall-back one is neither disabled nor
// deleted): the MNO gets its refusal under the ES2 function's name.
TEST(SmDpEs2, TheSmSrsRefusalIsTheMnosAnswer) {
  Es2Rig t;
  struct Case {
    void (SmDp::*f)(const Es2Request&);
    std::string function, reason, message;
  };
  const std::vector<Case> cases = {
      {&SmDp::enable_profile, "ES2.EnableProfile", "Refused (not disabled)", "ES3.EnableProfile"},
      {&SmDp::disable_profile, "ES2.DisableProfile", "Refused (not enabled, or the fall-back profile)", "ES3.DisableProfile"},
      {&SmDp::delete_profile, "ES2.DeleteProfile", "Refused (enabled or with an attribute)", "ES3.DeleteISDP"},
  };
  for (const Case& c : cases) {
    (t.dp.*c.f)(request("r-" + c.function, t.eid, t.factory));
    ASSERT_EQ(t.run().size(), 1u);
    const FunctionResult r = only(t.dp);
    EXPECT_EQ(r.function, c.function);
    EXPECT_EQ(r.call_id, "r-" + c.function);
    EXPECT_EQ(r.status, ExecutionStatus::Failed);
    EXPECT_EQ(r.subject, "Profile ICCID");
    EXPECT_EQ(r.reason, c.reason);
    EXPECT_EQ(r.message, c.message);
  }
  EXPECT_TRUE(t.sent.empty());
  EXPECT_EQ(t.rig.smsr_platform.eis(t.eid)->enabled()->iccid, t.factory);
  EXPECT_EQ(t.rig.e.profiles().size(), 3u);
}

// ES2.GetEIS (§5.3.1): at once, each MNO sees its own profiles.
TEST(SmDpEs2, GetEisGivesEachMnoItsOwnProfiles) {
  Es2Rig t;
  SmDp::EisAnswer a = t.dp.get_eis(request("g-1", t.eid, {}));
  EXPECT_EQ(a.result.function, "ES2.GetEIS");
  EXPECT_EQ(a.result.call_id, "g-1");
  EXPECT_EQ(a.result.status, ExecutionStatus::Success);
  ASSERT_TRUE(a.eis);
  EXPECT_EQ(a.eis->eid, t.eid);
  EXPECT_EQ(a.eis->smsr_id, "SM-SR-CMCC");
  ASSERT_EQ(a.eis->profiles.size(), 2u);
  EXPECT_EQ(a.eis->profiles[0].iccid, t.factory);
  EXPECT_EQ(a.eis->profiles[1].iccid, t.iccid);
  a = t.dp.get_eis(request("g-2", t.eid, {}, "FOREIGN"));
  ASSERT_TRUE(a.eis);
  ASSERT_EQ(a.eis->profiles.size(), 1u);
  EXPECT_EQ(a.eis->profiles[0].iccid, t.rig.iccid(kIsdP2));
  // Refusals: no EIS.
  a = t.dp.get_eis(request("g-3", "89049032123451234512345678909999", {}));
  EXPECT_EQ(a.result.status, ExecutionStatus::Failed);
  EXPECT_EQ(a.result.subject, "EID");
  EXPECT_EQ(a.result.reason, "Unknown");
  EXPECT_FALSE(a.eis);
  a = t.dp.get_eis(request("", t.eid, {}));
  EXPECT_EQ(a.result.subject, "Function call identifier");
  EXPECT_FALSE(a.eis);
  Es2Request q = request("g-4", t.eid, {});
  q.smsr_id = "SM-SR-NONE";
  a = t.dp.get_eis(q);
  EXPECT_EQ(a.result.subject, "SM-SR");
  EXPECT_FALSE(a.eis);
  EXPECT_FALSE(t.dp.next());
}

// ES2.AuditEIS (§5.3.12): ES3.AuditEIS after the eUICC's other order, the
// audited EIS with the MNO's profiles and the card's free memory.
TEST(SmDpEs2, AuditEisWaitsForTheEuiccsOrderAndGivesTheAuditedEis) {
  Es2Rig t;
  ASSERT_FALSE(t.rig.smsr_platform.eis(t.eid)->free_nonvolatile_memory);
  t.dp.download_profile(order("o-2", t.eid, 7, false));
  t.dp.audit_eis(request("a-1", t.eid, "ignored"));
  SmDpDriver d{t.rig, t.dp};
  d.run();
  // The download's calls first, the audit last.
  ASSERT_GE(d.calls.size(), 2u);
  EXPECT_EQ(d.calls.front().kind, Kind::CreateIsdp);
  EXPECT_EQ(d.calls[d.calls.size() - 2].kind, Kind::ProfileDownloadCompleted);
  EXPECT_EQ(d.calls.back().kind, Kind::AuditEis);
  EXPECT_EQ(d.calls.back().iccid, "");
  const std::vector<FunctionResult> r = t.dp.take_results();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].function, "ES2.DownloadProfile");
  EXPECT_EQ(r[1].function, "ES2.AuditEIS");
  EXPECT_EQ(r[1].status, ExecutionStatus::Success) << platform::describe(r[1]);
  EXPECT_EQ(r[1].message, "ES3.AuditEIS");
  const std::vector<SmDp::AuditedEis> audited = t.dp.take_audited_eis();
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].call_id, "a-1");
  EXPECT_TRUE(audited[0].eis.free_nonvolatile_memory);
  ASSERT_EQ(audited[0].eis.profiles.size(), 3u);  // CMCC's factory profile and the two downloaded
  for (const platform::EisProfile& p : audited[0].eis.profiles) EXPECT_EQ(p.mno_id, "CMCC");
  EXPECT_TRUE(t.dp.take_audited_eis().empty());
}

// The notifications the SM-DP does not take: each a clear error.
TEST(SmDpEs2, NotificationsItCannotPassOnAreRefused) {
  Es2Rig t;
  const PlatformNotification good{"ES3", NotificationKind::ProfileEnabled, "SM-SR-CMCC", kSmdpId, t.eid, t.iccid, {}, {}, std::nullopt};
  ASSERT_EQ(t.dp.on_notification(good).size(), 1u);
  const auto refused = [&](PlatformNotification n, const std::string& expected) {
    try {
      t.dp.on_notification(n);
      ADD_FAILURE() << "accepted: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  PlatformNotification n = good;
  n.interface = "ES4";
  refused(n, "ES4.HandleProfileEnabledNotification: not an ES3 notification");
  n = good;
  n.to = "SM-DP-EU";
  refused(n, "addressed to 'SM-DP-EU', this is SM-DP-CMCC");
  n = good;
  n.from = "SM-SR-EU";
  refused(n, "from SM-SR 'SM-SR-EU', which is not connected");
  n = good;
  n.eid = "123";
  refused(n, "EID '123' is not 32 digits");
  n = good;
  n.iccid = t.factory;  // not the SM-DP's
  refused(n, "ICCID '" + t.factory + "' is not a profile SM-DP-CMCC installed on " + t.eid);
  n = good;
  n.iccid = subscription_of(7).iccid;  // in stock, not installed
  refused(n, "is not a profile SM-DP-CMCC installed");
  n = good;
  n.kind = NotificationKind::SmsrChange;
  n.iccid.clear();
  refused(n, "ES3.HandleSMSRChangeNotification: no EIS of eUICC " + t.eid);
  n.eis = *t.rig.smsr_platform.eis(t.eid);
  n.eis->eid = "89049032123451234512345678909999";
  refused(n, "no EIS of eUICC " + t.eid);
  n.eis = platform::eis_for_mno(*t.rig.smsr_platform.eis(t.eid), "FOREIGN");
  refused(n, "no profile of SM-DP-CMCC in the EIS of " + t.eid);
}

}  // namespace test_sm_dp_es2
}  // namespace twinmodels::testing
