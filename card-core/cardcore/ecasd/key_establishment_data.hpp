#pragma once
// The STORE DATA data fields of SGP.02 key establishment and the card's
// answers (ES8.EstablishISDPKeySet toward an ISD-P, SGP.02 §4.1.3.3 / §5.3;
// the same two commands toward the ISD-R for the SM-SR change, ES5, SGP.02
// §5.6). Layout as njiwa builds and parses it (ECKeyAgreementEG,
// DownloadProfileTransaction):
//
//   command 1:  DGI '3A01' L  '7F21' certificate of the off-card entity
//   answer 1:   '85' 10 RC                          random challenge (our: absent if none)
//   command 2:  DGI '3A02' L  'A6' CRT              (key_agreement_crt.hpp)
//               '7F49' L { 'B0' L ePK, 'F0' 01 ref } ephemeral public key
//               '5F37' 40 r || s                    signature of the off-card entity
//   answer 2:   '85' 10 DR                          derivation random (if P asks)
//               '86' 10 receipt
//
// The signature covers  DGI '3A02' (as sent) || '7F49' TLV (as sent) ||
// '85' L RC  (the RC object only when the card gave one). njiwa writes the
// RC object with a two-byte tag '0085'; we use the BER tag '85' (our choice,
// see README).
#include <optional>

#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/ecasd/key_establishment_error.hpp"
#include "cardcore/ecasd/receipt.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

inline constexpr std::uint16_t kDgiCertificate = 0x3A01;
inline constexpr std::uint16_t kDgiKeyAgreement = 0x3A02;

Bytes encode_certificate_command(ByteView certificate_tlv);
// The certificate bytes inside DGI '3A01' (not yet decoded).
Outcome<Bytes> decode_certificate_command(ByteView data);

Bytes encode_certificate_response(ByteView random_challenge);
// The RC (empty when the answer is empty).
Outcome<Bytes> decode_certificate_response(ByteView data);

struct KeyAgreementCommand {
  Bytes crt_tlv;       // 'A6' L ... as sent
  Bytes point;         // 'B0' value
  std::uint8_t key_parameter_reference = 0;  // 'F0' value
  Bytes signature;     // '5F37' value
  Bytes signed_data;   // DGI '3A02' || '7F49' TLV (|| '85' RC is added by the verifier)
};

// The data the signature covers.
Bytes key_agreement_signed_data(ByteView signed_prefix, ByteView random_challenge);

// Builds command 2, signing with the off-card entity's ECDSA key.
Bytes encode_key_agreement_command(ByteView crt_tlv, const PublicKey& ephemeral, const PrivateKey& signer,
                                   ByteView random_challenge);
Outcome<KeyAgreementCommand> decode_key_agreement_command(ByteView data);

Bytes encode_key_agreement_response(ByteView derivation_random, const Receipt& receipt);
struct KeyAgreementResponse {
  Bytes derivation_random;  // empty when absent
  Receipt receipt{};
};
Outcome<KeyAgreementResponse> decode_key_agreement_response(ByteView data);

}  // namespace cardcore::ecasd
