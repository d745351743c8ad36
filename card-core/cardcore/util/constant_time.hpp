#pragma once
// The one comparison of secret-dependent values (MACs, cryptograms, RES,
// receipts, tokens, PINs) in esimtwin: its time depends on the lengths,
// never on where the bytes differ, so a party that can time the answers
// learns nothing of the expected value byte by byte (OpenSSL's
// CRYPTO_memcmp). docs/RELIABILITY.md, "Constant-time comparisons":
// scripts/check_constant_time.sh fails the tests on a std::equal, memcmp or
// == applied to such a value elsewhere.
#include "cardcore/util/bytes.hpp"

namespace cardcore {

// True when a and b have the same length and bytes. The lengths are not
// secret (the specifications fix them), so a length mismatch returns at once.
bool equal_constant_time(ByteView a, ByteView b);

}  // namespace cardcore
