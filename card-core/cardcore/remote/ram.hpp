#pragma once
// Remote Application Management (TS 102 226 §8): the Issuer Security
// Domain runs the GlobalPlatform commands of a secured packet's script
// (gp/isd.hpp) in a command session of its own.
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::remote {

// The additional response data of the script (compact §5.1.2 or expanded
// §5.2.2, as for RFM). The card must have a [gp] section.
Bytes run_ram(Uicc& card, ByteView script);

}  // namespace cardcore::remote
