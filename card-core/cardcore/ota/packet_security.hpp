#pragma once
// What protects one secured packet, resolved from its SPI, KIc and KID bytes
// against a key set (TS 102 225 §5.1.1-§5.1.3): the cipher and the RC/CC
// field, shared by the command and the response packet codecs.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/ota_keys.hpp"
#include "cardcore/ota/spi.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

// The RC/CC field of a packet: its kind, length and how to compute it.
class IntegrityField {
 public:
  // No RC/CC/DS.
  IntegrityField() = default;

  // The field for `kind` with the packet's KID byte. For a CC the KID must
  // name the key set's KID (names_key) and its key must fit; aes_cc_length is
  // the CC length for AES-CMAC (4 or 8). nullopt when this card OS cannot
  // provide it: DS, a reserved or proprietary coding, no or another key.
  static std::optional<IntegrityField> resolve(Integrity kind, std::uint8_t packet_kid, const OtaKeys* keys,
                                               std::size_t aes_cc_length);

  Integrity kind() const { return kind_; }
  std::size_t length() const { return length_; }
  // Writes length() bytes of RC/CC over input.
  void compute(ByteView input, std::uint8_t* out);
  // Constant-time comparison of the received field with the computed one.
  bool verify(ByteView input, const std::uint8_t* received);

 private:
  Integrity kind_ = Integrity::None;
  std::size_t length_ = 0;
  RedundancyAlgorithm rc_ = RedundancyAlgorithm::Crc32;
  ChecksumAlgorithm cc_ = ChecksumAlgorithm::AesCmac;
  std::optional<BlockCipher> key_;
};

// The KIc cipher of a packet: the packet's KIc byte must name the key set's
// KIc and its key must fit. nullopt otherwise.
std::optional<BlockCipher> resolve_cipher(std::uint8_t packet_kic, const OtaKeys* keys);

// Number of zero bytes that take `len` to a multiple of the block size.
inline std::size_t padding_for(std::size_t len, std::size_t block_size) {
  return (block_size - len % block_size) % block_size;
}

}  // namespace cardcore::ota
