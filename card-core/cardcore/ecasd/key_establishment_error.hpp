#pragma once
// Why a scenario #3 key establishment failed, one code per cause, and the
// status word we propose a card handler answers with (ISO/IEC 7816-4
// §5.1.3; see README for the table).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cardcore::ecasd {

enum class KeyEstablishmentError : std::uint8_t {
  None,
  // The STORE DATA data field (DGI, TLV) is not the layout SGP.02 defines;
  // the detail names the object.
  MalformedCommand,
  // The off-card entity's certificate ('3A01').
  CertificateMalformed,         // detail: CertificateError::message()
  CertificateNotFromCi,         // '42' CA identifier is not the CI's
  CertificateSignatureInvalid,  // not signed by the CI's key
  CertificateNotYetValid,
  CertificateExpired,
  CertificateWrongKeyUsage,     // '95' is not signature verification
  CertificateWrongType,         // 'C8' not the entity expected (SM-DP for ES8, SM-SR for ES5)
  CertificateCurveMismatch,     // its key is not on the ECASD's curve
  // The key agreement data ('3A02').
  KeyAgreementWithoutCertificate,  // no verified certificate before it
  UnsupportedScenario,             // '90' is not scenario #3 or has reserved bits set
  UnsupportedKeyParameters,        // key usage qualifier, key type or key length
  HostIdMissing,                   // scenario parameters ask for host ID, '84' absent
  SdinMismatch,                    // '45' is not the target security domain's SDIN
  EphemeralKeyInvalid,             // ePK not a point of the ECASD's curve
  EphemeralKeySignatureInvalid,    // '5F37' does not verify under the certificate's key
  BadRandom,                       // the caller's RC or DR is not 16 bytes (integration error)
  // Off-card side only, checking the card's answer.
  ResponseMalformed,
  ReceiptMismatch,
};

std::string_view describe(KeyEstablishmentError e);

// The status word a card handler returns for e: '9000' for None, '6A80'
// (incorrect data), '6A88' (referenced data not found), '6982' (security
// status not satisfied) or '6985' (conditions of use not satisfied); nullopt
// for the off-card-only codes and BadRandom (a card never sends those).
std::optional<std::uint16_t> status_word(KeyEstablishmentError e);

// A value or the reason there is none.
template <class T>
struct Outcome {
  std::optional<T> value;
  KeyEstablishmentError error = KeyEstablishmentError::None;
  std::string detail;  // which object, for logs and test messages
  bool ok() const { return value.has_value(); }
};

}  // namespace cardcore::ecasd
