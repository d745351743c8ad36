#include "cardcore/sms/pid.hpp"

namespace cardcore::sms {

ProtocolId decode_pid(std::uint8_t pid) {
  ProtocolId p;
  p.group = static_cast<PidGroup>(pid >> 6);
  if (p.group == PidGroup::Protocol) {
    p.telematic_interworking = (pid & 0x20) != 0;
    p.code = pid & 0x1F;
  } else {
    p.code = pid & 0x3F;
  }
  return p;
}

std::string_view pid_name(std::uint8_t pid) {
  static constexpr std::string_view kReplace[] = {
      "Replace Short Message Type 1", "Replace Short Message Type 2", "Replace Short Message Type 3",
      "Replace Short Message Type 4", "Replace Short Message Type 5", "Replace Short Message Type 6",
      "Replace Short Message Type 7"};
  switch (pid) {
    case kPidSmeToSme: return "SME-to-SME protocol (implicit)";
    case kPidShortMessageType0: return "Short Message Type 0";
    case 0x5E: return "Enhanced Message Service (obsolete)";
    case kPidReturnCallMessage: return "Return Call Message";
    case kPidAnsi136RData: return "ANSI-136 R-DATA";
    case kPidMeDataDownload: return "ME Data download";
    case kPidMeDepersonalization: return "ME De-personalization Short Message";
    case kPidSimDataDownload: return "(U)SIM Data download";
    default: break;
  }
  if (pid >= kPidReplaceShortMessageType1 && pid <= 0x47) return kReplace[pid - kPidReplaceShortMessageType1];
  switch (static_cast<PidGroup>(pid >> 6)) {
    case PidGroup::Protocol: return (pid & 0x20) ? "telematic interworking" : "SME-to-SME protocol";
    case PidGroup::ServiceCentre: return "SC specific use";
    default: return "reserved";
  }
}

}  // namespace cardcore::sms
