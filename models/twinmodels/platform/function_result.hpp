#pragma once
// The outcome of a platform function call as the GSMA SGP.02 interfaces
// (ES1-ES7, §5) return it: the function and the call it answers
// (FunctionCallIdentifier), the FunctionExecutionStatus — executed with
// success, with warning, failed, or expired — and, when it did not succeed,
// a status code naming the subject and the reason. The subject and reason
// are words here; the encodings add SGP.02's numeric codes where
// status_code.hpp has them (§5.1.6).
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/eis.hpp"

namespace twinmodels::platform {

enum class ExecutionStatus : std::uint8_t { Success, Warning, Failed, Expired };

const char* to_string(ExecutionStatus s);

struct FunctionResult {
  std::string function;  // "ES4.EnableProfile"
  std::string call_id;   // the requester's FunctionCallIdentifier
  std::string eid;
  std::string iccid;     // the profile the call was about, if any
  ExecutionStatus status = ExecutionStatus::Success;
  std::string subject;   // failed / expired: what the status is about ("EID", "Profile ICCID", "eUICC")
  std::string reason;    // failed / expired: why ("Unknown", "Refused", "Not enough memory", "No response")
  std::string message;   // the card's status word or other detail
  cardcore::Bytes data;  // function-specific output (an audit's GET DATA answers)
  // ES2.GetEIS / ES3.GetEIS (SGP.02 §5.3.1, §5.4.1): the EIS the function
  // returns on success. Not kept in checkpoints: a result carrying one is
  // written to the log when made (function_json.hpp).
  std::optional<Eis> eis{};
  // Failed by a PoR's error: its Response Status Code (TS 102 225 §5.2,
  // '01'-'0A'); 0 otherwise.
  std::uint8_t por_status = 0;

  bool ok() const { return status == ExecutionStatus::Success || status == ExecutionStatus::Warning; }
};

// Executed-Failed: `function`'s answer to call `call_id` about `eid` (and
// `iccid`), with the status code's subject and reason and the detail.
FunctionResult failed_result(std::string function, std::string call_id, std::string eid, std::string iccid,
                             std::string subject, std::string reason, std::string message = {});

// One line for a trace: "ES4.EnableProfile call=c1 eid=… iccid=… Failed (Profile ICCID: Refused, 6985)".
std::string describe(const FunctionResult& r);

}  // namespace twinmodels::platform
