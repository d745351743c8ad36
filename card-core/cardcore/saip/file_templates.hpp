#pragma once
// The TCA file structure templates (eUICC Profile Package Annex A) that a
// file-system PE names by OID: per file its FID, structure, size, SFI,
// access rule record and default content, used when the package's File
// gives no fileDescriptor (or leaves a field out). Only the templates and
// files listed in README.md "Templates" are here; a file not found here
// needs a complete fileDescriptor in the package (plan_install refuses it
// otherwise).
#include <cstdint>
#include <optional>
#include <string_view>

#include "cardcore/util/bytes.hpp"

namespace cardcore::saip {

enum class TemplateStructure : std::uint8_t { Df, Adf, Transparent, LinearFixed, Cyclic };

struct TemplateFile {
  std::string_view pe_name;   // component name in the PE, "ef-imsi"
  std::uint16_t fid;          // 0 for the ADF (its FID is the package's temporary one)
  TemplateStructure structure;
  std::uint16_t size;         // transparent: file size; record EFs: record length; 0: from the package
  std::uint8_t records;       // record EFs: number of records; 0: from the package
  std::uint8_t arr_record;    // record of the EF.ARR the context implies
  std::uint8_t sfi;           // 0: none
  std::string_view content;   // default content: hex, "..FF" repeats the last byte to the end; "" none
};

// The template file of `template_oid` (dotted) for component `pe_name`, or
// nullptr when this code does not know it.
const TemplateFile* find_template_file(std::string_view template_oid, std::string_view pe_name);
// Whether this code knows the template at all.
bool known_template(std::string_view template_oid);

// The default content of `f` for a body of `size` bytes ('FF' where none).
Bytes template_content(const TemplateFile& f, std::size_t size);

}  // namespace cardcore::saip
