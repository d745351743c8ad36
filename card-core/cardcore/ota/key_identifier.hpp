#pragma once
// The KIc and KID bytes of a command packet: which algorithm and which key
// version protect it. ETSI TS 102 225 §5.1.2 (KIc), §5.1.3 (KID for a
// cryptographic checksum, and for a redundancy check).
#include <cstdint>
#include <optional>

namespace cardcore::ota {

// b1-b2 of KIc and of KID (for CC).
enum class KeyAlgorithm : std::uint8_t {
  Implicit = 0,  // "algorithm known implicitly by both entities"
  Des = 1,
  Aes = 2,
  Proprietary = 3,
};

// b3-b4 when b1-b2 says DES (TS 102 225 §5.1.2, §5.1.3).
enum class DesMode : std::uint8_t {
  Cbc = 0,             // DES in CBC mode
  TripleDes2Keys = 1,  // triple DES in outer-CBC mode using two different keys
  TripleDes3Keys = 2,  // triple DES in outer-CBC mode using three different keys
  Ecb = 3,             // DES in ECB mode: reserved in the current releases, not supported
};

// The decoded bits of one KIc or KID byte.
struct KeyIdentifier {
  std::uint8_t value = 0;

  KeyAlgorithm algorithm() const { return static_cast<KeyAlgorithm>(value & 0x03); }
  std::uint8_t mode() const { return (value >> 2) & 0x03; }         // b3-b4
  std::uint8_t key_version() const { return value >> 4; }          // b5-b8
  std::uint8_t algorithm_bits() const { return value & 0x0F; }      // b1-b4
};

// The ciphering algorithms a KIc can name. AES is AES-CBC with the key
// length of the key itself (16, 24 or 32 bytes, TS 102 225 §5.1.2).
enum class CipherAlgorithm : std::uint8_t { DesCbc, TripleDes2Keys, TripleDes3Keys, AesCbc };

// The cryptographic checksums a KID can name (TS 102 225 §5.1.3): DES or
// triple DES CBC-MAC with a zero initial chaining value, or AES-CMAC
// (NIST SP 800-38B).
enum class ChecksumAlgorithm : std::uint8_t { DesCbcMac, TripleDes2KeysCbcMac, TripleDes3KeysCbcMac, AesCmac };

// The redundancy checks a KID can name (TS 102 225 §5.1.3: b1-b2 = 01 CRC,
// b3-b4 = 00 CRC16 or 01 CRC32).
enum class RedundancyAlgorithm : std::uint8_t { Crc16, Crc32 };

// nullopt for "implicit", "proprietary", DES-ECB and reserved codings: this
// card OS supports none of them.
std::optional<CipherAlgorithm> cipher_algorithm(std::uint8_t kic);
std::optional<ChecksumAlgorithm> checksum_algorithm(std::uint8_t kid);
std::optional<RedundancyAlgorithm> redundancy_algorithm(std::uint8_t kid);

// KIc / KID bytes for an algorithm and a key version (0..15).
std::uint8_t make_kic(CipherAlgorithm algorithm, std::uint8_t key_version);
std::uint8_t make_kid(ChecksumAlgorithm algorithm, std::uint8_t key_version);
std::uint8_t make_kid(RedundancyAlgorithm algorithm);

// The byte of the packet names the card's key: the same key version, and the
// same algorithm unless the packet says "known implicitly" (b1-b2 = 00).
bool names_key(std::uint8_t packet_byte, std::uint8_t key_byte);

}  // namespace cardcore::ota
