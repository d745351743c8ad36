#pragma once
// The SCP03 data derivation function, GlobalPlatform Card Specification v2.3
// Amendment D (SCP03) §4.1.5: NIST SP 800-108 KDF in counter mode with
// AES-CMAC (SP 800-38B, full 16-byte output) as PRF, with Amendment D's own
// order of the fields in the PRF input.
#include <cstddef>
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::gp::scp03 {

// Amendment D §4.1.5 Table 4-1, the last byte of the 12-byte label.
enum class DerivationConstant : std::uint8_t {
  CardCryptogram = 0x00,
  HostCryptogram = 0x01,
  CardChallenge = 0x02,  // pseudo-random card challenge generation
  SEnc = 0x04,
  SMac = 0x06,
  SRmac = 0x07,
};

// True for the AES key lengths SCP03 allows: 16, 24 or 32 bytes.
bool aes_key_length_ok(std::size_t key_bytes);

// Derives output_bits of data under key (AES-128/192/256). For i = 1, 2, ...
// the PRF input is
//   label (11 bytes '00' || constant) || '00' separator ||
//   L (output_bits, 2 bytes big-endian) || i (1 byte) || context
// and the output is the leftmost output_bits of CMAC_1 || CMAC_2 || ...
// Throws std::invalid_argument for a key of another length, or output_bits
// that is 0 or not a whole number of bytes.
Bytes kdf(ByteView key, DerivationConstant constant, ByteView context, std::uint16_t output_bits);

}  // namespace cardcore::gp::scp03
