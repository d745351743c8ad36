#pragma once
// The MNO's two ES4 requests that start an SM-SR change (GSMA SGP.02 §3.8;
// §5.4, ES4.PrepareSMSRChange and ES4.SMSRChange): the MNO first asks the
// SM-SR that is to take the eUICC over whether it will (naming the current
// SM-SR), then asks the current SM-SR to hand the eUICC over (naming the new
// one). One order type carries both: `smsr_id` is the other SM-SR.
#include <string>

namespace twinmodels::platform {

struct SmSrChangeOrder {
  std::string call_id;  // the MNO's FunctionCallIdentifier
  std::string mno_id;   // the function caller
  std::string eid;
  // PrepareSMSRChange: the current SM-SR; SMSRChange: the target SM-SR.
  std::string smsr_id;
};

}  // namespace twinmodels::platform
