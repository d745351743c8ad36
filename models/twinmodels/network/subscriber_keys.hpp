#pragma once
// The subscriber database the card factory and the HSS share: every device's
// K and OPc. Real operators generate them at random and hand them to the card
// vendor and the HSS; the twin derives them from the scenario seed and the
// subscriber index, so the HSS needs no table of keys and every run with the
// same seed has the same keys.
#include <array>
#include <cstdint>

namespace twinmodels {

struct SubscriberKeys {
  std::array<std::uint8_t, 16> k{};
  std::array<std::uint8_t, 16> opc{};
};

// HMAC-SHA-256(key = seed, message = "esimtwin-subscriber" || subscriber),
// split into K (first 16 bytes) and OPc (last 16 bytes).
SubscriberKeys derive_subscriber_keys(std::uint64_t seed, std::uint64_t subscriber);

}  // namespace twinmodels
