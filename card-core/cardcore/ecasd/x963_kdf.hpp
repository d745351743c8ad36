#pragma once
// The ANSI X9.63 key derivation function with SHA-256 (ANSI X9.63-2001
// §5.6.3; BSI TR-03111 §4.3.3; NIST SP 800-135 §4.1), the KDF GPC
// Amendment E scenario #3 and SGP.02 apply to the shared secret:
//   K_i = SHA-256(Z || counter_i || SharedInfo), counter_i = i as 4 bytes
//   big endian, i = 1, 2, ...; output = leftmost bytes of K_1 || K_2 || ...
#include <cstddef>

#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

// Throws std::invalid_argument when output_bytes is 0.
Bytes x963_kdf_sha256(ByteView z, ByteView shared_info, std::size_t output_bytes);

}  // namespace cardcore::ecasd
