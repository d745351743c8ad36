#pragma once
// A private OpenSSL library context whose random bytes are a function of a
// seed: for a TLS client whose records are the same from run to run (a
// simulator's runs must be reproducible). The default provider's TEST-RAND
// generator (OpenSSL 3.0) stands in for the public and private DRBGs and
// hands out the bytes it was given; refill() gives it the next block of
// SHA-256(seed || block counter) before each TLS operation, so the stream
// never runs dry and depends only on the seed and the order of operations.
//
// Not for real cards: a simulated card's TLS randomness is as secret as
// its seed. The seed must differ per session (the eUICC mixes in a session
// counter), or two sessions under one PSK repeat their client random.
#include <cstdint>

#include <openssl/types.h>

#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

class SeededRandContext {
 public:
  // Throws std::runtime_error when OpenSSL cannot set it up.
  explicit SeededRandContext(Bytes seed);
  ~SeededRandContext();
  SeededRandContext(const SeededRandContext&) = delete;
  SeededRandContext& operator=(const SeededRandContext&) = delete;

  OSSL_LIB_CTX* libctx() const { return libctx_; }
  // The next block of the stream into both DRBGs.
  void refill();

 private:
  static constexpr std::size_t kBlock = 2048;
  Bytes seed_;
  std::uint64_t counter_ = 0;
  OSSL_LIB_CTX* libctx_ = nullptr;
  OSSL_PROVIDER* provider_ = nullptr;
};

}  // namespace cardcore::scp81
