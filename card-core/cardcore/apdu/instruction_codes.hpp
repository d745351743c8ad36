#pragma once
// Instruction bytes (INS) more than one of the card's applications handles:
// TS 102 221 §10.1.2 (Table 10.5), ISO/IEC 7816-4 §7, GlobalPlatform Card
// Specification v2.3 §11.1.4 (Table 11-10).
#include <cstdint>

namespace cardcore {

inline constexpr std::uint8_t kInsSelect = 0xA4;                // ISO/IEC 7816-4 §7.1.1
inline constexpr std::uint8_t kInsManageChannel = 0x70;         // ISO/IEC 7816-4 §7.1.2
inline constexpr std::uint8_t kInsGetResponse = 0xC0;           // TS 102 221 §10.1.2
inline constexpr std::uint8_t kInsEnvelope = 0xC2;              // TS 102 221 §10.1.2
inline constexpr std::uint8_t kInsTerminalProfile = 0x10;       // TS 102 221 §10.1.2
inline constexpr std::uint8_t kInsGetData = 0xCA;               // GP §11.3
inline constexpr std::uint8_t kInsStoreData = 0xE2;             // GP §11.11
inline constexpr std::uint8_t kInsDelete = 0xE4;                // GP §11.2
inline constexpr std::uint8_t kInsInstall = 0xE6;               // GP §11.5
inline constexpr std::uint8_t kInsLoad = 0xE8;                  // GP §11.6
inline constexpr std::uint8_t kInsSetStatus = 0xF0;             // GP §11.10
inline constexpr std::uint8_t kInsGetStatus = 0xF2;             // GP §11.4
inline constexpr std::uint8_t kInsInitializeUpdate = 0x50;      // GP Amendment D §7.1.1 (SCP03)
inline constexpr std::uint8_t kInsExternalAuthenticate = 0x82;  // GP Amendment D §7.1.2 (SCP03)

}  // namespace cardcore
