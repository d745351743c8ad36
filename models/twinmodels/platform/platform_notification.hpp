#pragma once
// The platforms' asynchronous notifications about an eUICC (GSMA SGP.02
// §5.1.3 notification handlers: one-way, no function result): the SM-SR's
// to an MNO over ES4 and to an SM-DP over ES3, and the SM-DP's to the MNO
// over ES2 when it passes an ES3 one on.
//
//   ProfileEnabled / ProfileDisabled / ProfileDeleted — a profile's state
//     changed (SGP.02 §5.3.8, §5.3.9, §5.3.11; ES3 §5.4, ES4 §5.5): the
//     EID and the profile's ICCID;
//   SmsrChange — the eUICC is managed by another SM-SR now (§3.8,
//     §5.3.10): the EID and the EIS as the recipient may see it (its own
//     profiles only).
//
// SGP.02's CompletionTimestamp is the caller's (the models have no clock):
// `completion_ms`, which the SM-SR's and SM-DP's callers set when they
// pass a notification on; so is the FunctionCallIdentifier (`call_id`).
// notification_json.hpp and soap_encoding.hpp put them on the wire.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "twinmodels/platform/eis.hpp"

namespace twinmodels::platform {

enum class NotificationKind : std::uint8_t { ProfileEnabled, ProfileDisabled, ProfileDeleted, SmsrChange };

struct PlatformNotification {
  std::string interface;  // "ES4" (SM-SR to MNO), "ES3" (SM-SR to SM-DP), "ES2" (SM-DP to MNO)
  NotificationKind kind = NotificationKind::ProfileEnabled;
  std::string from;       // the sender's id
  std::string to;         // the recipient's id: an MNO's or an SM-DP's
  std::string eid;
  std::string iccid;      // the profile notifications' profile
  std::optional<Eis> eis; // SmsrChange: the EIS, the recipient's profiles only
  std::string call_id;    // FunctionCallIdentifier (SGP.02 §5.1.1): the sender's, empty when it names none
  std::optional<std::int64_t> completion_ms;  // CompletionTimestamp: ms since 1970-01-01T00:00:00Z
};

// "ES2.HandleProfileEnabledNotification".
std::string notification_name(const PlatformNotification& n);
// The handler's name without the interface: "HandleProfileEnabledNotification".
const char* handler_name(NotificationKind k);
// The kind of a handler's name ("HandleSMSRChangeNotification"); nullopt
// for another text.
std::optional<NotificationKind> notification_kind_of(std::string_view handler);

// The EIS as `mno` may see it (SGP.02 §5.3.1, §5.3.10: an MNO sees its own
// profiles): every profile of another owner left out.
Eis eis_for_mno(const Eis& eis, const std::string& mno);

}  // namespace twinmodels::platform
