#pragma once
// One complete command packet on the card (TS 102 225 §5.1, TS 31.115
// §4.1): open it against the card's key sets, persist its counter, route it
// by TAR to an application, and build the PoR the SPI asks for.
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::remote {

struct PacketOutcome {
  enum class Kind : std::uint8_t {
    Done,       // processed (or refused with a PoR status); the PoR fields say what goes back
    Malformed,  // truncated, CPL or CHL inconsistent: not attributable to a TAR, no PoR
    Busy,       // no room to queue the SEND SHORT MESSAGEs a PoR may need: nothing done, retry later
  };
  Kind kind = Kind::Done;
  // Response packets (from RPL): for the SMS-DELIVER-REPORT and for
  // SMS-SUBMITs; empty when none goes that way. Both are set when a PoR
  // for the report does not fit it: the report then carries a PoR with
  // status '0B' (TS 31.115 §7) and the SMS-SUBMITs the actual one.
  Bytes por_report;
  Bytes por_submit;
};

// Largest response packet an SMS-DELIVER-REPORT carries: its TP-UD (TS 23.040
// §9.2.2.1a: 159 octets) holds the UDH '02 71 00' and the packet.
inline constexpr std::size_t kMaxReportPacket = 159 - 3;

// `room` is how many proactive commands the card can still queue. Checks,
// in order (TS 102 225 §5.1.1, receiving_entity.hpp): TAR unknown or naming
// an application this card lacks (09), MSL (0A), key set (06), ciphering
// (05), RC/CC (01), counter (02, 03, 04). Only a packet that passed them all
// changes the card: its counter is stored (if its policy checks one) before
// its commands run; a counter that cannot be written stops it with status
// '07' (our reading). A PoR the key set cannot protect as the SPI asks is
// never sent: open_command_packet() gives the packet '06' instead.
PacketOutcome receive_command_packet(Uicc& card, ByteView packet, std::size_t room);

}  // namespace cardcore::remote
