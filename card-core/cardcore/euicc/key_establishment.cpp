// Key establishment through the ECASD (GSMA SGP.02 §3.1.2 for an ISD-P,
// ES8.EstablishISDPKeySet; §3.8 / §5.6 for the ISD-R at an SM-SR change):
// GPC Amendment E scenario #3 (ecasd/card_key_establishment.hpp) wired to
// the eUICC's STORE DATA. DGI '3A01' carries the off-card entity's
// certificate and is answered with the card's random challenge; DGI '3A02'
// carries the signed ephemeral key and is answered with the receipt. The
// new keys and the state change are one NVM transaction. For the ISD-R the
// CRT's key usage qualifier says which keys: '10' an SCP80 key set
// (isd_r_keys.cpp), '5C' with PSK-TLS an SCP81 PSK (isd_r_psk.cpp).
#include <stdexcept>

#include "cardcore/ecasd/sha256.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"

namespace cardcore::euicc {

namespace {
constexpr std::uint16_t kDgiCertificate = 0x3A01, kDgiKeyAgreement = 0x3A02;
}  // namespace

Bytes Euicc::card_random(std::string_view label) const {
  Bytes in = read_eid(platform_);
  const std::uint64_t n = platform_.nvm().program_count();
  for (int i = 7; i >= 0; --i) in.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  in.insert(in.end(), label.begin(), label.end());
  const ecasd::Sha256Digest d = ecasd::sha256(in);
  return Bytes(d.begin(), d.begin() + 16);
}

std::optional<ecasd::CardKeyEstablishmentConfig> Euicc::key_establishment_config(const Uicc& platform,
                                                                                 std::uint8_t record) const {
  const std::optional<EcasdData> ecasd = read_ecasd(platform);
  if (!ecasd) return std::nullopt;
  // The ISD-R's key establishment is with an SM-SR (§3.8), an ISD-P's with an SM-DP (§3.1.2).
  return ecasd::CardKeyEstablishmentConfig{ecasd->ci_public_key, ecasd->ci_identifier, ecasd->key,
                                           record == 0 ? ecasd::OffCardEntityType::SmSr : ecasd::OffCardEntityType::SmDp,
                                           ecasd->production_date, std::nullopt};
}

StatusWord Euicc::establish_keys(std::uint8_t record, std::uint16_t dgi, ByteView data, Bytes& out) {
  const auto refusal = [&](const ecasd::KeyEstablishmentError e) {
    key_establishment_.reset();
    const std::optional<std::uint16_t> s = ecasd::status_word(e);
    return s ? StatusWord{*s} : sw::kTechnicalProblem;
  };
  if (dgi == kDgiCertificate) {
    key_establishment_.reset();
    std::optional<ecasd::CardKeyEstablishmentConfig> config = key_establishment_config(platform_, record);
    if (!config) return sw::kConditionsNotSatisfied;  // no ECASD content: not personalized for it
    key_establishment_.emplace(KeyEstablishment{record, ecasd::CardKeyEstablishment(std::move(*config))});
    const ecasd::Outcome<Bytes> a = key_establishment_->card.process_certificate(data, card_random("RC"));
    if (!a.ok()) return refusal(a.error);
    out = *a.value;
    return sw::kOk;
  }
  if (dgi != kDgiKeyAgreement) return sw::kReferencedDataNotFound;
  if (!key_establishment_ || key_establishment_->record != record) {
    key_establishment_.reset();
    return sw::kConditionsNotSatisfied;
  }
  const ecasd::Outcome<ecasd::CardKeyEstablishmentResult> r =
      key_establishment_->card.process_key_agreement(data, card_random("DR"));
  key_establishment_.reset();
  if (!r.ok()) return refusal(r.error);
  StatusWord s = sw::kOk;
  if (record == 0) {
    // Q '10': the new SM-SR's SCP80 key set; Q '5C' PSK-TLS: its SCP81 PSK
    // (as njiwa's CreateSCP81KeySet).
    s = r.value->psk.empty() ? add_isd_r_key_set(*r.value) : add_isd_r_psk(*r.value);
  } else {
    // SGP.02 §3.1.2: the ISD-P becomes PERSONALIZED with its key set.
    const std::vector<gp::Slot> used = gp::read_registry(platform_);
    const gp::Slot* isdp = gp::find_record(used, record);
    // ISD-P keys are an SCP03 key set of AES-128 keys here (EF.ISDP_KEYS),
    // with a key version: no PSK.
    if (!isdp || !r.value->psk.empty() || r.value->keys.enc.size() != 16 || r.value->key_version == 0xFF) {
      return sw::kIncorrectData;
    }
    gp::RegistryEntry e = isdp->entry;
    e.life_cycle = isdp_state::kPersonalized;
    platform_.nvm().begin();
    gp::stage_entry(platform_, record, e);
    stage_isdp_keys(platform_, record, gp::scp03::StaticKeys{r.value->key_version, r.value->keys.enc, r.value->keys.mac,
                                                             r.value->keys.dek});
    s = gp::commit_registry(platform_);
  }
  if (s == sw::kOk) out = r.value->response_data;
  return s;
}

}  // namespace cardcore::euicc
