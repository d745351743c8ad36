#pragma once
// What the card reads out of a Load File (GP Card Specification v2.3
// §11.6.2.3, Table 11-58): the Load File Data Block 'C4' holds the CAP file
// components of a Java Card package concatenated (Java Card VM
// Specification 3.0.5 §6: each is tag (1), size (2), info). The card takes
// the package AID from the Header component (§6.4) and the applet AIDs —
// the executable modules — from the Applet component (§6.5). Other
// components are stored as they came and not interpreted: this card runs no
// Java Card bytecode (card-core/cardcore/gp/README.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore::gp {

struct LoadFileContents {
  Bytes package_aid;
  std::vector<Bytes> applet_aids;  // in Applet component order
};

struct LoadFileResult {
  std::optional<LoadFileContents> contents;
  std::string error;  // what is wrong, when contents is empty
};

// Parses the value of the 'C4' TLV. Errors: a component running past the
// end, no Header component first, a wrong magic ('DECAFFED'), AIDs outside
// 5..16 bytes, a component tag outside 1..12, a second Header or Applet.
LoadFileResult parse_load_file(ByteView data_block);

}  // namespace cardcore::gp
