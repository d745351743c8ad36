#pragma once
// The OpenSSL objects behind the ECASD keys: the curve's group, scalars as
// BIGNUMs, points, and EVP_PKEYs built from them (OpenSSL 3 EVP with
// OSSL_PARAM; no deprecated EC_KEY). Internal to ecasd/.
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/ecasd/openssl_handles.hpp"

namespace cardcore::ecasd::detail {

GroupPtr make_group(Curve curve);
BnPtr bn_from(ByteView big_endian);
// The value left-padded with zeros to `bytes` (throws if it does not fit).
Bytes bn_to_bytes(const BIGNUM* bn, std::size_t bytes);
// nullptr when the octets are not a point of the group.
PointPtr point_from(const EC_GROUP* group, ByteView octets, BN_CTX* ctx);
Bytes point_to_bytes(const EC_GROUP* group, const EC_POINT* point, BN_CTX* ctx);

PkeyPtr evp_public_key(const PublicKey& key);
PkeyPtr evp_private_key(const PrivateKey& key);

}  // namespace cardcore::ecasd::detail
