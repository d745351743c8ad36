#pragma once
// ES5 over HTTPS for the models tests (SGP.02 §2.4.4; GP Amendment B): the
// eUICC's ISD-R with the factory's SCP81 defaults and PSK (China Mobile's
// SM-SR's admin server), SM-SR configurations with admin servers, and the
// rig wired to an IP network (ip_network.hpp) and a mobile network
// (smsr_rig.hpp's Network).
#include "smsr_change_rig.hpp"

#include <string>

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/platform_records.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::testing {

inline const cardcore::Bytes kCmccAdminIp{192, 0, 2, 10};
inline const cardcore::Bytes kForeignAdminIp{198, 51, 100, 20};
// The EUM's PSK of the ISD-R, version '40', as the EIS gives it to the SM-SR.
inline const cardcore::Bytes kFactoryPsk = cardcore::from_hex("0f0e0d0c0b0a09080706050403020100");

inline platform::AdminEndpoint admin_endpoint(const cardcore::Bytes& ipv4, const std::string& host) {
  return platform::AdminEndpoint{ipv4, 443, host, "/gp/ram"};
}

inline platform::SmSrConfig cmcc_https_config() {
  platform::SmSrConfig c = cmcc_smsr_config();
  c.https = admin_endpoint(kCmccAdminIp, "smsr.cmcc.example");
  c.es7_partners = {"SM-SR-FOREIGN"};
  return c;
}

// A foreign operator's SM-SR with its admin server, China Mobile's ES7 partner.
inline platform::SmSrConfig foreign_https_config() {
  platform::SmSrConfig c{"SM-SR-FOREIGN", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}};
  c.https = admin_endpoint(kForeignAdminIp, "smsr.foreign.example");
  return c;
}

// The ISD-R's SCP81 personalization at the factory: defaults naming China
// Mobile's admin server, the PSK '40' / 01.
inline cardcore::euicc::Scp81Personalization scp81_factory() {
  namespace cat = cardcore::cat;
  cardcore::euicc::Scp81Personalization a;
  a.defaults.connection.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
  a.defaults.connection.buffer = cat::BufferSize{1024};
  a.defaults.connection.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  a.defaults.connection.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, kCmccAdminIp};
  a.defaults.http.host = "smsr.cmcc.example";
  a.defaults.http.uri = "/gp/ram";
  a.defaults.http.agent_id = "//se-id/eid/89049032123451234512345678901235";
  a.key_version = 0x40;
  a.key_id = 0x01;
  a.psk = kFactoryPsk;
  return a;
}

// The card's enabled profile's ISD-P AID, in hex.
inline std::string card_enabled(const EuiccRig& rig) {
  for (const auto& p : rig.e.profiles()) {
    if (p.state == cardcore::euicc::isdp_state::kEnabled) return cardcore::to_hex(p.isdp_aid);
  }
  return {};
}
inline std::string hex_of(const std::string& aid) { return cardcore::to_hex(cardcore::from_hex(aid)); }

// The change rig (ECASD of the test PKI, PIN1) whose eUICC has SCP81 keys,
// China Mobile's SM-SR with its admin server on the IP network, and the
// mobile network of both subscriptions.
struct HttpsRig : ChangeRig {
  IpNetwork ip_network;
  Network network;

  explicit HttpsRig(bool card_has_scp81 = true)
      : ChangeRig(EuiccLayout::Export, cmcc_https_config(),
                  card_has_scp81 ? std::optional<cardcore::euicc::Scp81Personalization>(scp81_factory()) : std::nullopt) {
    ip = &ip_network;
    ip_network.add(kCmccAdminIp, smsr_platform);
    network.by_imsi[imsi_of(3)] = {3, kCmccMsisdn};
    network.by_imsi[imsi_of(4)] = {4, kForeignMsisdn};
  }
  // carry() with both networks.
  Carried carry_all(platform::SmSr& smsr, PorPath por = PorPath::Delivered) {
    return carry(*this, smsr, por, &network, &ip_network);
  }
  // The SM-DP `smdp_id`'s download of `package` (its call `call_id`) for the
  // subscription `v` of `mno` through `smsr` (ES3.CreateISDP, the ES8 job as
  // ES3.SendData, ES3.ProfileDownloadCompleted with `msisdn`): the job's
  // ES2.DownloadProfile result. The SM-DP signs with the test PKI's SM-DP
  // certificate.
  platform::FunctionResult download(platform::SmSr& smsr, const std::string& call_id, cardcore::Bytes package,
                                    const platform::SubscriptionValues& v, const std::string& mno,
                                    const std::string& smdp_id, const std::string& msisdn, bool scp03t = false) {
    const std::string eid = e.eid();
    platform::FunctionCall create = es4(platform::FunctionCall::Kind::CreateIsdp, call_id + "-isdp", eid, v.iccid);
    create.interface = "ES3";
    create.mno_id = mno;
    create.smdp_id = smdp_id;
    smsr.call(create);
    deliver(smsr);
    const platform::FunctionResult created = only_result(smsr);
    if (!created.ok()) return created;
    platform::Es8DownloadConfig c;
    c.call_id = call_id;
    c.eid = eid;
    c.isdp_aid = created.data;
    c.iccid = v.iccid;
    c.package = std::move(package);
    c.host_challenge = cardcore::from_hex("1122334455667788");
    c.scp03t = scp03t;
    cardcore::ecasd::KeyAgreementCrt crt;
    crt.key_version = 0x30;
    const cardcore::ecasd::OffCardKeyEstablishmentConfig k{
        pki().smdp.certificate, pki().smdp.key, pki().euicc.certificate.public_key,
        cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                               cardcore::ecasd::testing::seed("eSK.DP." + call_id)),
        crt, std::nullopt};
    std::optional<platform::Es8Download> held;
    held.emplace(c, k);
    for (int i = 0; i < 50 && !held->finished(); ++i) {
      const std::optional<platform::SendData> d = held->next();
      if (!d) break;
      scripts.push_back(d->script);
      held->on_response(send_data(smsr, *d, "ES3"));
      if (checkpoints) {
        // The job saved and read back into a new one, which goes on.
        cardcore::Bytes saved;
        held->save_state(saved);
        state::Reader r(saved, "es8");
        held.emplace(platform::Es8Download::parse_state(r, c, k));
        r.expect_end();
        cardcore::Bytes again;
        held->save_state(again);
        EXPECT_EQ(again, saved);
      }
    }
    const platform::Es8Download& job = *held;
    if (!job.finished() || !job.result().ok()) return job.result();
    platform::FunctionCall done = es4(platform::FunctionCall::Kind::ProfileDownloadCompleted, call_id + "-done", eid, v.iccid);
    done.interface = "ES3";
    done.imsi = v.imsi;
    done.msisdn = msisdn;
    smsr.call(done);
    const platform::FunctionResult completed = only_result(smsr);
    return completed.ok() ? job.result() : completed;
  }
  // The ES8 scripts download() sent, in order.
  std::vector<cardcore::Bytes> scripts;
  // download() saves and restores its job after every answer.
  bool checkpoints = false;
  // The ISD-R's SCP81 PSKs on the card: version and key.
  std::vector<std::pair<std::uint8_t, cardcore::Bytes>> card_psks() const {
    std::vector<std::pair<std::uint8_t, cardcore::Bytes>> v;
    for (const auto& k : cardcore::euicc::read_scp81_psks(e.platform())) v.emplace_back(k.key_version, k.psk);
    return v;
  }
};

}  // namespace twinmodels::testing
