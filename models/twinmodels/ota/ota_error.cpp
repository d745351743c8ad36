#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::ota {

std::string_view describe(OtaError::Reason reason) {
  using R = OtaError::Reason;
  switch (reason) {
    case R::MalformedSms: return "malformed SMS";
    case R::NotAResponsePacket: return "not a response packet";
    case R::NotASubmitCommand: return "not a SEND SHORT MESSAGE";
    case R::Concatenation: return "concatenation";
    case R::MalformedPacket: return "malformed response packet";
    case R::CipheringError: return "ciphering error";
    case R::IntegrityFailed: return "integrity failed";
    case R::TarMismatch: return "TAR mismatch";
    case R::CounterMismatch: return "counter mismatch";
    case R::NotSecured: return "not secured";
    case R::Unsupported: return "unsupported";
    case R::CounterExhausted: return "counter exhausted";
    case R::UnknownStatus: return "unknown status";
    case R::MalformedResponseData: return "malformed response data";
  }
  return "?";
}

}  // namespace twinmodels::ota
