// Export in the three modes end to end (the source document §4.1.6; the
// direct mode's key establishment by hand: test_smsr_change.cpp), with a modem and
// a real card-core eUICC, OneLink taking the requests' results and the chip
// management platform recording the number change:
//   direct     China Mobile orders the change to the foreign operator's
//              SM-SR, whose SM-DP downloads its profile;
//   proxy      the eUICC's SM-SR changes to an eSIM agent's SM-SR (ES4 orders,
//              ES7 handover: SmSrHandover), whose SM-DP downloads the foreign
//              operator's profile on its order; China Mobile's number goes
//              into quarantine;
//   delegated  the foreign operator gives China Mobile its number data;
//              China Mobile's SM-DP prepares and downloads the profile
//              through China Mobile's SM-SR (no handover); the chip's number
//              changes by an OTA write from the partner's numbers.
#include "cooperation_rig.hpp"

namespace twinmodels::testing {
namespace {

using platform::ExecutionStatus;
using platform::FaultReason;
using platform::ProfileState;

// The factory profiles' ICCIDs as the card reports them (with their Luhn digit).
const std::string kCmccIccid = full_iccid("898604000000000003");
const std::string kForeignIccid = full_iccid("894400000000000004");

// The direct mode with the ES4 orders and OneLink (the key establishment
// by hand: SmSrChange.ExportInTheDirectModeEndToEnd).
TEST(ExportFlow, DirectModeToTheForeignOperatorsSmPlatform) {
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-EU"};
  ChangeRig rig(EuiccLayout::Export, cmcc_config);
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr foreign(platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"CMCC", "Operator EU"}});
  const std::string eid = rig.e.eid();
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(3), kCmccMsisdn, 10, 1000}).ok());
  sell_chip(chips, eid);
  ASSERT_TRUE(chips.activate(eid, kOperator, "CMCC-P1", 10).ok());

  const platform::ForeignRequest sw = ol.request_smsr_switch(kCmccIccid, "SM-SR-EU", 1000);
  platform::SmSrHandover h(cmcc, foreign, rig.handover_config("CMCC", sw.id, kNewSmsr));
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  rig.run(h, cmcc, foreign);
  ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());
  ASSERT_TRUE(ol.on_result(h.result(), 2000));
  EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-EU");

  platform::ProfileStore foreign_smdp;
  foreign_smdp.add("partner-eu", "Operator EU", saip_package("partner-eu.der"));
  const platform::SubscriptionValues v = subscription_of(9);
  const std::string msisdn = "447700900009";
  const platform::ForeignRequest dl = ol.request_profile_download(kCmccIccid, "SM-DP-EU", {v.iccid, v.imsi, msisdn}, 3000);
  const platform::FunctionResult downloaded =
      rig.download(foreign, dl.id, foreign_smdp.prepare("partner-eu", v), v, "Operator EU", "SM-DP-EU", msisdn);
  ASSERT_EQ(downloaded.status, ExecutionStatus::Success) << platform::describe(downloaded);
  ASSERT_TRUE(ol.on_result(downloaded, 3500));

  const Attached a = attach(rig, rig.enable(foreign, v.iccid));
  EXPECT_EQ(a.imsi, v.imsi);
  EXPECT_EQ(cardcore::sms::decode_submit(a.notification).da, kNewSmsr);
  const auto n = foreign.on_mo_sms(msisdn, a.notification, rig.now);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->iccid, v.iccid);
  ASSERT_TRUE(ol.report_event(kCmccIccid, registered(a.imsi, 4000)));
  EXPECT_EQ(ol.diagnose(kCmccIccid, 4001)->reason, FaultReason::NotOffline);
  // China Mobile's number leaves with the chip.
  ASSERT_TRUE(chips.deactivate(eid, kOperator, 5000).ok());
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(3)).value, platform::NumberState::Quarantined);

  EXPECT_FALSE(cmcc.eis(eid));
  ASSERT_TRUE(foreign.eis(eid));
  EXPECT_EQ(foreign.eis(eid)->smsr_id, "SM-SR-EU");
  EXPECT_EQ(foreign.eis(eid)->enabled()->iccid, v.iccid);
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{
                                    {kCmccIccid, false}, {kForeignIccid, false}, {v.iccid, true}}));
}

