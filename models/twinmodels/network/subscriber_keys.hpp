#pragma once
// The subscriber database the card factory and the HSS share: every device's
// K and OPc. Real operators generate them at random and hand them to the card
// vendor and the HSS; the twin derives them from the scenario seed and the
// subscriber index, so the HSS needs no table of keys and every run with the
// same seed has the same keys.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cardcore/card/uicc.hpp"
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
//
// The card's OTA keys (TS 102 225 §5.1.2, §5.1.3), which the card factory
// writes beside K and OPc and the OTA platform holds, come from the same
// master key: the key stream of key set record r (1..255, the record of the
// profile's key set EF) is
//   AES-128_M(s || 00 00 00 00 00 02 r 00) || AES-128_M(s || ... 02 r 01) || ...
// (s the subscriber index big-endian in bytes 0..7; byte 13 = 02 keeps these
// blocks apart from K's and OPc's, whose byte 13 is 00; byte 14 the record,
// byte 15 the block number), and the record's KIc key is its first n bytes,
// its KID key the next m (n, m the key lengths of the record). An AES-128
// pair costs two AES blocks per record.
class SubscriberKeyDerivation {
 public:
  explicit SubscriberKeyDerivation(std::uint64_t seed);
  SubscriberKeys derive(std::uint64_t subscriber) const;

  // The first `length` bytes (at most kMaxOtaKeyStream) of record
  // `record`'s OTA key stream. Throws std::invalid_argument beyond that.
  static constexpr std::size_t kMaxOtaKeyStream = 64;  // a 32-byte KIc key and a 32-byte KID key
  cardcore::Bytes ota_key_stream(std::uint64_t subscriber, std::uint8_t record, std::size_t length) const;
  // The KIc and KID keys of a record, of the given lengths (0, 8, 16, 24 or 32).
  cardcore::OtaKeyValues ota_keys(std::uint64_t subscriber, std::uint8_t record, std::size_t kic_length,
                                  std::size_t kid_length) const;
  // What personalization takes (cardcore::Personalization::ota_keys): the
  // keys of every used record of the profile's key set EF, in record order,
  // of the lengths the records have. Empty for a profile without [ota].
  std::vector<cardcore::OtaKeyValues> ota_keys(std::uint64_t subscriber,
                                               const cardcore::ProfileTemplate& profile) const;

 private:
  cardcore::Aes128 master_;
};

// Convenience: SubscriberKeyDerivation(seed).derive(subscriber).
SubscriberKeys derive_subscriber_keys(std::uint64_t seed, std::uint64_t subscriber);

}  // namespace twinmodels
