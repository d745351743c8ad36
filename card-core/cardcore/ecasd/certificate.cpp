#include "cardcore/ecasd/certificate.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "cardcore/ecasd/ecdsa.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::ecasd {

namespace {

// Tags of the certificate format (see certificate.hpp).
constexpr std::uint16_t kCertificate = 0x7F21;
constexpr std::uint16_t kSerial = 0x0093;
constexpr std::uint16_t kCaId = 0x0042;
constexpr std::uint16_t kSubjectId = 0x5F20;
constexpr std::uint16_t kKeyUsage = 0x0095;
constexpr std::uint16_t kEffective = 0x5F25;
constexpr std::uint16_t kExpiration = 0x5F24;
constexpr std::uint16_t kDiscretionary = 0x0073;
constexpr std::uint16_t kPublicKey = 0x7F49;
constexpr std::uint16_t kPoint = 0x00B0;
constexpr std::uint16_t kKeyParameter = 0x00F0;
constexpr std::uint16_t kSignature = 0x5F37;

constexpr std::size_t kMaxSerial = 16;
constexpr std::size_t kMaxIdentifier = 32;

bool length_in(ByteView v, std::size_t lo, std::size_t hi) { return v.size() >= lo && v.size() <= hi; }

bool tlv_sequence_ok(ByteView v) {
  tlv::BerReader reader(v);
  tlv::BerTlv t;
  while (reader.next(t)) {
  }
  return reader.error() == tlv::Error::None;
}

void require(bool ok, CertificateField f) {
  if (!ok) throw std::invalid_argument("certificate: cannot encode " + std::string(field_name(f)));
}

Bytes encode_public_key(const PublicKey& key) {
  Bytes v;
  tlv::put_ber(v, kPoint, key.point);
  const std::uint8_t ref = key_parameter_reference(key.curve);
  tlv::put_ber(v, kKeyParameter, ByteView(&ref, 1));
  return v;
}

struct Fail {
  CertificateError error;
};
[[noreturn]] void fail(CertificateField f, CertificateProblem p, std::uint16_t tag = 0) { throw Fail{{f, p, tag}}; }

// Walks the objects of '7F21' in their fixed order.
class Cursor {
 public:
  explicit Cursor(std::vector<tlv::BerTlv> tlvs) : tlvs_(std::move(tlvs)) {}
  // The next object when it has `tag`; Missing otherwise.
  ByteView take(std::uint16_t tag, CertificateField f) {
    if (i_ < tlvs_.size() && tlvs_[i_].tag == tag) return tlvs_[i_++].value;
    fail(f, CertificateProblem::Missing);
  }
  std::optional<ByteView> take_optional(std::uint16_t tag) {
    if (i_ < tlvs_.size() && tlvs_[i_].tag == tag) return tlvs_[i_++].value;
    return std::nullopt;
  }
  bool at_end() const { return i_ == tlvs_.size(); }
  std::uint16_t next_tag() const { return tlvs_[i_].tag; }

