// The SM-DP's profile download (models/twinmodels/platform/es8_download.*)
// into a real eUICC in a modem (euicc_rig.hpp): CreateISDP, then the job's
// ES3.SendData scripts — the key establishment through the ISD-R, the SCP03
// session with the ISD-P and the prepared package in STORE DATA blocks —
// each carried as the SM-SR carries it: a secured SMS (SCP80, the ISD-R's
// keys) for the TAR of the security domain named, its PoR read from the
// modem's RP-ACK. Then the profile is enabled and the modem attaches with
// the prepared IMSI. Refusals end the job Failed with the card's status word.
#include "smdp_packages.hpp"
#include "smsr_rig.hpp"

#include <algorithm>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "euicc_pki.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/es8_download.hpp"
#include "twinmodels/platform/profile_preparation.hpp"
#include "twinmodels/platform/send_data.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_smdp_download {

using cardcore::Bytes;
using cardcore::from_hex;
namespace ecasd = cardcore::ecasd;
namespace euicc = cardcore::euicc;
using platform::Es8Download;
using platform::ExecutionStatus;
using platform::SendData;
using platform::SendDataResponse;

const std::string kIsdP3 = "A0000005591010FFFFFFFF8900001200";  // created for the download

// ES3.SendData through an SM-SR (platform::SmSr) that manages the rig's
// eUICC: the script in one secured packet for the TAR of the security
// domain, under the ISD-R's key set with one counter across the TARs, by MT
// SMS through the modem; the PoR from the RP-ACK.
struct SendDataCarrier {
  EuiccRig& rig;
  platform::SmSr smsr{platform::SmSrConfig{"SM-SR", kSmsr, std::nullopt, 1}};
  std::vector<SendData> sent;
  std::size_t most_messages = 0;  // SMS-DELIVERs of the longest packet

  explicit SendDataCarrier(EuiccRig& r) : rig(r) {
    platform::Eis eis;
    eis.eid = r.e.eid();
    eis.isd_r_aid.assign(euicc::kIsdRAid.begin(), euicc::kIsdRAid.end());
    for (const euicc::ProfileInfo& p : r.e.profiles()) {
      platform::EisProfile q;
      q.msisdn = "86139000000" + std::to_string(eis.profiles.size());  // where the SMS go
      q.iccid = p.iccid;
      q.isdp_aid = p.isdp_aid;
      q.state = p.state == euicc::isdp_state::kEnabled ? platform::ProfileState::Enabled : platform::ProfileState::Disabled;
      eis.profiles.push_back(q);
    }
    ota::OtaCardConfig link = isd_r_config();
    link.counter = r.smsr.counter();  // the rig's own packets went first
    smsr.register_eis(eis, link);
  }
  cardcore::ota::Counter counter() const { return smsr.counter(rig.e.eid()); }

  SendDataResponse operator()(const SendData& d) {
    sent.push_back(d);
    EXPECT_EQ(d.eid, rig.e.eid());
    platform::FunctionCall f;
    f.kind = platform::FunctionCall::Kind::SendData;
    f.interface = "ES3";
    f.call_id = "sd-" + std::to_string(sent.size());
    f.eid = d.eid;
    f.sd_aid = d.sd_aid;
    f.script = d.script;
    smsr.call(f);
    most_messages = std::max(most_messages, carry(rig, smsr).most_messages);
    const std::vector<platform::FunctionResult> r = smsr.take_results();
    if (r.size() != 1) return {std::nullopt, "no result"};
    return platform::send_data_response(r[0]);
  }
};

ecasd::OffCardKeyEstablishmentConfig smdp_key_establishment(const ecasd::testing::Party& smdp) {
  ecasd::KeyAgreementCrt crt;
  crt.key_version = 0x30;
  return {smdp.certificate, smdp.key, pki().euicc.certificate.public_key,
          ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("eSK.DP/models")), crt, std::nullopt};
}

platform::Es8DownloadConfig job_config(const Bytes& package, const std::string& iccid) {
  platform::Es8DownloadConfig c;
  c.call_id = "dl-1";
  c.eid = "89049032123451234512345678901235";
  c.isdp_aid = from_hex(kIsdP3);
  c.iccid = iccid;
  c.package = package;
  c.host_challenge = from_hex("0102030405060708");
  return c;
}

