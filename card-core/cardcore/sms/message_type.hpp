#pragma once
// TS 23.040 §9.2.3.1 TP-Message-Type-Indicator: bits 1..0 of the first
// octet, read according to the direction of transfer.
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

enum class Mti : std::uint8_t {
  DeliverOrDeliverReport = 0,       // SC->MS SMS-DELIVER, MS->SC SMS-DELIVER-REPORT
  SubmitOrSubmitReport = 1,         // MS->SC SMS-SUBMIT, SC->MS SMS-SUBMIT-REPORT
  StatusReportOrCommand = 2,        // SC->MS SMS-STATUS-REPORT, MS->SC SMS-COMMAND
  Reserved = 3,
};

enum class Direction : std::uint8_t { ScToMs, MsToSc };

enum class MessageType : std::uint8_t { Deliver, DeliverReport, Submit, SubmitReport, StatusReport, Command };

// Throws SmsError("TP-MTI") for an empty TPDU or the reserved value 11.
MessageType message_type_of(ByteView tpdu, Direction direction);

const char* message_type_name(MessageType t);

}  // namespace cardcore::sms
