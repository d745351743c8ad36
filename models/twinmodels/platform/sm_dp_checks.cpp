// The SM-DP's checks of an ES2.DownloadProfile order before any ES3 call
// (GSMA SGP.02 §3.1.1, §5.3.2), and the job's plan: the prepared package,
// the key establishment with PK.ECASD.ECKA, the per-order randoms.
#include <algorithm>

#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/ecasd/sha256.hpp"
#include "twinmodels/platform/sm_dp.hpp"

namespace twinmodels::platform {

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

cardcore::Bytes seeded(const cardcore::Bytes& seed, std::string_view label, std::string_view call_id) {
  cardcore::Bytes s = seed;
  s.insert(s.end(), label.begin(), label.end());
  s.push_back('/');
  s.insert(s.end(), call_id.begin(), call_id.end());
  return s;
}

}  // namespace

std::optional<SmDp::Refusal> SmDp::check(const DownloadProfileRequest& o, const Eis*& eis) const {
  if (o.call_id.empty()) return Refusal{"Function call identifier", "Missing", {}};
  if (order_ids_.count(o.call_id)) {
    return Refusal{"Function call identifier", "Already in use", o.call_id};
  }
  if (o.eid.size() != 32 || !digits(o.eid)) return Refusal{"EID", "Invalid", "not 32 digits"};  // SGP.02 §2.2.2
  const auto smsr = smsrs_.find(o.smsr_id);
  if (smsr == smsrs_.end()) return Refusal{"SM-SR", "Unknown", o.smsr_id};
  const GenericProfile* type = store_.find(o.profile_type);
  if (!type) return Refusal{"Profile Type", "Unknown", o.profile_type};
  if (type->owner != o.mno_id) return Refusal{"Profile Type", "Not allowed", "owned by " + type->owner};
  const StockEntry* s = stock_.find(o.iccid);
  if (!s) return Refusal{"Profile ICCID", "Unknown", {}};
  if (s->profile_type != o.profile_type) return Refusal{"Profile ICCID", "Invalid", "stocked for " + s->profile_type};
  if (s->state != StockState::Available) return Refusal{"Profile ICCID", "Already in use", to_string(s->state)};
  // ES3.GetEIS (SGP.02 §3.1.1): the SM-SR answers from its EIS.
  eis = smsr->second->eis(o.eid);
  if (!eis) return Refusal{"EID", "Unknown", "not managed by " + o.smsr_id};
  const std::optional<std::uint32_t>& needed = required_memory_.find(o.profile_type)->second;
  if (needed && eis->free_nonvolatile_memory && *eis->free_nonvolatile_memory < *needed) {
    return Refusal{"eUICC", "Not enough memory",
                   std::to_string(*eis->free_nonvolatile_memory) + " bytes free, " + std::to_string(*needed) + " needed"};
  }
  return check_ecasd(*eis);
}

// SGP.02 §2.3, §3.1.2: before the key establishment the SM-DP verifies
// CERT.ECASD.ECKA — issued by the eUICC's EUM, whose certificate the CI
// issued, with key usage key agreement.
std::optional<SmDp::Refusal> SmDp::check_ecasd(const Eis& eis) const {
  if (eis.ecasd_certificate.empty()) return Refusal{"ECASD", "Verification failed", "no CERT.ECASD.ECKA in the EIS"};
  const cardcore::ecasd::CertificateDecoding d = cardcore::ecasd::decode_certificate(eis.ecasd_certificate);
  if (!d.ok()) return Refusal{"ECASD", "Verification failed", "CERT.ECASD.ECKA malformed"};
  const auto eum = config_.eums.find(eis.eum_id);
  if (eum == config_.eums.end()) return Refusal{"ECASD", "Verification failed", "unknown EUM '" + eis.eum_id + "'"};
  if (!cardcore::ecasd::ecasd_certificate_trusted(*d.certificate, eum->second, config_.ci)) {
    return Refusal{"ECASD", "Verification failed", "CERT.ECASD.ECKA not issued under the CI by EUM '" + eis.eum_id + "'"};
  }
  return std::nullopt;
}

DownloadPlan SmDp::plan(const DownloadProfileRequest& o, const Eis& eis, const StockEntry& s) const {
  const cardcore::ecasd::Certificate ecasd = *cardcore::ecasd::decode_certificate(eis.ecasd_certificate).certificate;
  cardcore::ecasd::KeyAgreementCrt crt;
  crt.key_version = config_.scp03_key_version;
  const cardcore::ecasd::Sha256Digest challenge = cardcore::ecasd::sha256(seeded(config_.random_seed, "host challenge", o.call_id));
  return DownloadPlan{
      o,
      config_.id,
      required_memory_.find(o.profile_type)->second,
      store_.prepare(o.profile_type, s.values),
      s.values.imsi,
      s.msisdn,
      cardcore::Bytes(challenge.begin(), challenge.begin() + 8),
      {config_.certificate, config_.signing_key, ecasd.public_key,
       cardcore::ecasd::private_key_from_seed(ecasd.public_key.curve, seeded(config_.random_seed, "eSK.DP.ECKA", o.call_id)),
       crt, std::nullopt},
      // SGP.02 §4.1.3.3: SCP03t for the download over HTTPS, which the SM-SR
      // uses for an eUICC whose EIS names the ISD-R's SCP81 PSK.
      eis.isd_r_psk_version.has_value()};
}

}  // namespace twinmodels::platform
