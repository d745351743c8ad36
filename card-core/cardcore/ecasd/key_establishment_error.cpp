#include "cardcore/ecasd/key_establishment_error.hpp"

namespace cardcore::ecasd {

std::string_view describe(KeyEstablishmentError e) {
  using E = KeyEstablishmentError;
  switch (e) {
    case E::None: return "none";
    case E::MalformedCommand: return "malformed command data";
    case E::CertificateMalformed: return "certificate malformed";
    case E::CertificateNotFromCi: return "certificate not issued by the CI";
    case E::CertificateSignatureInvalid: return "certificate signature invalid";
    case E::CertificateNotYetValid: return "certificate not yet valid";
    case E::CertificateExpired: return "certificate expired";
    case E::CertificateWrongKeyUsage: return "certificate key usage not signature verification";
    case E::CertificateWrongType: return "certificate of another entity type";
    case E::CertificateCurveMismatch: return "certificate key on another curve";
    case E::KeyAgreementWithoutCertificate: return "key agreement data without a verified certificate";
    case E::UnsupportedScenario: return "not key establishment scenario #3";
    case E::UnsupportedKeyParameters: return "unsupported key parameters";
    case E::HostIdMissing: return "host ID missing";
    case E::SdinMismatch: return "SDIN mismatch";
    case E::EphemeralKeyInvalid: return "ephemeral public key invalid";
    case E::EphemeralKeySignatureInvalid: return "ephemeral public key signature invalid";
    case E::BadRandom: return "random challenge or derivation random not 16 bytes";
    case E::ResponseMalformed: return "card response malformed";
    case E::ReceiptMismatch: return "receipt mismatch";
  }
  return "?";
}

std::optional<std::uint16_t> status_word(KeyEstablishmentError e) {
  using E = KeyEstablishmentError;
  switch (e) {
    case E::None: return 0x9000;
    case E::MalformedCommand:
    case E::CertificateMalformed:
    case E::CertificateCurveMismatch:
    case E::UnsupportedScenario:
    case E::UnsupportedKeyParameters:
    case E::HostIdMissing:
    case E::EphemeralKeyInvalid: return 0x6A80;
    case E::CertificateNotFromCi:
    case E::SdinMismatch: return 0x6A88;
    case E::CertificateSignatureInvalid:
    case E::EphemeralKeySignatureInvalid: return 0x6982;
    case E::CertificateNotYetValid:
    case E::CertificateExpired:
    case E::CertificateWrongKeyUsage:
    case E::CertificateWrongType:
    case E::KeyAgreementWithoutCertificate: return 0x6985;
    case E::BadRandom:
    case E::ResponseMalformed:
    case E::ReceiptMismatch: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace cardcore::ecasd
