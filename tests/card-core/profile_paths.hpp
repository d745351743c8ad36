#pragma once
// Where a profile's file is, as a terminal addresses it: SELECT by path
// from the MF (TS 102 221 §11.1.1.2, P1 '08'), '7FFF' standing for the
// current ADF, which is selected by its AID first; and the EF.ARR that
// holds the file's rule: the first EF.ARR with the rule's file id from the
// file's DF towards the MF (§9.2.4). For the access sweeps, which read each
// rule as a terminal would.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "card_fixture.hpp"
#include "cardcore/profile/profile_parser.hpp"

namespace cardcore::testing {

inline bool in_adf(const ProfileTemplate& p, std::uint32_t i) {
  for (std::uint32_t f = i; f != 0; f = p.files[f].parent)
    if (p.files[f].type == FileType::ADF) return true;
  return false;
}

// SELECT by path from the MF, no response data ('0C').
inline std::string select_by_path_apdu(const ProfileTemplate& p, std::uint32_t i) {
  std::string path;
  for (std::uint32_t f = i; f != 0; f = p.files[f].parent)
    path = hex16(p.files[f].type == FileType::ADF ? 0x7FFF : p.files[f].fid) + path;
  return "00A4080C" + hex8(static_cast<unsigned>(path.size() / 2)) + path;
}

inline std::optional<std::uint32_t> arr_file_of(const ProfileTemplate& p, std::uint32_t i) {
  for (std::uint32_t df = p.files[i].parent;; df = p.files[df].parent) {
    for (std::uint32_t c = 1; c < p.files.size(); ++c)
      if (p.files[c].parent == df && p.files[c].fid == p.files[i].arr.arr_fid) return c;
    if (df == 0) return std::nullopt;
  }
}

// How much of EF `f` the sweeps read or write: its first bytes (up to
// 255, the most one READ BINARY gives) or one record.
inline unsigned swept_length(const FileNode& f) {
  return f.structure == EfStructure::Transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
}

// READ or UPDATE (BINARY or RECORD, TS 102 221 §11.1.3-6) with class byte
// `cla`: `length` bytes from the start or of record 1, zeros written (a
// cyclic EF's by PREVIOUS, §11.1.6).
inline std::string read_or_update_apdu(const std::string& cla, const FileNode& f, unsigned length, bool update) {
  const bool transparent = f.structure == EfStructure::Transparent;
  if (!update) return cla + (transparent ? "B00000" : "B20104") + hex8(length);
  return cla + (transparent ? "D60000" : f.structure == EfStructure::Cyclic ? "DC0003" : "DC0104") + hex8(length) +
         std::string(2 * length, '0');
}

// A profile EF linked to another (the same body): RESIZE FILE leaves it
// as it is ('69 85').
inline bool linked_ef(const ProfileTemplate& p, std::uint32_t i) {
  for (std::uint32_t c = 0; c < p.files.size(); ++c)
    if (c != i && !p.files[c].is_df() && p.files[c].body_addr == p.files[i].body_addr) return true;
  return false;
}

}  // namespace cardcore::testing
