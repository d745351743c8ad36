// Export in the three modes end to end (the source document §4.1.6), each
// plan read off the deployment graph (export_plans()) and carried out by the
// flow runner (platform::CooperationFlow) on the platform objects, with a
// modem and a real card-core eUICC; the direct mode's key establishment by
// hand: test_smsr_change.cpp.
//   direct     China Mobile orders the change to the foreign operator's
//              SM-SR, whose SM-DP downloads its profile on its ES2 order;
//   proxy      the same through an eSIM agent's SM-SR and SM-DP;
//   delegated  the foreign operator gives China Mobile its number data;
//              the chip's number changes by an OTA write from the partner's
//              numbers and China Mobile's SM-DP installs and enables that
//              subscription through China Mobile's SM-SR (no handover).
// Each test checks the final state: the SM-SRs' EIS, the card, the device's
// attach and notification, OneLink, the chip management platform, the
// SM-DP's stock, and the trace.
#include "cooperation_flow_rig.hpp"

namespace twinmodels::testing {
namespace test_export_flows {

using platform::ExecutionStatus;
using platform::FaultReason;
using platform::ProfileState;
using P = std::tuple<std::string, ProfileState, std::string>;

// The factory profiles' ICCIDs as the card reports them (with their Luhn digit).
const std::string kCmccIccid = full_iccid("898604000000000003");
const std::string kForeignIccid = full_iccid("894400000000000004");

// The functions of an export through a foreign SM-SR, as the trace logs them.
const std::vector<std::string> kTakeoverTrace = {
    "ES4.PrepareSMSRChange", "ES7.HandoverEUICC", "ES7.SendData", "ES5.FinaliseISDRhandover",
    "ES5.UpdateConnectivityParameters", "ES4.SMSRChange", "OneLink.SmSrSwitch", "ES3.CreateISDP", "ES3.SendData",
    "ES3.ProfileDownloadCompleted", "ES2.DownloadProfile", "ES4.EnableProfile", "OneLink.ProfileDownload",
    "ChipManagement.Deactivate"};

// The chip in service on China Mobile's number.
void chip_on_cmcc_number(platform::ChipRegistry& chips, const std::string& eid) {
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(3), kCmccMsisdn, 10, 1000}).ok());
  sell_chip(chips, eid);
  ASSERT_TRUE(chips.activate(eid, kOperator, "CMCC-P1", 10).ok());
}

// The eUICC taken over by `next` (SM-SR `next_id`), the foreign operator
// `mno`'s subscription `v` enabled: the device on it, its notification to
// `next` from `msisdn` (China Mobile's SM-SR takes none); OneLink's
// requests done and the card followed; China Mobile's number released by
// the chip management platform; `dp`'s stock installed; `next` alone
// manages the eUICC, with the card's new key set.
void expect_taken_over(ChangeRig& rig, platform::SmSr& cmcc, platform::SmSr& next, const std::string& next_id,
                       const std::string& mno, const platform::SubscriptionValues& v, const std::string& msisdn,
                       const platform::CooperationFlow& flow, const Network& net, platform::OneLink& ol,
                       const platform::ChipRegistry& chips, const platform::SmDp& dp) {
  const std::string eid = rig.e.eid();
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), v.imsi);
  ASSERT_EQ(net.mo_sms.size(), 1u);
  EXPECT_EQ(cardcore::sms::decode_submit(net.mo_sms[0]).da, kNewSmsr);
  ASSERT_EQ(net.notifications.size(), 1u);
  EXPECT_EQ(net.notifications[0].iccid, v.iccid);
  EXPECT_FALSE(cmcc.on_mo_sms(msisdn, net.mo_sms[0], rig.now));

  EXPECT_EQ(ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.request(flow.download_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, next_id);
  EXPECT_EQ(ol.card(kCmccIccid)->expected.imsi, v.imsi);
  ASSERT_TRUE(ol.report_event(kCmccIccid, registered(v.imsi, rig.now + 1)));
  EXPECT_EQ(ol.diagnose(kCmccIccid, rig.now + 2)->reason, FaultReason::NotOffline);

  EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Deactivated);
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(3)).value, platform::NumberState::Quarantined);
  EXPECT_EQ(dp.stock().find(v.iccid)->state, platform::StockState::Installed);

  EXPECT_FALSE(cmcc.eis(eid));
  const platform::Eis* eis = next.eis(eid);
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis->smsr_id, next_id);
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, ProfileState::Disabled, "CMCC"},
                                                {kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Enabled, mno}}));
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{
                                    {kCmccIccid, false}, {kForeignIccid, false}, {v.iccid, true}}));
  EXPECT_FALSE(next.prepared(eid));
  EXPECT_FALSE(cmcc.smsr_change_in_flight(eid));
}