TEST(ExportFlow, ProxyModeThroughAnEsimAgentsSmPlatform) {
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-AGENT"};
  ChangeRig rig(EuiccLayout::Export, cmcc_config);
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr agent(platform::SmSrConfig{"SM-SR-AGENT", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  const std::string eid = rig.e.eid();

  // The chip in service on China Mobile's number.
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(3), kCmccMsisdn, 10, 1000}).ok());
  sell_chip(chips, eid);
  ASSERT_TRUE(chips.activate(eid, kOperator, "CMCC-P1", 10).ok());
  ASSERT_EQ(chips.chip(eid)->imsi(), imsi_of(3));
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");

  // 1. OneLink asks the agent's platform to take the eUICC over; China
  //    Mobile, its enabled profile's MNO, orders the change (ES4), the
  //    SM-SRs hand it over (ES7).
  const platform::ForeignRequest sw = ol.request_smsr_switch(kCmccIccid, "SM-SR-AGENT", 1000);
  ASSERT_EQ(sw.status, platform::ForeignRequestStatus::Sent);
  platform::SmSrHandover h(cmcc, agent, rig.handover_config("CMCC", sw.id, kNewSmsr));
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  EXPECT_TRUE(h.prepare_result().ok());
  rig.run(h, cmcc, agent);
  ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());
  EXPECT_EQ(h.result().function, "ES4.SMSRChange");
  EXPECT_EQ(h.result().call_id, sw.id);
  ASSERT_TRUE(ol.on_result(h.result(), 2000));
  EXPECT_EQ(ol.request(sw.id)->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-AGENT");
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});

  // 2. The foreign operator orders its profile from the agent's SM-DP (ES2);
  //    OneLink tracks the download it asked for.
  platform::ProfileStore agent_smdp;
  agent_smdp.add("partner-eu", "Operator LA", saip_package("partner-eu.der"));
  const platform::SubscriptionValues v = subscription_of(9);
  const std::string msisdn = "5491100000009";
  const platform::ForeignRequest dl = ol.request_profile_download(kCmccIccid, "SM-DP-AGENT", {v.iccid, v.imsi, msisdn}, 3000);
  ASSERT_EQ(dl.status, platform::ForeignRequestStatus::Sent);
  const platform::FunctionResult downloaded =
      rig.download(agent, dl.id, agent_smdp.prepare("partner-eu", v), v, "Operator LA", "SM-DP-AGENT", msisdn);
  ASSERT_EQ(downloaded.status, ExecutionStatus::Success) << platform::describe(downloaded);
  EXPECT_EQ(downloaded.function, "ES2.DownloadProfile");

  // 3. The agent's SM-SR enables it on the foreign operator's order (ES4);
  //    the device attaches on the foreign subscription.
  const Attached a = attach(rig, rig.enable(agent, v.iccid));
  EXPECT_EQ(a.imsi, v.imsi);
  // The eUICC's notification goes to the agent's SM-SR, from the new number.
  EXPECT_EQ(cardcore::sms::decode_submit(a.notification).da, kNewSmsr);
  const auto n = agent.on_mo_sms(msisdn, a.notification, rig.now);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->iccid, v.iccid);
  EXPECT_FALSE(cmcc.on_mo_sms(msisdn, a.notification, rig.now));

  // OneLink: the attach on the new IMSI is a wrong profile until the
  // download's result arrives; then the card runs what it should.
  ASSERT_TRUE(ol.report_event(kCmccIccid, registered(a.imsi, 4000)));
  EXPECT_EQ(ol.diagnose(kCmccIccid, 4001)->reason, FaultReason::WrongProfile);
  ASSERT_TRUE(ol.on_result(downloaded, 4002));
  EXPECT_EQ(ol.request(dl.id)->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.card(kCmccIccid)->expected.imsi, v.imsi);
  EXPECT_EQ(ol.diagnose(kCmccIccid, 4003)->reason, FaultReason::NotOffline);

  // The chip management platform: China Mobile's number leaves with the
  // chip (quarantine), its billing closes.
  ASSERT_TRUE(chips.deactivate(eid, kOperator, 5000).ok());
  EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Deactivated);
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(3)).value, platform::NumberState::Quarantined);
  ASSERT_EQ(chips.billing().size(), 1u);
  EXPECT_EQ(chips.billing()[0].deactivated_ms, 5000u);

  // The final state: the agent's SM-SR alone manages the eUICC, the new
  // profile enabled in its EIS and on the card.
  EXPECT_FALSE(cmcc.eis(eid));
  const platform::Eis* eis = agent.eis(eid);
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis->smsr_id, "SM-SR-AGENT");
  using P = std::tuple<std::string, ProfileState, std::string>;
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, ProfileState::Disabled, "CMCC"},
                                                {kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Enabled, "Operator LA"}}));
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{
                                    {kCmccIccid, false}, {kForeignIccid, false}, {v.iccid, true}}));
  EXPECT_FALSE(agent.prepared(eid));
  EXPECT_FALSE(cmcc.smsr_change_in_flight(eid));
}

