#pragma once
// ECDSA with SHA-256 (FIPS 186-4 §6; BSI TR-03111 §4.2.1) as SGP.02 uses it
// for certificate signatures and the signed ephemeral key (SGP.02 §2.3.3,
// GPC Amendment E §3.2). Signatures travel in the raw form r || s (each
// kFieldBytes, big endian, tag '5F37'), not as DER.
//
// Signing is deterministic: the per-signature nonce k is the one of
// RFC 6979 §3.2 (HMAC-SHA-256), so a simulated SM-DP signs the same data the
// same way in every run and no hidden random source is involved. The
// signature is an ordinary ECDSA signature; any verifier accepts it.
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

// r || s over SHA-256(message).
Bytes ecdsa_sign(const PrivateKey& key, ByteView message);

// True when raw_signature (r || s, kSignatureBytes) is a valid signature of
// SHA-256(message) under key. False for a signature of another length, r or
// s outside [1, n-1], a key whose point is not on its curve, or any
// mismatch. Verified by OpenSSL's EVP_DigestVerify, an implementation
// independent of ecdsa_sign().
bool ecdsa_verify(const PublicKey& key, ByteView message, ByteView raw_signature);

// r || s to the DER SEQUENCE { INTEGER r, INTEGER s } OpenSSL and X.509 use.
// Throws std::invalid_argument when raw is not kSignatureBytes long.
Bytes signature_raw_to_der(ByteView raw);
// The reverse; empty when der is not one DER signature or r or s does not
// fit in kFieldBytes.
Bytes signature_der_to_raw(ByteView der);

}  // namespace cardcore::ecasd
