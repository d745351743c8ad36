#include "twinsim/engine/euicc_factory.hpp"

#include <cstdio>

#include "cardcore/ecasd/sha256.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/ota/subscriber_ota.hpp"
#include "twinmodels/platform/eid.hpp"
#include "twinsim/engine/modem_world.hpp"

namespace twinsim {

namespace {

std::size_t most_profiles(const Scenario& s) {
  std::size_t n = 1;
  for (const PopulationSpec& p : s.populations) n = std::max(n, p.euicc_profiles.size());
  return n;
}

}  // namespace

std::uint64_t subscriber_blocks(const Scenario& s) {
  // The cards' own, one per write-card round (campaign_platforms.hpp), one
  // per eUICC profile past the first.
  const std::uint64_t blocks = 1 + write_rounds(s) + (most_profiles(s) - 1);
  if (blocks * s.device_count() > 0xFFFFFFFFull)
    throw ScenarioError(s.source + ": " + std::to_string(blocks) + " subscriptions for each of " +
                        std::to_string(s.device_count()) + " devices are more than the HSS's 2^32-1 subscribers");
  return blocks;
}

std::uint32_t profile_subscriber(const Scenario& s, std::uint64_t devices, std::size_t k, std::uint32_t d) {
  if (k == 0) return d;
  const std::uint64_t block = write_rounds(s) + k;
  return static_cast<std::uint32_t>(block * devices + d);
}

std::string euicc_eid(std::uint32_t device) {
  char body[31];
  std::snprintf(body, sizeof body, "89086030%022u", device);
  return twinmodels::platform::eid_with_check_digits(body);
}

std::string profile_msisdn(std::size_t k, std::uint32_t device) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "8614%c%08u", static_cast<char>('0' + (k == 0 ? 8 : k % 8)), device % 100000000u);
  return digits;
}

cardcore::Bytes profile_isdp_aid(std::size_t k) {
  // SGP.02 Annex H: A0 00 00 05 59 10 10 FF FF FF FF 89 00 00 xx 00; ours
  // from '10' (records 2-8 of the platform's registry).
  cardcore::Bytes aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001000");
  aid[14] = static_cast<std::uint8_t>(0x10 + k);
  return aid;
}

std::string profile_iccid(std::size_t k, std::uint32_t device) {
  char iccid[20];
  // k < 7 (the platform's ISD-P records): one digit.
  std::snprintf(iccid, sizeof iccid, "89869%c%012u", static_cast<char>('0' + k % 10), device);
  return iccid;
}

std::string domestic_iccid(std::uint32_t device) {
  char iccid[20];
  std::snprintf(iccid, sizeof iccid, "898604%012u", device);
  return iccid;
}

std::string printed_iccid(const std::string& digits) { return digits + cardcore::luhn_digit(digits); }

EuiccFactory::EuiccFactory(const Scenario& s, std::uint64_t devices,
                           std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> platforms,
                           std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> profiles)
    : scenario_(s), devices_(devices), platforms_(std::move(platforms)), profiles_(std::move(profiles)),
      keys_(s.general.seed) {
  // The ECASD only where the SM-DP downloads or an SM-SR changes (107 us
  // per eUICC: an EC key pair and the EUM's signature, docs/PERFORMANCE.md):
  // both establish keys through it (SGP.02 §3.1.2, §3.8).
  with_ecasd_.assign(s.populations.size(), false);
  for (const CampaignSpec& c : s.campaigns) {
    // The SM-DPs' certificates too, for their ES2 functions.
    if (c.via_sm_dp && !pki_) pki_ = std::make_unique<const RunPki>(s.general.seed);
    if (c.kind != CampaignKind::DownloadProfile && c.kind != CampaignKind::SmSrChange) continue;
    if (!pki_) pki_ = std::make_unique<const RunPki>(s.general.seed);
    with_ecasd_[c.population] = true;
  }
}

