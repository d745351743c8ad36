#include "twinmodels/platform/soap_names.hpp"

#include <array>
#include <stdexcept>

namespace twinmodels::platform::soap_names {

namespace {

constexpr std::string_view kRequest = "Request";
constexpr std::string_view kResponse = "Response";
constexpr std::string_view kOneLink = "OneLink";

// The functions of SGP.02's eUICC management groups (ES1 §5.2, ES3/ES4
// AuditEIS and the SM-SR change §5.4-§5.5, ES7 §5.8, the SM-SR's ES5 key set
// steps of the change); every other function is profile management.
constexpr std::array<std::string_view, 10> kEuiccManagement = {
    "RegisterEIS", "AuditEIS", "GetEIS", "PrepareSMSRChange", "SMSRChange",
    "HandoverEUICC", "AuthenticateSMSR", "FinaliseISDRhandover", "DeleteKeySet",
    "HandleSMSRChangeNotification"};
constexpr std::string_view kNotification = "Notification";
constexpr std::string_view kHandle = "Handle";

constexpr std::array<std::string_view, 7> kUnsigned = {"ValidityPeriod", "RequiredMemory", "KeyVersion",
                                                       "RemainingMemory", "FreeVolatileMemory",
                                                       "InstalledApplications", "Pol1"};
constexpr std::array<std::string_view, 3> kBoolean = {"EnableProfile", "FallbackAttribute",
                                                      "EmergencyProfileAttribute"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& names, std::string_view name) {
  for (const std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

// "ES4.EnableProfile" -> {"ES4", "EnableProfile"}.
std::pair<std::string, std::string> split(const std::string& function) {
  const std::size_t dot = function.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == function.size() ||
      function.find('-', 0) < dot) {
    throw std::invalid_argument("Function: '" + function + "' is not <interface>.<function>");
  }
  return {function.substr(0, dot), function.substr(dot + 1)};
}

std::string element(const std::string& function, std::string_view suffix) {
  const auto [interface, name] = split(function);
  return interface + "-" + name + std::string(suffix);
}

}  // namespace

std::string request_element(const std::string& function) { return element(function, kRequest); }
std::string response_element(const std::string& function) { return element(function, kResponse); }
std::string notification_element(const std::string& function) { return element(function, ""); }

std::optional<BodyElement> function_of_element(std::string_view e) {
  BodyElement b;
  std::string_view stem;
  if (e.size() > kResponse.size() && e.substr(e.size() - kResponse.size()) == kResponse) {
    b.response = true;
    stem = e.substr(0, e.size() - kResponse.size());
  } else if (e.size() > kRequest.size() && e.substr(e.size() - kRequest.size()) == kRequest) {
    stem = e.substr(0, e.size() - kRequest.size());
  } else if (e.size() > kNotification.size() && e.substr(e.size() - kNotification.size()) == kNotification &&
             e.find(kHandle) != std::string_view::npos) {
    // SGP.02 §5.1.3: a notification handler's message has no suffix.
    b.notification = true;
    stem = e;
  } else {
    return std::nullopt;
  }
  const std::size_t dash = stem.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == stem.size()) return std::nullopt;
  b.function = std::string(stem.substr(0, dash)) + "." + std::string(stem.substr(dash + 1));
  return b;
}

std::string action_of(const std::string& function, bool response) {
  const auto [interface, name] = split(function);
  const std::string callback = response ? "CallBack" : "";
  if (interface == kOneLink) return "urn:esimtwin:OneLink" + callback + ":" + name;
  const std::string group = in(kEuiccManagement, name) ? "eUICCManagement" : "ProfileManagement";
  return "http://gsma.com/" + interface + "/" + group + callback + "/" + interface + "-" + name;
}

bool is_unsigned_field(std::string_view name) { return in(kUnsigned, name); }
bool is_boolean_field(std::string_view name) { return in(kBoolean, name); }
// The EIS's profiles and a POL2's rules (eis_json.hpp).
bool is_repeated_field(std::string_view name) { return name == "ProfileInfo" || name == "Rule"; }

}  // namespace twinmodels::platform::soap_names
