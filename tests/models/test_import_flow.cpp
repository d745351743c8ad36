// Import end to end (the source document §2.2 国际款, §4.1.6): a device built
// abroad runs a foreign operator's profile on the foreign SM-SR; deployed in
// China, the foreign SM-SR hands the eUICC over to China Mobile's SM-SR
// (the foreign operator, its enabled profile's MNO, orders it: ES4, ES7),
// China Mobile opens a number for the chip (chip management), its SM-DP
// downloads a China Mobile profile with that number, its SM-SR enables it
// and the device attaches with the China Mobile IMSI; OneLink asked for the
// switch and the download and takes their results. The plan is
// import_plan()'s, carried out by the flow runner (CooperationFlow); the
// change refused by ES4: test_cooperation_flow_failures.cpp.
#include "cooperation_flow_rig.hpp"

namespace twinmodels::testing {
namespace test_import_flow {

using platform::ExecutionStatus;
using platform::FaultReason;
using platform::ProfileState;

// The factory profile's ICCID as the card reports it (with its Luhn digit).
const std::string kForeignIccid = full_iccid("894400000000000004");

TEST(ImportFlow, AForeignDeviceMovesToChinaMobilesSmSrAndProfile) {
  ChangeRig rig(EuiccLayout::Import,
                platform::SmSrConfig{"SM-SR-FOREIGN", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"FOREIGN"}});
  platform::SmSr& foreign = rig.smsr_platform;
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-FOREIGN"};
  platform::SmSr cmcc(cmcc_config);
  platform::SmDp dp = make_smdp();
  const std::string eid = rig.e.eid();
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  ASSERT_EQ(foreign.eis(eid)->enabled()->iccid, kForeignIccid);

  // The imported device's chip, sold to the fleet customer; China Mobile's
  // numbers (the SM-DP's stock, subscribers 5..8); OneLink lists the card
  // with the subscription it came with.
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(5), msisdn_of(5), 4, 1000}).ok());
  sell_chip(chips, eid);
  platform::OneLink ol = onelink_with(rig, kForeignIccid, {kForeignIccid, imsi_of(4), kForeignMsisdn}, "SM-SR-FOREIGN");

  // The plan: the foreign operator orders the change to China Mobile's
  // SM-SR; China Mobile opens a number for the chip, orders its profile
  // with that number from its SM-DP and enables it.
  const std::optional<platform::ExportPlan> plan = platform::import_plan(cooperation_graph(), "FOREIGN", "SM-SR-CMCC");
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->mode, platform::CooperationMode::Import);
  platform::CooperationFlow flow(
      {{{"SM-SR-FOREIGN", &foreign}, {"SM-SR-CMCC", &cmcc}}, {{"SM-DP-CMCC", &dp}}, &ol, &chips}, *plan,
      flow_order(kForeignIccid, "cmcc-m2m", "", new_smsr_keys(kSmsr), platform::ChipAction::Activate, "CMCC-P1"));
  Network net = flow_network({{5, msisdn_of(5)}});
  run_flow(rig, flow, {&foreign, &cmcc}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Done) << platform::describe(flow.trace());
  expect_all_succeeded(flow);
  EXPECT_EQ(trace_functions(flow),
            (std::vector<std::string>{"ES4.PrepareSMSRChange", "ES7.HandoverEUICC", "ES7.SendData",
                                      "ES5.FinaliseISDRhandover", "ES5.UpdateConnectivityParameters", "ES4.SMSRChange",
                                      "OneLink.SmSrSwitch", "ChipManagement.Activate", "ES3.CreateISDP", "ES3.SendData",
                                      "ES3.ProfileDownloadCompleted", "ES2.DownloadProfile", "ES4.EnableProfile",
                                      "OneLink.ProfileDownload"}));

  // The China Mobile number the chip got is the subscription installed.
  const platform::SubscriptionValues v = subscription_of(5);
  EXPECT_EQ(flow.iccid(), v.iccid);
  EXPECT_EQ(dp.stock().find(v.iccid)->state, platform::StockState::Installed);
  EXPECT_EQ(dp.stock().find(v.iccid)->eid, eid);

  // The device attached with the China Mobile IMSI; the notification
  // reached China Mobile's SM-SR, not the foreign one.
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), imsi_of(5));
  ASSERT_EQ(net.mo_sms.size(), 1u);
  EXPECT_EQ(cardcore::sms::decode_submit(net.mo_sms[0]).da, kSmsr);
  EXPECT_FALSE(foreign.on_mo_sms(msisdn_of(5), net.mo_sms[0], rig.now));
  ASSERT_EQ(net.notifications.size(), 1u);
  EXPECT_EQ(net.notifications[0].iccid, v.iccid);

  // OneLink: the card on China Mobile's SM-SR and subscription.
  EXPECT_EQ(ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.request(flow.download_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.card(kForeignIccid)->smsr_id, "SM-SR-CMCC");
  EXPECT_EQ(ol.card(kForeignIccid)->expected.imsi, imsi_of(5));
  ASSERT_TRUE(ol.report_event(kForeignIccid, registered(imsi_of(5), rig.now + 1)));
  EXPECT_EQ(ol.diagnose(kForeignIccid, rig.now + 2)->reason, FaultReason::NotOffline);

  // The chip management platform: activated on the China Mobile number,
  // billing open for the customer's account.
  const platform::Chip* chip = chips.chip(eid);
  EXPECT_EQ(chip->state(), platform::ChipState::Activated);
  EXPECT_EQ(chip->account(), kAccount);
  EXPECT_EQ(chip->imsi(), imsi_of(5));
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(5)).value, platform::NumberState::Allocated);
  ASSERT_EQ(chips.billing().size(), 1u);
  EXPECT_FALSE(chips.billing()[0].deactivated_ms);

  // China Mobile's SM-SR manages the eUICC, its profile enabled; the
  // foreign one stays, disabled, with its fall-back attribute.
  EXPECT_FALSE(foreign.eis(eid));
  const platform::Eis* eis = cmcc.eis(eid);
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis->smsr_id, "SM-SR-CMCC");
  using P = std::tuple<std::string, ProfileState, std::string>;
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Enabled, "CMCC"}}));
  EXPECT_TRUE(eis->by_iccid(kForeignIccid)->fallback);
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kForeignIccid, false}, {v.iccid, true}}));
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
}

}  // namespace test_import_flow
}  // namespace twinmodels::testing

