#pragma once
// AES-CMAC, NIST SP 800-38B (= RFC 4493 for AES-128), the cryptographic
// checksum of TS 102 225 §5.1.3 when KID says AES.
#include <array>
#include <cstdint>

#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

// The full 16-byte tag T of SP 800-38B §6.2; a shorter MAC is its leftmost
// bytes (MSB_Tlen). aes must be an AES BlockCipher (any key length); throws
// std::invalid_argument otherwise.
std::array<std::uint8_t, 16> aes_cmac(BlockCipher& aes, ByteView message);

}  // namespace cardcore::ota
