#pragma once
// The compact remote application data format of ETSI TS 102 226 §5.1: the
// secured data of a command packet is the C-APDUs one after the other
// (§5.1.1), and the additional response data of its PoR is the number of
// commands executed, the status word of the last one and, when it had any,
// its response data (§5.1.2).
#include <cstdint>
#include <span>

#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// §5.1.1: the commands concatenated. Each must be a T=0 command TPDU
// (capdu_form.hpp: CLA INS P1 P2 P3 [data]), because the card splits the
// string with P3; throws std::invalid_argument naming the command otherwise.
Bytes encode_compact_script(std::span<const Bytes> commands);

// §5.1.2.
struct CompactResponse {
  std::uint8_t executed = 0;  // number of commands executed
  std::uint16_t last_sw = 0;  // status word of the last executed command
  Bytes last_data;            // its response data, if it had any
  bool operator==(const CompactResponse&) const = default;
};

// Throws OtaError(MalformedResponseData) for fewer than 3 bytes.
CompactResponse decode_compact_response(ByteView additional_data);

}  // namespace twinmodels::ota
