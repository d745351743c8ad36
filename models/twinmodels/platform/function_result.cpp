#include "twinmodels/platform/function_result.hpp"

namespace twinmodels::platform {

const char* to_string(ExecutionStatus s) {
  switch (s) {
    case ExecutionStatus::Success: return "Executed-Success";
    case ExecutionStatus::Warning: return "Executed-WithWarning";
    case ExecutionStatus::Failed: return "Failed";
    case ExecutionStatus::Expired: return "Expired";
  }
  return "?";
}

FunctionResult failed_result(std::string function, std::string call_id, std::string eid, std::string iccid,
                             std::string subject, std::string reason, std::string message) {
  FunctionResult r;
  r.function = std::move(function);
  r.call_id = std::move(call_id);
  r.eid = std::move(eid);
  r.iccid = std::move(iccid);
  r.status = ExecutionStatus::Failed;
  r.subject = std::move(subject);
  r.reason = std::move(reason);
  r.message = std::move(message);
  return r;
}

std::string describe(const FunctionResult& r) {
  std::string s = r.function + " call=" + r.call_id + " eid=" + r.eid;
  if (!r.iccid.empty()) s += " iccid=" + r.iccid;
  s += std::string(" ") + to_string(r.status);
  if (!r.subject.empty() || !r.reason.empty()) {
    s += " (" + r.subject + ": " + r.reason;
    if (!r.message.empty()) s += ", " + r.message;
    s += ")";
  }
  return s;
}

}  // namespace twinmodels::platform
