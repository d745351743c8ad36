#include "cardcore/ecasd/ec_openssl.hpp"

#include <string>

#include <openssl/core_names.h>

namespace cardcore::ecasd::detail {

GroupPtr make_group(Curve curve) {
  return GroupPtr(checked(EC_GROUP_new_by_curve_name(openssl_nid(curve)), "EC_GROUP_new_by_curve_name"));
}

BnPtr bn_from(ByteView big_endian) {
  return BnPtr(checked(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr), "BN_bin2bn"));
}

Bytes bn_to_bytes(const BIGNUM* bn, std::size_t bytes) {
  Bytes out(bytes);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(bytes)) != static_cast<int>(bytes))
    throw CryptoFailure("OpenSSL: BN_bn2binpad: value does not fit in " + std::to_string(bytes) + " bytes");
  return out;
}

PointPtr point_from(const EC_GROUP* group, ByteView octets, BN_CTX* ctx) {
  PointPtr p(checked(EC_POINT_new(group), "EC_POINT_new"));
  // oct2point checks that the point satisfies the curve equation.
  if (EC_POINT_oct2point(group, p.get(), octets.data(), octets.size(), ctx) != 1) return nullptr;
  if (EC_POINT_is_at_infinity(group, p.get()) == 1 || EC_POINT_is_on_curve(group, p.get(), ctx) != 1) return nullptr;
  return p;
}

Bytes point_to_bytes(const EC_GROUP* group, const EC_POINT* point, BN_CTX* ctx) {
  Bytes out(kPointBytes);
  if (EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), ctx) != kPointBytes)
    throw CryptoFailure("OpenSSL: EC_POINT_point2oct failed");
  return out;
}

namespace {

PkeyPtr from_params(const OSSL_PARAM_BLD* bld_const, int selection) {
  auto* bld = const_cast<OSSL_PARAM_BLD*>(bld_const);
  ParamPtr params(checked(OSSL_PARAM_BLD_to_param(bld), "OSSL_PARAM_BLD_to_param"));
  PkeyCtxPtr ctx(checked(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), "EVP_PKEY_CTX_new_from_name"));
  check(EVP_PKEY_fromdata_init(ctx.get()), "EVP_PKEY_fromdata_init");
  EVP_PKEY* raw = nullptr;
  check(EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()), "EVP_PKEY_fromdata");
  return PkeyPtr(raw);
}

// The builder keeps pointers until OSSL_PARAM_BLD_to_param(): the group name
// is a string literal and `point` must outlive that call.
void push_common(OSSL_PARAM_BLD* bld, Curve curve, ByteView point) {
  check(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, openssl_group_name(curve).data(), 0),
        "push group");
  check(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()), "push pub");
}

}  // namespace

PkeyPtr evp_public_key(const PublicKey& key) {
  ParamBldPtr bld(checked(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new"));
  push_common(bld.get(), key.curve, key.point);
  return from_params(bld.get(), EVP_PKEY_PUBLIC_KEY);
}

PkeyPtr evp_private_key(const PrivateKey& key) {
  const PublicKey pub = public_key_of(key);
  BnPtr d = bn_from(key.scalar());
  ParamBldPtr bld(checked(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new"));
  push_common(bld.get(), key.curve(), pub.point);
  check(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()), "push priv");
  return from_params(bld.get(), EVP_PKEY_KEYPAIR);
}

}  // namespace cardcore::ecasd::detail
