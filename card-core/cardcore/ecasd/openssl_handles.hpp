#pragma once
// Owning handles for the OpenSSL objects the ECASD code uses, so that no
// path (including a thrown exception) leaks one. Internal to ecasd/.
#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "cardcore/util/free_with.hpp"

namespace cardcore::ecasd::detail {

template <class T, auto Free>
using Deleter = FreeWith<T, Free>;

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

// An OpenSSL call failed where the inputs had already been checked (out of
// memory, a missing provider): not a protocol error. The public functions of
// ecasd/ let it through; it derives from std::runtime_error.
struct CryptoFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class T>
T* checked(T* p, const char* what) {
  if (p == nullptr) throw CryptoFailure(std::string("OpenSSL: ") + what + " failed");
  return p;
}
inline void check(int rc, const char* what) {
  if (rc != 1) throw CryptoFailure(std::string("OpenSSL: ") + what + " failed");
}

}  // namespace cardcore::ecasd::detail
