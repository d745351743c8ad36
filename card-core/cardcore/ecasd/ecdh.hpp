#pragma once
// The ECKA-DH shared secret of BSI TR-03111 §4.3.1 as GPC Amendment E uses
// it for scenario #3 (ShS = the X coordinate of d·Q, kFieldBytes long),
// through OpenSSL's EVP_PKEY_derive.
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

// Throws std::invalid_argument when the keys are on different curves or the
// peer's point is not on its curve (a PublicKey built by hand).
Bytes ecdh_shared_secret(const PrivateKey& own, const PublicKey& peer);

}  // namespace cardcore::ecasd
