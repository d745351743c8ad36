#include "twinmodels/platform/foreign_platform.hpp"

namespace twinmodels::platform {

const char* to_string(ForeignRequestKind k) {
  switch (k) {
    case ForeignRequestKind::ProfileDownload: return "ProfileDownload";
    case ForeignRequestKind::SmSrSwitch: return "SmSrSwitch";
  }
  return "?";
}

const char* to_string(ForeignRequestStatus s) {
  switch (s) {
    case ForeignRequestStatus::Sent: return "Sent";
    case ForeignRequestStatus::Completed: return "Completed";
    case ForeignRequestStatus::Failed: return "Failed";
  }
  return "?";
}

const char* function_name(ForeignRequestKind k) {
  switch (k) {
    case ForeignRequestKind::ProfileDownload: return "OneLink.ProfileDownload";
    case ForeignRequestKind::SmSrSwitch: return "OneLink.SmSrSwitch";
  }
  return "?";
}

std::string describe(const ForeignRequest& r) {
  std::string s = "req=" + r.id + " " + function_name(r.kind) + " account=" + r.account_id + " eid=" + r.eid +
                  " to=" + r.platform;
  if (r.kind == ForeignRequestKind::ProfileDownload) s += " iccid=" + r.profile.iccid + " imsi=" + r.profile.imsi;
  s += " t=" + std::to_string(r.sent_ms) + " ms " + to_string(r.status);
  if (r.done_ms) s += " t=" + std::to_string(*r.done_ms) + " ms";
  if (r.result) s += " -> " + describe(*r.result);
  return s;
}

}  // namespace twinmodels::platform
