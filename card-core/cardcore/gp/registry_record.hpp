#pragma once
// One entry of the card's GlobalPlatform registry (GP Card Specification
// v2.3 §5.1 "GlobalPlatform Registry"), as this card keeps it: one record of
// the registry EF the profile's [gp] section names. Fixed 128-byte records;
// every field is validated when read, so a damaged record reads as unusable
// rather than as a wrong entry.
//
//   offset size  field
//   0      1     kind: 01 Executable Load File, 02 application, FF free
//   1      1     life cycle state (GP §5.3.1, §5.3.2; 00: a load in progress)
//   2      1     privileges, byte 1 (GP §6.6.1, Table 6-1)
//   3      1     AID length, 5..16 (ISO/IEC 7816-5)
//   4      16    AID, 'FF' after it
//   ELF:
//   20     2     offset of its load file in the heap EF
//   22     2     bytes reserved there (the whole 'C4' Load File Data Block TLV)
//   24     2     bytes received so far (a load in progress)
//   26     1     next LOAD block number expected
//   27     1     executable modules: count, 0..4
//   28     4x17  module AIDs: length (1) and AID (16) each
//   application:
//   20     1     its ELF: registry record number (1..)
//   21     1     its module: index in that ELF's modules
//   22     1     minimum security level, SPI byte 1 coding (TS 102 226 §8.2.1.3.2.4.2)
//   23     1     TAR count, 0..4
//   24     4x3   TARs (TS 102 225 §5.1; TS 102 226 §8.2.1.3.2.2)
//   36     1     access domain length, 0..8 (TS 102 226 §8.2.1.3.2.2)
//   37     8     access domain
//   45     1     application specific parameters ('C9') length, 0..82
//   46     82    their value
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::gp {

inline constexpr std::size_t kRecordSize = 128;
inline constexpr std::size_t kMinAid = 5;
inline constexpr std::size_t kMaxAid = 16;
inline constexpr std::size_t kMaxModules = 4;
inline constexpr std::size_t kMaxTars = 4;
inline constexpr std::size_t kMaxAccessDomain = 8;
inline constexpr std::size_t kMaxAppParams = 82;

enum class EntryKind : std::uint8_t { LoadFile = 0x01, Application = 0x02, Free = 0xFF };

// GP §11.1.1: life cycle codings.
namespace life_cycle {
inline constexpr std::uint8_t kLoading = 0x00;     // ours: LOAD blocks still expected
inline constexpr std::uint8_t kLoaded = 0x01;      // Executable Load File
inline constexpr std::uint8_t kInstalled = 0x03;   // application
inline constexpr std::uint8_t kSelectable = 0x07;  // application
inline constexpr std::uint8_t kLocked = 0x80;      // application: b8 on top of its state
inline constexpr std::uint8_t kSecured = 0x0F;     // the card (ISD)
}  // namespace life_cycle

struct LoadFileEntry {
  std::uint16_t heap_offset = 0;
  std::uint16_t heap_size = 0;
  std::uint16_t received = 0;
  std::uint8_t next_block = 0;
  std::vector<Bytes> modules;
};

struct ApplicationEntry {
  std::uint8_t load_file_record = 0;  // 1..
  std::uint8_t module_index = 0;
  std::uint8_t msl = 0;
  std::vector<ota::Tar> tars;
  Bytes access_domain;
  Bytes app_params;  // 'C9' value
};

struct RegistryEntry {
  EntryKind kind = EntryKind::Free;
  std::uint8_t life_cycle = 0;
  std::uint8_t privileges = 0;
  Bytes aid;
  LoadFileEntry load_file;     // kind LoadFile
  ApplicationEntry application;  // kind Application
};

// nullopt for a free record and for one whose fields are out of range.
std::optional<RegistryEntry> decode_record(std::span<const std::uint8_t, kRecordSize> record);
// Throws std::invalid_argument for fields out of range (lengths above).
std::array<std::uint8_t, kRecordSize> encode_record(const RegistryEntry& entry);
// A free record: all 'FF'.
std::array<std::uint8_t, kRecordSize> free_record();

}  // namespace cardcore::gp
