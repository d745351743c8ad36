#pragma once
// The direct export of the rig's eUICC to Operator EU run by the flow runner
// (platform::CooperationFlow), for the flows that go wrong
// (test_cooperation_flow_failures.cpp, test_cooperation_flow_faults.cpp,
// test_cooperation_flow_retry.cpp): China Mobile's SM-SR (the rig's), the
// foreign SM-SR and SM-DP, OneLink, the chip in service on China Mobile's
// number; and the end states the flows are documented to leave
// (cooperation_flow.hpp).
#include "cooperation_flow_rig.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace twinmodels::testing {

// The factory profiles' ICCIDs as the card reports them (with their Luhn
// digit), and the number of the foreign operator's subscription 9.
inline const std::string kCmccIccid = full_iccid("898604000000000003");
inline const std::string kForeignIccid = full_iccid("894400000000000004");
inline const std::string kEuMsisdn = "447700900009";

// The functions of the SM-SR change as the trace logs them, then `after`.
inline std::vector<std::string> after_the_change(const std::vector<std::string>& after) {
  std::vector<std::string> out{"ES4.PrepareSMSRChange", "ES7.HandoverEUICC", "ES7.SendData",
                               "ES5.FinaliseISDRhandover", "ES5.UpdateConnectivityParameters", "ES4.SMSRChange",
                               "OneLink.SmSrSwitch"};
  out.insert(out.end(), after.begin(), after.end());
  return out;
}

// The download and what follows it, as the trace logs them.
inline const std::vector<std::string> kDownloadTrace = {
    "ES3.CreateISDP",   "ES3.SendData",           "ES3.ProfileDownloadCompleted", "ES2.DownloadProfile",
    "ES4.EnableProfile", "OneLink.ProfileDownload", "ChipManagement.Deactivate"};

// `memory`: the ISD-P quota of the foreign profile.
struct DirectExport {
  using P = std::tuple<std::string, platform::ProfileState, std::string>;

