#pragma once
// SHA-256 (FIPS 180-4), the hash of SGP.02's ECDSA signatures and of the
// X9.63 KDF, through OpenSSL EVP.
#include <array>
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(ByteView message);

}  // namespace cardcore::ecasd
