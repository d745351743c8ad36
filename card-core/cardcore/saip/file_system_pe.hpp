#pragma once
// The PEs that create a file system from a template (PEDefinitions v3.3.1
// PE-MF, PE-TELECOM, PE-USIM, PE-OPT-USIM): a PEHeader, the template's OID
// and one File per template file, each component [n] in the module's
// order. One struct for the four, with the module's component names as a
// table: file("ef-imsi").
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardcore/saip/file_description.hpp"
#include "cardcore/saip/profile_header.hpp"

namespace cardcore::saip {

enum class FileSystemKind : std::uint8_t { Mf, Telecom, Usim, OptUsim };

struct TemplateFileName {
  std::string_view name;  // ASN.1 component name, "ef-imsi"
  bool mandatory;
};

// The components after templateID, in order: component i has tag [i + 2].
std::span<const TemplateFileName> template_files(FileSystemKind kind);
std::string_view pe_name(FileSystemKind kind);  // "PE-USIM"

struct FileSystemPe {
  FileSystemKind kind = FileSystemKind::Usim;
  PeHeader header;
  std::string template_id;                 // OBJECT IDENTIFIER, dotted
  std::vector<std::optional<File>> files;  // one per template_files(kind) entry

  explicit FileSystemPe(FileSystemKind k = FileSystemKind::Usim);
  // Throws std::invalid_argument for a name not in the kind's table.
  const std::optional<File>& file(std::string_view name) const;
  std::optional<File>& file(std::string_view name);
  bool operator==(const FileSystemPe&) const = default;
};

namespace codec {
FileSystemPe decode_file_system_pe(der::Context& ctx, const der::Tlv& t, FileSystemKind kind);
Bytes encode_file_system_pe(const FileSystemPe& pe);  // contents
}  // namespace codec

}  // namespace cardcore::saip