std::unique_ptr<cardcore::euicc::Euicc> EuiccFactory::make(std::uint16_t population, std::uint32_t device) const {
  const PopulationSpec& p = scenario_.populations.at(population);
  const auto& platform = platforms_.at(population);
  auto card = std::make_unique<cardcore::euicc::Euicc>(platform);
  cardcore::euicc::EuiccPersonalization e;
  e.eid = euicc_eid(device);
  e.isd_r_keys = keys_.ota_keys(kIsdRKeys | device, *platform);
  if (with_ecasd_[population]) e.ecasd = pki_->ecasd(e.eid);
  if (const auto key = scp81_key(population, device)) {
    namespace cat = cardcore::cat;
    const AdminServerSpec& server = *scenario_.sm_srs.at(p.sm_sr).https;
    cardcore::euicc::Scp81Personalization a;
    a.defaults.connection.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
    a.defaults.connection.buffer = cat::BufferSize{1024};
    a.defaults.connection.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, server.port};
    a.defaults.connection.destination =
        cat::OtherAddress{false, cat::OtherAddress::kIpv4, cardcore::Bytes(server.ipv4.begin(), server.ipv4.end())};
    a.defaults.http.host = server.host;
    a.defaults.http.uri = server.uri;
    a.defaults.http.agent_id = "//se-id/eid/" + e.eid;
    a.key_version = key->key_version;
    a.key_id = key->key_id;
    a.psk = key->psk;
    e.scp81 = std::move(a);
  }
  card->personalize(e);
  const cardcore::ProfileTemplate& profile = *profiles_.at(population);
  for (std::size_t k = 0; k < p.euicc_profiles.size(); ++k) {
    const EuiccProfileSpec& spec = p.euicc_profiles[k];
    if (!spec.installed) continue;
    const std::uint32_t subscriber = profile_subscriber(scenario_, devices_, k, device);
    const twinmodels::SubscriberKeys sk = keys_.derive(subscriber);
    const cardcore::Personalization values{profile_iccid(k, device), imsi_for(spec.imsi_prefix, device),
                                           cardcore::Bytes(sk.k.begin(), sk.k.end()),
                                           cardcore::Bytes(sk.opc.begin(), sk.opc.end()),
                                           keys_.ota_keys(subscriber, profile)};
    try {
      card->install_profile(profile_isdp_aid(k), profiles_.at(population), values, spec.enabled, spec.fallback);
    } catch (const std::invalid_argument& x) {
      throw ScenarioError(scenario_.source + ": population " + p.name + ": profile of " + spec.operator_name + ": " +
                          x.what());
    }
  }
  return card;
}

twinmodels::platform::Eis EuiccFactory::eis(std::uint16_t population, std::uint32_t device) const {
  const PopulationSpec& p = scenario_.populations.at(population);
  twinmodels::platform::Eis eis;
  eis.eid = euicc_eid(device);
  eis.eum_id = kRunEumId;
  eis.isd_r_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900000100");  // SGP.02 Annex H
  if (with_ecasd_[population]) eis.ecasd_certificate = pki_->ecasd(eis.eid).certificate;
  if (const auto key = scp81_key(population, device)) eis.isd_r_psk_version = key->key_version;
  for (std::size_t k = 0; k < p.euicc_profiles.size(); ++k) {
    const EuiccProfileSpec& spec = p.euicc_profiles[k];
    if (!spec.installed) continue;
    twinmodels::platform::EisProfile q;
    q.isdp_aid = profile_isdp_aid(k);
    q.iccid = printed_iccid(profile_iccid(k, device));
    q.mno_id = spec.operator_name;
    q.imsi = imsi_for(spec.imsi_prefix, device);
    q.msisdn = profile_msisdn(k, device);
    q.state = spec.enabled ? twinmodels::platform::ProfileState::Enabled : twinmodels::platform::ProfileState::Disabled;
    q.fallback = spec.fallback;
    eis.profiles.push_back(q);
  }
  return eis;
}

std::optional<twinmodels::platform::Scp81Key> EuiccFactory::scp81_key(std::uint16_t population,
                                                                     std::uint32_t device) const {
  if (!scenario_.populations.at(population).scp81) return std::nullopt;
  cardcore::Bytes m = {'s', 'c', 'p', '8', '1', '-', 'p', 's', 'k'};
  for (int i = 0; i < 8; ++i) m.push_back(static_cast<std::uint8_t>(scenario_.general.seed >> (8 * i)));
  for (int i = 0; i < 4; ++i) m.push_back(static_cast<std::uint8_t>(device >> (8 * i)));
  const cardcore::ecasd::Sha256Digest d = cardcore::ecasd::sha256(m);
  return twinmodels::platform::Scp81Key{0x40, 0x01, cardcore::Bytes(d.begin(), d.begin() + 16)};
}

twinmodels::ota::OtaCardConfig EuiccFactory::isd_r(std::uint16_t population, std::uint32_t device,
                                                   const cardcore::sms::Address& smsr) const {
  cardcore::ota::CommandSecurity security;
  security.spi = cardcore::ota::Spi::parse(0x16, 0x19);
  return twinmodels::ota::subscriber_ota_config(*platforms_.at(population), keys_, kIsdRKeys | device, {0x00, 0x00, 0x01}, security, smsr);
}

twinmodels::platform::SubscriptionValues EuiccFactory::subscription(std::uint16_t population, std::size_t k,
                                                                   std::uint32_t device) const {
  const EuiccProfileSpec& spec = scenario_.populations.at(population).euicc_profiles.at(k);
  const twinmodels::SubscriberKeys sk = keys_.derive(profile_subscriber(scenario_, devices_, k, device));
  return {printed_iccid(profile_iccid(k, device)), imsi_for(spec.imsi_prefix, device),
          cardcore::Bytes(sk.k.begin(), sk.k.end()), cardcore::Bytes(sk.opc.begin(), sk.opc.end())};
}

int EuiccFactory::profile_of_imsi(std::uint16_t population, std::uint32_t device, const std::string& imsi) const {
  const PopulationSpec& p = scenario_.populations.at(population);
  for (std::size_t k = 0; k < p.euicc_profiles.size(); ++k) {
    if (imsi_for(p.euicc_profiles[k].imsi_prefix, device) == imsi) return static_cast<int>(k);
  }
  return -1;
}

}  // namespace twinsim
