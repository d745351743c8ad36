#pragma once
// File identifiers with a meaning of their own (TS 102 221 §8.3, §8.4.1).
#include <cstdint>

namespace cardcore {

inline constexpr std::uint16_t kFidMf = 0x3F00;          // TS 102 221 §8.3: the MF
inline constexpr std::uint16_t kFidCurrentAdf = 0x7FFF;  // §8.4.1: the ADF of the active application
inline constexpr std::uint16_t kFidReserved = 0xFFFF;    // §8.3: reserved, no file's

}  // namespace cardcore
