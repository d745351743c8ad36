#include "cardcore/ota/aes_cmac.hpp"

#include <cstring>
#include <stdexcept>

namespace cardcore::ota {

namespace {

constexpr std::size_t kBlock = 16;

// SP 800-38B §6.1 step 2/3: the doubling in GF(2^128), R_128 = 0^120 || 10000111.
void double_block(const std::uint8_t in[kBlock], std::uint8_t out[kBlock]) {
  const std::uint8_t carry = in[0] >> 7;
  for (std::size_t i = 0; i < kBlock - 1; ++i) out[i] = static_cast<std::uint8_t>((in[i] << 1) | (in[i + 1] >> 7));
  out[kBlock - 1] = static_cast<std::uint8_t>((in[kBlock - 1] << 1) ^ (carry ? 0x87 : 0x00));
}

}  // namespace

std::array<std::uint8_t, 16> aes_cmac(BlockCipher& aes, ByteView message) {
  if (aes.algorithm() != CipherAlgorithm::AesCbc) throw std::invalid_argument("AES-CMAC needs an AES key");
  // §6.1 subkeys: L = CIPH_K(0^128), K1 = L doubled, K2 = K1 doubled.
  std::uint8_t l[kBlock] = {}, k1[kBlock], k2[kBlock];
  aes.encrypt_blocks(l, l, 1);
  double_block(l, k1);
  double_block(k1, k2);

  // §6.2: n blocks, the last one complete (xor K1) or padded 10..0 (xor K2).
  const std::size_t len = message.size();
  const std::size_t n = len == 0 ? 1 : (len + kBlock - 1) / kBlock;
  const bool complete = len != 0 && len % kBlock == 0;
  std::array<std::uint8_t, kBlock> c{};
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t j = 0; j < kBlock; ++j) c[j] ^= message[i * kBlock + j];
    aes.encrypt_blocks(c.data(), c.data(), 1);
  }
  std::uint8_t last[kBlock] = {};
  const std::size_t tail = len - (n - 1) * kBlock;
  if (tail) std::memcpy(last, message.data() + (n - 1) * kBlock, tail);
  if (!complete) last[tail] = 0x80;
  const std::uint8_t* k = complete ? k1 : k2;
  for (std::size_t j = 0; j < kBlock; ++j) c[j] ^= last[j] ^ k[j];
  aes.encrypt_blocks(c.data(), c.data(), 1);
  return c;
}

}  // namespace cardcore::ota
