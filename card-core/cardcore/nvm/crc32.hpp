#pragma once
// CRC-32 as in IEEE 802.3 / ISO 3309 (reflected polynomial 0xEDB88320,
// initial value and final XOR 0xFFFFFFFF; check value of "123456789" is
// 0xCBF43926). Used by the NVM journal to detect a torn commit record.
#include <cstdint>
#include <span>

namespace cardcore {

// Continues a CRC over more bytes: crc32_update(crc32_update(0, a), b) is the
// CRC-32 of a followed by b.
std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::uint8_t> bytes);

inline std::uint32_t crc32(std::span<const std::uint8_t> bytes) { return crc32_update(0, bytes); }

}  // namespace cardcore
