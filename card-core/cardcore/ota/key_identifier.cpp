#include "cardcore/ota/key_identifier.hpp"

namespace cardcore::ota {

namespace {
std::uint8_t with_version(std::uint8_t algorithm_bits, std::uint8_t key_version) {
  return static_cast<std::uint8_t>(((key_version & 0x0F) << 4) | (algorithm_bits & 0x0F));
}
}  // namespace

// TS 102 225 §5.1.2.
std::optional<CipherAlgorithm> cipher_algorithm(std::uint8_t kic) {
  const KeyIdentifier k{kic};
  switch (k.algorithm()) {
    case KeyAlgorithm::Des:
      switch (static_cast<DesMode>(k.mode())) {
        case DesMode::Cbc: return CipherAlgorithm::DesCbc;
        case DesMode::TripleDes2Keys: return CipherAlgorithm::TripleDes2Keys;
        case DesMode::TripleDes3Keys: return CipherAlgorithm::TripleDes3Keys;
        case DesMode::Ecb: return std::nullopt;
      }
      return std::nullopt;
    case KeyAlgorithm::Aes:
      if (k.mode() == 0) return CipherAlgorithm::AesCbc;  // b3-b4 = 00: AES in CBC mode
      return std::nullopt;
    case KeyAlgorithm::Implicit:
    case KeyAlgorithm::Proprietary: return std::nullopt;
  }
  return std::nullopt;
}

// TS 102 225 §5.1.3, KID for a cryptographic checksum.
std::optional<ChecksumAlgorithm> checksum_algorithm(std::uint8_t kid) {
  const KeyIdentifier k{kid};
  switch (k.algorithm()) {
    case KeyAlgorithm::Des:
      switch (static_cast<DesMode>(k.mode())) {
        case DesMode::Cbc: return ChecksumAlgorithm::DesCbcMac;
        case DesMode::TripleDes2Keys: return ChecksumAlgorithm::TripleDes2KeysCbcMac;
        case DesMode::TripleDes3Keys: return ChecksumAlgorithm::TripleDes3KeysCbcMac;
        case DesMode::Ecb: return std::nullopt;  // reserved
      }
      return std::nullopt;
    case KeyAlgorithm::Aes:
      if (k.mode() == 0) return ChecksumAlgorithm::AesCmac;  // b3-b4 = 00: AES in CMAC mode
      return std::nullopt;
    case KeyAlgorithm::Implicit:
    case KeyAlgorithm::Proprietary: return std::nullopt;
  }
  return std::nullopt;
}

// TS 102 225 §5.1.3, KID for a redundancy check.
std::optional<RedundancyAlgorithm> redundancy_algorithm(std::uint8_t kid) {
  const KeyIdentifier k{kid};
  if (k.algorithm() != KeyAlgorithm::Des) return std::nullopt;  // b1-b2 = 01: CRC
  if (k.mode() == 0) return RedundancyAlgorithm::Crc16;
  if (k.mode() == 1) return RedundancyAlgorithm::Crc32;
  return std::nullopt;
}

std::uint8_t make_kic(CipherAlgorithm algorithm, std::uint8_t key_version) {
  switch (algorithm) {
    case CipherAlgorithm::DesCbc: return with_version(0x01, key_version);
    case CipherAlgorithm::TripleDes2Keys: return with_version(0x05, key_version);
    case CipherAlgorithm::TripleDes3Keys: return with_version(0x09, key_version);
    case CipherAlgorithm::AesCbc: return with_version(0x02, key_version);
  }
  return 0;
}

std::uint8_t make_kid(ChecksumAlgorithm algorithm, std::uint8_t key_version) {
  switch (algorithm) {
    case ChecksumAlgorithm::DesCbcMac: return with_version(0x01, key_version);
    case ChecksumAlgorithm::TripleDes2KeysCbcMac: return with_version(0x05, key_version);
    case ChecksumAlgorithm::TripleDes3KeysCbcMac: return with_version(0x09, key_version);
    case ChecksumAlgorithm::AesCmac: return with_version(0x02, key_version);
  }
  return 0;
}

std::uint8_t make_kid(RedundancyAlgorithm algorithm) {
  return algorithm == RedundancyAlgorithm::Crc16 ? 0x01 : 0x05;
}

bool names_key(std::uint8_t packet_byte, std::uint8_t key_byte) {
  const KeyIdentifier p{packet_byte}, k{key_byte};
  if (p.key_version() != k.key_version()) return false;
  return p.algorithm() == KeyAlgorithm::Implicit || p.algorithm_bits() == k.algorithm_bits();
}

}  // namespace cardcore::ota
