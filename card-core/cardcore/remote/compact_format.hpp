#pragma once
// The compact remote application data format (TS 102 226 §5.1): a command
// string of C-APDUs as a T=0 terminal sends them, and the additional
// response data of the PoR.
#include <cstdint>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::remote {

enum class CompactSplit : std::uint8_t {
  Command,    // `apdu` holds the next command
  End,        // nothing left
  Malformed,  // fewer than 5 bytes, or fewer data bytes than P3 announces
};

// §5.1.1: takes the next command off `script`: CLA INS P1 P2 P3 and, for a
// command that sends data, P3 bytes of data. Whether P3 is Lc or Le follows
// from INS, as on T=0: READ BINARY, READ RECORD, GET RESPONSE, STATUS (and
// GET DATA, GET CHALLENGE, RETRIEVE DATA) take Le; the others Lc, with P3 =
// '00' a command without data (case 1). `apdu` gets the command in the form
// parse_command_apdu() takes (P3 '00' of a case 1 command dropped).
//
// The instruction sets differ: for the file system (RFM) 'F2' is STATUS
// (Le); for the Issuer Security Domain (RAM) it is GP GET STATUS, which
// sends data (GP Card Specification v2.3 §11.4), and only GET RESPONSE and
// GET DATA take Le.
enum class CompactInstructions : std::uint8_t { FileSystem, SecurityDomain };
CompactSplit next_compact_command(ByteView& script, Bytes& apdu,
                                  CompactInstructions set = CompactInstructions::FileSystem);

// §5.1.2: number of commands executed (1 byte), the status word of the last
// one (2 bytes), its response data.
Bytes compact_response(std::uint8_t executed, StatusWord last_sw, ByteView last_data);

}  // namespace cardcore::remote
