#pragma once
// Randomness that is a function of a seed, for a TLS endpoint whose records
// are the same from run to run (a simulator's runs must be reproducible).
// One OpenSSL library context per thread, whose default provider's
// TEST-RAND generator (OpenSSL 3.0) stands in for the public and private
// DRBGs and hands out the bytes it was given, serves every seeded endpoint
// of the thread: each endpoint has its own stream (SeededRandContext), and
// refill() gives the generator that stream's next block of SHA-256(seed ||
// block counter) before each TLS operation, so an endpoint's bytes depend
// only on its seed and the order of its own operations, not on the others'.
// The endpoints of one kind also share one SSL_CTX (shared_ssl_ctx()):
// making a library context and an SSL_CTX per endpoint cost 0.8 ms of the
// 0.9 ms an endpoint took (docs/PERFORMANCE.md), and each context took two
// of the process's 1 024 thread-local keys.
//
// Not for real cards: a simulated card's TLS randomness is as secret as
// its seed. The seed must differ per session (the eUICC mixes in a session
// counter), or two sessions under one PSK repeat their client random.
#include <cstdint>
#include <functional>

#include <openssl/ssl.h>

#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

class SeededRandContext {
 public:
  // Sets the thread's library context up on first use; throws
  // std::runtime_error when OpenSSL cannot.
  explicit SeededRandContext(Bytes seed);
  SeededRandContext(const SeededRandContext&) = delete;
  SeededRandContext& operator=(const SeededRandContext&) = delete;

  // The thread's seeded library context (shared by every stream).
  OSSL_LIB_CTX* libctx() const;
  // This stream's next block into both DRBGs.
  void refill();

 private:
  static constexpr std::size_t kBlock = 2048;
  Bytes seed_;
  std::uint64_t counter_ = 0;
};

// The thread's SSL_CTX of `method` in the seeded library context, made on
// first use and set up by `configure` then; the caller gets a reference of
// its own (SSL_CTX_free it). Throws std::runtime_error when OpenSSL cannot
// make it, or `configure`'s exception.
SSL_CTX* shared_ssl_ctx(const SSL_METHOD* method, const std::function<void(SSL_CTX*)>& configure);

}  // namespace cardcore::scp81
