#pragma once
// The subscriber database the card factory and the HSS share: every device's
// K and OPc. Real operators generate them at random and hand them to the card
// vendor and the HSS; the twin derives them from the scenario seed and the
// subscriber index, so the HSS needs no table of keys and every run with the
// same seed has the same keys.
#include <array>
#include <cstdint>

#include "cardcore/crypto/aes128.hpp"

namespace twinmodels {

struct SubscriberKeys {
  std::array<std::uint8_t, 16> k{};
  std::array<std::uint8_t, 16> opc{};
};

// Derivation for one seed: a master key M = first 16 bytes of
// HMAC-SHA-256(key = seed, "esimtwin-subscriber-master"), then
// K = AES-128_M(subscriber || 0) and OPc = AES-128_M(subscriber || 1), the
// 16-byte blocks holding the subscriber index big-endian in bytes 0..7 and
// the 0/1 in byte 15 (AES as a pseudo-random permutation: distinct inputs give
// distinct, unpredictable keys). Costs two AES blocks per subscriber.
class SubscriberKeyDerivation {
 public:
  explicit SubscriberKeyDerivation(std::uint64_t seed);
  SubscriberKeys derive(std::uint64_t subscriber) const;

 private:
  cardcore::Aes128 master_;
};

// Convenience: SubscriberKeyDerivation(seed).derive(subscriber).
SubscriberKeys derive_subscriber_keys(std::uint64_t seed, std::uint64_t subscriber);

}  // namespace twinmodels
