// The flow runner (platform::CooperationFlow) when the transport fails, with
// a modem and a real card-core eUICC, on the direct export to Operator EU
// (direct_export_rig.hpp):
//   - the current SM-SR cannot be reached for the ES7 SendData carrying
//     CreateAdditionalKeySet (SGP.02 §5.7): the change fails Expired, the
//     eUICC stays with China Mobile's SM-SR, OneLink's switch request
//     Failed; the operators order the export again and it goes through;
//   - PoRs lost during the SM-SR change (SGP.02 §3.8): once for
//     UpdateConnectivityParameters, the resend goes through and the export
//     is done; every time for the CreateAdditionalKeySet script, the change
//     fails with the new key set removed;
//   - PoRs lost during the download (SGP.02 §3.1): once for CreateISDP, the
//     resend is refused ('6A80') — Expired, the SM-DP audits, has the ISD-P
//     deleted and fails the order, the ICCID withheld; returned to stock,
//     the download ordered again (download_part()) goes through.
#include "direct_export_rig.hpp"

namespace twinmodels::testing {
namespace test_cooperation_flow_faults {

using platform::ExecutionStatus;
using Kind = platform::FunctionCall::Kind;

// The functions of the export through the foreign SM-SR, as the trace logs them.
const std::vector<std::string> kExportTrace = after_the_change(kDownloadTrace);

// The key establishment's second ES7 SendData (SmSrHandover's calls are
// numbered after ES4.SMSRChange's call id): CreateAdditionalKeySet.
bool creates_the_key_set(const platform::FunctionCall& c) {
  return c.interface == "ES7" && c.call_id.size() > 2 && c.call_id.compare(c.call_id.size() - 2, 2, "/2") == 0;
}

// A failed SM-SR change as the flow ends it: Failed at ES4.SMSRChange with
// the change's Expired result, `clean_up` (the current SM-SR's DELETE [key]
// when the key set script went out) before its line, OneLink's switch
// request the last line.
void expect_the_change_expired(const platform::CooperationFlow& flow, const std::vector<std::string>& clean_up = {}) {
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES4.SMSRChange");
  EXPECT_EQ(flow.failure().function, "ES4.SMSRChange");
  EXPECT_EQ(flow.failure().status, ExecutionStatus::Expired) << platform::describe(flow.failure());
  EXPECT_EQ(flow.failure().reason, "No response");
  std::vector<std::string> functions{"ES4.PrepareSMSRChange", "ES7.HandoverEUICC", "ES7.SendData"};
  functions.insert(functions.end(), clean_up.begin(), clean_up.end());
  functions.insert(functions.end(), {"ES4.SMSRChange", "OneLink.SmSrSwitch"});
  EXPECT_EQ(trace_functions(flow), functions);
  EXPECT_EQ(flow.trace().back().result.status, ExecutionStatus::Expired);
}

// SM-SR unreachable mid-handover: ES7.AuthenticateSMSR went through; the
// SendData with CreateAdditionalKeySet never reaches China Mobile's SM-SR.
// Nothing went to the card for it: no key set to remove. The operators
// then order the whole export again (a new ephemeral key) and it is done.
TEST(CooperationFlowFaults, SmSrUnreachableMidHandover) {
  DirectExport x;
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow = x.flow(v.iccid);
  unsigned es7_calls = 0;
  FlowFaults faults;
  faults.es7_unreachable = [&](const platform::FunctionCall& c) {
    EXPECT_EQ(c.kind, Kind::SendData);
    return ++es7_calls == 2;
  };
  x.run(flow, faults);
  EXPECT_EQ(es7_calls, 2u);
  expect_the_change_expired(flow);
  EXPECT_EQ(flow.failure().subject, "SM-SR");
  EXPECT_NE(flow.failure().message.find("SM-SR-CMCC unreachable over ES7; the new key set: not needed"),
            std::string::npos)
      << flow.failure().message;
  // The ES7 SendData's line: the new SM-SR's call to the current one, Expired.
  const platform::FlowTraceLine& es7 = flow.trace()[flow.trace().size() - 3];
  EXPECT_EQ(es7.caller, "SM-SR-EU");
  EXPECT_EQ(es7.callee, "SM-SR-CMCC");
  EXPECT_EQ(es7.result.function, "ES7.SendData");
  EXPECT_EQ(es7.result.status, ExecutionStatus::Expired);
  EXPECT_EQ(es7.result.call_id, flow.switch_request() + "/2");
  EXPECT_FALSE(flow.call_in_flight());
  EXPECT_FALSE(flow.es7_unreachable(static_cast<std::int64_t>(x.rig.now)));  // nothing on its way
  x.expect_with_the_current_smsr(flow);

  // The operators' retry of the whole export.
  platform::FlowOrder again = flow_order(kCmccIccid, "partner-eu", v.iccid, new_smsr_keys(kNewSmsr),
                                         platform::ChipAction::Deactivate);
  again.new_smsr->ephemeral_key = cardcore::ecasd::private_key_from_seed(
      cardcore::ecasd::Curve::NistP256, cardcore::ecasd::testing::seed("eSK.SR2.retry"));
  platform::CooperationFlow retry(x.platforms(), export_plan("Operator EU"), again);
  x.run(retry);
  x.expect_done(retry, kExportTrace, v);
}

// UpdateConnectivityParameters' first PoR lost: the foreign SM-SR sends it
// again (a new counter), the card runs it again and the PoR comes back; the
// change, then the download, go through as without the loss.
TEST(CooperationFlowFaults, ALostPorDuringTheChangeIsResentAndTheExportIsDone) {
  DirectExport x;
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow = x.flow(v.iccid);
  unsigned ucp_attempts = 0;
  FlowFaults faults;
  faults.por = [&](const platform::FunctionCall& c, unsigned attempt) {
    if (c.kind != Kind::UpdateConnectivityParameters) return PorPath::Delivered;
    ucp_attempts = attempt;
    return attempt == 1 ? PorPath::Lost : PorPath::Delivered;
  };
  x.run(flow, faults);
  EXPECT_EQ(ucp_attempts, 2u);
  x.expect_done(flow, kExportTrace, v);
  EXPECT_EQ(x.ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(x.net.undeliverable, 0u);
}

// Every PoR of the SendData carrying CreateAdditionalKeySet lost: the card
// made the new key set at the first packet; the SendData expires, the change
// fails and China Mobile's SM-SR removes the partial key set (DELETE [key]).
TEST(CooperationFlowFaults, TheKeySetScriptsPorsAreLostTheChangeFailsWithTheKeySetRemoved) {
  DirectExport x;
  platform::CooperationFlow flow = x.flow(subscription_of(9).iccid);
  FlowFaults faults;
  faults.por = [](const platform::FunctionCall& c, unsigned) {
    return creates_the_key_set(c) ? PorPath::Lost : PorPath::Delivered;
  };
  x.run(flow, faults);
  expect_the_change_expired(flow, {"ES5.DeleteKeySet"});
  EXPECT_NE(flow.failure().message.find("the new key set: removed"), std::string::npos) << flow.failure().message;
  x.expect_with_the_current_smsr(flow);
}

// CreateISDP's first PoR lost: the resend is refused ('6A80': the card made
// the ISD-P at the first packet), which the SM-SR reports Expired. The
// foreign SM-DP audits (ES3.AuditEIS), has the ISD-P deleted
// (ES3.DeleteISDP) and fails the order (SGP.02 §3.1.3 error management);
// the ICCID is withheld. The SM-SR change stands: the eUICC is the foreign
// SM-SR's, on China Mobile's profile.
TEST(CooperationFlowFaults, ALostPorOfCreateIsdpFailsTheDownloadAfterTheAudit) {
  DirectExport x;
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow = x.flow(v.iccid);
  FlowFaults faults;
  faults.por = [](const platform::FunctionCall& c, unsigned attempt) {
    return c.kind == Kind::CreateIsdp && attempt == 1 ? PorPath::Lost : PorPath::Delivered;
  };
  x.run(flow, faults);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES2.DownloadProfile");
  EXPECT_EQ(flow.failure().subject, "ES3.CreateISDP");
  EXPECT_EQ(flow.failure().reason, "No response");
  EXPECT_EQ(flow.failure().message,
            "Expired: eUICC, No response (1 PoR(s) lost, then 6A80); ISD-P deleted (ES3.DeleteISDP)");
  EXPECT_EQ(trace_functions(flow), after_the_change({"ES3.CreateISDP", "ES3.AuditEIS", "ES3.DeleteISDP",
                                                     "ES2.DownloadProfile", "OneLink.ProfileDownload"}));
  x.expect_with_the_new_smsr_on_cmccs_profile(flow);
  EXPECT_EQ(x.foreign_dp.stock().find(v.iccid)->state, platform::StockState::Withheld);
  EXPECT_EQ(x.foreign.pending(x.rig.e.eid()), 0u);

  // The operator returns the ICCID to its stock and orders the download
  // again (the SM-SR change done): the ISD-P's AID is free again, the
  // export is done.
  ASSERT_TRUE(x.foreign_dp.return_to_stock(v.iccid));
  platform::CooperationFlow retry = x.retry("partner-eu", v.iccid);
  x.run(retry);
  x.expect_done(retry, kDownloadTrace, v);
}

}  // namespace test_cooperation_flow_faults
}  // namespace twinmodels::testing
