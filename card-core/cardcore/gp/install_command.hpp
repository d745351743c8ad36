#pragma once
// The data fields of INSTALL (GP Card Specification v2.3 §11.5.2.3) and the
// install parameters of a toolkit application (ETSI TS 102 226
// §8.2.1.3.2.1, §8.2.1.3.2.2): every length checked against what is left.
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::gp {

// INSTALL [for load] (§11.5.2.3.1).
struct InstallForLoad {
  Bytes load_file_aid;
  Bytes security_domain_aid;  // empty: the ISD
  Bytes hash;                 // Load File Data Block hash, taken and not checked
  std::optional<std::uint32_t> code_size;  // 'EF' { 'C6' non-volatile code space }
};

// UICC toolkit application specific parameters 'CA' (TS 102 226
// §8.2.1.3.2.1); fields after the menu entries may be absent.
struct ToolkitParameters {
  Bytes access_domain;
  std::uint8_t priority = 0;
  std::uint8_t max_timers = 0;
  std::uint8_t max_menu_text = 0;
  std::uint8_t max_menu_entries = 0;
  std::uint8_t max_channels = 0;
  Bytes msl;                    // empty: no minimum security level
  std::vector<ota::Tar> tars;   // empty: the TAR is taken from the AID
};

// INSTALL [for install] and/or [for make selectable] (§11.5.2.3.2, .3).
struct InstallForInstall {
  Bytes load_file_aid;  // empty for make selectable alone
  Bytes module_aid;     // empty for make selectable alone
  Bytes application_aid;
  std::uint8_t privileges = 0;  // byte 1 (§6.6.1)
  std::optional<Bytes> app_params;  // 'C9' value, mandatory for install
  std::optional<ToolkitParameters> toolkit;  // 'EF' { 'CA' }
  // 'EF' { 'C7' volatile, 'C8' non-volatile memory quota }, in bytes (TS
  // 102 226 §8.2.1.3.2; GP §11.5.2.3.7, Table 11-49; SGP.02 CreateISDP).
  std::optional<std::uint32_t> volatile_quota;
  std::optional<std::uint32_t> nonvolatile_quota;
};

// INSTALL [for personalization] (§11.5.2.3.6): the application's AID; the
// other fields are empty.
struct InstallForPersonalization {
  Bytes application_aid;
};

// nullopt when a length runs past the data, a field has the wrong size, or
// bytes are left over.
std::optional<InstallForLoad> parse_install_for_load(ByteView data);
std::optional<InstallForInstall> parse_install_for_install(ByteView data);
std::optional<InstallForPersonalization> parse_install_for_personalization(ByteView data);
std::optional<ToolkitParameters> parse_toolkit_parameters(ByteView value);

}  // namespace cardcore::gp