std::optional<euicc::ProfileInfo> info(const EuiccRig& rig, const std::string& aid) {
  for (const euicc::ProfileInfo& p : rig.e.profiles()) {
    if (p.isdp_aid == from_hex(aid)) return p;
  }
  return std::nullopt;
}

// A registered modem on the factory profile, the ISD-P created.
void power_up_and_create_isdp(EuiccRig& rig) {
  std::vector<ModemOutput> o = rig.in(PowerOn{});
  ASSERT_TRUE(ModemRig::reported(rig.network_attach(o), ModemEvent::Registered));
  const ota::PorResult por = rig.es5({platform::es5::create_isdp(from_hex(kIsdP3))}, o);
  ASSERT_TRUE(por.ok() && por.response);
  ASSERT_EQ(ota::last_status_word(*por.response), 0x9000);
  ASSERT_TRUE(info(rig, kIsdP3));
  ASSERT_EQ(info(rig, kIsdP3)->state, euicc::isdp_state::kSelectable);
}

void run(Es8Download& job, SendDataCarrier& carrier) {
  for (int i = 0; i < 100 && !job.finished(); ++i) {
    const std::optional<SendData> d = job.next();
    ASSERT_TRUE(d);
    EXPECT_FALSE(job.next()) << "a second SendData before the first was answered";
    job.on_response(carrier(*d));
  }
  ASSERT_TRUE(job.finished());
  EXPECT_FALSE(job.next());
}

// Subscriber `n`'s profile prepared from cmcc-m2m.der and downloaded by the
// job with POL1 "delete not allowed"; the carrier's counter for what follows.
void download(EuiccRig& rig, const platform::SubscriptionValues& v, cardcore::ota::Counter& counter) {
  power_up_and_create_isdp(rig);
  platform::ProfileStore store;
  store.add("cmcc-m2m", "China Mobile", saip_package("cmcc-m2m.der"));
  const Bytes package = store.prepare("cmcc-m2m", v);
  ASSERT_GT(package.size(), platform::kMaxScriptBytes);  // more than one download script

  platform::Es8DownloadConfig c = job_config(package, v.iccid);
  c.pol1 = euicc::pol1::kDeleteNotAllowed;
  Es8Download job(c, smdp_key_establishment(pki().smdp));
  SendDataCarrier carrier(rig);
  run(job, carrier);
  counter = carrier.counter();
  EXPECT_EQ(job.result().status, ExecutionStatus::Success) << platform::describe(job.result());
  EXPECT_EQ(job.result().function, "ES2.DownloadProfile");
  EXPECT_EQ(job.result().iccid, v.iccid);
  EXPECT_EQ(job.blocks_accepted(), job.block_count());

  // Two key establishment scripts to the ISD-R, INITIALIZE UPDATE, the
  // package over several scripts within the bound, POL1.
  ASSERT_EQ(carrier.sent.size(), 6u);
  const Bytes isd_r(euicc::kIsdRAid.begin(), euicc::kIsdRAid.end());
  EXPECT_EQ(carrier.sent[0].sd_aid, isd_r);
  EXPECT_EQ(carrier.sent[1].sd_aid, isd_r);
  for (std::size_t i = 2; i < carrier.sent.size(); ++i) EXPECT_EQ(carrier.sent[i].sd_aid, from_hex(kIsdP3));
  for (const SendData& d : carrier.sent) EXPECT_LE(d.script.size(), platform::kMaxScriptBytes);
  EXPECT_GE(carrier.most_messages, 7u);  // a download script near the bound…
  EXPECT_LE(carrier.most_messages, 8u);  // …in the 8 messages es8_download.hpp counts on

  // The ISD-P holds the profile, DISABLED, with the prepared ICCID and POL1.
  std::optional<euicc::ProfileInfo> p = info(rig, kIsdP3);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state, euicc::isdp_state::kDisabled);
  EXPECT_TRUE(p->installed);
  EXPECT_EQ(p->iccid, v.iccid);
  EXPECT_EQ(p->pol1, euicc::pol1::kDeleteNotAllowed);
}