TEST(ExportFlow, DelegatedModeChinaMobilesSmDpDownloadsThePartnersNumberData) {
  ChangeRig rig;
  platform::SmSr& cmcc = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  cmcc.call(es4(platform::FunctionCall::Kind::UpdateConnectivityParameters, "ucp", eid, {}));
  rig.deliver(cmcc);
  ASSERT_TRUE(ChangeRig::only_result(cmcc).ok());

  // The foreign operator's number data (ICCID, IMSI, K, OPc of two
  // subscriptions) and its numbers as a pool of the chip management platform.
  const std::vector<platform::SubscriptionValues> given = number_data(12, 2);
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(3), kCmccMsisdn, 10, 1000}).ok());
  ASSERT_TRUE(chips.add_pool({"AF-P1", imsi_of(12), "2348030000012", 2, 1000}).ok());
  sell_chip(chips, eid);
  ASSERT_TRUE(chips.activate(eid, kOperator, "CMCC-P1", 10).ok());
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");

  // The chip gets the partner's first number; China Mobile's SM-DP, which
  // stores the partner's profile, prepares it with that number's data.
  ASSERT_TRUE(chips.ota_write(eid, kOperator, "AF-P1", "profile download (delegated)", 1000).ok());
  const platform::Chip* chip = chips.chip(eid);
  EXPECT_EQ(chip->state(), platform::ChipState::OtaWritten);
  EXPECT_EQ(chip->imsi(), imsi_of(12));
  EXPECT_EQ(chip->msisdn(), "2348030000012");
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(3)).value, platform::NumberState::Quarantined);
  const platform::SubscriptionValues v = for_imsi(given, chip->imsi());
  platform::ProfileStore smdp;
  smdp.add("cmcc-m2m", "CMCC", saip_package("cmcc-m2m.der"));
  smdp.add("partner-eu", "Operator AF", saip_package("partner-eu.der"));
  EXPECT_EQ(smdp.types_of("Operator AF"), std::vector<std::string>{"partner-eu"});

  const platform::ForeignRequest dl =
      ol.request_profile_download(kCmccIccid, "SM-DP-CMCC", {v.iccid, v.imsi, chip->msisdn()}, 2000);
  ASSERT_EQ(dl.status, platform::ForeignRequestStatus::Sent);
  const platform::FunctionResult downloaded =
      rig.download(cmcc, dl.id, smdp.prepare("partner-eu", v), v, "Operator AF", "SM-DP-CMCC", chip->msisdn());
  ASSERT_EQ(downloaded.status, ExecutionStatus::Success) << platform::describe(downloaded);
  ASSERT_TRUE(ol.on_result(downloaded, 3000));

  // China Mobile's SM-DP has its SM-SR enable the profile (ES3); the device
  // attaches on the partner's subscription; the notification comes back to
  // China Mobile's SM-SR, which still manages the eUICC.
  const Attached a = attach(rig, rig.enable(cmcc, v.iccid, "ES3"));
  EXPECT_EQ(a.imsi, imsi_of(12));
  EXPECT_EQ(cardcore::sms::decode_submit(a.notification).da, kSmsr);
  const auto n = cmcc.on_mo_sms(chip->msisdn(), a.notification, rig.now);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->iccid, v.iccid);
  ASSERT_TRUE(ol.report_event(kCmccIccid, registered(a.imsi, 4000)));
  EXPECT_EQ(ol.diagnose(kCmccIccid, 4001)->reason, FaultReason::NotOffline);
  EXPECT_EQ(ol.card(kCmccIccid)->expected.iccid, v.iccid);
  EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-CMCC");

  // No handover: the card keeps China Mobile's key set and SM-SR.
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
  const platform::Eis* eis = cmcc.eis(eid);
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis->smsr_id, "SM-SR-CMCC");
  using P = std::tuple<std::string, ProfileState, std::string>;
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, ProfileState::Disabled, "CMCC"},
                                                {kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Enabled, "Operator AF"}}));
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{
                                    {kCmccIccid, false}, {kForeignIccid, false}, {v.iccid, true}}));
}

}  // namespace
}  // namespace twinmodels::testing
