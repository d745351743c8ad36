#pragma once
// Remote File Management (ETSI TS 102 226 §6): the file commands of TS 102
// 221 §11.1 as the C-APDUs of a remote command script, so a platform writes
// "this IMSI into EF.IMSI" as
//
//   auto cmds = rfm_update_binary({0x3F00, 0x7FFF, 0x6F07}, 0, cardcore::encode_imsi(imsi));
//   auto tpdus = link.build(encode_compact_script(cmds), scts);
//
// The script runs in the card's RFM application, which starts from the MF
// (or the ADF its TAR names); a path is the FIDs to SELECT one after the
// other from there, '7FFF' standing for the current ADF (TS 102 221 §8.4.1).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/remote_response.hpp"

namespace twinmodels::ota {

using FilePath = std::vector<std::uint16_t>;

// "3F00/7FFF/6F07" (or with spaces, or without separators) -> {3F00, 7FFF,
// 6F07}. Throws std::invalid_argument for anything but 4-hex-digit FIDs.
FilePath parse_file_path(std::string_view text);

struct RfmOptions {
  // TS 102 221 §10.1.1: '00' for the UICC's file commands; 'A0' for a GSM
  // SIM (TS 51.011 §9.2), whose SELECT has P2 '00' and always answers '9FXX'.
  std::uint8_t cla = 0x00;
  // SELECT P2 (TS 102 221 §11.1.1.2 Table 11.2): '04' returns the FCP, '0C'
  // (the default) returns nothing, so the SELECTs of a path end in '90 00'
  // instead of '61 XX'.
  bool fcp = false;
  // Expanded scripts carry ISO/IEC 7816-4 C-APDUs: a SELECT that returns the
  // FCP (case 4) gets Le '00' there (TS 102 226 §5.2.1.1); compact scripts
  // use the T=0 form without it (§5.1.1).
  ScriptFormat format = ScriptFormat::Compact;
};

// Single commands (TS 102 221 §11.1.1, §11.1.3-§11.1.6). Throw
// std::invalid_argument for values their P1/P2/P3 cannot carry.
Bytes select_by_fid(std::uint16_t fid, const RfmOptions& options = {});
// offset 0..7FFF (P1 b8 = 0), length 1..256 (Le '00' = 256).
Bytes read_binary(std::uint16_t offset, std::size_t length, const RfmOptions& options = {});
// offset 0..7FFF, 1..255 bytes.
Bytes update_binary(std::uint16_t offset, ByteView data, const RfmOptions& options = {});
// Absolute mode (P2 '04'), record 1..254, length 1..256 / 1..255 bytes.
Bytes read_record(std::uint8_t record, std::size_t length, const RfmOptions& options = {});
Bytes update_record(std::uint8_t record, ByteView data, const RfmOptions& options = {});

// SELECT of each FID of the path, in order. Throws for an empty path.
std::vector<Bytes> rfm_select_path(const FilePath& path, const RfmOptions& options = {});
// The path, then UPDATE BINARYs of at most 255 bytes each at rising offsets.
std::vector<Bytes> rfm_update_binary(const FilePath& path, std::uint16_t offset, ByteView data,
                                     const RfmOptions& options = {});
// The path, then READ BINARYs of at most 256 bytes. A compact PoR returns the
// data of the last command only (TS 102 226 §5.1.2): read more than 256
// bytes with an expanded script or in several scripts.
std::vector<Bytes> rfm_read_binary(const FilePath& path, std::uint16_t offset, std::size_t length,
                                   const RfmOptions& options = {});
// The path, then UPDATE RECORD in absolute mode.
std::vector<Bytes> rfm_update_record(const FilePath& path, std::uint8_t record, ByteView data,
                                     const RfmOptions& options = {});

}  // namespace twinmodels::ota
