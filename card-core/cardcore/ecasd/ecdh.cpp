#include "cardcore/ecasd/ecdh.hpp"

#include <stdexcept>

#include "cardcore/ecasd/ec_openssl.hpp"

namespace cardcore::ecasd {

using namespace detail;

Bytes ecdh_shared_secret(const PrivateKey& own, const PublicKey& peer) {
  if (own.curve() != peer.curve) throw std::invalid_argument("ECDH: keys on different curves");
  if (!make_public_key(peer.curve, peer.point)) throw std::invalid_argument("ECDH: peer point not on the curve");
  PkeyPtr priv = evp_private_key(own);
  PkeyPtr pub = evp_public_key(peer);
  PkeyCtxPtr ctx(checked(EVP_PKEY_CTX_new_from_pkey(nullptr, priv.get(), nullptr), "EVP_PKEY_CTX_new_from_pkey"));
  check(EVP_PKEY_derive_init(ctx.get()), "EVP_PKEY_derive_init");
  check(EVP_PKEY_derive_set_peer(ctx.get(), pub.get()), "EVP_PKEY_derive_set_peer");
  std::size_t len = 0;
  check(EVP_PKEY_derive(ctx.get(), nullptr, &len), "EVP_PKEY_derive");
  Bytes out(len);
  check(EVP_PKEY_derive(ctx.get(), out.data(), &len), "EVP_PKEY_derive");
  out.resize(len);
  return out;
}

}  // namespace cardcore::ecasd
