// The operator's retry after a failed flow (cooperation_flow.hpp), with a
// modem and a real card-core eUICC, on the direct export to Operator EU
// (direct_export_rig.hpp): the card refused the foreign SM-DP's download
// ('6A84': the package does not fit the ISD-P's quota), the SM-DP had the
// ISD-P deleted and withheld the ICCID. The operator returns the ICCID to
// its stock and orders a profile that fits in a new flow for the same card
// on the plan's download part (download_part(): the SM-SR change is done);
// the export is then done end to end.
#include "direct_export_rig.hpp"

namespace twinmodels::testing {
namespace test_cooperation_flow_retry {

using platform::ExecutionStatus;

const std::string kEuMsisdn10 = "447700900010";

TEST(CooperationFlowRetry, AfterTheCardRefusedTheDownloadANewFlowInstallsAProfileThatFits) {
  DirectExport x(4096);
  const platform::SubscriptionValues refused = subscription_of(9);
  platform::CooperationFlow flow = x.flow(refused.iccid);
  x.run(flow);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES2.DownloadProfile");
  EXPECT_EQ(flow.failure().subject, "ES8.DownloadAndInstallation");
  x.expect_with_the_new_smsr_on_cmccs_profile(flow);

  // The operator's decisions: the withheld ICCID back in stock; a profile
  // type without the quota, with its subscription 10.
  ASSERT_EQ(x.foreign_dp.stock().find(refused.iccid)->state, platform::StockState::Withheld);
  ASSERT_TRUE(x.foreign_dp.return_to_stock(refused.iccid));
  EXPECT_EQ(x.foreign_dp.stock().find(refused.iccid)->state, platform::StockState::Available);
  x.foreign_dp.add_profile_type("partner-eu-fits", "Operator EU", saip_package("partner-eu.der"), std::nullopt);
  const platform::SubscriptionValues v = subscription_of(10);
  x.foreign_dp.load_stock("partner-eu-fits", v, kEuMsisdn10);
  x.net.by_imsi[v.imsi] = {10, kEuMsisdn10};

  // The new flow: no SM-SR change (no switch request, no new key set), the
  // download, the foreign operator's ES4.EnableProfile, China Mobile's
  // number released.
  platform::CooperationFlow retry = x.retry("partner-eu-fits", v.iccid);
  x.run(retry);
  x.expect_done(retry, kDownloadTrace, v);
  EXPECT_TRUE(retry.switch_request().empty());
  EXPECT_NE(retry.download_request(), flow.download_request());
  // OneLink: the switch, the failed download, the retried one.
  ASSERT_EQ(x.ol.requests().size(), 3u);
  EXPECT_EQ(x.ol.request(flow.switch_request())->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(x.ol.request(flow.download_request())->status, platform::ForeignRequestStatus::Failed);
  // The refused subscription stays in stock for another card.
  EXPECT_EQ(x.foreign_dp.stock().find(refused.iccid)->state, platform::StockState::Available);
}

// The download part run before the SM-SR change (the caller's mistake: the
// runner does not check it): the foreign SM-DP finds no EIS of the eUICC on
// the foreign SM-SR and refuses the ES2 order; nothing reaches the card, the
// ICCID stays available, the chip keeps China Mobile's number.
TEST(CooperationFlowRetry, TheDownloadPartBeforeTheChangeIsRefusedByTheSmDp) {
  DirectExport x;
  const platform::SubscriptionValues v = subscription_of(9);
  platform::CooperationFlow flow = x.retry("partner-eu", v.iccid);
  x.run(flow);
  ASSERT_EQ(flow.state(), platform::FlowState::Failed) << platform::describe(flow.trace());
  EXPECT_EQ(flow.failed_step(), "ES2.DownloadProfile");
  EXPECT_EQ(flow.failure().status, ExecutionStatus::Failed);
  EXPECT_EQ(flow.failure().subject, "EID");
  EXPECT_EQ(flow.failure().reason, "Unknown");
  EXPECT_EQ(flow.failure().message, "not managed by SM-SR-EU");
  EXPECT_EQ(x.ol.request(flow.download_request())->status, platform::ForeignRequestStatus::Failed);
  EXPECT_EQ(card_profiles(x.rig), (std::vector<std::pair<std::string, bool>>{{kCmccIccid, true}, {kForeignIccid, false}}));
  EXPECT_TRUE(x.cmcc.eis(x.rig.e.eid()));
  EXPECT_EQ(x.foreign_dp.stock().find(v.iccid)->state, platform::StockState::Available);
  EXPECT_EQ(x.chips.chip(x.rig.e.eid())->state(), platform::ChipState::Activated);
}

}  // namespace test_cooperation_flow_retry
}  // namespace twinmodels::testing
