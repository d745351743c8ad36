#pragma once
// The file descriptions of the package (PEDefinitions v3.3.1: Fcp,
// ProprietaryInfo, File), coded as TS 102 222 gives the FCP of CREATE FILE
// (TCA eUICC Profile Package §8.3).
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "cardcore/saip/der.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::saip {

struct ProprietaryInfo {
  std::uint8_t special_file_information = 0x00;  // [PRIVATE 0] DEFAULT '00'
  std::optional<Bytes> fill_pattern;             // [PRIVATE 1] 1..200
  std::optional<Bytes> repeat_pattern;           // [PRIVATE 2] 1..200
  std::optional<Bytes> maximum_file_size;        // [6] shortest form
  std::uint8_t file_details = 0x01;              // [4] DEFAULT '01'
  bool operator==(const ProprietaryInfo&) const = default;
};

// Fcp: the FCP template's data objects, tag numbers as TS 102 221 §11.1.1.3
// ('82' file descriptor, '83' FID, '84' DF name, '8A' LCSI, '8B' security
// attributes referenced, '80' file size, 'C6' PIN status template, '88'
// SFI, 'A5' proprietary, 'C7' link path).
struct Fcp {
  std::optional<Bytes> file_descriptor;       // [2] 2..4 bytes (TS 102 222)
  std::optional<Bytes> file_id;               // [3] 2 bytes
  std::optional<Bytes> df_name;               // [4] AID, 5..16 bytes
  std::uint8_t lcsi = 0x05;                   // [10] DEFAULT '05'
  std::optional<Bytes> security_attributes;   // [11] 1..3 bytes: [ARR FID] record
  std::optional<Bytes> ef_file_size;          // [0] shortest form
  std::optional<Bytes> pin_status_template;   // [PRIVATE 6]
  std::optional<Bytes> short_ef_id;           // [8] 0..1 bytes (empty: no SFI)
  std::optional<ProprietaryInfo> proprietary; // [5]
  std::optional<Bytes> link_path;             // [PRIVATE 7] 0..8 bytes
  bool operator==(const Fcp&) const = default;
};

struct DoNotCreate {
  bool operator==(const DoNotCreate&) const = default;
};
struct FillFileOffset {
  std::uint16_t offset = 0;
  bool operator==(const FillFileOffset&) const = default;
};
struct FillFileContent {
  Bytes content;
  bool operator==(const FillFileContent&) const = default;
};

// File ::= SEQUENCE OF CHOICE { doNotCreate, fileDescriptor, fillFileOffset,
// fillFileContent }. Decoding checks: doNotCreate alone; at most one
// fileDescriptor, and first.
using FileElement = std::variant<DoNotCreate, Fcp, FillFileOffset, FillFileContent>;
struct File {
  std::vector<FileElement> elements;
  const Fcp* fcp() const;  // the fileDescriptor, if any
  bool do_not_create() const;
  bool operator==(const File&) const = default;
};

namespace codec {
Fcp decode_fcp(der::Context& ctx, const der::Tlv& t);
Bytes encode_fcp(const Fcp& f);  // contents
File decode_file(der::Context& ctx, const der::Tlv& t);
Bytes encode_file(const File& f);  // contents
}  // namespace codec

}  // namespace cardcore::saip
