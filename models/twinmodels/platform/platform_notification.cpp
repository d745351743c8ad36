// The platforms' notifications' names and the EIS an MNO may see
// (platform_notification.hpp).
#include "twinmodels/platform/platform_notification.hpp"

namespace twinmodels::platform {

std::string notification_name(const PlatformNotification& n) {
  const char* what = "?";
  switch (n.kind) {
    case NotificationKind::ProfileEnabled: what = "HandleProfileEnabledNotification"; break;
    case NotificationKind::ProfileDisabled: what = "HandleProfileDisabledNotification"; break;
    case NotificationKind::ProfileDeleted: what = "HandleProfileDeletedNotification"; break;
    case NotificationKind::SmsrChange: what = "HandleSMSRChangeNotification"; break;
  }
  return n.interface + "." + what;
}

Eis eis_for_mno(const Eis& eis, const std::string& mno) {
  Eis out = eis;
  std::erase_if(out.profiles, [&](const EisProfile& p) { return p.mno_id != mno; });
  return out;
}

}  // namespace twinmodels::platform
