#pragma once
// The two forms a remote command script writes a C-APDU in (TS 102 226 §5):
//   compact format (§5.1.1): the T=0 command TPDU of TS 102 221 §7.3.1.1 /
//     ISO/IEC 7816-3 §12.2, CLA INS P1 P2 P3 [data], P3 = Lc when data
//     follow and Le (or '00') otherwise; a case 4 command goes without Le and
//     its response waits behind '61XX';
//   expanded format (§5.2.1.1): the C-APDU of ISO/IEC 7816-4 §5.1, CLA INS P1
//     P2 [Lc data] [Le], short or extended length fields.
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// 5 bytes (P3 = Le or '00'), or 5 + P3 bytes with P3 != 0 (data).
bool is_t0_command(ByteView command);
// Cases 1-4 with short (Lc, Le one byte) or extended (Lc '00 XX XX', Le two
// or three bytes) length fields, as ISO/IEC 7816-4 §5.1 Table 1 lays out.
bool is_iso_command(ByteView command);

}  // namespace twinmodels::ota
