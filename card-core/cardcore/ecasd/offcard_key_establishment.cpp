#include "cardcore/ecasd/offcard_key_establishment.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "cardcore/ecasd/ecdh.hpp"
#include "cardcore/ecasd/key_establishment_data.hpp"

namespace cardcore::ecasd {

OffCardKeyEstablishment::OffCardKeyEstablishment(OffCardKeyEstablishmentConfig config)
    : config_(std::move(config)), crt_tlv_(encode_crt(config_.crt)) {
  if (config_.ephemeral_key.curve() != config_.ecasd_public_key.curve)
    throw std::invalid_argument("off-card key establishment: ephemeral key not on the ECASD's curve");
}

Bytes OffCardKeyEstablishment::certificate_command_data() const {
  return encode_certificate_command(encode_certificate(config_.certificate));
}

Outcome<Bytes> OffCardKeyEstablishment::key_agreement_command_data(ByteView certificate_response) {
  const Outcome<Bytes> rc = decode_certificate_response(certificate_response);
  if (!rc.ok()) return rc;
  return {encode_key_agreement_command(crt_tlv_, public_key_of(config_.ephemeral_key), config_.signing_key,
                                       *rc.value),
          KeyEstablishmentError::None,
          {}};
}

Outcome<OffCardKeyEstablishmentResult> OffCardKeyEstablishment::process_response(ByteView response) const {
  using E = KeyEstablishmentError;
  using R = OffCardKeyEstablishmentResult;
  const Outcome<KeyAgreementResponse> resp = decode_key_agreement_response(response);
  if (!resp.ok()) return {std::nullopt, resp.error, resp.detail};
  const bool with_dr = (config_.crt.scenario_parameters & kScenarioDerivationRandom) != 0;
  const Bytes& dr = resp.value->derivation_random;
  if (with_dr && dr.size() != kRandomBytes) return {std::nullopt, E::ResponseMalformed, "'85' DR not 16 bytes"};
  if (!with_dr && !dr.empty()) return {std::nullopt, E::ResponseMalformed, "'85' DR not asked for"};

  // ShS = x(eSK.OCE.ECKA · PK.ECASD.ECKA), the same point the card computes.
  Bytes shs = ecdh_shared_secret(config_.ephemeral_key, config_.ecasd_public_key);
  const SecurityDomainIdentity* identity = config_.identity ? &*config_.identity : nullptr;
  DerivedKeys keys =
      derive_keys(shs, shared_info(config_.crt, dr, identity), config_.crt.key_length, derived_key_count(config_.crt));
  std::fill(shs.begin(), shs.end(), 0);
  const Receipt expected = compute_receipt(keys.receipt_key, crt_tlv_, dr);
  if (!receipts_equal(expected, resp.value->receipt)) return {std::nullopt, E::ReceiptMismatch, {}};
  R out{{}, {}, dr, expected};
  if (derived_key_count(config_.crt) == 1) out.psk = std::move(keys.keys.enc);
  else out.keys = std::move(keys.keys);
  return {std::move(out), E::None, {}};
}

bool ecasd_certificate_trusted(const Certificate& ecasd, const Certificate& eum, const Certificate& ci) {
  return issued_by(eum, ci) && issued_by(ecasd, eum) && ecasd.key_usage == kKeyUsageKeyAgreement;
}

}  // namespace cardcore::ecasd
