#pragma once
// From the shared secret to the new key set (GPC Amendment E scenario #3,
// key derivation as GPC Amendment A §3.3 specifies it; SGP.02 §2.3.3):
//
//   SharedInfo = Q || key type || key length            (from the 'A6' CRT)
//                || DR                                   (if P has kScenarioDerivationRandom)
//                || L(host ID) || host ID                (if P has kScenarioIdentifiers)
//                || L(SIN) || SIN || L(SDIN) || SDIN     (same, when the SD has them)
//   KeyData    = X9.63-KDF-SHA-256(ShS, SharedInfo), 16 + n * key length bytes
//   KeyData    = receipt key (16) || K-ENC || K-MAC || K-DEK    (Q '10', n = 3)
//              = receipt key (16) || the one key                 (Q '5C', n = 1:
//                                   a PSK-TLS, as njiwa's CreateSCP81KeySet)
//
// (SharedInfo order as in GPC Amendment A Table 3-28 per njiwa; receipt key
// first, then the keys, per Amendment A Table 3-29. The AES-128 receipt key
// whatever the key length, and three keys for Q = '10', are our reading; see
// README.)
#include <cstddef>
#include <optional>

#include "cardcore/ecasd/key_agreement_crt.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

inline constexpr std::size_t kReceiptKeyBytes = 16;
inline constexpr std::size_t kRandomBytes = 16;  // DR and RC (Amendment A Table 3-27, curves < 384 bits)

// The identifiers of the security domain receiving the keys (GPC: SIN, the
// Security Domain provider Identification Number; SDIN, the Security Domain
// Image Number), when it has them.
struct SecurityDomainIdentity {
  Bytes sin;
  Bytes sdin;
};

// The new security domain's SCP03 static keys (Q '10'); for Q '5C' the one
// key is in `enc` and `mac`, `dek` are empty (derive_keys only: the card and
// off-card results move it to their own `psk`).
struct Scp03KeySet {
  Bytes enc;  // K-ENC (key identifier = CRT key identifier)
  Bytes mac;  // K-MAC (+1)
  Bytes dek;  // K-DEK (+2)
  bool operator==(const Scp03KeySet&) const = default;
};

struct DerivedKeys {
  Bytes receipt_key;
  Scp03KeySet keys;
};

// Throws std::invalid_argument when a SIN, SDIN or host ID is over 127 bytes.
Bytes shared_info(const KeyAgreementCrt& crt, ByteView derivation_random, const SecurityDomainIdentity* identity);

// `key_count`: 3 (Q '10') or 1 (Q '5C', derived_key_count()); throws
// std::invalid_argument otherwise.
DerivedKeys derive_keys(ByteView shared_secret, ByteView shared_info, std::size_t key_length,
                        std::size_t key_count = 3);

}  // namespace cardcore::ecasd
