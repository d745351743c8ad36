// The flow runner (platform::CooperationFlow) when a step fails, with a
// modem and a real card-core eUICC: the flow stops at the failed step,
// OneLink's open request fails with it, and the platforms stay as the
// failed step's own error management left them (cooperation_flow.hpp):
//   - the card refuses the foreign SM-DP's download: the ISD-P deleted, the
//     eUICC stays with the new SM-SR on China Mobile's profile;
//   - the foreign SM-DP refuses the ES2 order (an ICCID not in its stock):
//     no ISD-P, the eUICC with the new SM-SR;
//   - the card refuses the foreign operator's ES4.EnableProfile (POL1 of
//     China Mobile's profile): the profile stays installed, disabled;
//   - the chip management platform refuses the delegated mode's OTA write:
//     no download request, nothing else called;
//   - China Mobile orders the change of a foreign subscriber (ES4 refused):
//     nothing changed anywhere.
// And the plans and orders the runner refuses.
#include "direct_export_rig.hpp"

#include <stdexcept>

namespace twinmodels::testing {
namespace test_cooperation_flow_failures {

using platform::ExecutionStatus;
using platform::ProfileState;
using P = std::tuple<std::string, ProfileState, std::string>;

// The package does not fit the ISD-P's quota: the card refuses its last
// block ('6A84'). The foreign SM-DP has the ISD-P deleted (ES3.DeleteISDP,
// SGP.02 §3.1.3 error management); the eUICC stays with the foreign SM-SR
// on China Mobile's profile; no profile of the foreign operator is enabled.
// The operator then returns the withheld ICCID to its stock
// (SmDp::return_to_stock) and orders again with a profile type that fits,
// or orders the SM-SR change back (the card keeps working meanwhile on
// China Mobile's subscription, whose number is still the chip's).
TEST(CooperationFlowFailure, TheCardRefusesTheForeignDownloadTheIsdpIsDeleted) {
  DirectExport x(4096);
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow = x.flow(v.iccid);
  x.run(flow);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES2.DownloadProfile");
  EXPECT_EQ(flow.failure().subject, "ES8.DownloadAndInstallation");
  EXPECT_EQ(flow.failure().reason, "Refused");
  EXPECT_NE(flow.failure().message.find("6A84; ISD-P deleted (ES3.DeleteISDP)"), std::string::npos)
      << flow.failure().message;
  EXPECT_EQ(trace_functions(flow), after_the_change({"ES3.CreateISDP", "ES3.SendData", "ES3.DeleteISDP",
                                                     "ES2.DownloadProfile", "OneLink.ProfileDownload"}));
  x.expect_with_the_new_smsr_on_cmccs_profile(flow);
  EXPECT_EQ(x.foreign_dp.stock().find(v.iccid)->state, platform::StockState::Withheld);
  EXPECT_TRUE(x.foreign_dp.return_to_stock(v.iccid));
  EXPECT_EQ(x.foreign.pending(x.rig.e.eid()), 0u);
}

// The foreign operator orders an ICCID its SM-DP does not hold: the ES2
// order is refused before any ES3 call (SGP.02 §5.3.2: Profile ICCID,
// Unknown). The SM-SR change stays done.
TEST(CooperationFlowFailure, AnEs2OrderForAnUnknownIccidIsRefusedAfterTheChange) {
  DirectExport x;
  const std::string unknown = subscription_of(10).iccid;
  platform::CooperationFlow flow = x.flow(unknown);
  x.run(flow);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES2.DownloadProfile");
  EXPECT_EQ(flow.failure().status, ExecutionStatus::Failed);
  EXPECT_EQ(flow.failure().subject, "Profile ICCID");
  EXPECT_EQ(flow.failure().reason, "Unknown");
  EXPECT_EQ(flow.failure().call_id, flow.download_request());
  EXPECT_EQ(trace_functions(flow), after_the_change({"ES2.DownloadProfile", "OneLink.ProfileDownload"}));
  x.expect_with_the_new_smsr_on_cmccs_profile(flow);
  EXPECT_EQ(x.foreign_dp.stock().find(subscription_of(9).iccid)->state, platform::StockState::Available);
  EXPECT_FALSE(x.foreign_dp.stock().find(unknown));
}

// China Mobile's profile has POL1 'disabling not allowed': after the change
// and a complete download, the foreign operator's ES4.EnableProfile is
// refused by the foreign SM-SR, which reads the POL1 in the EIS handed
// over (as the card would refuse it: '6985'). The flow stops there: the foreign profile
// stays installed and disabled (the ES2 order succeeded, its ICCID
// Installed), the eUICC with the foreign SM-SR on China Mobile's profile,
// the download request Failed with the EnableProfile's result, the chip on
// China Mobile's number. The operators then have China Mobile's policy
// changed or delete the profile (ES4.DeleteProfile).
TEST(CooperationFlowFailure, AnEnableProfilePol1RefusesLeavesTheProfileInstalled) {
  DirectExport x(std::nullopt, EuiccLayout::ExportDisableLocked);
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow = x.flow(v.iccid);
  x.run(flow);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES4.EnableProfile");
  EXPECT_EQ(flow.failure().function, "ES4.EnableProfile");
  EXPECT_EQ(flow.failure().reason, "Refused (POL1: disabling not allowed)") << platform::describe(flow.failure());
  ASSERT_TRUE(flow.download_result());
  EXPECT_TRUE(flow.download_result()->ok());
  EXPECT_EQ(trace_functions(flow).back(), "OneLink.ProfileDownload");
  EXPECT_EQ(flow.trace().back().result.status, ExecutionStatus::Failed);

  const std::string eid = x.rig.e.eid();
  EXPECT_FALSE(x.cmcc.eis(eid));
  const platform::Eis* eis = x.foreign.eis(eid);
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, ProfileState::Enabled, "CMCC"},
                                                {kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Disabled, "Operator EU"}}));
  EXPECT_EQ(card_profiles(x.rig), (std::vector<std::pair<std::string, bool>>{
                                      {kCmccIccid, true}, {kForeignIccid, false}, {v.iccid, false}}));
  EXPECT_EQ(x.rig.modem.imsi(), imsi_of(3));
  EXPECT_TRUE(x.net.mo_sms.empty());
  EXPECT_EQ(x.foreign_dp.stock().find(v.iccid)->state, platform::StockState::Installed);
  EXPECT_EQ(x.ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Completed);
  const platform::ForeignRequest* dl = x.ol.request(flow.download_request());
  ASSERT_TRUE(dl && dl->result);
  EXPECT_EQ(dl->status, platform::ForeignRequestStatus::Failed);
  EXPECT_EQ(dl->result->function, "ES4.EnableProfile");
  EXPECT_EQ(x.ol.card(kCmccIccid)->expected.imsi, imsi_of(3));
  EXPECT_EQ(x.chips.chip(eid)->state(), platform::ChipState::Activated);
}

