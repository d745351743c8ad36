#include "cardcore/apdu/status_word.hpp"

namespace cardcore {

std::string_view describe_status(StatusWord s, bool gsm_class) {
  const std::uint8_t sw1 = static_cast<std::uint8_t>(s >> 8);
  if (gsm_class) {
    switch (s) {
      case sw::gsm::kMemoryProblem: return "memory problem";
      case sw::gsm::kNoEfSelected: return "no EF selected";
      case sw::gsm::kOutOfRange: return "out of range (invalid address)";
      case sw::gsm::kFileNotFound: return "file ID not found";
      case sw::gsm::kInconsistentWithCommand: return "file inconsistent with the command";
      case sw::gsm::kNoChvInitialised: return "no CHV initialised";
      case sw::gsm::kAccessNotFulfilled: return "access condition not fulfilled / CHV verification failed";
      case sw::gsm::kContradictionChvStatus: return "in contradiction with CHV status";
      case sw::gsm::kContradictionInvalidation: return "in contradiction with invalidation status";
      case sw::gsm::kChvBlocked: return "CHV blocked / no attempt left";
      case sw::gsm::kIncreaseFailed: return "increase cannot be performed";
      default: break;
    }
    if (sw1 == 0x9F) return "response data available";
  }
  switch (s) {
    case sw::kOk: return "normal ending";
    case sw::kBusy: return "UICC busy";
    case sw::kWarnNoInfo: return "warning: no information, NVM unchanged";
    case sw::kWarnDataCorrupted: return "warning: part of returned data may be corrupted";
    case sw::kWarnEndOfFile: return "warning: end of file/record reached before reading Le bytes";
    case sw::kWarnFileInvalidated: return "warning: selected file invalidated";
    case sw::kWarnFileTerminated: return "warning: selected file in termination state";
    case sw::kWarnMoreDataAvailable: return "warning: more data available";
    case sw::kWarnMoreDataProactive: return "warning: more data available, proactive command pending";
    case sw::kWarnResponseAvailable: return "warning: response data available";
    case sw::kWarnMoreDataExpected: return "warning: more data expected";
    case sw::kWarnMoreDataExpectedProactive: return "warning: more data expected, proactive command pending";
    case sw::kExecNoInfoUnchanged: return "execution error: NVM unchanged";
    case sw::kExecNoInfoChanged: return "execution error: NVM changed";
    case sw::kMemoryProblem: return "memory problem";
    case sw::kWrongLength: return "wrong length";
    case sw::kClaFunctionNotSupported: return "function in CLA not supported";
    case sw::kLogicalChannelNotSupported: return "logical channel not supported";
    case sw::kSecureMessagingNotSupported: return "secure messaging not supported";
    case sw::kCommandNotAllowedNoInfo: return "command not allowed";
    case sw::kIncompatibleFileStructure: return "command incompatible with file structure";
    case sw::kSecurityStatusNotSatisfied: return "security status not satisfied";
    case sw::kAuthMethodBlocked: return "authentication/PIN method blocked";
    case sw::kReferencedDataInvalidated: return "referenced data invalidated";
    case sw::kConditionsNotSatisfied: return "conditions of use not satisfied";
    case sw::kNoEfSelected: return "command not allowed (no EF selected)";
    case sw::kSecureChannelNotSatisfied: return "secure channel: security not satisfied";
    case sw::kIncorrectData: return "incorrect parameters in the data field";
    case sw::kFunctionNotSupported: return "function not supported";
    case sw::kFileNotFound: return "file not found";
    case sw::kRecordNotFound: return "record not found";
    case sw::kNotEnoughMemory: return "not enough memory space";
    case sw::kIncorrectP1P2: return "incorrect parameters P1 to P2";
    case sw::kLcInconsistentWithP1P2: return "Lc inconsistent with P1 to P2";
    case sw::kReferencedDataNotFound: return "referenced data not found";
    case sw::kFileIdExists: return "file ID already exists";
    case sw::kDfNameExists: return "DF name already exists";
    case sw::kWrongP1P2: return "wrong parameter(s) P1-P2";
    case sw::kInsNotSupported: return "instruction code not supported or invalid";
    case sw::kClaNotSupported: return "class not supported";
    case sw::kTechnicalProblem: return "technical problem, no precise diagnosis";
    case sw::kIncreaseMaxReached: return "increase cannot be performed, max value reached";
    case sw::kAuthenticationError: return "authentication error (MAC failure)";
    case sw::kSecuritySessionExpired: return "security session or association expired";
    case sw::kSuspensionTooLong: return "minimum UICC suspension time is too long";
    case sw::kKeyFreshnessFailure: return "key freshness failure";
    default: break;
  }
  switch (sw1) {
    case 0x61: return "response bytes still available";
    case 0x6C: return "wrong Le; SW2 gives the exact length";
    case 0x91: return "normal ending, proactive command pending";
    case 0x92: return "normal ending, data transfer session";
    case 0x63:
      if ((s & 0xF0) == 0xC0) return "verification failed / counter; X retries left";
      break;
    case 0x67: return "wrong length (command dependent)";
    case 0x6F: return "technical problem (proprietary)";
    default: break;
  }
  return "unknown status word";
}

}  // namespace cardcore
