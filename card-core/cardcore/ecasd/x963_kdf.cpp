#include "cardcore/ecasd/x963_kdf.hpp"

#include <stdexcept>

#include <openssl/crypto.h>

#include "cardcore/ecasd/sha256.hpp"

namespace cardcore::ecasd {

Bytes x963_kdf_sha256(ByteView z, ByteView shared_info, std::size_t output_bytes) {
  if (output_bytes == 0) throw std::invalid_argument("X9.63 KDF: no output asked for");
  Bytes input(z.begin(), z.end());
  const std::size_t counter_at = input.size();
  input.resize(counter_at + 4);
  input.insert(input.end(), shared_info.begin(), shared_info.end());
  Bytes out;
  out.reserve(output_bytes + 31);
  // output_bytes < 2^32 blocks of 32 bytes always holds for a size_t here.
  for (std::uint32_t i = 1; out.size() < output_bytes; ++i) {
    input[counter_at + 0] = static_cast<std::uint8_t>(i >> 24);
    input[counter_at + 1] = static_cast<std::uint8_t>(i >> 16);
    input[counter_at + 2] = static_cast<std::uint8_t>(i >> 8);
    input[counter_at + 3] = static_cast<std::uint8_t>(i);
    const Sha256Digest k = sha256(input);
    out.insert(out.end(), k.begin(), k.end());
  }
  out.resize(output_bytes);
  OPENSSL_cleanse(input.data(), input.size());
  return out;
}

}  // namespace cardcore::ecasd