TEST(ExportFlow, DirectModeToTheForeignOperatorsSmPlatform) {
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-EU"};
  ChangeRig rig(EuiccLayout::Export, cmcc_config);
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr foreign(platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"CMCC", "Operator EU"}});
  const std::string msisdn = "447700900009";
  platform::SmDp foreign_dp = partner_smdp("SM-DP-EU", "Operator EU", {{9, msisdn}});
  const std::string eid = rig.e.eid();
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");
  platform::ChipRegistry chips;
  chip_on_cmcc_number(chips, eid);

  const platform::ExportPlan plan = export_plan("Operator EU");
  ASSERT_EQ(plan.mode, platform::CooperationMode::Direct);
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow({{{"SM-SR-CMCC", &cmcc}, {"SM-SR-EU", &foreign}}, {{"SM-DP-EU", &foreign_dp}}, &ol, &chips},
                                 plan,
                                 flow_order(kCmccIccid, "partner-eu", v.iccid, new_smsr_keys(kNewSmsr), platform::ChipAction::Deactivate));
  Network net = flow_network({{9, msisdn}});
  run_flow(rig, flow, {&cmcc, &foreign}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Done) << platform::describe(flow.trace());
  expect_all_succeeded(flow);
  EXPECT_EQ(trace_functions(flow), kTakeoverTrace);
  // The log's first line: China Mobile asks the foreign SM-SR to prepare.
  const std::string first = platform::describe(flow.trace().front());
  EXPECT_EQ(first.rfind("t=", 0), 0u) << first;
  EXPECT_NE(first.find(" ms CMCC -> SM-SR-EU ES4.PrepareSMSRChange call=OL-1-prepare eid=" + eid + " Executed-Success"),
            std::string::npos)
      << first;

  // The device restarted on the foreign subscription; the eUICC's
  // notification went to the foreign SM-SR, which took it; every SMS was
  // delivered.
  expect_taken_over(rig, cmcc, foreign, "SM-SR-EU", "Operator EU", v, msisdn, flow, net, ol, chips, foreign_dp);
  EXPECT_EQ(net.undeliverable, 0u);
}