// The chip management platform refuses the delegated mode's OTA write (a
// pool it does not have): the flow stops before the download — no
// download request, no ES2 order, no SMS; the chip keeps China Mobile's
// number.
TEST(CooperationFlowFailure, AChipStepRefusedStopsTheFlowBeforeTheDownload) {
  ChangeRig rig;
  platform::SmSr& cmcc = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  platform::SmDp dp = make_smdp();
  dp.add_profile_type("partner-eu", "Operator AF", saip_package("partner-eu.der"), std::nullopt);
  dp.load_stock("partner-eu", subscription_of(12), "2348030000012");
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(3), kCmccMsisdn, 10, 1000}).ok());
  sell_chip(chips, eid);
  ASSERT_TRUE(chips.activate(eid, kOperator, "CMCC-P1", 10).ok());
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");
  platform::CooperationFlow flow({{{"SM-SR-CMCC", &cmcc}}, {{"SM-DP-CMCC", &dp}}, &ol, &chips}, export_plan("Operator AF"),
                                 flow_order(kCmccIccid, "partner-eu", "", std::nullopt, platform::ChipAction::OtaWrite, "AF-P9"));
  Network net = flow_network({{12, "2348030000012"}});
  run_flow(rig, flow, {&cmcc}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ChipManagement.OtaWrite");
  EXPECT_EQ(flow.failure().subject, "Chip");
  EXPECT_FALSE(flow.failure().message.empty());
  ASSERT_EQ(flow.trace().size(), 1u);
  EXPECT_EQ(flow.trace()[0].caller, "CMCC");
  EXPECT_EQ(flow.trace()[0].callee, "chip management");
  EXPECT_TRUE(flow.download_request().empty());
  EXPECT_TRUE(ol.requests().empty());
  EXPECT_EQ(dp.orders_in_progress(), 0u);
  EXPECT_EQ(dp.stock().find(subscription_of(12).iccid)->state, platform::StockState::Available);
  EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Activated);
  EXPECT_EQ(chips.chip(eid)->imsi(), imsi_of(3));
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kCmccIccid, true}, {kForeignIccid, false}}));
  EXPECT_EQ(cmcc.eis(eid)->profiles.size(), 2u);
  EXPECT_EQ(net.undeliverable, 0u);
}

