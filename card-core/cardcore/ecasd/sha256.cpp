#include "cardcore/ecasd/sha256.hpp"

#include "cardcore/ecasd/openssl_handles.hpp"

namespace cardcore::ecasd {

Sha256Digest sha256(ByteView message) {
  Sha256Digest out{};
  unsigned int len = 0;
  detail::check(EVP_Digest(message.data(), message.size(), out.data(), &len, EVP_sha256(), nullptr), "EVP_Digest");
  return out;
}

}  // namespace cardcore::ecasd
