#pragma once
// The FCP templates ('62') the administrative commands take (TS 102 222
// §6.3 CREATE FILE, §6.10 RESIZE FILE), read into what they ask for. The
// data objects are those of the FCP a SELECT returns (TS 102 221 §11.1.1.4);
// the card refuses what it cannot honour rather than ignoring it.
//
// Status words: '6A80' for a malformed template (not one '62' TLV spanning
// the data, a truncated or badly coded data object, a tag the command does
// not take, a tag twice, a mandatory one missing, a value out of range),
// '6A81' for codings this card does not offer (compact, expanded or
// proprietary security attributes, referenced ones with SE numbers, a
// BER-TLV or internal EF, "readable and updatable when deactivated"),
// '6A84' for a size no file can have here (over 65535 bytes).
#include <cstdint>
#include <optional>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/fs/file_node.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {

// TS 102 222 §6.3.2, proprietary information 'A5': the content of new EF
// space. 'C1' filling pattern: its bytes, then its last byte to the end;
// 'C2' repeat pattern: its bytes over and over. Either restarts for every
// record of a record EF. Neither: the erased state, 'FF'.
struct FillPattern {
  enum class Kind : std::uint8_t { Erased, Filling, Repeat };
  Kind kind = Kind::Erased;
  Bytes bytes;  // 1..255 bytes unless Erased
  // The byte at `pos` of a record (record EFs) or of the new space.
  std::uint8_t at(std::size_t pos) const;
};

// CREATE FILE: the new file.
struct CreateRequest {
  FileType type = FileType::EF;             // DF, ADF ('84' present) or EF
  EfStructure structure = EfStructure::None;
  bool shareable = true;                    // '82' b7
  std::uint16_t fid = 0;                    // '83'
  Bytes aid;                                // '84', 5..16 bytes (ADF)
  LifeCycle life_cycle = LifeCycle::Activated;  // '8A': '04'-'07'
  ArrReference arr;                         // '8B', EF.ARR FID and record 1..254
  std::uint32_t size = 0;                   // '80' (EF)
  std::uint8_t record_length = 0;           // '82' (record EFs)
  std::uint8_t record_count = 0;
  // '88': nullopt when absent (TS 102 221 §11.1.1.4.8: then the SFI is the
  // FID's 5 low bits), 0 when given empty (no SFI), else 1..30.
  std::optional<std::uint8_t> sfi;
  FillPattern fill;                         // 'A5' { 'C1' | 'C2' }
};

// RESIZE FILE: which file and its new size.
struct ResizeRequest {
  std::uint16_t fid = 0;       // '83'
  bool total_size = false;     // '81' (a DF's total size) rather than '80'
  std::uint32_t size = 0;
  FillPattern fill;            // 'A5' { 'C1' | 'C2' } for new space
};

StatusWord parse_create_request(ByteView data, CreateRequest& out);
StatusWord parse_resize_request(ByteView data, ResizeRequest& out);

}  // namespace cardcore
