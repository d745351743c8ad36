// The notifications' JSON (notification_json.hpp).
#include "twinmodels/platform/notification_json.hpp"

#include <nlohmann/json.hpp>

#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/json_fields.hpp"
#include "twinmodels/platform/xs_datetime.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace f = json_fields;

constexpr const char* kRequester = "FunctionRequesterIdentifier";
constexpr const char* kCallId = "FunctionCallIdentifier";
constexpr const char* kRecipient = "FunctionRecipientIdentifier";
constexpr const char* kCompletion = "CompletionTimestamp";

// "ES4.HandleProfileEnabledNotification" -> {"ES4", ProfileEnabled}.
std::pair<std::string, NotificationKind> function_parts(const std::string& function) {
  const std::size_t dot = function.find('.');
  const std::string interface = function.substr(0, dot);
  // SGP.02: the SM-DP notifies the MNO over ES2 (§5.3.8-§5.3.11), the SM-SR
  // the SM-DP over ES3 (§5.4) and the MNO over ES4 (§5.5).
  if (dot == std::string::npos || (interface != "ES2" && interface != "ES3" && interface != "ES4")) {
    f::refuse("Function", "'" + function + "' is not an ES2, ES3 or ES4 notification");
  }
  const std::optional<NotificationKind> k = notification_kind_of(function.substr(dot + 1));
  if (!k) f::refuse("Function", "'" + function + "' is not a notification handler SGP.02 names");
  return {interface, *k};
}

void only(const json& j, const std::string& where, std::initializer_list<const char*> names) {
  for (const auto& [k, v] : j.items()) {
    bool known = false;
    for (const char* n : names) known = known || k == n;
    if (!known) f::refuse(where.empty() ? k : where + "." + k, "not a field of a notification");
  }
}

void check(const PlatformNotification& n) {
  function_parts(notification_name(n));
  if (n.from.empty()) f::refuse(std::string("Header.") + kRequester, "empty");
  if (n.to.empty()) f::refuse(std::string("Header.") + kRecipient, "empty");
  f::check_eid(n.eid, "Body.Eid");
  if (n.kind == NotificationKind::SmsrChange) {
    if (!n.iccid.empty()) f::refuse("Body.Iccid", "not a field of HandleSMSRChangeNotification");
    if (!n.eis) f::refuse("Body.Eis", "missing");
    if (n.eis->eid != n.eid) f::refuse("Body.Eis.EumSignedInfo.Eid", "'" + n.eis->eid + "' is not the notification's Eid");
  } else {
    if (n.iccid.empty()) f::refuse("Body.Iccid", "missing");
    f::check_iccid(n.iccid, "Body.Iccid");
    if (n.eis) f::refuse("Body.Eis", "not a field of " + std::string(handler_name(n.kind)));
  }
  if (!n.completion_ms) f::refuse(std::string("Body.") + kCompletion, "missing");
}

}  // namespace

json encode_notification(const PlatformNotification& n) {
  check(n);
  json header = {{kRequester, n.from}, {kRecipient, n.to}};
  if (!n.call_id.empty()) header[kCallId] = n.call_id;
  json body = {{"Eid", n.eid}, {kCompletion, xs_datetime(*n.completion_ms)}};
  if (n.eis) body["Eis"] = encode_eis(*n.eis);
  else body["Iccid"] = n.iccid;
  return {{"Function", notification_name(n)}, {"Header", std::move(header)}, {"Body", std::move(body)}};
}

PlatformNotification decode_notification(const json& j) {
  f::object(j, "");
  only(j, "", {"Function", "Header", "Body"});
  PlatformNotification n;
  std::tie(n.interface, n.kind) = function_parts(f::text(j, "", "Function"));
  const json& h = f::object(*f::member(j, "", "Header", true), "Header");
  only(h, "Header", {kRequester, kCallId, kRecipient});
  n.from = f::text(h, "Header", kRequester);
  n.to = f::text(h, "Header", kRecipient);
  if (f::member(h, "Header", kCallId, false)) n.call_id = f::text(h, "Header", kCallId);
  const json& b = f::object(*f::member(j, "", "Body", true), "Body");
  n.eid = f::text(b, "Body", "Eid");
  const std::string completion = f::text(b, "Body", kCompletion);
  n.completion_ms = unix_ms_of_xs_datetime(completion, std::string("Body.") + kCompletion);
  if (n.kind == NotificationKind::SmsrChange) {
    only(b, "Body", {"Eid", "Eis", kCompletion});
    n.eis = decode_eis(*f::member(b, "Body", "Eis", true), "Body.Eis");
  } else {
    only(b, "Body", {"Eid", "Iccid", kCompletion});
    n.iccid = f::text(b, "Body", "Iccid");
  }
  check(n);
  return n;
}

}  // namespace twinmodels::platform
