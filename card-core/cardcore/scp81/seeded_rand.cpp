// OpenSSL 3.0 TEST-RAND fed from SHA-256(seed || counter).
#include "cardcore/scp81/seeded_rand.hpp"

#include <stdexcept>
#include <string>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

namespace cardcore::scp81 {

namespace {

[[noreturn]] void failed(const char* what) {
  ERR_clear_error();
  throw std::runtime_error(std::string("seeded TLS randomness: ") + what);
}

}  // namespace

SeededRandContext::SeededRandContext(Bytes seed) : seed_(std::move(seed)) {
  ERR_clear_error();
  libctx_ = OSSL_LIB_CTX_new();
  if (!libctx_) failed("OSSL_LIB_CTX_new");
  provider_ = OSSL_PROVIDER_load(libctx_, "default");
  if (!provider_) {
    OSSL_LIB_CTX_free(libctx_);
    failed("no default provider");
  }
  if (!RAND_set_DRBG_type(libctx_, "TEST-RAND", nullptr, nullptr, nullptr)) {
    OSSL_PROVIDER_unload(provider_);
    OSSL_LIB_CTX_free(libctx_);
    failed("no TEST-RAND generator");
  }
  try {
    refill();
  } catch (...) {
    OSSL_PROVIDER_unload(provider_);
    OSSL_LIB_CTX_free(libctx_);
    throw;
  }
}

SeededRandContext::~SeededRandContext() {
  OSSL_PROVIDER_unload(provider_);
  OSSL_LIB_CTX_free(libctx_);
}

void SeededRandContext::refill() {
  Bytes block;
  block.reserve(kBlock);
  while (block.size() < kBlock) {
    Bytes in = seed_;
    for (int i = 7; i >= 0; --i) in.push_back(static_cast<std::uint8_t>(counter_ >> (8 * i)));
    ++counter_;
    std::uint8_t md[32];
    unsigned int n = 0;
    if (!EVP_Digest(in.data(), in.size(), md, &n, EVP_sha256(), nullptr)) failed("SHA-256");
    block.insert(block.end(), md, md + n);
  }
  unsigned int strength = 256;
  for (EVP_RAND_CTX* c : {RAND_get0_public(libctx_), RAND_get0_private(libctx_)}) {
    if (!c) failed("no DRBG");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, block.data(), block.size()),
        OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength), OSSL_PARAM_construct_end()};
    if (!EVP_RAND_CTX_set_params(c, params)) failed("setting the stream");
  }
}

}  // namespace cardcore::scp81