// EnableProfile of the downloaded profile by the SM-SR (the same key set:
// its counter goes on); the modem's outputs after the REFRESH.
std::vector<ModemOutput> enable_downloaded(EuiccRig& rig, cardcore::ota::Counter counter) {
  rig.smsr.set_counter(counter);
  std::vector<ModemOutput> o;
  const ota::PorResult por = rig.es5({platform::es5::enable_profile(from_hex(kIsdP3))}, o);
  EXPECT_TRUE(por.ok() && por.response);
  if (por.response) {
    EXPECT_EQ(ota::last_status_word(*por.response), 0x9000);
  }
  EXPECT_TRUE(ModemRig::report_of(o, ModemEvent::Refresh));
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(from_hex(kIsdP3)));
  return o;
}

TEST(SmdpDownload, InstallsThePreparedProfileWhichThenRunsInTheModem) {
  EuiccRig rig(modem_with_pin(), ecasd_of_pki());
  const platform::SubscriptionValues v = subscription_of(5);
  cardcore::ota::Counter counter = 0;
  download(rig, v, counter);
  if (HasFatalFailure()) return;
  // The modem restarts on the new profile and attaches with the prepared
  // IMSI and keys.
  const std::vector<ModemOutput> o = enable_downloaded(rig, counter);
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req) << "no ATTACH REQUEST on the downloaded profile";
  EXPECT_EQ(req->imsi, v.imsi);
  // The downloaded profile's PIN1 is enabled: the modem verified its PIN.
  EXPECT_NE(std::find(rig.transcript.begin(), rig.transcript.end(), "> 002000010831323334FFFFFFFF"), rig.transcript.end());
  rig.subscriber = 5;
  rig.network_attach(o);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
}

// card-core's installation starts every downloaded profile with PIN1
// enabled (saip/README.md: pinAttributes not read): a modem without a PIN
// stops there.
TEST(SmdpDownload, AModemWithoutAPinStopsAtTheDownloadedProfilesPin1) {
  EuiccRig rig({}, ecasd_of_pki());
  cardcore::ota::Counter counter = 0;
  download(rig, subscription_of(9), counter);
  if (HasFatalFailure()) return;
  const std::vector<ModemOutput> o = enable_downloaded(rig, counter);
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::PinRequired));
  EXPECT_EQ(rig.modem.state(), ModemState::PinLocked);
}

TEST(SmdpDownload, ARefusedPackageEndsFailedWithTheCardsStatusWord) {
  EuiccRig rig({}, ecasd_of_pki());
  power_up_and_create_isdp(rig);
  const platform::SubscriptionValues v = subscription_of(6);
  platform::ProfileStore store;
  store.add("cmcc-m2m", "China Mobile", saip_package("cmcc-m2m.der"));
  Bytes package = store.prepare("cmcc-m2m", v);
  package.resize(package.size() - 10);  // truncated: no PE-End; the card decodes it at the last block
  Es8Download job(job_config(package, v.iccid), smdp_key_establishment(pki().smdp));
  SendDataCarrier carrier(rig);
  run(job, carrier);
  const platform::FunctionResult& r = job.result();
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES8.DownloadAndInstallation");
  EXPECT_EQ(r.reason, "Refused");
  ASSERT_EQ(job.block_count(), 7u);  // 1301 bytes in blocks of 200
  EXPECT_EQ(r.message, "STORE DATA block 7/7 (P2 '06'): 6A80");
  EXPECT_EQ(job.blocks_accepted(), job.block_count() - 1);
  // No profile: the ISD-P keeps its keys (PERSONALIZED), for the SM-SR to delete.
  ASSERT_TRUE(info(rig, kIsdP3));
  EXPECT_EQ(info(rig, kIsdP3)->state, euicc::isdp_state::kPersonalized);
  EXPECT_FALSE(info(rig, kIsdP3)->installed);
  EXPECT_EQ(rig.e.profile_card(from_hex(kIsdP3)), nullptr);
}

