#include "cardcore/sms/message_type.hpp"

#include "cardcore/sms/codec_detail.hpp"
#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms {

MessageType message_type_of(ByteView tpdu, Direction direction) {
  if (tpdu.empty()) throw SmsError("TP-MTI", 0, "empty TPDU");
  const bool mt = direction == Direction::ScToMs;
  switch (static_cast<Mti>(tpdu[0] & 0x03)) {
    case Mti::DeliverOrDeliverReport: return mt ? MessageType::Deliver : MessageType::DeliverReport;
    case Mti::SubmitOrSubmitReport: return mt ? MessageType::SubmitReport : MessageType::Submit;
    case Mti::StatusReportOrCommand: return mt ? MessageType::StatusReport : MessageType::Command;
    default: throw SmsError("TP-MTI", 0, "reserved value 11 (TS 23.040 §9.2.3.1)");
  }
}

const char* message_type_name(MessageType t) {
  switch (t) {
    case MessageType::Deliver: return "SMS-DELIVER";
    case MessageType::DeliverReport: return "SMS-DELIVER-REPORT";
    case MessageType::Submit: return "SMS-SUBMIT";
    case MessageType::SubmitReport: return "SMS-SUBMIT-REPORT";
    case MessageType::StatusReport: return "SMS-STATUS-REPORT";
    case MessageType::Command: return "SMS-COMMAND";
  }
  return "?";
}

void detail::expect_mti(const Reader& r, std::uint8_t first_octet, Mti expected) {
  const unsigned mti = first_octet & 0x03;
  if (mti == static_cast<unsigned>(expected)) return;
  static const char* const kBits[] = {"00", "01", "10", "11"};
  r.fail_at("TP-MTI", 0,
            std::string(mti == 3 ? "reserved value " : "value ") + kBits[mti] + ", expected " +
                kBits[static_cast<unsigned>(expected)] + " (TS 23.040 §9.2.3.1)");
}

}  // namespace cardcore::sms
