#pragma once
// The SOAP encoding of the platforms' function calls and results: SGP.02
// Annex B's web-services binding of the ES functions (SOAP 1.2 over HTTPS,
// WS-Addressing), so that the messages between platforms can be written
// and read as a SOAP platform log shows them.
//
// A request:
//   <env:Envelope xmlns:env=SOAP 1.2 xmlns:wsa=... xmlns:rps=GSMA eSIM messaging>
//     <env:Header> wsa:From/wsa:Address? wsa:To? wsa:ReplyTo/wsa:Address?
//                  wsa:MessageID wsa:Action </env:Header>
//     <env:Body><rps:ES4-EnableProfileRequest>
//       rps:FunctionRequesterIdentifier rps:FunctionCallIdentifier rps:ValidityPeriod?
//       the function's input (rps:Eid, rps:Iccid, ...)
//     </rps:ES4-EnableProfileRequest></env:Body></env:Envelope>
// A response: the same header with wsa:RelatesTo (the request's
// wsa:MessageID) and <rps:ES4-EnableProfileResponse> holding
//   rps:FunctionCallIdentifier (ours: SGP.02 correlates by wsa:RelatesTo; the
//   twin keeps the call's identifier so a log line reads on its own),
//   rps:FunctionExecutionStatus/rps:Status ("Executed-Success", ...) with
//   rps:StatusCodeData (rps:SubjectCode, rps:ReasonCode, rps:Message) when
//   the model gives one, and the function's output (rps:Eid, rps:Iccid,
//   rps:Isd-p-aid or rps:EuiccResponseData).
// The function elements are the JSON encoding's fields (function_json.hpp)
// under the same SGP.02 names, nested elements for its objects and one
// element per item for its arrays (rps:ProfileInfo), in the JSON
// encoding's (alphabetical) order within the function's input. The model's
// status subject and reason are words ("Profile ICCID", "Refused"), written
// as the SubjectCode and ReasonCode, where SGP.02 writes its numeric codes
// (function_result.hpp). ES5 is an over-the-air interface in SGP.02, not a
// web service, and OneLink's requests are not SGP.02's: their SOAP form
// (the same shape) is ours, for the trace.
//
// Encoding checks what the JSON encoding checks and refuses text XML 1.0
// cannot carry. Decoding (libxml2) refuses, with std::invalid_argument
// naming the element: text that is not well-formed XML, a DTD, a root that
// is not a SOAP 1.2 env:Envelope, a missing env:Header or env:Body, an
// env:Body without exactly one element (or a SOAP Fault), a missing
// wsa:MessageID or wsa:Action (and wsa:RelatesTo for a response), an action
// that does not match the body's function, elements in other namespaces or
// unknown to the function, and every field the JSON decoding refuses.
#include <string>
#include <string_view>
#include <variant>

#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/platform_notification.hpp"

namespace twinmodels::platform {

// The WS-Addressing headers (SGP.02 Annex B; W3C WS-Addressing 1.0).
// Empty: not written (From, To, ReplyTo are optional; RelatesTo is for
// responses only).
struct SoapAddressing {
  std::string from;        // wsa:From/wsa:Address: the sender's endpoint
  std::string to;          // wsa:To: the receiver's endpoint
  std::string reply_to;    // wsa:ReplyTo/wsa:Address: requests only
  std::string message_id;  // wsa:MessageID: required
  std::string relates_to;  // wsa:RelatesTo: a response's request MessageID, required in responses
};

struct SoapRequest {
  SoapAddressing addressing;
  FunctionRequest request;
};

struct SoapResult {
  SoapAddressing addressing;
  FunctionResult result;
};

// A notification (SGP.02 §5.1.3; notification_json.hpp has its fields):
// <rps:ES4-HandleProfileEnabledNotification> with rps:FunctionRequesterIdentifier,
// rps:FunctionCallIdentifier?, rps:FunctionRecipientIdentifier (ours), then
// rps:CompletionTimestamp, rps:Eid and rps:Iccid or rps:Eis; the action
// the callback's, http://gsma.com/ES4/ProfileManagementCallBack/ES4-HandleProfileEnabledNotification
// (eUICCManagementCallBack for HandleSMSRChangeNotification); no
// wsa:RelatesTo (it answers nothing).
struct SoapNotification {
  SoapAddressing addressing;
  PlatformNotification notification;
};

// The envelope as one line of XML (no declaration, no line breaks: text
// line breaks are written as character references).
std::string encode_soap_request(const FunctionRequest& r, const SoapAddressing& a);
std::string encode_soap_result(const FunctionResult& r, const SoapAddressing& a);
std::string encode_soap_notification(const PlatformNotification& n, const SoapAddressing& a);

SoapRequest decode_soap_request(std::string_view xml);
SoapResult decode_soap_result(std::string_view xml);
SoapNotification decode_soap_notification(std::string_view xml);
// Any of them, after the body's element ("...Request", "...Response" or
// "...Notification").
std::variant<SoapRequest, SoapResult, SoapNotification> decode_soap_message(std::string_view xml);

}  // namespace twinmodels::platform
