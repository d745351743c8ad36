#pragma once
// The off-card side of SGP.02 key establishment, for the simulated SM-DP
// (ES8.EstablishISDPKeySet) and SM-SR (ES5 key set establishment for the
// SM-SR change) and for tests: builds the two STORE DATA data fields of
// card_key_establishment.hpp from the entity's certificate, its ECDSA key
// and a given ephemeral key, and checks the card's receipt, deriving the
// same keys (GPC Amendment E scenario #3, off-card entity's part).
#include <optional>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/ecasd/key_agreement_crt.hpp"
#include "cardcore/ecasd/key_derivation.hpp"
#include "cardcore/ecasd/key_establishment_error.hpp"
#include "cardcore/ecasd/receipt.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

struct OffCardKeyEstablishmentConfig {
  Certificate certificate;     // CERT.DP.ECDSA or CERT.SR.ECDSA
  PrivateKey signing_key;      // SK.DP.ECDSA / SK.SR.ECDSA
  PublicKey ecasd_public_key;  // PK.ECASD.ECKA, from the eUICC's certificate
  PrivateKey ephemeral_key;    // eSK.DP.ECKA / eSK.SR.ECKA, given by the caller
  KeyAgreementCrt crt;
  std::optional<SecurityDomainIdentity> identity;  // SIN / SDIN of the target SD, if known
};

struct OffCardKeyEstablishmentResult {
  Scp03KeySet keys;  // Q '10'; empty for Q '5C'
  Bytes psk;         // Q '5C' (PSK-TLS): the one key; empty for Q '10'
  Bytes derivation_random;  // empty when not asked for
  Receipt receipt{};
};

class OffCardKeyEstablishment {
 public:
  // Throws std::invalid_argument when the ephemeral key is not on the
  // ECASD's curve.
  explicit OffCardKeyEstablishment(OffCardKeyEstablishmentConfig config);

  // Data of STORE DATA 1: DGI '3A01' with the certificate.
  Bytes certificate_command_data() const;
  // Data of STORE DATA 2 from the card's answer to command 1 ('85' RC or
  // empty); ResponseMalformed if that answer is not one.
  Outcome<Bytes> key_agreement_command_data(ByteView certificate_response);
  // Checks the card's answer to command 2: ResponseMalformed (layout, DR
  // present when not asked for or absent when asked for, DR not 16 bytes) or
  // ReceiptMismatch; the keys otherwise.
  Outcome<OffCardKeyEstablishmentResult> process_response(ByteView key_agreement_response) const;

 private:
  OffCardKeyEstablishmentConfig config_;
  Bytes crt_tlv_;
};

// What an off-card entity checks before using PK.ECASD.ECKA: the EUM
// certificate issued by the CI, the eUICC's certificate issued by the EUM,
// and the latter's key usage is key agreement.
bool ecasd_certificate_trusted(const Certificate& ecasd, const Certificate& eum, const Certificate& ci);

}  // namespace cardcore::ecasd
