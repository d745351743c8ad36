#pragma once
// SCP03 session keys and authentication cryptograms, GlobalPlatform Card
// Specification v2.3 Amendment D §6.2.1 (session keys), §6.2.2.2 (card
// cryptogram), §6.2.2.3 (host cryptogram). S8 mode only: 8-byte challenges
// and cryptograms (the S16 mode of Amendment D v1.2 is not supported).
#include <array>
#include <cstddef>
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::gp::scp03 {

inline constexpr std::size_t kChallengeBytes = 8;   // S8 mode
inline constexpr std::size_t kCryptogramBytes = 8;  // S8 mode

using Cryptogram = std::array<std::uint8_t, kCryptogramBytes>;

// S-ENC from K-ENC, S-MAC and S-RMAC from K-MAC (§6.2.1), each as long as
// the static keys, context = host challenge || card challenge.
struct SessionKeys {
  Bytes s_enc;
  Bytes s_mac;
  Bytes s_rmac;
};

// Throws std::invalid_argument when a static key is not 16, 24 or 32 bytes,
// K-ENC and K-MAC differ in length, or a challenge is not 8 bytes.
SessionKeys derive_session_keys(ByteView k_enc, ByteView k_mac, ByteView host_challenge, ByteView card_challenge);

// §6.2.2.2 / §6.2.2.3: the KDF under S-MAC with constant '00' (card) or '01'
// (host), L = 64, context = host challenge || card challenge. Same checks as
// above on s_mac and the challenges.
Cryptogram card_cryptogram(ByteView s_mac, ByteView host_challenge, ByteView card_challenge);
Cryptogram host_cryptogram(ByteView s_mac, ByteView host_challenge, ByteView card_challenge);

// Whether `received` is the cryptogram `expected`, compared in constant
// time (as the channel's MACs).
bool same_cryptogram(const Cryptogram& expected, ByteView received);

}  // namespace cardcore::gp::scp03
