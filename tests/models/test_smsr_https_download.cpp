// An SM-DP's profile download through the SM-SR's HTTPS sessions (SGP.02
// §2.4.4, §3.1; models/twinmodels/platform/sm_sr_https.cpp): ES3.CreateISDP,
// the ES8 job's SendData — to the ISD-R, then to the new ISD-P named as
// X-Admin-Targeted-Application (GP Amd B §3.4.2) under its SCP03 session —,
// ProfileDownloadCompleted and EnableProfile, each function in an HTTPS
// session after a push; the device attaches with the downloaded IMSI.
#include "https_rig.hpp"

#include "twinmodels/platform/profile_preparation.hpp"

namespace twinmodels::testing {
namespace {

using platform::Es5Transport;
using platform::ExecutionStatus;

TEST(SmSrHttpsDownload, AProfileDownloadAndItsEnableGoOverHttps) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  ASSERT_EQ(smsr.transport(eid), Es5Transport::Https);
  smsr.call(rig.call(platform::FunctionCall::Kind::UpdateConnectivityParameters, "u1"));
  rig.carry_all(smsr);
  ASSERT_EQ(rig.only_result().status, ExecutionStatus::Success);

  const platform::SubscriptionValues v = subscription_of(7);
  const std::string msisdn = "8613900000007";
  rig.network.by_imsi[v.imsi] = {7, msisdn};
  platform::ProfileStore store;
  store.add("cmcc-m2m", "CMCC", saip_package("cmcc-m2m.der"));
  const platform::FunctionResult downloaded =
      rig.download(smsr, "dl1", store.prepare("cmcc-m2m", v), v, "CMCC", "SM-DP-CMCC", msisdn);
  ASSERT_EQ(downloaded.status, ExecutionStatus::Success) << platform::describe(downloaded);
  const std::size_t sessions = rig.ip_network.server(kCmccAdminIp)->connections;
  EXPECT_GT(sessions, 4u);  // UpdateConnectivityParameters, CreateISDP, the ES8 scripts
  EXPECT_EQ(rig.ip_network.closes, sessions);
  EXPECT_EQ(rig.ip_network.unreachable, 0u);
  EXPECT_TRUE(smsr.https_errors().empty());
  const platform::EisProfile* p = smsr.eis(eid)->by_iccid(v.iccid);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state, platform::ProfileState::Disabled);

  // ES3.EnableProfile over HTTPS: the device restarts on the new profile
  // and attaches with its IMSI; the notification comes to the SM-SR.
  platform::FunctionCall enable = es4(platform::FunctionCall::Kind::EnableProfile, "en1", eid, v.iccid);
  enable.interface = "ES3";
  smsr.call(enable);
  rig.carry_all(smsr);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, sessions + 1);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), v.imsi);
  ASSERT_EQ(rig.network.notifications.size(), 1u);
  EXPECT_EQ(rig.network.notifications[0].iccid, v.iccid);
  EXPECT_EQ(smsr.eis(eid)->enabled()->iccid, v.iccid);
  rig.carry_all(smsr);  // the confirmation, over HTTPS to the new number
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_EQ(smsr.pending(eid), 0u);
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_TRUE(smsr.https_errors().empty());
}

}  // namespace
}  // namespace twinmodels::testing