// China Mobile orders the export of a card whose enabled profile is a
// foreign operator's (a device imported earlier, managed by China Mobile's
// SM-SR): ES4.SMSRChange is the enabled profile's MNO's to order, so
// China Mobile's SM-SR refuses it. The foreign SM-SR had prepared
// (ES4.PrepareSMSRChange) and drops its preparation; nothing else moved —
// no SMS, no key set, no EIS, no order, no chip step.
TEST(CooperationFlowFailure, AnSmSrChangeRefusedByEs4ChangesNothing) {
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-EU"};
  ChangeRig rig(EuiccLayout::Import, cmcc_config);
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr foreign(platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"CMCC", "Operator EU"}});
  platform::SmDp foreign_dp = partner_smdp("SM-DP-EU", "Operator EU", {{9, kEuMsisdn}});
  const std::string eid = rig.e.eid();
  platform::OneLink ol = onelink_with(rig, kForeignIccid, {kForeignIccid, imsi_of(4), kForeignMsisdn}, "SM-SR-CMCC");
  platform::ChipRegistry chips;
  sell_chip(chips, eid);
  const platform::Eis before = *cmcc.eis(eid);

  platform::CooperationFlow flow(
      {{{"SM-SR-CMCC", &cmcc}, {"SM-SR-EU", &foreign}}, {{"SM-DP-EU", &foreign_dp}}, &ol, &chips},
      export_plan("Operator EU"),
      flow_order(kForeignIccid, "partner-eu", subscription_of(9).iccid, new_smsr_keys(kNewSmsr), platform::ChipAction::Deactivate));
  Network net = flow_network({{9, kEuMsisdn}});
  run_flow(rig, flow, {&cmcc, &foreign}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES4.SMSRChange");
  EXPECT_EQ(flow.failure().subject, "Function requester");
  EXPECT_EQ(flow.failure().reason, "Not allowed (authorisation)");
  ASSERT_EQ(flow.trace().size(), 3u) << platform::describe(flow.trace());
  EXPECT_EQ(trace_functions(flow),
            (std::vector<std::string>{"ES4.PrepareSMSRChange", "ES4.SMSRChange", "OneLink.SmSrSwitch"}));
  EXPECT_TRUE(flow.trace()[0].result.ok());
  EXPECT_EQ(flow.trace()[1].caller, "CMCC");
  EXPECT_EQ(flow.trace()[1].callee, "SM-SR-CMCC");
  EXPECT_EQ(flow.trace()[1].result.status, ExecutionStatus::Failed);
  EXPECT_TRUE(flow.download_request().empty());

  // Nothing changed anywhere.
  EXPECT_FALSE(foreign.prepared(eid));
  EXPECT_FALSE(foreign.eis(eid));
  EXPECT_FALSE(cmcc.smsr_change_in_flight(eid));
  ASSERT_TRUE(cmcc.eis(eid));
  EXPECT_EQ(eis_profiles(*cmcc.eis(eid)), eis_profiles(before));
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kForeignIccid, true}}));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(4));
  EXPECT_TRUE(net.mo_sms.empty());
  EXPECT_EQ(net.undeliverable, 0u);
  EXPECT_EQ(ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Failed);
  EXPECT_EQ(ol.card(kForeignIccid)->smsr_id, "SM-SR-CMCC");
  EXPECT_EQ(ol.requests().size(), 1u);
  EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Sold);
  EXPECT_EQ(foreign_dp.stock().find(subscription_of(9).iccid)->state, platform::StockState::Available);
  EXPECT_EQ(foreign_dp.orders_in_progress(), 0u);
}