 private:
  std::vector<tlv::BerTlv> tlvs_;
  std::size_t i_ = 0;
};

std::vector<tlv::BerTlv> read_all(ByteView v, CertificateField f) {
  std::vector<tlv::BerTlv> out;
  tlv::BerReader reader(v);
  tlv::BerTlv t;
  while (reader.next(t)) out.push_back(t);
  if (reader.error() != tlv::Error::None) fail(f, CertificateProblem::Malformed);
  return out;
}

PublicKey decode_public_key(ByteView v) {
  Cursor c(read_all(v, CertificateField::PublicKey));
  const ByteView point = c.take(kPoint, CertificateField::PublicKeyPoint);
  const ByteView ref = c.take(kKeyParameter, CertificateField::KeyParameterReference);
  if (!c.at_end()) fail(CertificateField::PublicKey, CertificateProblem::Unexpected, c.next_tag());
  if (point.size() != kPointBytes) fail(CertificateField::PublicKeyPoint, CertificateProblem::BadLength);
  if (ref.size() != 1) fail(CertificateField::KeyParameterReference, CertificateProblem::BadLength);
  const auto curve = curve_from_reference(ref[0]);
  if (!curve) fail(CertificateField::KeyParameterReference, CertificateProblem::BadValue);
  auto key = make_public_key(*curve, point);
  if (!key) fail(CertificateField::PublicKeyPoint, CertificateProblem::BadValue);
  return *key;
}

Certificate decode_fields(ByteView in) {
  const tlv::Result<tlv::BerTlv> outer = tlv::parse_ber(in);
  if (!outer.ok())
    fail(CertificateField::Certificate,
         outer.error == tlv::Error::TrailingData ? CertificateProblem::Unexpected : CertificateProblem::Malformed);
  if (outer.value.tag != kCertificate) fail(CertificateField::Certificate, CertificateProblem::Missing);

  Cursor c(read_all(outer.value.value, CertificateField::Certificate));
  Certificate cert;
  const ByteView serial = c.take(kSerial, CertificateField::SerialNumber);
  const ByteView ca = c.take(kCaId, CertificateField::CaIdentifier);
  const ByteView subject = c.take(kSubjectId, CertificateField::SubjectIdentifier);
  const ByteView usage = c.take(kKeyUsage, CertificateField::KeyUsage);
  const std::optional<ByteView> effective = c.take_optional(kEffective);
  const ByteView expiration = c.take(kExpiration, CertificateField::ExpirationDate);
  const ByteView discretionary = c.take(kDiscretionary, CertificateField::DiscretionaryData);
  const ByteView public_key = c.take(kPublicKey, CertificateField::PublicKey);
  const ByteView signature = c.take(kSignature, CertificateField::Signature);
  if (!c.at_end()) fail(CertificateField::Certificate, CertificateProblem::Unexpected, c.next_tag());

  if (!length_in(serial, 1, kMaxSerial)) fail(CertificateField::SerialNumber, CertificateProblem::BadLength);
  if (!length_in(ca, 1, kMaxIdentifier)) fail(CertificateField::CaIdentifier, CertificateProblem::BadLength);
  if (!length_in(subject, 1, kMaxIdentifier)) fail(CertificateField::SubjectIdentifier, CertificateProblem::BadLength);
  if (usage.size() != 2) fail(CertificateField::KeyUsage, CertificateProblem::BadLength);
  if (effective) {
    if (effective->size() != 4) fail(CertificateField::EffectiveDate, CertificateProblem::BadLength);
    cert.effective_date = decode_date(*effective);
    if (!cert.effective_date) fail(CertificateField::EffectiveDate, CertificateProblem::BadValue);
  }
  if (expiration.size() != 4) fail(CertificateField::ExpirationDate, CertificateProblem::BadLength);
  const auto exp = decode_date(expiration);
  if (!exp) fail(CertificateField::ExpirationDate, CertificateProblem::BadValue);
  if (!tlv_sequence_ok(discretionary)) fail(CertificateField::DiscretionaryData, CertificateProblem::Malformed);
  if (signature.size() != kSignatureBytes) fail(CertificateField::Signature, CertificateProblem::BadLength);

  cert.serial_number.assign(serial.begin(), serial.end());
  cert.ca_identifier.assign(ca.begin(), ca.end());
  cert.subject_identifier.assign(subject.begin(), subject.end());
  cert.key_usage = be16(usage.data());
  cert.expiration_date = *exp;
  cert.discretionary_data.assign(discretionary.begin(), discretionary.end());
  cert.public_key = decode_public_key(public_key);
  cert.signature.assign(signature.begin(), signature.end());
  return cert;
}

}  // namespace

std::string_view field_name(CertificateField f) {
  switch (f) {
    case CertificateField::Certificate: return "'7F21' certificate";
    case CertificateField::SerialNumber: return "'93' serial number";
    case CertificateField::CaIdentifier: return "'42' CA identifier";
    case CertificateField::SubjectIdentifier: return "'5F20' subject identifier";
    case CertificateField::KeyUsage: return "'95' key usage";
    case CertificateField::EffectiveDate: return "'5F25' effective date";
    case CertificateField::ExpirationDate: return "'5F24' expiration date";
    case CertificateField::DiscretionaryData: return "'73' discretionary data";
    case CertificateField::PublicKey: return "'7F49' public key";
    case CertificateField::PublicKeyPoint: return "'7F49'/'B0' public key point";
    case CertificateField::KeyParameterReference: return "'7F49'/'F0' key parameter reference";
    case CertificateField::Signature: return "'5F37' signature";
  }
  return "?";
}