  ChangeRig rig;
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr foreign{platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"CMCC", "Operator EU"}}};
  platform::SmDp foreign_dp;
  platform::OneLink ol = onelink_with(rig, kCmccIccid, {kCmccIccid, imsi_of(3), kCmccMsisdn}, "SM-SR-CMCC");
  platform::ChipRegistry chips;
  Network net = flow_network({{9, kEuMsisdn}});
  platform::Eis eis_before = *cmcc.eis(rig.e.eid());

  explicit DirectExport(std::optional<std::uint32_t> memory = std::nullopt, EuiccLayout layout = EuiccLayout::Export)
      : rig(layout, config()), foreign_dp(partner_smdp("SM-DP-EU", "Operator EU", {{9, kEuMsisdn}}, memory)) {
    EXPECT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(3), kCmccMsisdn, 10, 1000}).ok());
    sell_chip(chips, rig.e.eid());
    EXPECT_TRUE(chips.activate(rig.e.eid(), kOperator, "CMCC-P1", 10).ok());
  }
  static platform::SmSrConfig config() {
    platform::SmSrConfig c = cmcc_smsr_config();
    c.es7_partners = {"SM-SR-EU"};
    return c;
  }
  platform::FlowPlatforms platforms() {
    return {{{"SM-SR-CMCC", &cmcc}, {"SM-SR-EU", &foreign}}, {{"SM-DP-EU", &foreign_dp}}, &ol, &chips};
  }
  platform::CooperationFlow flow(const std::string& iccid) {
    return platform::CooperationFlow(
        platforms(), export_plan("Operator EU"),
        flow_order(kCmccIccid, "partner-eu", iccid, new_smsr_keys(kNewSmsr), platform::ChipAction::Deactivate));
  }
  // The operator's retry after a failed download: the plan's download part
  // alone (the SM-SR change is done), ordering `iccid` of `profile_type`.
  platform::CooperationFlow retry(const std::string& profile_type, const std::string& iccid) {
    return platform::CooperationFlow(
        platforms(), platform::download_part(export_plan("Operator EU")),
        flow_order(kCmccIccid, profile_type, iccid, std::nullopt, platform::ChipAction::Deactivate));
  }
  void run(platform::CooperationFlow& f, const FlowFaults& faults = {}) {
    run_flow(rig, f, {&cmcc, &foreign}, net, faults);
  }

  // After a failed SM-SR change: the eUICC with China Mobile's SM-SR, its
  // key set alone on the card and working (an audit goes through), the EIS
  // as it was; nothing on the foreign SM-SR; OneLink's switch request
  // Failed, no download request; the chip on China Mobile's number.
  void expect_with_the_current_smsr(const platform::CooperationFlow& f) {
    const std::string eid = rig.e.eid();
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
    EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kCmccIccid, true}, {kForeignIccid, false}}));
    const platform::Eis* eis = cmcc.eis(eid);
    ASSERT_TRUE(eis);
    EXPECT_EQ(eis->smsr_id, "SM-SR-CMCC");
    EXPECT_EQ(eis_profiles(*eis), eis_profiles(eis_before));
    EXPECT_FALSE(cmcc.smsr_change_in_flight(eid));
    EXPECT_EQ(cmcc.pending(eid), 0u);
    EXPECT_FALSE(foreign.eis(eid));
    EXPECT_FALSE(foreign.prepared(eid));
    EXPECT_EQ(ol.request(f.switch_request())->status, platform::ForeignRequestStatus::Failed);
    EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-CMCC");
    EXPECT_TRUE(f.download_request().empty());
    EXPECT_EQ(ol.requests().size(), 1u);
    EXPECT_EQ(foreign_dp.orders_in_progress(), 0u);
    EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Activated);
    EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
    cmcc.call(es4(platform::FunctionCall::Kind::AuditEis, "audit", eid, {}));
    rig.deliver(cmcc);
    EXPECT_EQ(ChangeRig::only_result(cmcc).status, platform::ExecutionStatus::Success);
  }

  // After the SM-SR change: the foreign SM-SR alone manages the eUICC,
  // which runs China Mobile's profile as before; no third profile; OneLink
  // has the switch done and the download failed; China Mobile's number
  // still the chip's.
  void expect_with_the_new_smsr_on_cmccs_profile(const platform::CooperationFlow& f) {
    const std::string eid = rig.e.eid();
    EXPECT_FALSE(cmcc.eis(eid));
    const platform::Eis* eis = foreign.eis(eid);
    ASSERT_TRUE(eis);
    EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, platform::ProfileState::Enabled, "CMCC"},
                                                  {kForeignIccid, platform::ProfileState::Disabled, "FOREIGN"}}));
    EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kCmccIccid, true}, {kForeignIccid, false}}));
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
    EXPECT_EQ(rig.modem.state(), ModemState::Registered);
    EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
    EXPECT_TRUE(net.mo_sms.empty());
    EXPECT_EQ(ol.request(f.switch_request())->status, platform::ForeignRequestStatus::Completed);
    EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-EU");
    const platform::ForeignRequest* dl = ol.request(f.download_request());
    ASSERT_TRUE(dl);
    EXPECT_EQ(dl->status, platform::ForeignRequestStatus::Failed);
    ASSERT_TRUE(dl->result);
    EXPECT_EQ(dl->result->function, "ES2.DownloadProfile");
    EXPECT_EQ(ol.card(kCmccIccid)->expected.imsi, imsi_of(3));
    EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Activated);
    EXPECT_EQ(chips.chip(eid)->imsi(), imsi_of(3));
    // The last line: OneLink's request failed with the ES2 result.
    EXPECT_EQ(f.trace().back().result.function, "OneLink.ProfileDownload");
    EXPECT_EQ(f.trace().back().result.status, platform::ExecutionStatus::Failed);
  }

  // `f` Done, every call of it a success, its trace's functions `trace`,
  // and the export done with subscription `v` (expect_taken_over()).
  void expect_done(const platform::CooperationFlow& f, const std::vector<std::string>& trace,
                   const platform::SubscriptionValues& v) {
    ASSERT_EQ(f.state(), platform::FlowState::Done) << platform::describe(f.trace());
    expect_all_succeeded(f);
    EXPECT_EQ(trace_functions(f), trace);
    expect_taken_over(f, v);
  }

  // The export done (`f` the flow that downloaded): the foreign SM-SR alone
  // manages the eUICC with its key set; the card runs subscription `v`
  // (its MSISDN `msisdn`), the device attached on it and its notification
  // taken by the foreign SM-SR; OneLink's download request Completed and
  // the card followed; China Mobile's number in quarantine; `v` Installed.
  void expect_taken_over(const platform::CooperationFlow& f, const platform::SubscriptionValues& v) {
    const std::string eid = rig.e.eid();
    EXPECT_FALSE(cmcc.eis(eid));
    const platform::Eis* eis = foreign.eis(eid);
    ASSERT_TRUE(eis);
    EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kCmccIccid, platform::ProfileState::Disabled, "CMCC"},
                                                  {kForeignIccid, platform::ProfileState::Disabled, "FOREIGN"},
                                                  {v.iccid, platform::ProfileState::Enabled, "Operator EU"}}));
    EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});
    std::vector<std::pair<std::string, bool>> card = card_profiles(rig);
    EXPECT_EQ(card.size(), 3u);
    EXPECT_EQ(std::count(card.begin(), card.end(), std::pair<std::string, bool>{v.iccid, true}), 1);
    EXPECT_EQ(rig.modem.state(), ModemState::Registered);
    EXPECT_EQ(rig.modem.imsi(), v.imsi);
    ASSERT_FALSE(net.notifications.empty());
    EXPECT_EQ(net.notifications.back().iccid, v.iccid);
    EXPECT_EQ(ol.request(f.download_request())->status, platform::ForeignRequestStatus::Completed);
    EXPECT_EQ(ol.card(kCmccIccid)->smsr_id, "SM-SR-EU");
    EXPECT_EQ(ol.card(kCmccIccid)->expected.imsi, v.imsi);
    EXPECT_EQ(chips.chip(eid)->state(), platform::ChipState::Deactivated);
    EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(3)).value, platform::NumberState::Quarantined);
    EXPECT_EQ(foreign_dp.stock().find(v.iccid)->state, platform::StockState::Installed);
    EXPECT_EQ(foreign_dp.orders_in_progress(), 0u);
    EXPECT_EQ(foreign.pending(eid), 0u);
  }
};

}  // namespace twinmodels::testing
