// An SM-SR change that fails mid-handover (models/twinmodels/platform/
// smsr_handover.hpp), with a modem and a real eUICC: after ES7.AuthenticateSMSR
// went through, (a) the current SM-SR's SMS carrying ES7.CreateAdditionalKeySet
// reach the card but every PoR is lost, (b) the new SM-SR cannot reach the
// current one for it. Either way the eUICC stays with the current SM-SR (its
// key set working, its EIS intact), the partial key set is removed or was
// never made, the MNO gets Expired, OneLink's switch request fails; a later
// retry of the whole change succeeds. And when only FinaliseISDRhandover's
// PoRs are lost, the change stands, with a warning.
#include "cooperation_rig.hpp"

namespace twinmodels::testing {
namespace test_smsr_handover_failure {

using platform::ExecutionStatus;
using platform::HandoverSide;
using platform::KeySetCleanup;
using platform::ProfileState;
using Kind = platform::FunctionCall::Kind;

// The factory profiles' ICCIDs as the card reports them (with their Luhn digit).
const std::string kCmccIccid = full_iccid("898604000000000003");

struct FailureRig {
  ChangeRig rig{EuiccLayout::Export, config()};
  platform::SmSr agent{platform::SmSrConfig{"SM-SR-AGENT", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}}};
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");
  platform::Eis eis_before = *rig.smsr_platform.eis(rig.e.eid());

  static platform::SmSrConfig config() {
    platform::SmSrConfig c = cmcc_smsr_config();
    c.es7_partners = {"SM-SR-AGENT"};
    return c;
  }
  platform::SmSr& cmcc() { return rig.smsr_platform; }
  // OneLink's switch request to the agent's SM-SR (its id), and the change
  // for it.
  std::string request_switch() { return ol.request_smsr_switch(kCmccIccid, "SM-SR-AGENT", 1000).id; }
  platform::SmSrHandover change(const std::string& request) {
    return platform::SmSrHandover(cmcc(), agent, rig.handover_config("CMCC", request, kNewSmsr));
  }

  // The current SM-SR takes `call`, its SMS reach the device, the change
  // gets the result.
  void carry(platform::SmSrHandover& h, const platform::FunctionCall& call) {
    cmcc().call(call);
    rig.deliver(cmcc());
    h.on_result(ChangeRig::only_result(cmcc()));
  }

  // Starts a change and carries ES7.AuthenticateSMSR; returns the next
  // step, ES7.CreateAdditionalKeySet's SendData.
  platform::HandoverStep authenticated(platform::SmSrHandover& h) {
    EXPECT_TRUE(h.start()) << platform::describe(h.result());
    std::optional<platform::HandoverStep> s = h.next();
    EXPECT_TRUE(s && s->to == HandoverSide::Current && s->call.kind == Kind::SendData);
    carry(h, s->call);
    EXPECT_FALSE(h.finished());
    s = h.next();
    EXPECT_TRUE(s && s->to == HandoverSide::Current && s->call.kind == Kind::SendData);
    return s.value_or(platform::HandoverStep{});
  }