std::string_view describe(CertificateProblem p) {
  switch (p) {
    case CertificateProblem::Malformed: return "malformed TLV";
    case CertificateProblem::Missing: return "missing or out of order";
    case CertificateProblem::Unexpected: return "unexpected data";
    case CertificateProblem::BadLength: return "bad length";
    case CertificateProblem::BadValue: return "bad value";
  }
  return "?";
}

std::string CertificateError::message() const {
  std::string m = "certificate: " + std::string(field_name(field)) + ": " + std::string(describe(problem));
  if (tag != 0) m += " (tag '" + to_hex(Bytes{static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag)}) + "')";
  return m;
}

Bytes encode_certificate_body(const Certificate& c) {
  require(length_in(c.serial_number, 1, kMaxSerial), CertificateField::SerialNumber);
  require(length_in(c.ca_identifier, 1, kMaxIdentifier), CertificateField::CaIdentifier);
  require(length_in(c.subject_identifier, 1, kMaxIdentifier), CertificateField::SubjectIdentifier);
  require(tlv_sequence_ok(c.discretionary_data), CertificateField::DiscretionaryData);
  require(make_public_key(c.public_key.curve, c.public_key.point).has_value(), CertificateField::PublicKeyPoint);
  Bytes out;
  tlv::put_ber(out, kSerial, c.serial_number);
  tlv::put_ber(out, kCaId, c.ca_identifier);
  tlv::put_ber(out, kSubjectId, c.subject_identifier);
  std::uint8_t usage[2];
  put_be16(usage, c.key_usage);
  tlv::put_ber(out, kKeyUsage, usage);
  if (c.effective_date) tlv::put_ber(out, kEffective, encode_date(*c.effective_date));
  tlv::put_ber(out, kExpiration, encode_date(c.expiration_date));
  tlv::put_ber(out, kDiscretionary, c.discretionary_data);
  tlv::put_ber(out, kPublicKey, encode_public_key(c.public_key));
  return out;
}

Bytes encode_certificate(const Certificate& c) {
  require(c.signature.size() == kSignatureBytes, CertificateField::Signature);
  Bytes inner = encode_certificate_body(c);
  tlv::put_ber(inner, kSignature, c.signature);
  return tlv::make_ber(kCertificate, inner);
}

CertificateDecoding decode_certificate(ByteView in) {
  try {
    return {decode_fields(in), {}};
  } catch (const Fail& f) {
    return {std::nullopt, f.error};
  }
}

Certificate sign_certificate(Certificate c, const PrivateKey& issuer_key) {
  c.signature = ecdsa_sign(issuer_key, encode_certificate_body(c));
  return c;
}

bool verify_certificate_signature(const Certificate& c, const PublicKey& issuer_key) {
  return c.signature.size() == kSignatureBytes && ecdsa_verify(issuer_key, encode_certificate_body(c), c.signature);
}

bool issued_by(const Certificate& c, ByteView issuer_subject_identifier, const PublicKey& issuer_key) {
  return std::equal(c.ca_identifier.begin(), c.ca_identifier.end(), issuer_subject_identifier.begin(),
                    issuer_subject_identifier.end()) &&
         verify_certificate_signature(c, issuer_key);
}

bool issued_by(const Certificate& c, const Certificate& issuer) {
  return issued_by(c, issuer.subject_identifier, issuer.public_key);
}

Validity validity_on(const Certificate& c, const CertificateDate& today) {
  if (c.effective_date && today < *c.effective_date) return Validity::NotYetValid;
  if (c.expiration_date < today) return Validity::Expired;
  return Validity::Valid;
}

std::optional<std::uint8_t> certificate_type(const Certificate& c) {
  tlv::BerReader reader(c.discretionary_data);
  tlv::BerTlv t;
  while (reader.next(t))
    if (t.tag == kTagCertificateType) return t.value.size() == 1 ? std::optional<std::uint8_t>(t.value[0]) : std::nullopt;
  return std::nullopt;
}

}  // namespace cardcore::ecasd
