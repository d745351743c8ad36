#pragma once
// The names of the platforms' SOAP messages (soap_encoding.hpp): the
// namespaces, the body element of each function's request and response, the
// WS-Addressing action URIs, and which function elements carry numbers,
// booleans or repeat. Shared by the writer and the reader.
#include <optional>
#include <string>
#include <string_view>

namespace twinmodels::platform::soap_names {

// SOAP 1.2 (W3C SOAP 1.2 Part 1 §5): SGP.02 Annex B binds the ES functions
// to SOAP 1.2 over HTTPS.
inline constexpr const char* kSoapNs = "http://www.w3.org/2003/05/soap-envelope";
// The WS-Addressing namespace as SGP.02's binding examples write it (and as
// the open-source SGP.02 SM-SR Njiwa uses it); W3C's WS-Addressing 1.0 core
// namespace would be http://www.w3.org/2005/08/addressing.
inline constexpr const char* kWsaNs = "http://www.w3.org/2007/05/addressing/metadata";
// The GSMA eSIM messaging schema's namespace (SGP.02 Annex B): the body's
// elements.
inline constexpr const char* kRpsNs = "http://namespaces.gsma.org/esim-messaging/1";

// "ES4.EnableProfile" -> "ES4-EnableProfileRequest" / "ES4-EnableProfileResponse".
// Throws std::invalid_argument for a name without "<interface>.<function>".
std::string request_element(const std::string& function);
std::string response_element(const std::string& function);
// A notification handler's element (SGP.02 Annex B's message names, no
// suffix): "ES4.HandleProfileEnabledNotification" ->
// "ES4-HandleProfileEnabledNotification".
std::string notification_element(const std::string& function);

// The function of a body element: "ES4-EnableProfileRequest" -> {"ES4.EnableProfile", request}.
struct BodyElement {
  std::string function;
  bool response = false;
  bool notification = false;  // "<interface>-Handle...Notification" (SGP.02 §5.1.3)
};
std::optional<BodyElement> function_of_element(std::string_view element);

// wsa:Action of a request or a response:
//   http://gsma.com/<interface>/<group>/<interface>-<function>
//   http://gsma.com/<interface>/<group>CallBack/<interface>-<function>
// with <group> "eUICCManagement" or "ProfileManagement" after the SGP.02 §5
// function group (ours where the spec was not at hand), and for OneLink's
// requests, which are not SGP.02's, urn:esimtwin:OneLink[CallBack]:<function>.
// A notification goes to its recipient's callback endpoint: the response's
// form (`response` true).
std::string action_of(const std::string& function, bool response);

// The types of the function elements that are not text (the JSON encoding's
// numbers, booleans and arrays: function_json.hpp, eis_json.hpp).
bool is_unsigned_field(std::string_view name);
bool is_boolean_field(std::string_view name);
bool is_repeated_field(std::string_view name);

}  // namespace twinmodels::platform::soap_names
