#pragma once
// A platform notification (SGP.02 §5.1.3; platform_notification.hpp) in a
// run's checkpoint (sm_sr_run_state.cpp), little-endian:
//   interface text, kind u8 (ProfileEnabled 0, ProfileDisabled 1,
//   ProfileDeleted 2, SmsrChange 3), from, to, EID, ICCID, call id texts,
//   CompletionTimestamp: u8 0, or 1 and ms i64; EIS: u8 0, or 1 and the EIS
//   (twinmodels/platform/sm_sr_state_fields.hpp)
#include "twinmodels/platform/platform_notification.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinsim {

inline void put_notification(cardcore::Bytes& out, const twinmodels::platform::PlatformNotification& n) {
  namespace st = twinmodels::state;
  st::put_text(out, n.interface);
  st::put_u8(out, static_cast<std::uint8_t>(n.kind));
  for (const std::string* s : {&n.from, &n.to, &n.eid, &n.iccid, &n.call_id}) st::put_text(out, *s);
  st::put_u8(out, n.completion_ms ? 1 : 0);
  if (n.completion_ms) st::put_u64(out, static_cast<std::uint64_t>(*n.completion_ms));
  st::put_u8(out, n.eis ? 1 : 0);
  if (n.eis) twinmodels::platform::state_fields::put_eis(out, *n.eis);
}

inline twinmodels::platform::PlatformNotification read_notification(twinmodels::state::Reader& r) {
  namespace pf = twinmodels::platform;
  namespace fields = twinmodels::platform::state_fields;
  pf::PlatformNotification n;
  n.interface = fields::read_text(r, "notification's interface");
  if (n.interface != "ES2" && n.interface != "ES3" && n.interface != "ES4")
    r.fail("notification over '" + n.interface + "', not ES2, ES3 or ES4");
  const std::uint8_t kind = r.u8("notification's kind");
  if (kind > static_cast<std::uint8_t>(pf::NotificationKind::SmsrChange))
    r.fail("notification kind " + std::to_string(kind) + " is not one");
  n.kind = static_cast<pf::NotificationKind>(kind);
  for (std::string* s : {&n.from, &n.to, &n.eid, &n.iccid, &n.call_id}) *s = fields::read_text(r, "notification");
  if (r.flag("notification's timestamp")) n.completion_ms = r.i64("notification's CompletionTimestamp");
  if (r.flag("notification's EIS")) n.eis = fields::read_eis(r);
  if ((n.kind == pf::NotificationKind::SmsrChange) != n.eis.has_value())
    r.fail(std::string(pf::notification_name(n)) + (n.eis ? " with" : " without") + " an EIS");
  return n;
}

}  // namespace twinsim
