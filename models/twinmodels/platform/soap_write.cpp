// Writing the platforms' SOAP envelopes (soap_encoding.hpp): the JSON
// encoding's checked message (function_json.hpp) laid out as SGP.02 Annex
// B's elements.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/notification_json.hpp"
#include "twinmodels/platform/soap_encoding.hpp"
#include "twinmodels/platform/soap_names.hpp"
#include "twinmodels/platform/status_code.hpp"
#include "twinmodels/platform/xml_text.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace n = soap_names;

void element(std::string& out, const std::string& prefix, const std::string& name, std::string_view text) {
  out += "<" + prefix + ":" + name + ">" + xml_escaped(text, prefix + ":" + name) + "</" + prefix + ":" + name + ">";
}

// One JSON member as rps elements: objects nest, arrays repeat the element,
// booleans are xs:boolean, numbers unsigned decimals.
void field(std::string& out, const std::string& name, const json& v) {
  const std::string tag = "rps:" + name;
  if (v.is_array()) {
    for (const json& item : v) {
      if (item.is_array()) throw std::invalid_argument(tag + ": an array of arrays has no SOAP form");
      field(out, name, item);
    }
  } else if (v.is_object()) {
    out += "<" + tag + ">";
    for (const auto& [k, x] : v.items()) field(out, k, x);
    out += "</" + tag + ">";
  } else if (v.is_boolean()) {
    element(out, "rps", name, v.get<bool>() ? "true" : "false");
  } else if (v.is_number_unsigned()) {
    element(out, "rps", name, std::to_string(v.get<std::uint64_t>()));
  } else if (v.is_string()) {
    element(out, "rps", name, v.get<std::string>());
  } else {
    throw std::invalid_argument(tag + ": a value with no SOAP form");
  }
}

// A status code (SGP.02 §5.1.6): the number when there is one, and then,
// ours, the model's words (rps:Subject, rps:Reason) where they are not the
// code's own; else the words in the code's element.
void code_field(std::string& out, const json& c, const char* code, const char* words,
                std::optional<std::string_view> (*words_of)(std::string_view)) {
  if (!c.contains(words)) return;
  if (!c.contains(code)) {
    field(out, code, c[words]);
    return;
  }
  field(out, code, c[code]);
  if (words_of(c[code].get<std::string>()) != c[words].get<std::string>()) field(out, words, c[words]);
}

std::string envelope(const SoapAddressing& a, const std::string& action, const std::string& body) {
  if (a.message_id.empty()) throw std::invalid_argument("wsa:MessageID: empty");
  std::string out = std::string("<env:Envelope xmlns:env=\"") + n::kSoapNs + "\" xmlns:wsa=\"" + n::kWsaNs +
                    "\" xmlns:rps=\"" + n::kRpsNs + "\"><env:Header>";
  if (!a.from.empty()) {
    out += "<wsa:From>";
    element(out, "wsa", "Address", a.from);
    out += "</wsa:From>";
  }
  if (!a.to.empty()) element(out, "wsa", "To", a.to);
  if (!a.reply_to.empty()) {
    out += "<wsa:ReplyTo>";
    element(out, "wsa", "Address", a.reply_to);
    out += "</wsa:ReplyTo>";
  }
  element(out, "wsa", "MessageID", a.message_id);
  element(out, "wsa", "Action", action);
  if (!a.relates_to.empty()) element(out, "wsa", "RelatesTo", a.relates_to);
  return out + "</env:Header><env:Body>" + body + "</env:Body></env:Envelope>";
}

}  // namespace

std::string encode_soap_request(const FunctionRequest& r, const SoapAddressing& a) {
  const json j = encode_request(r);
  const std::string function = j["Function"].get<std::string>();
  const std::string tag = "rps:" + n::request_element(function);
  std::string body = "<" + tag + ">";
  // SGP.02 §5.1.1's common input header first, as the binding's request
  // elements begin.
  const json& h = j["Header"];
  for (const char* k : {"FunctionRequesterIdentifier", "FunctionCallIdentifier", "ValidityPeriod"}) {
    if (h.contains(k)) field(body, k, h[k]);
  }
  for (const auto& [k, v] : j["Body"].items()) field(body, k, v);
  body += "</" + tag + ">";
  return envelope(a, n::action_of(function, false), body);
}

std::string encode_soap_result(const FunctionResult& r, const SoapAddressing& a) {
  if (a.relates_to.empty()) throw std::invalid_argument("wsa:RelatesTo: empty (a response relates to its request)");
  const json j = encode_result(r);
  const std::string function = j["Function"].get<std::string>();
  const std::string tag = "rps:" + n::response_element(function);
  std::string body = "<" + tag + ">";
  const json& h = j["Header"];
  field(body, "FunctionCallIdentifier", h["FunctionCallIdentifier"]);
  // FunctionExecutionStatus (SGP.02 §5.1.1): Status, then StatusCodeData
  // with SGP.02's numeric SubjectCode and ReasonCode (§5.1.6), or the
  // model's words where the table has no code for them.
  const json& s = h["FunctionExecutionStatus"];
  body += "<rps:FunctionExecutionStatus>";
  field(body, "Status", s["Status"]);
  if (s.contains("StatusCodeData")) {
    const json& c = s["StatusCodeData"];
    body += "<rps:StatusCodeData>";
    code_field(body, c, "SubjectCode", "Subject", subject_of_code);
    code_field(body, c, "ReasonCode", "Reason", reason_of_code);
    if (c.contains("Message")) field(body, "Message", c["Message"]);
    body += "</rps:StatusCodeData>";
  }
  body += "</rps:FunctionExecutionStatus>";
  for (const auto& [k, v] : j["Body"].items()) field(body, k, v);
  body += "</" + tag + ">";
  return envelope(a, n::action_of(function, true), body);
}

std::string encode_soap_notification(const PlatformNotification& n, const SoapAddressing& a) {
  const json j = encode_notification(n);
  const std::string function = j["Function"].get<std::string>();
  const std::string tag = "rps:" + n::notification_element(function);
  std::string body = "<" + tag + ">";
  // SGP.02 §5.1.1's header first, then our recipient.
  const json& h = j["Header"];
  for (const char* k : {"FunctionRequesterIdentifier", "FunctionCallIdentifier", "FunctionRecipientIdentifier"}) {
    if (h.contains(k)) field(body, k, h[k]);
  }
  for (const auto& [k, v] : j["Body"].items()) field(body, k, v);
  body += "</" + tag + ">";
  return envelope(a, n::action_of(function, true), body);
}

}  // namespace twinmodels::platform
