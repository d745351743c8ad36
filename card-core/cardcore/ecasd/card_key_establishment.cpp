#include "cardcore/ecasd/card_key_establishment.hpp"

#include <algorithm>
#include <utility>

#include "cardcore/ecasd/ecdh.hpp"
#include "cardcore/ecasd/ecdsa.hpp"
#include "cardcore/ecasd/key_agreement_crt.hpp"
#include "cardcore/ecasd/key_establishment_data.hpp"

namespace cardcore::ecasd {

namespace {

template <class T>
Outcome<T> failure(KeyEstablishmentError e, std::string detail = {}) {
  return {std::nullopt, e, std::move(detail)};
}

}  // namespace

CardKeyEstablishment::CardKeyEstablishment(CardKeyEstablishmentConfig config) : config_(std::move(config)) {}

Outcome<Bytes> CardKeyEstablishment::process_certificate(ByteView command_data, ByteView random_challenge) {
  using E = KeyEstablishmentError;
  off_card_.reset();
  random_challenge_.clear();
  if (!random_challenge.empty() && random_challenge.size() != kRandomBytes) return failure<Bytes>(E::BadRandom);

  const Outcome<Bytes> cert_bytes = decode_certificate_command(command_data);
  if (!cert_bytes.ok()) return failure<Bytes>(cert_bytes.error, cert_bytes.detail);
  const CertificateDecoding dec = decode_certificate(*cert_bytes.value);
  if (!dec.ok()) return failure<Bytes>(E::CertificateMalformed, dec.error.message());
  const Certificate& cert = *dec.certificate;

  // SGP.02 §2.3.2 / GPC Amendment E: the certificate must chain to the CI.
  if (cert.ca_identifier != config_.ci_identifier)
    return failure<Bytes>(E::CertificateNotFromCi, "'42' " + to_hex(cert.ca_identifier));
  if (!verify_certificate_signature(cert, config_.ci_public_key)) return failure<Bytes>(E::CertificateSignatureInvalid);
  switch (validity_on(cert, config_.today)) {
    case Validity::NotYetValid: return failure<Bytes>(E::CertificateNotYetValid, to_string(config_.today));
    case Validity::Expired: return failure<Bytes>(E::CertificateExpired, to_string(config_.today));
    case Validity::Valid: break;
  }
  if (cert.key_usage != kKeyUsageSignatureVerification)
    return failure<Bytes>(E::CertificateWrongKeyUsage, "'95' " + std::to_string(cert.key_usage));
  const auto type = certificate_type(cert);
  if (type != static_cast<std::uint8_t>(config_.expected_entity))
    return failure<Bytes>(E::CertificateWrongType, type ? "'C8' " + std::to_string(*type) : "'C8' absent");
  if (cert.public_key.curve != config_.ecasd_key.curve()) return failure<Bytes>(E::CertificateCurveMismatch);

  off_card_ = cert;
  random_challenge_.assign(random_challenge.begin(), random_challenge.end());
  return {encode_certificate_response(random_challenge), E::None, {}};
}

Outcome<CardKeyEstablishmentResult> CardKeyEstablishment::process_key_agreement(ByteView command_data,
                                                                                ByteView derivation_random) {
  using E = KeyEstablishmentError;
  using R = CardKeyEstablishmentResult;
  if (!off_card_) return failure<R>(E::KeyAgreementWithoutCertificate);
  // Whatever happens next, this certificate has been used.
  const Certificate cert = std::move(*off_card_);
  const Bytes rc = std::move(random_challenge_);
  off_card_.reset();
  random_challenge_.clear();

  const Outcome<KeyAgreementCommand> cmd = decode_key_agreement_command(command_data);
  if (!cmd.ok()) return failure<R>(cmd.error, cmd.detail);
  const Outcome<KeyAgreementCrt> crt = decode_crt(cmd.value->crt_tlv);
  if (!crt.ok()) return failure<R>(crt.error, crt.detail);

  // GPC Amendment E scenario #3: ePK.OCE.ECKA signed with SK.OCE.ECDSA.
  if (!ecdsa_verify(cert.public_key, key_agreement_signed_data(cmd.value->signed_data, rc), cmd.value->signature))
    return failure<R>(E::EphemeralKeySignatureInvalid);

  std::string detail;
  if (const E e = check_crt_values(*crt.value, detail); e != E::None) return failure<R>(e, detail);
  if (crt.value->sdin && (!config_.identity || *crt.value->sdin != config_.identity->sdin))
    return failure<R>(E::SdinMismatch, "'45' " + to_hex(*crt.value->sdin));

  const auto curve = curve_from_reference(cmd.value->key_parameter_reference);
  if (!curve || *curve != config_.ecasd_key.curve())
    return failure<R>(E::EphemeralKeyInvalid, "'F0' not the ECASD's curve");
  const auto epk = make_public_key(*curve, cmd.value->point);
  if (!epk) return failure<R>(E::EphemeralKeyInvalid, "'B0' not a point of the curve");

  const bool with_dr = (crt.value->scenario_parameters & kScenarioDerivationRandom) != 0;
  if (with_dr && derivation_random.size() != kRandomBytes) return failure<R>(E::BadRandom);
  const ByteView dr = with_dr ? derivation_random : ByteView{};

  // BSI TR-03111 ECKA-EG on the card: ShS = x(SK.ECASD.ECKA · ePK).
  Bytes shs = ecdh_shared_secret(config_.ecasd_key, *epk);
  const SecurityDomainIdentity* identity = config_.identity ? &*config_.identity : nullptr;
  DerivedKeys keys =
      derive_keys(shs, shared_info(*crt.value, dr, identity), crt.value->key_length, derived_key_count(*crt.value));
  std::fill(shs.begin(), shs.end(), 0);

  R out;
  out.receipt = compute_receipt(keys.receipt_key, cmd.value->crt_tlv, dr);
  if (derived_key_count(*crt.value) == 1) out.psk = std::move(keys.keys.enc);
  else out.keys = std::move(keys.keys);
  out.key_identifier = crt.value->key_identifier;
  out.key_version = crt.value->key_version;
  out.key_access = crt.value->key_access;
  out.delete_existing_keys = (crt.value->scenario_parameters & kScenarioDeleteKeys) != 0;
  out.host_id = crt.value->host_id;
  out.initial_counter = crt.value->initial_counter;
  out.off_card_identifier = cert.subject_identifier;
  out.response_data = encode_key_agreement_response(dr, out.receipt);
  return {std::move(out), E::None, {}};
}

}  // namespace cardcore::ecasd
