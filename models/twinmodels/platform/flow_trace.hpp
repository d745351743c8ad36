#pragma once
// The trace of a cooperation flow (cooperation_flow.hpp): one line per
// function call the flow made, written when its result came, reading like a
// platform log — the time, who called whom, the function with its call
// identifier, EID and ICCID, and the FunctionExecutionStatus (SGP.02 §5)
// with its subject, reason and detail when it did not succeed:
//   "t=12000 ms SM-DP-EU -> SM-SR-EU ES3.CreateISDP call=OL-2/1 eid=… iccid=… Executed-Success"
#include <cstdint>
#include <string>
#include <vector>

#include "twinmodels/platform/function_result.hpp"

namespace twinmodels::platform {

struct FlowTraceLine {
  std::int64_t at_ms = 0;  // the caller's time when the result came
  std::string caller;      // the platform (or MNO) that made the call
  std::string callee;      // the platform that answered ("eUICC" for an ES5 command of the SM-SR's own)
  FunctionResult result;
};

std::string describe(const FlowTraceLine& l);
// Every line, one per row, oldest first.
std::string describe(const std::vector<FlowTraceLine>& trace);

}  // namespace twinmodels::platform