TEST(SmdpDownload, AWrongSmdpCertificateEndsFailedAtTheKeyEstablishment) {
  EuiccRig rig({}, ecasd_of_pki());
  power_up_and_create_isdp(rig);
  // An SM-DP certificate of the right form, signed by a CI the eUICC does
  // not trust.
  const ecasd::PrivateKey rogue_ci = ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("rogue CI"));
  ecasd::testing::Party rogue = pki().smdp;
  rogue.certificate = ecasd::sign_certificate(pki().smdp.certificate, rogue_ci);
  const platform::SubscriptionValues v = subscription_of(7);
  platform::ProfileStore store;
  store.add("cmcc-m2m", "China Mobile", saip_package("cmcc-m2m.der"));
  Es8Download job(job_config(store.prepare("cmcc-m2m", v), v.iccid), smdp_key_establishment(rogue));
  SendDataCarrier carrier(rig);
  run(job, carrier);
  const platform::FunctionResult& r = job.result();
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "ES8.EstablishISDPKeySet");
  EXPECT_EQ(r.reason, "Refused");
  EXPECT_EQ(r.message, "STORE DATA '3A01': 6982");  // the ECASD: the signature does not verify
  EXPECT_EQ(carrier.sent.size(), 1u);
  EXPECT_EQ(job.blocks_accepted(), 0u);
  ASSERT_TRUE(info(rig, kIsdP3));
  EXPECT_EQ(info(rig, kIsdP3)->state, euicc::isdp_state::kSelectable);
  EXPECT_FALSE(info(rig, kIsdP3)->installed);
}

TEST(SmdpDownload, ABadRMacOrALostSendDataEndsFailed) {
  EuiccRig rig({}, ecasd_of_pki());
  power_up_and_create_isdp(rig);
  const platform::SubscriptionValues v = subscription_of(8);
  platform::ProfileStore store;
  store.add("cmcc-m2m", "China Mobile", saip_package("cmcc-m2m.der"));
  const Bytes package = store.prepare("cmcc-m2m", v);
  {
    // The first download script's last R-MAC altered on the way back.
    Es8Download job(job_config(package, v.iccid), smdp_key_establishment(pki().smdp));
    SendDataCarrier carrier(rig);
    for (int i = 0; i < 4 && !job.finished(); ++i) {
      const std::optional<SendData> d = job.next();
      ASSERT_TRUE(d);
      SendDataResponse r = carrier(*d);
      if (i == 3) {
        ASSERT_TRUE(r.response && !r.response->responses.empty());
        ASSERT_FALSE(r.response->responses.back().data.empty());
        r.response->responses.back().data.back() ^= 0x01;
      }
      job.on_response(r);
    }
    ASSERT_TRUE(job.finished());
    EXPECT_EQ(job.result().status, ExecutionStatus::Failed);
    EXPECT_EQ(job.result().subject, "ES8.DownloadAndInstallation");
    EXPECT_EQ(job.result().reason, "Security failure");
    EXPECT_NE(job.result().message.find("R-MAC does not verify"), std::string::npos) << job.result().message;
  }
  // A SendData the SM-SR could not deliver (its own failure text).
  Es8Download job(job_config(package, v.iccid), smdp_key_establishment(pki().smdp));
  ASSERT_TRUE(job.next());
  job.on_response({std::nullopt, "Expired: no response"});
  ASSERT_TRUE(job.finished());
  EXPECT_EQ(job.result().status, ExecutionStatus::Failed);
  EXPECT_EQ(job.result().subject, "ES8.EstablishISDPKeySet");
  EXPECT_EQ(job.result().reason, "No response");
  EXPECT_EQ(job.result().message, "SendData failed: Expired: no response");
  EXPECT_FALSE(job.next());
}

TEST(SmdpDownload, RefusesAJobItCannotRun) {
  const Bytes package = saip_package("cmcc-m2m.der");
  auto make = [&](platform::Es8DownloadConfig c) { Es8Download job(std::move(c), smdp_key_establishment(pki().smdp)); };
  platform::Es8DownloadConfig c = job_config(package, "");
  c.isdp_aid.pop_back();
  EXPECT_THROW(make(c), std::invalid_argument);
  c = job_config(package, "");
  c.host_challenge.push_back(0);
  EXPECT_THROW(make(c), std::invalid_argument);
  c = job_config(package, "");
  c.block_size = 240;
  EXPECT_THROW(make(c), std::invalid_argument);
  c = job_config(package, "");
  c.block_size = package.size() / 256;  // more than 256 blocks
  EXPECT_THROW(make(c), std::invalid_argument);
  c = job_config({}, "");
  EXPECT_THROW(make(c), std::invalid_argument);
  c = job_config(package, "");
  c.max_script_bytes = 299;
  EXPECT_THROW(make(c), std::invalid_argument);
}

}  // namespace test_smdp_download
}  // namespace twinmodels::testing
