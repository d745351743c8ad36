#pragma once
// Where a PoR reaches the platform (3GPP TS 31.115 §4.3, TS 31.111 §7.1.1):
//   - in the SMS-DELIVER-REPORT of the command's SMS (SPI2 b6 = 0): the card
//     answers the ENVELOPE with the report's TP-UD ('61 XX' + GET RESPONSE),
//     which the modem sends in RP-ACK (or RP-ERROR);
//   - in SMS-SUBMITs (SPI2 b6 = 1), which the card sends with the proactive
//     SEND SHORT MESSAGE (TS 102 223 §6.6.9), concatenated when long.
// Each TP-UD carries UDH IEI '71' and the packet from RPL. These functions
// take those carriers apart; OtaSmsLink reassembles and decodes.
#include <cstdint>

#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/sms/user_data.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// The TP-UD octets (UDHL, header, body), as the card returns them to the
// ENVELOPE. Throws OtaError(MalformedSms) when the header does not decode.
cardcore::sms::UserData user_data_of_octets(ByteView octets);
// The TP-UD of an SMS-DELIVER-REPORT TPDU in the form its RP message gave.
// Throws OtaError(MalformedSms), or NotAResponsePacket when it has no TP-UD
// or no 8-bit TP-DCS.
cardcore::sms::UserData user_data_of_deliver_report(ByteView tpdu, cardcore::sms::ReportForm form);
// An SMS-SUBMIT TPDU. Throws OtaError(MalformedSms), or NotAResponsePacket
// when its TP-DCS is not 8-bit data.
cardcore::sms::SmsSubmit submit_of_tpdu(ByteView tpdu);
// The SMS-SUBMIT inside a SEND SHORT MESSAGE proactive command (the bytes
// FETCH returned, 'D0' ...). Throws OtaError(NotASubmitCommand) for another
// command, or with an SMS TPDU that is no SMS-SUBMIT; as submit_of_tpdu then.
cardcore::sms::SmsSubmit submit_of_send_short_message(ByteView proactive_command);
// The response packet (from RPL) of a single-message TP-UD: header with IEI
// '71' and no concatenation element. Throws OtaError(NotAResponsePacket).
Bytes response_packet_of_user_data(const cardcore::sms::UserData& ud);

}  // namespace twinmodels::ota
