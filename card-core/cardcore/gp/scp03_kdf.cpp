#include "cardcore/gp/scp03_kdf.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"

namespace cardcore::gp::scp03 {

bool aes_key_length_ok(std::size_t n) { return n == 16 || n == 24 || n == 32; }

Bytes kdf(ByteView key, DerivationConstant constant, ByteView context, std::uint16_t output_bits) {
  if (!aes_key_length_ok(key.size()))
    throw std::invalid_argument("SCP03 KDF: key of " + std::to_string(key.size()) +
                                " bytes; AES-128/192/256 needs 16, 24 or 32");
  if (output_bits == 0 || output_bits % 8 != 0)
    throw std::invalid_argument("SCP03 KDF: L = " + std::to_string(output_bits) +
                                " bits is not a positive whole number of bytes");
  const std::size_t out_bytes = output_bits / 8;

  // §4.1.5: label (12) || separator (1) || L (2) || i (1) || context.
  Bytes input(16 + context.size(), 0x00);
  input[11] = static_cast<std::uint8_t>(constant);
  put_be16(&input[13], output_bits);
  std::copy(context.begin(), context.end(), input.begin() + 16);

  ota::BlockCipher aes(ota::CipherAlgorithm::AesCbc, key);
  Bytes out;
  out.reserve(out_bytes + 15);
  // At most 8191 bytes are asked for (L < 2^16 bits), so i stays below 2^9;
  // the 1-byte counter of §4.1.5 limits it to 255 blocks (4080 bytes).
  for (unsigned i = 1; out.size() < out_bytes; ++i) {
    if (i > 0xFF) throw std::invalid_argument("SCP03 KDF: L needs more than 255 PRF blocks");
    input[15] = static_cast<std::uint8_t>(i);
    const auto block = ota::aes_cmac(aes, input);
    out.insert(out.end(), block.begin(), block.end());
  }
  out.resize(out_bytes);
  return out;
}

}  // namespace cardcore::gp::scp03
