#include "twinmodels/platform/flow_trace.hpp"

namespace twinmodels::platform {

std::string describe(const FlowTraceLine& l) {
  return "t=" + std::to_string(l.at_ms) + " ms " + l.caller + " -> " + l.callee + " " + describe(l.result);
}

std::string describe(const std::vector<FlowTraceLine>& trace) {
  std::string s;
  for (const FlowTraceLine& l : trace) s += describe(l) + "\n";
  return s;
}

}  // namespace twinmodels::platform
