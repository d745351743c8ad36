#include "cardcore/ota/por_status.hpp"

namespace cardcore::ota {

std::string_view describe(PorStatus status) {
  switch (status) {
    case PorStatus::Ok: return "PoR OK";
    case PorStatus::RcCcDsFailed: return "RC/CC/DS failed";
    case PorStatus::CounterLow: return "CNTR low";
    case PorStatus::CounterHigh: return "CNTR high";
    case PorStatus::CounterBlocked: return "CNTR blocked";
    case PorStatus::CipheringError: return "ciphering error";
    case PorStatus::UnidentifiedSecurityError: return "unidentified security error";
    case PorStatus::InsufficientMemory: return "insufficient memory to process incoming message";
    case PorStatus::MoreTime: return "more time needed to process the command";
    case PorStatus::TarUnknown: return "TAR unknown";
    case PorStatus::InsufficientSecurityLevel: return "insufficient security level";
    case PorStatus::ResponseBySmsSubmit: return "actual response data to be sent using SMS-SUBMIT";
    case PorStatus::ResponseByUssd: return "actual response data to be sent using a USSD string";
  }
  return "reserved";
}

}  // namespace cardcore::ota
