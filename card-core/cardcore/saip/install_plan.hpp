#pragma once
// What card-core installs for a decoded profile package: the profile
// description text (docs/PROFILE-FORMAT.md, for cardcore::parse_profile)
// that every card of the package's kind shares, and the per-card values
// (ICCID, IMSI, K, OPc, OTA keys) for Uicc::personalize(). Packages that
// differ only in those values give the same text.
//
// What card-core cannot represent is refused (PackageError naming the PE
// and element); what it does not need is listed in InstallPlan::ignored
// (and in README.md "Installation").
#include <cstdint>
#include <string>
#include <vector>

#include "cardcore/card/uicc.hpp"
#include "cardcore/saip/profile_package.hpp"

namespace cardcore::saip {

// The card platform's own values, which a package does not carry.
struct InstallOptions {
  std::string name;  // profile name; "" = "saip-" + the header's profileType (or "saip")
  // The eUICC's answer to reset (ISO/IEC 7816-3 §8), as the domestic profile's.
  std::string atr = "3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E5";
  unsigned page_size = 64;
  unsigned logical_channels = 4;
  unsigned journal_bytes = 2048;
  unsigned created_file_space = 8192;
  // The proprietary DF under the MF that holds the OTA key set and counter
  // EFs made from PE-RFM / PE-SecurityDomain (6F01, 6F02 in it).
  std::uint16_t ota_df = 0x7F66;
};

struct InstallPlan {
  std::string profile_text;         // docs/PROFILE-FORMAT.md
  Personalization personalization;  // ICCID (without its Luhn digit), IMSI, K, OPc, OTA keys
  std::vector<std::string> ignored;  // package content the card does not use, one line each
};

// Throws PackageError for what card-core cannot install.
InstallPlan plan_install(const ProfilePackage& package, const InstallOptions& options = {});

}  // namespace cardcore::saip