  // The documented state after a failed change.
  void expect_unchanged(const platform::SmSrHandover& h, const std::string& request) {
    const std::string eid = rig.e.eid();
    EXPECT_EQ(h.result().function, "ES4.SMSRChange");
    EXPECT_EQ(h.result().status, ExecutionStatus::Expired) << platform::describe(h.result());
    EXPECT_EQ(h.result().reason, "No response");
    // The eUICC: the current SM-SR's key set alone, its profiles as before.
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
    EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kCmccIccid, true},
                                                                            {full_iccid("894400000000000004"), false}}));
    // The SM-SRs: the EIS on the current one as it was, nothing on the new.
    const platform::Eis* eis = cmcc().eis(eid);
    ASSERT_TRUE(eis);
    EXPECT_EQ(eis->smsr_id, "SM-SR-CMCC");
    EXPECT_EQ(eis_profiles(*eis), eis_profiles(eis_before));
    EXPECT_EQ(eis->enabled()->iccid, kCmccIccid);
    EXPECT_FALSE(cmcc().smsr_change_in_flight(eid));
    EXPECT_EQ(cmcc().pending(eid), 0u);
    EXPECT_FALSE(agent.eis(eid));
    EXPECT_FALSE(agent.prepared(eid));
    // The current SM-SR's key set works: an audit goes through.
    cmcc().call(es4(Kind::AuditEis, "audit", eid, {}));
    rig.deliver(cmcc());
    const platform::FunctionResult audit = ChangeRig::only_result(cmcc());
    EXPECT_EQ(audit.status, ExecutionStatus::Success) << platform::describe(audit);
    // OneLink: the switch failed, the card still on China Mobile's SM-SR.
    ASSERT_TRUE(ol.on_result(h.result(), rig.now));
    EXPECT_EQ(ol.request(request)->status, platform::ForeignRequestStatus::Failed);
    EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-CMCC");
  }

  // A later retry of the whole change, with a fresh ephemeral key.
  void expect_retry_succeeds() {
    const std::string eid = rig.e.eid();
    const platform::ForeignRequest sw = ol.request_smsr_switch(kCmccIccid, "SM-SR-AGENT", static_cast<std::int64_t>(rig.now));
    ASSERT_EQ(sw.status, platform::ForeignRequestStatus::Sent);
    platform::SmSrHandover h(cmcc(), agent, rig.handover_config("CMCC", sw.id, kNewSmsr, "eSK.SR2.retry"));
    ASSERT_TRUE(h.start()) << platform::describe(h.result());
    rig.run(h, cmcc(), agent);
    ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
    EXPECT_FALSE(cmcc().eis(eid));
    ASSERT_TRUE(agent.eis(eid));
    EXPECT_EQ(eis_profiles(*agent.eis(eid)), eis_profiles(eis_before));
    ASSERT_TRUE(ol.on_result(h.result(), static_cast<std::int64_t>(rig.now)));
    EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-AGENT");
    // The new SM-SR reaches the card under its key set.
    agent.call(es4(Kind::AuditEis, "audit-2", eid, {}));
    rig.deliver(agent);
    EXPECT_EQ(ChangeRig::only_result(agent).status, ExecutionStatus::Success);
  }
};

TEST(SmSrHandoverFailure, ThePorsOfTheKeySetScriptAreLostTheCardsNewKeySetIsRemoved) {
  FailureRig f;
  const std::string eid = f.rig.e.eid();
  const std::string sw = f.request_switch();
  platform::SmSrHandover h = f.change(sw);
  const platform::HandoverStep create = f.authenticated(h);
  // Every attempt reaches the card; no PoR comes back.
  f.cmcc().call(create.call);
  for (unsigned attempt = 0; attempt < 3; ++attempt) {
    for (const platform::OutgoingSms& m : f.cmcc().take_outgoing(kScts)) {
      for (const cardcore::Bytes& t : m.delivers) {
        f.rig.now += 1000;
        f.rig.in(MtSms{kSmsc, t});
      }
    }
    // The eUICC made the new key set at the first attempt.
    EXPECT_EQ(f.rig.card_key_versions(), (std::vector<std::uint8_t>{1, 2}));
    f.cmcc().on_delivery_failed(eid);
  }
  const platform::FunctionResult expired = ChangeRig::only_result(f.cmcc());
  EXPECT_EQ(expired.status, ExecutionStatus::Expired);
  h.on_result(expired);
  // The current SM-SR removes the partial key set.
  const std::optional<platform::HandoverStep> cleanup = h.next();
  ASSERT_TRUE(cleanup);
  EXPECT_EQ(cleanup->to, HandoverSide::Current);
  EXPECT_EQ(cleanup->call.kind, Kind::DeleteKeySet);
  EXPECT_EQ(cleanup->call.key_version, 2);
  f.carry(h, cleanup->call);
  ASSERT_TRUE(h.finished());
  EXPECT_EQ(h.cleanup(), KeySetCleanup::Removed);
  EXPECT_EQ(h.result().subject, "eUICC");
  f.expect_unchanged(h, sw);
  f.expect_retry_succeeds();
}

