#include "cardcore/ota/integrity.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstring>
#include <stdexcept>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/ota/aes_cmac.hpp"

namespace cardcore::ota {

std::size_t checksum_length(ChecksumAlgorithm algorithm, std::size_t aes_length) {
  if (algorithm != ChecksumAlgorithm::AesCmac) return 8;
  return aes_length == 4 || aes_length == 8 ? aes_length : 0;
}

CipherAlgorithm checksum_cipher(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::DesCbcMac: return CipherAlgorithm::DesCbc;
    case ChecksumAlgorithm::TripleDes2KeysCbcMac: return CipherAlgorithm::TripleDes2Keys;
    case ChecksumAlgorithm::TripleDes3KeysCbcMac: return CipherAlgorithm::TripleDes3Keys;
    case ChecksumAlgorithm::AesCmac: return CipherAlgorithm::AesCbc;
  }
  return CipherAlgorithm::AesCbc;
}

void cryptographic_checksum(ChecksumAlgorithm algorithm, BlockCipher& kid, ByteView input, std::uint8_t* out,
                            std::size_t length) {
  if (kid.algorithm() != checksum_cipher(algorithm)) throw std::invalid_argument("KID key of the wrong algorithm");
  if (algorithm == ChecksumAlgorithm::AesCmac) {
    if (length > 16) throw std::invalid_argument("AES-CMAC is at most 16 bytes");
    const auto tag = aes_cmac(kid, input);
    std::memcpy(out, tag.data(), length);
    return;
  }
  if (length > 8) throw std::invalid_argument("a DES CBC-MAC is at most 8 bytes");
  // ISO/IEC 9797-1 MAC algorithm 1: H_i = E(H_(i-1) xor D_i), H_0 = 0; padding
  // method 1 (zero bytes; an empty input is one zero block).
  std::array<std::uint8_t, 8> h{};
  const std::size_t len = input.size();
  const std::size_t blocks = len == 0 ? 1 : (len + 7) / 8;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t off = b * 8;
    for (std::size_t j = 0; j < 8 && off + j < len; ++j) h[j] ^= input[off + j];
    kid.encrypt_blocks(h.data(), h.data(), 1);
  }
  std::memcpy(out, h.data(), length);
  OPENSSL_cleanse(h.data(), h.size());
}

std::size_t redundancy_length(RedundancyAlgorithm algorithm) {
  return algorithm == RedundancyAlgorithm::Crc16 ? 2 : 4;
}

std::uint16_t crc16_iso13239(ByteView input) {
  std::uint16_t crc = 0xFFFF;
  for (std::uint8_t byte : input) {
    crc ^= byte;
    for (int i = 0; i < 8; ++i) crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0x8408) : crc >> 1;
  }
  return static_cast<std::uint16_t>(~crc);
}

void redundancy_check(RedundancyAlgorithm algorithm, ByteView input, std::uint8_t* out) {
  if (algorithm == RedundancyAlgorithm::Crc16) {
    put_be16(out, crc16_iso13239(input));
    return;
  }
  // CRC-32 of ISO/IEC 13239 = IEEE 802.3 (cardcore::crc32).
  const std::uint32_t crc = crc32(input);
  out[0] = static_cast<std::uint8_t>(crc >> 24);
  out[1] = static_cast<std::uint8_t>(crc >> 16);
  out[2] = static_cast<std::uint8_t>(crc >> 8);
  out[3] = static_cast<std::uint8_t>(crc);
}

}  // namespace cardcore::ota
