#pragma once
// How a PoR leaves the card (TS 31.115 §4.2, §4.3; TS 31.111 §7.1.1.1): in
// the TP-UD of the SMS-DELIVER-REPORT, as the ENVELOPE's response data, or
// in SMS-SUBMITs to the command's originator that the card sends with SEND
// SHORT MESSAGE (TS 102 223 §6.4.10).
#include <cstdint>
#include <optional>

#include "cardcore/cat/objects.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::remote {

// The ENVELOPE response data for a PoR by SMS-DELIVER-REPORT: the TP-UD the
// ME puts in it, "02 71 00" (UDHL, IEI '71' response packet) and the packet.
Bytes report_user_data(ByteView response_packet);

// Queues one SEND SHORT MESSAGE per SMS-SUBMIT carrying the packet (several
// with concatenation, reference `reference`), addressed to `destination`
// (the TP-OA of the command) through `smsc` (the service centre the command
// came from, if the ENVELOPE named it), with a null alpha identifier (TS 102
// 223 §6.4.10: the terminal tells the user nothing) and TP-MR '00' (the
// terminal numbers the messages it sends). False when the card refused one
// (queue full); the ones queued before stay.
bool queue_submits(Uicc& card, const sms::Address& destination, const std::optional<cat::Address>& smsc,
                   ByteView response_packet, std::uint16_t reference);

}  // namespace cardcore::remote
