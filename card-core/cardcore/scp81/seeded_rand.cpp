// OpenSSL 3.0 TEST-RAND fed from SHA-256(seed || counter), one library
// context per thread.
#include "cardcore/scp81/seeded_rand.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

namespace cardcore::scp81 {

namespace {

[[noreturn]] void failed(const char* what) {
  ERR_clear_error();
  throw std::runtime_error(std::string("seeded TLS randomness: ") + what);
}

// The thread's library context, its provider and its shared SSL_CTXs
// (freed before the context).
struct SeededLibrary {
  OSSL_LIB_CTX* libctx = nullptr;
  OSSL_PROVIDER* provider = nullptr;
  std::vector<std::pair<const SSL_METHOD*, SSL_CTX*>> ssl_ctxs;

  SeededLibrary() {
    ERR_clear_error();
    libctx = OSSL_LIB_CTX_new();
    if (!libctx) failed("OSSL_LIB_CTX_new");
    provider = OSSL_PROVIDER_load(libctx, "default");
    if (!provider) {
      OSSL_LIB_CTX_free(libctx);
      failed("no default provider");
    }
    if (!RAND_set_DRBG_type(libctx, "TEST-RAND", nullptr, nullptr, nullptr)) {
      OSSL_PROVIDER_unload(provider);
      OSSL_LIB_CTX_free(libctx);
      failed("no TEST-RAND generator");
    }
  }
  ~SeededLibrary() {
    for (auto& [method, ctx] : ssl_ctxs) SSL_CTX_free(ctx);
    OSSL_PROVIDER_unload(provider);
    OSSL_LIB_CTX_free(libctx);
  }
  SeededLibrary(const SeededLibrary&) = delete;
  SeededLibrary& operator=(const SeededLibrary&) = delete;
};

SeededLibrary& library() {
  thread_local SeededLibrary lib;
  return lib;
}

// `block` into both DRBGs of the thread's context.
void feed(const Bytes& block) {
  OSSL_LIB_CTX* libctx = library().libctx;
  unsigned int strength = 256;
  for (EVP_RAND_CTX* c : {RAND_get0_public(libctx), RAND_get0_private(libctx)}) {
    if (!c) failed("no DRBG");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, const_cast<std::uint8_t*>(block.data()),
                                          block.size()),
        OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength), OSSL_PARAM_construct_end()};
    if (!EVP_RAND_CTX_set_params(c, params)) failed("setting the stream");
  }
}

}  // namespace

SeededRandContext::SeededRandContext(Bytes seed) : seed_(std::move(seed)) {
  refill();  // the stream's first block (setting the thread's context up on first use)
}

OSSL_LIB_CTX* SeededRandContext::libctx() const { return library().libctx; }

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
  feed(block);
}

SSL_CTX* shared_ssl_ctx(const SSL_METHOD* method, const std::function<void(SSL_CTX*)>& configure) {
  SeededLibrary& lib = library();
  for (auto& [m, ctx] : lib.ssl_ctxs) {
    if (m == method) {
      if (!SSL_CTX_up_ref(ctx)) failed("SSL_CTX_up_ref");
      return ctx;
    }
  }
  // What SSL_CTX_new draws (its ticket keys, unused: no tickets) comes from
  // a stream of its own.
  SeededRandContext make(Bytes{'S', 'S', 'L', '_', 'C', 'T', 'X'});
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new_ex(lib.libctx, nullptr, method);
  if (!ctx) failed("SSL_CTX_new");
  try {
    configure(ctx);
  } catch (...) {
    SSL_CTX_free(ctx);
    throw;
  }
  lib.ssl_ctxs.emplace_back(method, ctx);
  if (!SSL_CTX_up_ref(ctx)) failed("SSL_CTX_up_ref");
  return ctx;
}

}  // namespace cardcore::scp81