namespace twinmodels::testing {
namespace test_import_flow {

// The import graph with the foreign operator working through an eSIM
// agent (the proxy mode of §4.1.6): its devices come into China on the
// agent's SM-SR, which OneLink reaches.
platform::PlatformGraph agent_import_graph() {
  using I = platform::Interface;
  using R = platform::PlatformRole;
  platform::PlatformGraph g;
  add_china_mobile(g);
  g.add_party("Agent", platform::PartyKind::EsimAgent);
  g.add_platform("SM-SR-AGENT", R::SmSr, "Agent");
  g.add_interface("SM-SR-AGENT", "SM-SR-CMCC", I::Es7);
  g.add_interface("OneLink", "SM-SR-AGENT", I::OneLinkForeign);
  g.add_party("FOREIGN", platform::PartyKind::ForeignOperator);
  g.add_interface("FOREIGN", "SM-SR-AGENT", I::Es4);
  return g;
}

TEST(ImportFlow, AForeignDeviceOnAnAgentsSmSrMovesToChinaMobile) {
  ChangeRig rig(EuiccLayout::Import,
                platform::SmSrConfig{"SM-SR-AGENT", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"FOREIGN"}});
  platform::SmSr& agent = rig.smsr_platform;
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-AGENT"};
  platform::SmSr cmcc(cmcc_config);
  platform::SmDp dp = make_smdp();
  const std::string eid = rig.e.eid();
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(5), msisdn_of(5), 4, 1000}).ok());
  sell_chip(chips, eid);
  platform::OneLink ol = onelink_with(rig, kForeignIccid, {kForeignIccid, imsi_of(4), kForeignMsisdn}, "SM-SR-AGENT");

  const std::optional<platform::ExportPlan> plan = platform::import_plan(agent_import_graph(), "FOREIGN", "SM-SR-CMCC");
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->steps[2].callee, "SM-SR-AGENT");  // ES4.SMSRChange to the agent's SM-SR
  platform::CooperationFlow flow(
      {{{"SM-SR-AGENT", &agent}, {"SM-SR-CMCC", &cmcc}}, {{"SM-DP-CMCC", &dp}}, &ol, &chips}, *plan,
      flow_order(kForeignIccid, "cmcc-m2m", "", new_smsr_keys(kSmsr), platform::ChipAction::Activate, "CMCC-P1"));
  Network net = flow_network({{5, msisdn_of(5)}});
  run_flow(rig, flow, {&agent, &cmcc}, net);
  ASSERT_EQ(flow.state(), platform::FlowState::Done) << platform::describe(flow.trace());
  expect_all_succeeded(flow);

  // The agent's SM-SR let the eUICC go; China Mobile's manages it, its
  // profile enabled, and the device attached with the China Mobile IMSI.
  const platform::SubscriptionValues v = subscription_of(5);
  EXPECT_FALSE(agent.eis(eid));
  ASSERT_TRUE(cmcc.eis(eid));
  EXPECT_EQ(cmcc.eis(eid)->by_iccid(v.iccid)->state, ProfileState::Enabled);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), imsi_of(5));
  EXPECT_EQ(ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.card(kForeignIccid)->smsr_id, "SM-SR-CMCC");
  EXPECT_EQ(chips.chip(eid)->imsi(), imsi_of(5));
}

}  // namespace test_import_flow
}  // namespace twinmodels::testing
