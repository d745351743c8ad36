#pragma once
// The card side of SGP.02 key establishment (GPC Amendment E scenario #3
// with certificate verification first), as the ECASD performs it for the
// ISD-P (ES8.EstablishISDPKeySet, SGP.02 §4.1.3.3) or the ISD-R (key set
// establishment for the SM-SR change, SGP.02 §5.6): no APDU plumbing, only
// the data fields of the two STORE DATA commands in and the answer data,
// keys and receipt out. The ISD-R/ISD-P STORE DATA handler wires it in and
// maps a failure to a status word with status_word().
//
// Step 1, process_certificate(): DGI '3A01' with the off-card entity's
// certificate. Checked in this order: layout, decoding, CA identifier = the
// CI's, CI signature, validity on `today`, key usage (signature
// verification), certificate type ('C8': SM-DP for the ISD-P, SM-SR for the
// ISD-R), curve (the ECASD's). Answer: '85' RC.
//
// Step 2, process_key_agreement(): DGI '3A02' 'A6' CRT, '7F49' ePK, '5F37'
// signature. Checked: a verified certificate from step 1, layout, signature
// (certificate's key, over '3A02' || '7F49' || '85' RC), CRT values, SDIN,
// ePK on the ECASD's curve. Then ShS = ECDH(SK.ECASD.ECKA, ePK), KeyData =
// X9.63-KDF(ShS, SharedInfo), receipt, answer ['85' DR] '86' receipt.
//
// Each step is deterministic: the caller gives the card's random challenge
// (RC) and derivation random (DR). Any failure, and a completed step 2,
// forget the certificate: the next key establishment starts at step 1.
#include <cstdint>
#include <optional>
#include <utility>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/ecasd/key_derivation.hpp"
#include "cardcore/ecasd/key_establishment_error.hpp"
#include "cardcore/ecasd/receipt.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

struct CardKeyEstablishmentConfig {
  PublicKey ci_public_key;    // PK.CI.ECDSA, held by the ECASD
  Bytes ci_identifier;        // the CI's subject identifier ('42' must match)
  PrivateKey ecasd_key;       // SK.ECASD.ECKA
  OffCardEntityType expected_entity = OffCardEntityType::SmDp;  // SmDp: ISD-P (ES8); SmSr: ISD-R (ES5)
  CertificateDate today;      // the simulated date, for the certificate's validity
  std::optional<SecurityDomainIdentity> identity;  // SIN / SDIN of the target SD, if it has them
};

struct CardKeyEstablishmentResult {
  // Q '10' (key type AES): the new key set in `keys`, `psk` empty.
  // Q '5C' (key type PSK-TLS): the one key in `psk`, `keys` empty.
  Scp03KeySet keys;                   // the new SD's SCP03 (or SCP80) key set
  Bytes psk;                          // the new TLS pre-shared key (SCP81)
  std::uint8_t key_identifier = 0;    // of K-ENC; K-MAC and K-DEK follow (+1, +2)
  std::uint8_t key_version = 0;
  std::optional<std::uint8_t> key_access;
  bool delete_existing_keys = false;  // scenario parameter b1
  std::optional<Bytes> host_id;
  std::optional<Bytes> initial_counter;
  Bytes off_card_identifier;          // '5F20' of the verified certificate
  Receipt receipt{};
  Bytes response_data;                // the STORE DATA answer: ['85' DR] '86' receipt
};

class CardKeyEstablishment {
 public:
  explicit CardKeyEstablishment(CardKeyEstablishmentConfig config);

  // random_challenge: 16 bytes, or empty for none. Returns the answer data.
  Outcome<Bytes> process_certificate(ByteView command_data, ByteView random_challenge);

  // derivation_random: 16 bytes when the CRT's scenario parameters ask for
  // DR (ignored otherwise).
  Outcome<CardKeyEstablishmentResult> process_key_agreement(ByteView command_data, ByteView derivation_random);

  // True between a successful step 1 and the end of step 2.
  bool has_verified_certificate() const { return off_card_.has_value(); }

  // Checkpoints of the card between the two steps: the certificate step 1
  // verified and the random challenge it answered with, and the same state
  // put back (into an establishment of the same configuration).
  const std::optional<Certificate>& verified_certificate() const { return off_card_; }
  const Bytes& random_challenge() const { return random_challenge_; }
  void resume_after_certificate(Certificate verified, Bytes random_challenge) {
    off_card_ = std::move(verified);
    random_challenge_ = std::move(random_challenge);
  }

 private:
  CardKeyEstablishmentConfig config_;
  std::optional<Certificate> off_card_;
  Bytes random_challenge_;
};

}  // namespace cardcore::ecasd
