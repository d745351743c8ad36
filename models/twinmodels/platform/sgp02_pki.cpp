#include "twinmodels/platform/sgp02_pki.hpp"

#include <string_view>

namespace twinmodels::platform {

namespace {

namespace ec = cardcore::ecasd;

ec::PrivateKey key_of(std::uint64_t seed, std::string_view who) {
  std::string s = "esimtwin-pki/" + std::to_string(seed) + "/";
  s += who;
  return ec::private_key_from_seed(ec::Curve::NistP256, cardcore::Bytes(s.begin(), s.end()));
}

// The certificate of `key`'s public key before its issuer signs it.
ec::Certificate body(const std::string& serial, const cardcore::Bytes& ca, const cardcore::Bytes& subject,
                     std::uint16_t usage, const std::string& discretionary, const ec::PrivateKey& key) {
  ec::Certificate c;
  c.serial_number = cardcore::from_hex(serial);
  c.ca_identifier = ca;
  c.subject_identifier = subject;
  c.key_usage = usage;
  c.effective_date = ec::CertificateDate{2024, 1, 1};
  c.expiration_date = ec::CertificateDate{2049, 12, 31};
  c.discretionary_data = cardcore::from_hex(discretionary);
  c.public_key = ec::public_key_of(key);
  return c;
}

const cardcore::Bytes kCiId = cardcore::from_hex("C1E5171700000001");
const cardcore::Bytes kEumId = cardcore::from_hex("E0E5171700000001");

}  // namespace

Sgp02Pki::Sgp02Pki(std::uint64_t seed)
    : seed_(seed), ci_key_(key_of(seed, "CI")), eum_key_(key_of(seed, "EUM")) {
  ci_ = ec::sign_certificate(body("01", kCiId, kCiId, ec::kKeyUsageCertificateSigning, "", ci_key_), ci_key_);
  eum_ = ec::sign_certificate(body("0201", kCiId, kEumId, ec::kKeyUsageCertificateSigning, "", eum_key_), ci_key_);
}

Sgp02Pki::Party Sgp02Pki::smdp(const std::string& id, std::uint8_t serial) const {
  Party p{key_of(seed_, serial == 1 ? std::string("SM-DP") : "SM-DP/" + id), {}};
  const std::string n = cardcore::to_hex(cardcore::Bytes{serial});
  // 'C8' 01: an SM-DP certificate (SGP.02 Table 77).
  p.certificate = ec::sign_certificate(body("0D" + n, kCiId, cardcore::from_hex("D0E51717000000" + n),
                                            ec::kKeyUsageSignatureVerification, "C80101", p.key),
                                       ci_key_);
  return p;
}

Sgp02Pki::Party Sgp02Pki::smsr(const std::string& id, std::uint8_t serial) const {
  Party p{key_of(seed_, "SM-SR/" + id), {}};
  const std::string n = cardcore::to_hex(cardcore::Bytes{serial});
  // 'C8' 02: an SM-SR certificate (SGP.02 Table 77).
  p.certificate = ec::sign_certificate(body("0E" + n, kCiId, cardcore::from_hex("5E5E5E5E000000" + n),
                                            ec::kKeyUsageSignatureVerification, "C80102", p.key),
                                       ci_key_);
  return p;
}

ec::PrivateKey Sgp02Pki::key(std::string_view who) const { return key_of(seed_, who); }

cardcore::euicc::EcasdPersonalization Sgp02Pki::ecasd(const std::string& eid) const {
  const ec::PrivateKey key = key_of(seed_, "ECASD/" + eid);
  const cardcore::Bytes subject = cardcore::from_hex(eid);
  const ec::Certificate c = ec::sign_certificate(
      body(eid.substr(eid.size() - 16), kEumId, subject, ec::kKeyUsageKeyAgreement, "", key), eum_key_);
  // The key establishment's "today" (SGP.02 §2.3.2): the production date.
  return {key, ec::encode_certificate(c), ci_.public_key, ci_.subject_identifier, ec::CertificateDate{2026, 1, 1}};
}

}  // namespace twinmodels::platform
