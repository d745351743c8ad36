#include "cardcore/ecasd/ec_keys.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/crypto.h>

#include "cardcore/ecasd/ec_openssl.hpp"
#include "cardcore/ecasd/sha256.hpp"

namespace cardcore::ecasd {

using namespace detail;

namespace {

// 1 <= d <= n - 1.
bool scalar_in_range(Curve curve, ByteView scalar) {
  GroupPtr group = make_group(curve);
  BnPtr d = bn_from(scalar);
  return !BN_is_zero(d.get()) && BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) < 0;
}

}  // namespace

PrivateKey::PrivateKey(Curve curve, ByteView scalar) : curve_(curve) {
  if (scalar.size() != kFieldBytes)
    throw std::invalid_argument("ECASD private key: " + std::to_string(scalar.size()) + " bytes, not 32");
  if (!scalar_in_range(curve, scalar)) throw std::invalid_argument("ECASD private key: scalar not in [1, n-1]");
  std::copy(scalar.begin(), scalar.end(), d_.begin());
}

PrivateKey::~PrivateKey() { OPENSSL_cleanse(d_.data(), d_.size()); }

PublicKey public_key_of(const PrivateKey& key) {
  GroupPtr group = make_group(key.curve());
  BnCtxPtr ctx(checked(BN_CTX_new(), "BN_CTX_new"));
  BnPtr d = bn_from(key.scalar());
  PointPtr q(checked(EC_POINT_new(group.get()), "EC_POINT_new"));
  check(EC_POINT_mul(group.get(), q.get(), d.get(), nullptr, nullptr, ctx.get()), "EC_POINT_mul");
  return {key.curve(), point_to_bytes(group.get(), q.get(), ctx.get())};
}

std::optional<PublicKey> make_public_key(Curve curve, ByteView point) {
  if (point.size() != kPointBytes || point[0] != 0x04) return std::nullopt;
  GroupPtr group = make_group(curve);
  BnCtxPtr ctx(checked(BN_CTX_new(), "BN_CTX_new"));
  if (!point_from(group.get(), point, ctx.get())) return std::nullopt;
  return PublicKey{curve, Bytes(point.begin(), point.end())};
}

PrivateKey private_key_from_seed(Curve curve, ByteView seed) {
  Bytes input(seed.begin(), seed.end());
  input.resize(seed.size() + 4);
  for (std::uint32_t counter = 1;; ++counter) {
    input[seed.size() + 0] = static_cast<std::uint8_t>(counter >> 24);
    input[seed.size() + 1] = static_cast<std::uint8_t>(counter >> 16);
    input[seed.size() + 2] = static_cast<std::uint8_t>(counter >> 8);
    input[seed.size() + 3] = static_cast<std::uint8_t>(counter);
    Sha256Digest candidate = sha256(input);
    const bool ok = scalar_in_range(curve, candidate);
    if (ok) {
      PrivateKey key(curve, candidate);
      OPENSSL_cleanse(candidate.data(), candidate.size());
      OPENSSL_cleanse(input.data(), input.size());
      return key;
    }
  }
}

}  // namespace cardcore::ecasd
