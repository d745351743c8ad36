#pragma once
// A small SGP.02 PKI for the ECASD tests, every key from a fixed seed:
// the CI signs the EUM, the SM-DP and the SM-SR certificates; the EUM signs
// the eUICC's CERT.ECASD.ECKA.
#include <string>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd::testing {

inline Bytes seed(const std::string& s) { return Bytes(s.begin(), s.end()); }

struct Party {
  PrivateKey key;
  Certificate certificate;
};

inline Certificate unsigned_certificate(const std::string& serial_hex, const Bytes& ca_id, const Bytes& subject_id,
                                        std::uint16_t usage, const Bytes& discretionary, const PublicKey& key) {
  Certificate c;
  c.serial_number = from_hex(serial_hex);
  c.ca_identifier = ca_id;
  c.subject_identifier = subject_id;
  c.key_usage = usage;
  c.effective_date = CertificateDate{2020, 1, 1};
  c.expiration_date = CertificateDate{2040, 12, 31};
  c.discretionary_data = discretionary;
  c.public_key = key;
  return c;
}

struct Pki {
  Curve curve;
  Party ci, eum, euicc, smdp, smsr;
};

// curve for every key; the CI certificate is self-signed.
inline Pki make_pki(Curve curve = Curve::NistP256) {
  const Bytes ci_id = from_hex("c1c1c1c1c1c1c1c1"), eum_id = from_hex("e0e0e0e0e0e0e0e0");
  auto party = [&](const std::string& name) { return private_key_from_seed(curve, seed(name + "/" + std::to_string(int(curve)))); };
  const PrivateKey ci_key = party("CI"), eum_key = party("EUM"), euicc_key = party("ECASD"), dp_key = party("SM-DP"),
                   sr_key = party("SM-SR");
  const Certificate ci = sign_certificate(unsigned_certificate("01", ci_id, ci_id, kKeyUsageCertificateSigning,
                                                               from_hex("c00100"), public_key_of(ci_key)),
                                          ci_key);
  const Certificate eum = sign_certificate(unsigned_certificate("0201", ci_id, eum_id, kKeyUsageCertificateSigning,
                                                                from_hex("c00101"), public_key_of(eum_key)),
                                           ci_key);
  const Certificate euicc = sign_certificate(
      unsigned_certificate("89049032", eum_id, from_hex("89049032123451234512345678901235"), kKeyUsageKeyAgreement, {},
                           public_key_of(euicc_key)),
      eum_key);
  const Certificate smdp = sign_certificate(unsigned_certificate("0d01", ci_id, from_hex("d0d0d0d0"),
                                                                 kKeyUsageSignatureVerification, from_hex("c80101"),
                                                                 public_key_of(dp_key)),
                                            ci_key);
  const Certificate smsr = sign_certificate(unsigned_certificate("0e01", ci_id, from_hex("5e5e5e5e"),
                                                                 kKeyUsageSignatureVerification, from_hex("c80102"),
                                                                 public_key_of(sr_key)),
                                            ci_key);
  return {curve, {ci_key, ci}, {eum_key, eum}, {euicc_key, euicc}, {dp_key, smdp}, {sr_key, smsr}};
}

}  // namespace cardcore::ecasd::testing
