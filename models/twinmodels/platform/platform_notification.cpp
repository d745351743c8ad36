// The platforms' notifications' names and the EIS an MNO may see
// (platform_notification.hpp).
#include "twinmodels/platform/platform_notification.hpp"

namespace twinmodels::platform {

const char* handler_name(NotificationKind k) {
  // SGP.02 §5.3.8-§5.3.11 (ES2), §5.4 (ES3), §5.5 (ES4): the handlers' names.
  switch (k) {
    case NotificationKind::ProfileEnabled: return "HandleProfileEnabledNotification";
    case NotificationKind::ProfileDisabled: return "HandleProfileDisabledNotification";
    case NotificationKind::ProfileDeleted: return "HandleProfileDeletedNotification";
    case NotificationKind::SmsrChange: return "HandleSMSRChangeNotification";
  }
  return "?";
}

std::optional<NotificationKind> notification_kind_of(std::string_view handler) {
  for (const NotificationKind k : {NotificationKind::ProfileEnabled, NotificationKind::ProfileDisabled,
                                   NotificationKind::ProfileDeleted, NotificationKind::SmsrChange}) {
    if (handler == handler_name(k)) return k;
  }
  return std::nullopt;
}

std::string notification_name(const PlatformNotification& n) { return n.interface + "." + handler_name(n.kind); }

Eis eis_for_mno(const Eis& eis, const std::string& mno) {
  Eis out = eis;
  std::erase_if(out.profiles, [&](const EisProfile& p) { return p.mno_id != mno; });
  return out;
}

}  // namespace twinmodels::platform
