#pragma once
// The receipt of key establishment (GPC Amendment E, receipt computation,
// Table 4-22 as njiwa cites it; GPC Amendment A §3.3): AES-CMAC under the
// receipt key over
// the key agreement data the off-card entity sent and the card's DR,
//   receipt = CMAC(receipt key, 'A6' CRT TLV as received || ['85' L DR])
// the full 16-byte tag. Returned by the card in '86'; the off-card entity
// recomputes it to know both sides hold the same keys.
#include <array>
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

using Receipt = std::array<std::uint8_t, 16>;

// derivation_random empty: no '85' object. Throws std::invalid_argument when
// receipt_key is not an AES key (16, 24 or 32 bytes).
Receipt compute_receipt(ByteView receipt_key, ByteView crt_tlv, ByteView derivation_random);

// Constant-time comparison of two receipts.
bool receipts_equal(ByteView a, ByteView b);

}  // namespace cardcore::ecasd
