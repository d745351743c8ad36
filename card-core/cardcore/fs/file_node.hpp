#pragma once
// One file of the card's file system as the profile template describes it
// (TS 102 221 §8: MF, DF, ADF and EFs; §11.1.1.4 for the FCP fields).
// Metadata is immutable and shared; file contents and life cycle state live
// in each card's NVM at the addresses recorded here. A file a card creates
// (TS 102 222) has a FileNode of that card's own (fs/file_table.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore {

enum class FileType : std::uint8_t { MF, DF, ADF, EF };

// TS 102 221 §8.2: EF structures.
enum class EfStructure : std::uint8_t { None, Transparent, LinearFixed, Cyclic };

// TS 102 221 §11.1.1.4.7.3: referenced security attributes — the access rule
// is record `record` of the EF.ARR with file ID `arr_fid`, searched from the
// file's own DF upwards to the MF (§9.2.4).
struct ArrReference {
  std::uint16_t arr_fid = 0x2F06;
  std::uint8_t record = 0;  // 0: no rule given (all operations NEVER)
};

// TS 102 221 §11.1.1.4.9: life cycle status integer.
enum class LifeCycle : std::uint8_t {
  Creation = 0x01,
  Initialisation = 0x03,
  Deactivated = 0x04,
  Activated = 0x05,
  Terminated = 0x0C,
};

inline constexpr std::uint32_t kNoFile = 0xFFFFFFFF;
// A file index with b32 set names a file the card created (TS 102 222),
// its slot in the low bits (fs/created_area.hpp); profile files have their
// index in ProfileTemplate::files. One bit test tells them apart.
inline constexpr std::uint32_t kCreatedFile = 0x80000000;

struct FileNode {
  std::string name;       // "EF.IMSI", "ADF.USIM", "MF", ...
  std::uint16_t fid = 0;  // TS 102 221 §8.3
  FileType type = FileType::EF;
  EfStructure structure = EfStructure::None;
  std::uint8_t sfi = 0;  // short file identifier 1..30, 0 = none (§8.3)
  std::uint16_t record_length = 0;  // linear fixed / cyclic
  std::uint16_t record_count = 0;
  std::uint32_t size = 0;  // transparent: bytes; records: length x count
  ArrReference arr;
  Bytes aid;               // ADF only: the application identifier (DF name)
  bool shareable = true;   // §11.1.1.4.3 file descriptor b7
  std::uint32_t parent = kNoFile;  // index in ProfileTemplate::files, or a created DF's
  // Profile files only: the files a card created in a DF are in its
  // FileTable (Uicc::for_each_child gives both, less the deleted ones).
  std::vector<std::uint32_t> children;
  // The children's file IDs in the same order (the parser keeps both), so a
  // lookup by FID scans two bytes a child rather than each child's node.
  std::vector<std::uint16_t> child_fids;
  std::uint32_t body_addr = 0;  // NVM address of the contents (EF)
  // NVM address of 2 bytes of per-card file state: [0] life cycle status
  // (LifeCycle), [1] cyclic EF: index (0-based) of record 1, the newest.
  std::uint32_t state_addr = 0;

  bool is_df() const { return type != FileType::EF; }
};

}  // namespace cardcore