TEST(SmSrHandoverFailure, TheNewSmSrCannotReachTheCurrentOneTheKeySetIsNeverMade) {
  FailureRig f;
  const std::string sw = f.request_switch();
  platform::SmSrHandover h = f.change(sw);
  f.authenticated(h);
  h.on_unreachable();
  ASSERT_TRUE(h.finished());
  EXPECT_FALSE(h.next());
  EXPECT_EQ(h.cleanup(), KeySetCleanup::NotNeeded);
  EXPECT_EQ(h.result().subject, "SM-SR");
  f.expect_unchanged(h, sw);
  f.expect_retry_succeeds();
}

// The DELETE [key] of a key set the eUICC never made: '6A88', absent.
TEST(SmSrHandoverFailure, TheKeySetScriptLostBeforeTheCardTheCleanUpFindsNoKeySet) {
  FailureRig f;
  const std::string eid = f.rig.e.eid();
  const std::string sw = f.request_switch();
  platform::SmSrHandover h = f.change(sw);
  const platform::HandoverStep create = f.authenticated(h);
  f.cmcc().call(create.call);
  for (unsigned attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(f.cmcc().take_outgoing(kScts).size(), 1u);  // lost on the way
    f.cmcc().on_delivery_failed(eid);
  }
  h.on_result(ChangeRig::only_result(f.cmcc()));
  const std::optional<platform::HandoverStep> cleanup = h.next();
  ASSERT_TRUE(cleanup);
  f.carry(h, cleanup->call);
  ASSERT_TRUE(h.finished());
  EXPECT_EQ(h.cleanup(), KeySetCleanup::Absent);
  f.expect_unchanged(h, sw);
  f.expect_retry_succeeds();
}

// The key set is there, but FinaliseISDRhandover's SMS from the new SM-SR
// get no PoR: the eUICC is the new SM-SR's all the same (the old key set
// still on the card), the MNO gets Executed-WithWarning, and the new
// SM-SR finalises later.
TEST(SmSrHandoverFailure, TheFinalisationsPorsAreLostTheChangeEndsWithAWarning) {
  FailureRig f;
  const std::string eid = f.rig.e.eid();
  const std::string sw = f.request_switch();
  platform::SmSrHandover h = f.change(sw);
  const platform::HandoverStep create = f.authenticated(h);
  f.carry(h, create.call);
  EXPECT_FALSE(f.cmcc().eis(eid));
  ASSERT_TRUE(f.agent.eis(eid));
  const std::optional<platform::HandoverStep> finalise = h.next();
  ASSERT_TRUE(finalise);
  EXPECT_EQ(finalise->to, HandoverSide::New);
  EXPECT_EQ(finalise->call.kind, Kind::FinaliseIsdrHandover);
  EXPECT_EQ(finalise->call.key_version, 1);
  f.agent.call(finalise->call);
  for (unsigned attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(f.agent.take_outgoing(kScts).size(), 1u);  // lost on the way
    f.agent.on_delivery_failed(eid);
  }
  h.on_result(ChangeRig::only_result(f.agent));
  const std::optional<platform::HandoverStep> ucp = h.next();
  ASSERT_TRUE(ucp);
  EXPECT_EQ(ucp->call.kind, Kind::UpdateConnectivityParameters);
  f.agent.call(ucp->call);
  f.rig.deliver(f.agent);
  h.on_result(ChangeRig::only_result(f.agent));
  ASSERT_TRUE(h.finished());
  EXPECT_EQ(h.result().status, ExecutionStatus::Warning) << platform::describe(h.result());
  EXPECT_TRUE(h.result().ok());
  EXPECT_EQ(h.result().message.rfind("FinaliseISDRhandover: ", 0), 0u) << h.result().message;
  EXPECT_EQ(f.rig.card_key_versions(), (std::vector<std::uint8_t>{1, 2}));
  ASSERT_TRUE(f.ol.on_result(h.result(), static_cast<std::int64_t>(f.rig.now)));
  EXPECT_EQ(f.ol.request(sw)->status, platform::ForeignRequestStatus::Completed);
  // The new SM-SR finalises again; the old key set goes.
  f.agent.call(finalise->call);
  f.rig.deliver(f.agent);
  EXPECT_EQ(ChangeRig::only_result(f.agent).status, ExecutionStatus::Success);
  EXPECT_EQ(f.rig.card_key_versions(), std::vector<std::uint8_t>{2});
}

}  // namespace test_smsr_handover_failure
}  // namespace twinmodels::testing