TEST(ExportFlow, ProxyModeThroughAnEsimAgentsSmPlatform) {
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-AGENT"};
  ChangeRig rig(EuiccLayout::Export, cmcc_config);
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr agent(platform::SmSrConfig{"SM-SR-AGENT", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  const std::string msisdn = "5491100000009";
  platform::SmDp agent_dp = partner_smdp("SM-DP-AGENT", "Operator LA", {{9, msisdn}});
  const std::string eid = rig.e.eid();
  platform::ChipRegistry chips;
  chip_on_cmcc_number(chips, eid);
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");

  // The agent's platform: China Mobile (the enabled profile's MNO) orders
  // the change to the agent's SM-SR, the foreign operator orders its
  // profile from the agent's SM-DP and has the agent's SM-SR enable it.
  const platform::ExportPlan plan = export_plan("Operator LA");
  ASSERT_EQ(plan.mode, platform::CooperationMode::Proxy);
  EXPECT_EQ(plan.through, "Agent");
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow(
      {{{"SM-SR-CMCC", &cmcc}, {"SM-SR-AGENT", &agent}}, {{"SM-DP-AGENT", &agent_dp}}, &ol, &chips}, plan,
      flow_order(kCmccIccid, "partner-eu", v.iccid, new_smsr_keys(kNewSmsr), platform::ChipAction::Deactivate));
  Network net = flow_network({{9, msisdn}});
  run_flow(rig, flow, {&cmcc, &agent}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Done) << platform::describe(flow.trace());
  expect_all_succeeded(flow);
  EXPECT_EQ(trace_functions(flow), kTakeoverTrace);
  ASSERT_TRUE(flow.download_result());
  EXPECT_EQ(flow.download_result()->function, "ES2.DownloadProfile");
  EXPECT_EQ(flow.download_result()->call_id, flow.download_request());

  // The device on the foreign subscription, the agent's SM-SR alone
  // manages the eUICC; China Mobile's number into quarantine, its billing
  // closed at the time the trace logs.
  expect_taken_over(rig, cmcc, agent, "SM-SR-AGENT", "Operator LA", v, msisdn, flow, net, ol, chips, agent_dp);
  ASSERT_EQ(chips.billing().size(), 1u);
  EXPECT_EQ(chips.billing()[0].deactivated_ms, static_cast<std::uint64_t>(flow.trace().back().at_ms));
}

TEST(ExportFlow, DelegatedModeChinaMobilesSmDpDownloadsThePartnersNumberData) {
  ChangeRig rig;
  platform::SmSr& cmcc = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  give_the_card_the_smsr_address(rig);

  // The foreign operator's number data (ICCID, IMSI, K, OPc and MSISDN of
  // two subscriptions) in China Mobile's SM-DP, under the partner's profile
  // type, and its numbers as a pool of the chip management platform.
  platform::SmDp dp = make_smdp();
  dp.add_profile_type("partner-eu", "Operator AF", saip_package("partner-eu.der"), std::nullopt);
  dp.load_stock("partner-eu", subscription_of(12), "2348030000012");
  dp.load_stock("partner-eu", subscription_of(13), "2348030000013");
  platform::ChipRegistry chips;
  chip_on_cmcc_number(chips, eid);
  ASSERT_TRUE(chips.add_pool({"AF-P1", imsi_of(12), "2348030000012", 2, 1000}).ok());
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");

  const platform::ExportPlan plan = export_plan("Operator AF");
  ASSERT_EQ(plan.mode, platform::CooperationMode::Delegated);
  // No ICCID given: the SM-DP installs the subscription of the number the
  // OTA write gives the chip.
  platform::CooperationFlow flow({{{"SM-SR-CMCC", &cmcc}}, {{"SM-DP-CMCC", &dp}}, &ol, &chips}, plan,
                                 flow_order(kCmccIccid, "partner-eu", "", std::nullopt, platform::ChipAction::OtaWrite, "AF-P1"));
  Network net = flow_network({{12, "2348030000012"}, {13, "2348030000013"}});
  run_flow(rig, flow, {&cmcc}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Done) << platform::describe(flow.trace());
  expect_all_succeeded(flow);
  EXPECT_EQ(trace_functions(flow),
            (std::vector<std::string>{"ChipManagement.OtaWrite", "ES3.CreateISDP", "ES3.SendData",
                                      "ES3.ProfileDownloadCompleted", "ES3.EnableProfile", "ES2.DownloadProfile",
                                      "OneLink.ProfileDownload"}));

  // The chip got the partner's first number; the old one is in quarantine.
  const platform::SubscriptionValues v = subscription_of(12);
  EXPECT_EQ(flow.iccid(), v.iccid);
  const platform::Chip* chip = chips.chip(eid);
  EXPECT_EQ(chip->state(), platform::ChipState::OtaWritten);
  EXPECT_EQ(chip->imsi(), imsi_of(12));
  EXPECT_EQ(chip->msisdn(), "2348030000012");
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(3)).value, platform::NumberState::Quarantined);
  EXPECT_EQ(dp.stock().find(v.iccid)->state, platform::StockState::Installed);
  EXPECT_EQ(dp.stock().find(subscription_of(13).iccid)->state, platform::StockState::Available);

  // The device on the partner's subscription; the notification back to
  // China Mobile's SM-SR, which still manages the eUICC.
  EXPECT_EQ(rig.modem.imsi(), imsi_of(12));
  ASSERT_EQ(net.mo_sms.size(), 1u);
  EXPECT_EQ(cardcore::sms::decode_submit(net.mo_sms[0]).da, kSmsr);
  ASSERT_EQ(net.notifications.size(), 1u);
  EXPECT_EQ(net.notifications[0].iccid, v.iccid);
  ASSERT_TRUE(ol.report_event(kCmccIccid, registered(imsi_of(12), rig.now + 1)));
  EXPECT_EQ(ol.diagnose(kCmccIccid, rig.now + 2)->reason, FaultReason::NotOffline);
  EXPECT_EQ(ol.card(kCmccIccid)->expected.iccid, v.iccid);
  EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-CMCC");
  EXPECT_TRUE(flow.switch_request().empty());

  // No handover: the card keeps China Mobile's key set and SM-SR.
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
  const platform::Eis* eis = cmcc.eis(eid);
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis->smsr_id, "SM-SR-CMCC");
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, ProfileState::Disabled, "CMCC"},
                                                {kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Enabled, "Operator AF"}}));
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{
                                    {kCmccIccid, false}, {kForeignIccid, false}, {v.iccid, true}}));
}

}  // namespace test_export_flows
}  // namespace twinmodels::testing
