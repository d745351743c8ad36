#pragma once
// Remote Application Management (ETSI TS 102 226 §8): the GlobalPlatform
// card content management commands (GP Card Specification v2.3 §11) as
// C-APDUs of a remote command script for the card's Issuer Security Domain
// (TAR '00 00 00'), and the GET STATUS response read back. A platform
// installs an applet as
//
//   std::vector<Bytes> cmds = {install_for_load(elf)};
//   for (Bytes& b : load_blocks(load_file_data_block(cap_components), 200)) cmds.push_back(b);
//   cmds.push_back(install_for_install({.load_file = elf, .module = module, .instance = aid, .tars = {tar}}));
//   link.build(encode_expanded... or encode_compact_script(cmds), scts);
//
// The C-APDUs are ISO/IEC 7816-4 short form without Le (GET STATUS with Le
// '00' when `with_le`), which both script formats carry.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// INSTALL [for load] (§11.5.2.3.1): the load file's AID, the ISD as its
// Security Domain (empty), no hash, the code size 'EF' { 'C6' } when given,
// no token. Throws std::invalid_argument for an AID outside 5..16 bytes.
Bytes install_for_load(ByteView load_file_aid, std::optional<std::uint16_t> code_size = std::nullopt);

// The 'C4' Load File Data Block TLV around the CAP components (§11.6.2.3).
Bytes load_file_data_block(ByteView cap_components);
// LOAD commands (§11.6) carrying `block` (a 'C4' TLV, with any DAP blocks
// before it) in pieces of at most `piece` bytes (1..255), numbered from 00,
// the last with P1 '80'. Throws std::invalid_argument for more than 256 pieces.
std::vector<Bytes> load_blocks(ByteView block, std::size_t piece);

// TS 102 226 §8.2.1.3.2.1: the UICC toolkit application specific
// parameters 'CA' of an applet that is reached by TAR.
struct ToolkitInstall {
  Bytes access_domain = {0x00};  // §8.2.1.3.2.2: '00' full access
  std::uint8_t priority = 0x01;
  std::uint8_t max_timers = 0;
  std::uint8_t max_menu_text = 0x10;
  std::uint8_t max_menu_entries = 0;
  std::uint8_t max_channels = 0;
  std::optional<std::uint8_t> msl{};     // minimum security level (SPI byte 1 coding)
  std::vector<cardcore::ota::Tar> tars{};  // none: the card takes bytes 13-15 of the instance AID
};

struct InstallForInstall {
  Bytes load_file{};
  Bytes module{};
  Bytes instance{};
  std::uint8_t privileges = 0x00;
  Bytes app_params{};  // 'C9' value (may be empty, always sent)
  std::optional<ToolkitInstall> toolkit{};
  bool make_selectable = true;  // P1 '0C' (install and make selectable) or '04'
};
// INSTALL [for install] (§11.5.2.3.2). Throws std::invalid_argument for
// AIDs outside 5..16 bytes or parameters longer than 255 bytes.
Bytes install_for_install(const InstallForInstall& install);
// INSTALL [for make selectable] (§11.5.2.3.3).
Bytes install_for_make_selectable(ByteView instance);

// DELETE (§11.2) of an application or load file; `related`: with what
// depends on it (P2 '80').
Bytes delete_object(ByteView aid, bool related = false);

// GET STATUS (§11.4). `p1`: '80' ISD, '40' applications, '20' load files,
// '10' load files and modules; `next`: the next occurrence after '63 10';
// the search qualifier '4F' `aid_prefix` (empty: all); deprecated fixed
// response format (P2 b2 = 0).
Bytes get_status(std::uint8_t p1, ByteView aid_prefix = {}, bool next = false, bool with_le = true);

// One entry of a fixed-format GET STATUS response (§11.4.3.2).
struct StatusEntry {
  Bytes aid;
  std::uint8_t life_cycle = 0;
  std::uint8_t privileges = 0;
  std::vector<Bytes> modules;  // P1 '10' only
};
// Throws OtaError(MalformedResponseData) for entries cut short.
std::vector<StatusEntry> decode_status_entries(ByteView data, bool with_modules);

}  // namespace twinmodels::ota
