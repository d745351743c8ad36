#include "cardcore/util/constant_time.hpp"

#include <openssl/crypto.h>

namespace cardcore {

bool equal_constant_time(ByteView a, ByteView b) {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace cardcore
