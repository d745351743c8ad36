#pragma once
// Certificates in the GlobalPlatform format SGP.02 uses for the CI, EUM,
// eUICC (CERT.ECASD.ECKA), SM-DP (CERT.DP.ECDSA) and SM-SR (CERT.SR.ECDSA)
// (SGP.02 §2.3.2 and its certificate tables; GPC Amendment E §3.1 /
// Amendment A certificate format):
//
//   '7F21' L
//     '93'   serial number
//     '42'   CA identifier          (the issuer's subject identifier)
//     '5F20' subject identifier
//     '95'   key usage              (2 bytes)
//     '5F25' effective date         (optional, YYYYMMDD BCD)
//     '5F24' expiration date        (YYYYMMDD BCD)
//     '73'   discretionary data     (BER-TLVs, e.g. 'C8' certificate type)
//     '7F49' public key { 'B0' Q = '04'||X||Y, 'F0' 01 key parameter ref }
//     '5F37' signature              (r || s over the bytes '93' .. '7F49')
//
// The decoder is strict: the objects in exactly this order, each once,
// nothing else, minimal BER lengths; any departure is an error naming the
// field. Because of that, encode_certificate(decode(x)) == x.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cardcore/ecasd/certificate_date.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

// '95' key usage values (two bytes). '0080' is the value njiwa writes into
// CERT.DP.ECDSA citing GPC Amendment E Table 3-5; the other two are our
// choice (X.509 KeyUsage bit positions), see README.
inline constexpr std::uint16_t kKeyUsageSignatureVerification = 0x0080;
inline constexpr std::uint16_t kKeyUsageKeyAgreement = 0x0008;
inline constexpr std::uint16_t kKeyUsageCertificateSigning = 0x0004;

// 'C8' in the discretionary data: the certificate type of an off-card
// entity (SGP.02 Table 77: '01' SM-DP; Table 39: '02' SM-SR).
inline constexpr std::uint8_t kTagCertificateType = 0xC8;
enum class OffCardEntityType : std::uint8_t { SmDp = 0x01, SmSr = 0x02 };

struct Certificate {
  Bytes serial_number;                          // '93', 1..16 bytes
  Bytes ca_identifier;                          // '42', 1..32 bytes
  Bytes subject_identifier;                     // '5F20', 1..32 bytes
  std::uint16_t key_usage = 0;                  // '95'
  std::optional<CertificateDate> effective_date;  // '5F25'
  CertificateDate expiration_date;              // '5F24'
  Bytes discretionary_data;                     // value of '73': BER-TLVs (may be empty)
  PublicKey public_key;                         // '7F49'
  Bytes signature;                              // '5F37', r || s
  bool operator==(const Certificate&) const = default;
};

enum class CertificateField : std::uint8_t {
  Certificate,  // '7F21' itself
  SerialNumber,
  CaIdentifier,
  SubjectIdentifier,
  KeyUsage,
  EffectiveDate,
  ExpirationDate,
  DiscretionaryData,
  PublicKey,  // '7F49'
  PublicKeyPoint,  // 'B0'
  KeyParameterReference,  // 'F0'
  Signature,
};
// "'93' serial number", "'7F49'/'B0' public key point", ...
std::string_view field_name(CertificateField f);

enum class CertificateProblem : std::uint8_t {
  Malformed,     // the TLV encoding itself is broken (truncated, bad length)
  Missing,       // a mandatory object is absent (or not where it must be)
  Unexpected,    // an object that does not belong there, or trailing bytes
  BadLength,     // the object's value has a length the format does not allow
  BadValue,      // a length that fits, a value that does not (date, point, curve)
};
std::string_view describe(CertificateProblem p);

struct CertificateError {
  CertificateField field = CertificateField::Certificate;
  CertificateProblem problem = CertificateProblem::Malformed;
  std::uint16_t tag = 0;  // the offending tag for Unexpected, else 0
  // "certificate: '5F24' expiration date: bad value"
  std::string message() const;
};

struct CertificateDecoding {
  std::optional<Certificate> certificate;
  CertificateError error;  // meaningful only when !certificate
  bool ok() const { return certificate.has_value(); }
};

// The signed part, '93' .. '7F49'. Throws std::invalid_argument when a field
// cannot be encoded (a length outside the ranges above, an invalid date, a
// key usage or point of the wrong form).
Bytes encode_certificate_body(const Certificate& c);
// '7F21' L body '5F37' L signature (same checks; the signature must be
// kSignatureBytes long).
Bytes encode_certificate(const Certificate& c);

// Exactly one '7F21' TLV spanning `in`.
CertificateDecoding decode_certificate(ByteView in);

// Issuer side (building the simulation PKI: CI -> EUM -> eUICC, CI -> SM-DP,
// CI -> SM-SR): returns c with its signature set to ECDSA-SHA-256 over the
// body under the issuer's private key.
Certificate sign_certificate(Certificate c, const PrivateKey& issuer_key);

// The signature over the body verifies under issuer_key.
bool verify_certificate_signature(const Certificate& c, const PublicKey& issuer_key);

// c names the issuer (CA identifier == issuer's subject identifier) and the
// issuer's key verifies c's signature.
bool issued_by(const Certificate& c, ByteView issuer_subject_identifier, const PublicKey& issuer_key);
bool issued_by(const Certificate& c, const Certificate& issuer);

enum class Validity : std::uint8_t { Valid, NotYetValid, Expired };
// effective date (if any) <= today <= expiration date.
Validity validity_on(const Certificate& c, const CertificateDate& today);

// The value of 'C8' in the discretionary data when it is one byte;
// nullopt when absent or of another length.
std::optional<std::uint8_t> certificate_type(const Certificate& c);

}  // namespace cardcore::ecasd
