// The SM-DP's error management after the download (SGP.02 §3.1.3; sm_dp.hpp,
// download_order.hpp) with the SM-SR and a real eUICC in a modem: the steps
// after the ES8 job refused, each followed by ES3.DeleteISDP, and the state
// each leaves, checked whole (the ES2 result, the ES3 calls, the EIS, the
// card, the device, the stock).
#include "sm_dp_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"

namespace twinmodels::testing {
namespace test_sm_dp_errors {

using cardcore::from_hex;
using cardcore::to_hex;
namespace euicc = cardcore::euicc;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionResult;
using platform::ProfileState;
using platform::StockState;
using Kind = FunctionCall::Kind;

// The operator deletes the profile (ES4.DeleteProfile) while the SM-DP's
// last download script is on its way back: the SM-SR's EIS no longer has
// it, so ES3.ProfileDownloadCompleted is refused (Profile ICCID, Unknown).
// The SM-DP then asks for ES3.DeleteISDP (SGP.02 §3.1.3), refused the same
// way: the ISD-P is gone already. The order fails naming the step and the
// deletion's outcome; the ICCID is withheld (the eUICC saw it) until the
// operator returns it.
TEST(SmDpErrors, ProfileDownloadCompletedRefusedThenDeleteIsdp) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  const platform::SubscriptionValues v = subscription_of(7);
  dp.download_profile(order("o-1", rig.e.eid(), 7, true));
  SmDpDriver d(rig, dp);
  int send_data = 0;
  d.meanwhile = [&](const FunctionResult& r) {
    if (r.function != "ES3.SendData" || ++send_data != 5) return;
    rig.smsr_platform.call(rig.call(Kind::DeleteProfile, "mno-delete", kIsdP3));
    rig.deliver();
    EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  };
  d.run();
  EXPECT_EQ(send_data, 5);

  const FunctionResult r = only(dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES3.ProfileDownloadCompleted");
  EXPECT_EQ(r.reason, "Unknown");
  EXPECT_EQ(r.message, "Failed: Profile ICCID, Unknown; ES3.DeleteISDP Failed (Unknown)");
  EXPECT_TRUE(r.data.empty());
  const std::vector<Kind> expected = {Kind::CreateIsdp, Kind::SendData, Kind::SendData, Kind::SendData,
                                      Kind::SendData, Kind::SendData, Kind::ProfileDownloadCompleted, Kind::DeleteProfile};
  EXPECT_EQ(d.kinds(), expected);
  ASSERT_EQ(d.smsr_results.size(), expected.size());
  EXPECT_EQ(d.smsr_results[6].status, ExecutionStatus::Failed);
  EXPECT_EQ(d.smsr_results.back().function, "ES3.DeleteISDP");
  EXPECT_EQ(d.smsr_results.back().subject, "Profile ICCID");
  // No EnableProfile: the device stays on its profile; the ISD-P is gone
  // from the card and the EIS.
  expect_untouched_device(rig, v.iccid);
  EXPECT_EQ(dp.stock().find(v.iccid)->state, StockState::Withheld);
  EXPECT_TRUE(dp.return_to_stock(v.iccid));
}

// The enabled profile has POL1 'disabling not allowed' (SGP.02 Policy
// Rules), which the card enforces (card-core isd_r.cpp: '6985'); the
// SM-SR reads it in its EIS (sm_sr_plan.cpp) and refuses the order's
// ES3.EnableProfile after a complete download, before any SMS; the SM-DP
// has the ISD-P deleted (ES3.DeleteISDP). End state: the download
// undone on the card and in the EIS, the device never left its profile, the
// ICCID withheld.
TEST(SmDpErrors, EnableProfileRefusedByThePolicyRulesHasTheIsdpDeleted) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin(), EuiccLayout::ExportDisableLocked);
  ASSERT_EQ(rig.smsr_platform.eis(rig.e.eid())->enabled()->pol1, euicc::pol1::kDisableNotAllowed);
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  const platform::SubscriptionValues v = subscription_of(6);
  dp.download_profile(order("o-1", rig.e.eid(), 6, true));
  SmDpDriver d(rig, dp);
  d.run();

  const FunctionResult r = only(dp);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES3.EnableProfile");
  EXPECT_EQ(r.reason, d.smsr_results[7].reason);
  EXPECT_EQ(r.reason, "Refused (POL1: disabling not allowed)");
  EXPECT_NE(r.message.find("POL1 '01'"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("ISD-P deleted (ES3.DeleteISDP)"), std::string::npos) << r.message;
  const std::vector<Kind> expected = {Kind::CreateIsdp, Kind::SendData, Kind::SendData, Kind::SendData, Kind::SendData,
                                      Kind::SendData, Kind::ProfileDownloadCompleted, Kind::EnableProfile,
                                      Kind::DeleteProfile};
  EXPECT_EQ(d.kinds(), expected);
  ASSERT_EQ(d.smsr_results.size(), expected.size());
  EXPECT_EQ(d.smsr_results[6].status, ExecutionStatus::Success);
  EXPECT_EQ(d.smsr_results[7].function, "ES3.EnableProfile");
  EXPECT_EQ(d.smsr_results[7].status, ExecutionStatus::Failed);
  EXPECT_EQ(d.smsr_results.back().function, "ES3.DeleteISDP");
  EXPECT_EQ(d.smsr_results.back().status, ExecutionStatus::Success);
  expect_untouched_device(rig, v.iccid);
  EXPECT_TRUE(d.network.notifications.empty());
  EXPECT_EQ(dp.stock().find(v.iccid)->state, StockState::Withheld);
}

}  // namespace test_sm_dp_errors
}  // namespace twinmodels::testing
