#pragma once
// PE-GenericFileManagement (PEDefinitions v3.3.1: FileManagement; file
// paths coded as TCA eUICC Profile Package §8.3.5, FCPs as TS 102 222).
#include <cstdint>
#include <variant>
#include <vector>

#include "cardcore/saip/file_description.hpp"
#include "cardcore/saip/profile_header.hpp"

namespace cardcore::saip {

struct FilePath {
  Bytes path;  // [0] 0..8 bytes: FIDs below the MF; an ADF by its temporary FID
  bool operator==(const FilePath&) const = default;
};
struct CreateFcp {
  Fcp fcp;  // [APPLICATION 2] ('62', the FCP template tag)
  bool operator==(const CreateFcp&) const = default;
};

// FileManagement ::= SEQUENCE (1..MAX) OF CHOICE { filePath [0],
// createFCP [APPLICATION 2], fillFileOffset INTEGER, fillFileContent [1] }.
using FileManagementCommand = std::variant<FilePath, CreateFcp, FillFileOffset, FillFileContent>;
using FileManagement = std::vector<FileManagementCommand>;

struct PeGenericFileManagement {
  PeHeader header;
  std::vector<FileManagement> commands;  // [1] SEQUENCE (1..MAX) OF FileManagement
  bool operator==(const PeGenericFileManagement&) const = default;
};

namespace codec {
PeGenericFileManagement decode_generic_file_management(der::Context& ctx, const der::Tlv& t);
Bytes encode_generic_file_management(const PeGenericFileManagement& pe);
}  // namespace codec

}  // namespace cardcore::saip
