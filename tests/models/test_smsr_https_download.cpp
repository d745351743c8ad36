// An SM-DP's profile download through the SM-SR's HTTPS sessions (SGP.02
// §2.4.4, §3.1; models/twinmodels/platform/sm_sr_https.cpp): ES3.CreateISDP,
// the ES8 job's SendData — to the ISD-R, then to the new ISD-P named as
// X-Admin-Targeted-Application (GP Amd B §3.4.2) under its SCP03 session —,
// ProfileDownloadCompleted and EnableProfile, each function in an HTTPS
// session after a push; the device attaches with the downloaded IMSI.
#include "https_rig.hpp"

#include "cardcore/euicc/scp03t.hpp"
#include "twinmodels/platform/profile_preparation.hpp"

namespace twinmodels::testing {
namespace test_smsr_https_download {

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

// The same download in its SCP03t form (SGP.02 §2.5.2, §4.1.3.3): the
// ISD-P's session opened by the '84' / '85' TLVs, the package in '86'
// segments, over the same HTTPS sessions, the job saved and restored after
// every script (its SCP03t host session among it); the profile enables.
TEST(SmSrHttpsDownload, TheScp03tFormInstallsTheProfileOverHttps) {
  HttpsRig rig;
  rig.checkpoints = true;  // the job goes on from a checkpoint after every script
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  ASSERT_EQ(smsr.transport(eid), Es5Transport::Https);
  const platform::SubscriptionValues v = subscription_of(7);
  const std::string msisdn = "8613900000007";
  rig.network.by_imsi[v.imsi] = {7, msisdn};
  platform::ProfileStore store;
  store.add("cmcc-m2m", "CMCC", saip_package("cmcc-m2m.der"));
  const cardcore::Bytes package = store.prepare("cmcc-m2m", v);
  const platform::FunctionResult downloaded = rig.download(smsr, "dl1", package, v, "CMCC", "SM-DP-CMCC", msisdn, true);
  ASSERT_EQ(downloaded.status, ExecutionStatus::Success) << platform::describe(downloaded);
  // Certificate, key agreement (to the ISD-R), '84', then '85' and the
  // segments: every script to the ISD-P holds SCP03t TLVs only.
  ASSERT_GE(rig.scripts.size(), 4u);
  for (std::size_t i = 2; i < rig.scripts.size(); ++i) {
    const cardcore::Bytes& s = rig.scripts[i];
    ASSERT_GE(s.size(), 4u);
    EXPECT_EQ(s[0], 0xAA);
    const std::uint8_t first = s[1] < 0x80 ? s[2] : s[2 + (s[1] & 0x7F)];
    EXPECT_TRUE(cardcore::euicc::scp03t::is_command_tag(first)) << i;
  }
  EXPECT_EQ(rig.scripts.size(), 3u + (package.size() + platform::kScp03tSegmentBytes - 1) / platform::kScp03tSegmentBytes);
  EXPECT_TRUE(smsr.https_errors().empty());
  EXPECT_EQ(smsr.eis(eid)->by_iccid(v.iccid)->state, platform::ProfileState::Disabled);
  platform::FunctionCall enable = es4(platform::FunctionCall::Kind::EnableProfile, "en1", eid, v.iccid);
  enable.interface = "ES3";
  smsr.call(enable);
  rig.carry_all(smsr);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), v.imsi);
}

// The push for a SendData to an ISD-P goes to the ISD-R's TAR (GP Amd B
// §2.4), and so does the PoR the SM-SR reads: when it comes before the
// session (the modem sets up the link first, TS 102 223 §6.4.27), the
// function waits for its session and is not pushed again.
TEST(SmSrHttpsDownload, ThePushOfAnIsdPsSendDataIsAcknowledgedByTheIsdRsPor) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  const platform::SubscriptionValues v = subscription_of(7);
  platform::FunctionCall create = es4(platform::FunctionCall::Kind::CreateIsdp, "isdp", eid, v.iccid);
  create.interface = "ES3";
  smsr.call(create);
  rig.carry_all(smsr);
  const platform::FunctionResult created = rig.only_result();
  ASSERT_EQ(created.status, ExecutionStatus::Success) << platform::describe(created);
  platform::FunctionCall f = es4(platform::FunctionCall::Kind::SendData, "sd", eid, {});
  f.interface = "ES3";
  f.sd_aid = created.data;
  // GET DATA of the ISD-P's Card Recognition Data (GP §11.3: tag '66').
  f.script = ota::encode_expanded_script(std::vector<cardcore::Bytes>{cardcore::from_hex("80CA006600")});
  smsr.call(f);
  // The push and its PoR, the session not yet under way.
  const Carried pushed = carry(rig, smsr, PorPath::Delivered, &rig.network, nullptr);
  ASSERT_TRUE(ModemRig::find<OpenBearer>(pushed.last));
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());  // no second push
  EXPECT_TRUE(smsr.take_results().empty());
  // The session follows and serves the SendData, with no PoR lost.
  const std::size_t sessions = rig.ip_network.server(kCmccAdminIp)->connections;
  rig.ip_network.run(rig, pushed.last);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, sessions + 1);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.message.find("lost"), std::string::npos) << r.message;
}

// The ISD-P's error TLV fails the job, naming the segment and the error: a
// package whose ProfileHeader does not decode is refused at its last
// segment ('9F46' 05).
TEST(SmSrHttpsDownload, AnScp03tErrorTlvFailsTheJob) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const platform::SubscriptionValues v = subscription_of(7);
  platform::ProfileStore store;
  store.add("cmcc-m2m", "CMCC", saip_package("cmcc-m2m.der"));
  cardcore::Bytes package = store.prepare("cmcc-m2m", v);
  package[2] = 0x9E;  // the ProfileHeader's major-version tag: a field it does not have
  const platform::FunctionResult r = rig.download(smsr, "dl1", package, v, "CMCC", "SM-DP-CMCC", "8613900000007", true);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES8.DownloadAndInstallation");
  EXPECT_EQ(r.reason, "Refused");
  EXPECT_EQ(r.message, "'86' segment 2/2: error TLV '9F46' 05 (installation failed)");
}

// The SCP03t form's segment size: 1 to 1000 bytes (a '86' TLV within the
// card's 1024).
TEST(SmSrHttpsDownload, AnScp03tSegmentSizeOutOfRangeIsRefused) {
  platform::Es8DownloadConfig c;
  c.eid = "89049032123451234512345678901235";
  c.isdp_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001200");
  c.package = saip_package("cmcc-m2m.der");
  c.host_challenge = cardcore::from_hex("1122334455667788");
  c.scp03t = true;
  cardcore::ecasd::KeyAgreementCrt crt;
  const cardcore::ecasd::OffCardKeyEstablishmentConfig k{
      pki().smdp.certificate, pki().smdp.key, pki().euicc.certificate.public_key,
      cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256, cardcore::ecasd::testing::seed("eSK.DP.x")),
      crt, std::nullopt};
  for (std::size_t size : {std::size_t{0}, std::size_t{1001}}) {
    c.segment_size = size;
    EXPECT_THROW(platform::Es8Download(c, k), std::invalid_argument) << size;
  }
  c.segment_size = 1000;
  EXPECT_NO_THROW(platform::Es8Download(c, k));
}

}  // namespace test_smsr_https_download
}  // namespace twinmodels::testing