// Plans and orders the runner cannot carry out are refused when it is made,
// naming the fault; nothing is called.
TEST(CooperationFlow, RefusesPlansAndOrdersItCannotCarryOut) {
  platform::SmSr cmcc(cmcc_smsr_config());
  platform::SmSr foreign(platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  platform::SmDp dp = partner_smdp("SM-DP-EU", "Operator EU", {{9, kEuMsisdn}});
  platform::OneLink ol;
  ol.add_account(kAccount, "Fleet customer");
  platform::Card card;
  card.iccid = kCmccIccid;
  card.eid = "89049032123451234512345678901235";
  ol.add_card(kAccount, card);
  platform::ChipRegistry chips;
  const platform::FlowPlatforms all{{{"SM-SR-CMCC", &cmcc}, {"SM-SR-EU", &foreign}}, {{"SM-DP-EU", &dp}}, &ol, &chips};
  const platform::ExportPlan plan = export_plan("Operator EU");
  const platform::FlowOrder good = flow_order(kCmccIccid, "partner-eu", subscription_of(9).iccid, new_smsr_keys(kNewSmsr),
                                 platform::ChipAction::Deactivate);
  const auto refused = [&](platform::FlowPlatforms p, platform::ExportPlan x, platform::FlowOrder o, const std::string& why) {
    try {
      platform::CooperationFlow f(std::move(p), std::move(x), std::move(o));
      ADD_FAILURE() << "accepted; expected: " << why;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  EXPECT_NO_THROW({ platform::CooperationFlow f(all, plan, good); });

  platform::ExportPlan unknown = plan;
  unknown.steps.push_back({"Operator EU", "SM-SR-EU", platform::Interface::Es4, "ES4.DeleteProfile"});
  refused(all, unknown, good, "unknown step 'ES4.DeleteProfile'");
  platform::ExportPlan swapped = plan;
  std::swap(swapped.steps[1], swapped.steps.back());
  refused(all, swapped, good, "out of order");
  platform::ExportPlan no_es2 = plan;
  std::erase_if(no_es2.steps, [](const platform::ExportStep& s) { return s.function == "ES2.DownloadProfile"; });
  refused(all, no_es2, good, "before ES2.DownloadProfile");
  platform::ExportPlan no_download = plan;
  std::erase_if(no_download.steps, [](const platform::ExportStep& s) { return s.function.rfind("ES3.", 0) == 0; });
  refused(all, no_download, good, "no ES3.CreateISDP and ES3.SendData");

  platform::FlowOrder no_keys = good;
  no_keys.new_smsr.reset();
  refused(all, plan, no_keys, "without the new SM-SR's keys");
  platform::FlowOrder no_card = good;
  no_card.card_iccid = "8986000000000000000";
  refused(all, plan, no_card, "OneLink lists no card");
  platform::FlowOrder no_type = good;
  no_type.profile_type.clear();
  refused(all, plan, no_type, "no profile type");
  platform::FlowOrder no_pool = good;
  no_pool.chip = platform::ChipAction::OtaWrite;
  refused(all, plan, no_pool, "without a number pool");
  platform::FlowOrder not_a_step = good;
  not_a_step.chip = platform::ChipAction::Scrap;
  refused(all, plan, not_a_step, "is not a step of a flow");
  platform::FlowOrder no_iccid = good;
  no_iccid.iccid.clear();
  refused(all, plan, no_iccid, "no ICCID");

  platform::FlowPlatforms no_smsr = all;
  no_smsr.smsrs.erase("SM-SR-EU");
  refused(no_smsr, plan, good, "no SM-SR 'SM-SR-EU'");
  platform::FlowPlatforms no_smdp = all;
  no_smdp.smdps.clear();
  refused(no_smdp, plan, good, "no SM-DP 'SM-DP-EU'");
  platform::FlowPlatforms no_onelink = all;
  no_onelink.onelink = nullptr;
  refused(no_onelink, plan, good, "no OneLink");
  platform::FlowPlatforms no_chips = all;
  no_chips.chips = nullptr;
  refused(no_chips, plan, good, "without the chip management platform");
  // Nothing was called: no OneLink request.
  EXPECT_TRUE(ol.requests().empty());
  EXPECT_FALSE(foreign.prepared(card.eid));
}

}  // namespace test_cooperation_flow_failures
}  // namespace twinmodels::testing
