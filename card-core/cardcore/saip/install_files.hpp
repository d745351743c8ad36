#pragma once
// Internal to plan_install(): the file tree a package creates, from its
// file-system PEs (templates, §8.3) and PE-GenericFileManagement commands.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "cardcore/saip/file_templates.hpp"
#include "cardcore/saip/generic_file_management.hpp"
#include "cardcore/saip/file_system_pe.hpp"

namespace cardcore::saip::install {

struct PlannedFile {
  std::string name;                 // "EF.IMSI", unique within its DF
  std::vector<std::uint16_t> path;  // FIDs from the MF, 3F00 first
  TemplateStructure structure = TemplateStructure::Transparent;
  Bytes aid;                        // ADF
  std::size_t record_length = 0;    // record EFs
  std::size_t records = 0;          // record EFs
  std::uint8_t sfi = 0;             // 0: none
  std::uint16_t arr_fid = 0;        // 0: no access rule
  std::uint8_t arr_record = 0;
  bool shareable = true;
  bool personalized = false;
  Bytes body;                       // EFs: the whole body
  bool is_df() const { return structure == TemplateStructure::Df || structure == TemplateStructure::Adf; }
};

// Where a problem is, for PackageError and the ignored list.
struct Where {
  std::size_t pe;
  std::string element;
};

class FileTree {
 public:
  std::deque<PlannedFile> files;  // in creation order, parents first (stable references)
  std::set<std::string> ignored;   // what the card does not use, one line each

  PlannedFile* find(const std::vector<std::uint16_t>& path);
  // Adds the files of a template PE (PE-MF, PE-USIM, PE-OPT-USIM, PE-TELECOM).
  void add_file_system_pe(const FileSystemPe& pe, std::size_t pe_index);
  void add_generic_file_management(const PeGenericFileManagement& pe, std::size_t pe_index);
  // The path of the ADF.USIM, once its PE was added.
  std::optional<std::vector<std::uint16_t>> usim_path;
  std::size_t usim_pe = 0;  // the index of the PE-USIM

 private:
  PlannedFile& create(const File* file, const Fcp* fcp, const TemplateFile* tpl, std::string name,
                      const std::vector<std::uint16_t>& parent, bool from_gfm, const Where& w);
  // fillFileOffset moves on from the current position; fillFileContent
  // writes there and moves past what it wrote (§8.3.2, README.md).
  static void skip(PlannedFile& f, std::size_t& pos, std::size_t offset, const Where& w);
  static void write(PlannedFile& f, std::size_t& pos, const Bytes& content, const Where& w);
};

}  // namespace cardcore::saip::install
