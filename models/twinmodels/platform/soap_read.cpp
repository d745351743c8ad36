// Reading the platforms' SOAP envelopes (soap_encoding.hpp) with libxml2:
// the envelope and the WS-Addressing headers checked here, the function's
// elements turned into the JSON encoding's message and decoded by it
// (function_json.hpp), so both encodings refuse the same fields.
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <nlohmann/json.hpp>

#include "twinmodels/platform/notification_json.hpp"
#include "twinmodels/platform/soap_encoding.hpp"
#include "twinmodels/platform/soap_names.hpp"
#include "twinmodels/platform/status_code.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace n = soap_names;

constexpr const char* kSoap11Ns = "http://schemas.xmlsoap.org/soap/envelope/";

[[noreturn]] void refuse(const std::string& where, const std::string& what) {
  throw std::invalid_argument("SOAP " + where + ": " + what);
}

std::string name_of(const xmlNode* e) { return reinterpret_cast<const char*>(e->name); }

std::string ns_of(const xmlNode* e) {
  return e->ns != nullptr && e->ns->href != nullptr ? reinterpret_cast<const char*>(e->ns->href) : "";
}

bool is(const xmlNode* e, const char* ns, const char* name) { return ns_of(e) == ns && name_of(e) == name; }

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string content_of(const xmlNode* t) {
  return t->content != nullptr ? reinterpret_cast<const char*>(t->content) : "";
}

// The element children of `e` (at `where`); text between them must be
// white space, and comments and processing instructions are skipped.
std::vector<const xmlNode*> elements(const xmlNode* e, const std::string& where) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = e->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      out.push_back(c);
    } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !blank(content_of(c))) {
      refuse(where, "text beside elements");
    }
  }
  return out;
}

// The text of a leaf element (at `where`): its text and CDATA, no elements.
std::string text_of(const xmlNode* e, const std::string& where) {
  std::string s;
  for (const xmlNode* c = e->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) refuse(where, "an element where text was expected");
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) s += content_of(c);
  }
  return s;
}

std::string trimmed(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool has_element_child(const xmlNode* e) {
  for (const xmlNode* c = e->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) return true;
  }
  return false;
}

void no_attributes(const xmlNode* e, const std::string& where) {
  if (e->properties != nullptr) {
    refuse(where, std::string("unexpected attribute '") + reinterpret_cast<const char*>(e->properties->name) + "'");
  }
}

// A function element as JSON: element children make an object (repeated
// fields an array), leaves a string, or by their name an xs:unsignedLong
// or an xs:boolean.
json value_of(const xmlNode* e, const std::string& where) {
  no_attributes(e, where);
  const std::string name = name_of(e);
  if (has_element_child(e)) {
    json o = json::object();
    for (const xmlNode* c : elements(e, where)) {
      const std::string cname = name_of(c);
      const std::string at = where + "/rps:" + cname;
      if (ns_of(c) != n::kRpsNs) refuse(at, "not in the namespace " + std::string(n::kRpsNs));
      json v = value_of(c, at);
      if (n::is_repeated_field(cname)) {
        if (!o.contains(cname)) o[cname] = json::array();
        o[cname].push_back(std::move(v));
      } else {
        if (o.contains(cname)) refuse(at, "more than once");
        o[cname] = std::move(v);
      }
    }
    return o;
  }
  const std::string text = text_of(e, where);
  if (n::is_unsigned_field(name)) {
    const std::string t = trimmed(text);
    if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos) {
      refuse(where, "'" + text + "' is not an unsigned integer");
    }
    // Past 2^64 - 1, xs:unsignedLong's bound.
    if (t.size() > 20 || (t.size() == 20 && t > "18446744073709551615")) refuse(where, "'" + t + "' is too large");
    return json(static_cast<std::uint64_t>(std::stoull(t)));
  }
  if (n::is_boolean_field(name)) {
    const std::string t = trimmed(text);
    if (t == "true" || t == "1") return json(true);
    if (t == "false" || t == "0") return json(false);
    refuse(where, "'" + text + "' is not an xs:boolean");
  }
  return json(text);
}

struct Header {
  SoapAddressing addressing;
  std::string action;
};

// wsa:From and wsa:ReplyTo are endpoint references: their wsa:Address.
std::string address_of(const xmlNode* e, const std::string& where) {
  std::string address;
  bool found = false;
  for (const xmlNode* c : elements(e, where)) {
    if (!is(c, n::kWsaNs, "Address")) continue;  // reference parameters, metadata: not the model's
    if (found) refuse(where + "/wsa:Address", "more than once");
    address = text_of(c, where + "/wsa:Address");
    found = true;
  }
  if (!found || blank(address)) refuse(where + "/wsa:Address", "missing");
  return address;
}

bool must_understand(const xmlNode* e) {
  for (const xmlAttr* a = e->properties; a != nullptr; a = a->next) {
    if (a->ns == nullptr || std::strcmp(reinterpret_cast<const char*>(a->ns->href), n::kSoapNs) != 0) continue;
    if (std::strcmp(reinterpret_cast<const char*>(a->name), "mustUnderstand") != 0) continue;
    xmlChar* v = xmlNodeListGetString(e->doc, a->children, 1);
    const std::string s = v != nullptr ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return trimmed(s) == "true" || trimmed(s) == "1";
  }
  return false;
}

Header header_of(const xmlNode* h) {
  Header out;
  SoapAddressing& a = out.addressing;
  bool seen[6] = {};
  const char* names[6] = {"From", "To", "ReplyTo", "MessageID", "Action", "RelatesTo"};
  for (const xmlNode* c : elements(h, "env:Header")) {
    int k = -1;
    for (int i = 0; i < 6; ++i) {
      if (is(c, n::kWsaNs, names[i])) k = i;
    }
    if (k < 0) {
      // SOAP 1.2 Part 1 §5.2.3: a header block the receiver must
      // understand and does not is a fault; others may be ignored.
      if (must_understand(c)) refuse("env:Header/" + name_of(c), "mustUnderstand, and not understood");
      continue;
    }
    const std::string at = std::string("env:Header/wsa:") + names[k];
    if (seen[k]) refuse(at, "more than once");
    seen[k] = true;
    switch (k) {
      case 0: a.from = address_of(c, at); break;
      case 1: a.to = trimmed(text_of(c, at)); break;
      case 2: a.reply_to = address_of(c, at); break;
      case 3: a.message_id = trimmed(text_of(c, at)); break;
      case 4: out.action = trimmed(text_of(c, at)); break;
      default: a.relates_to = trimmed(text_of(c, at)); break;
    }
  }
  if (a.message_id.empty()) refuse("env:Header/wsa:MessageID", "missing");
  if (out.action.empty()) refuse("env:Header/wsa:Action", "missing");
  return out;
}

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct ContextFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

// A decoded message: the header, the body's element and its function.
struct Envelope {
  Header header;
  n::BodyElement body;
  std::string tag;  // "rps:ES4-EnableProfileRequest"
  json fields;      // the body element's children
};

Envelope read_envelope(std::string_view xml) {
  // libxml2's global state, set up once (thread-safe as a static's
  // initialisation) before any parse.
  static const bool initialised = (xmlInitParser(), true);
  (void)initialised;
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    refuse("message", "larger than libxml2 reads at once (2 GiB)");
  }
  std::unique_ptr<xmlParserCtxt, ContextFree> ctx(xmlNewParserCtxt());
  if (!ctx) throw std::runtime_error("SOAP: libxml2 could not make a parser");
  // No network, no entity substitution, errors kept rather than printed.
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(ctx.get(), xml.data(), static_cast<int>(xml.size()),
                                                         "soap-message.xml", nullptr,
                                                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc || !ctx->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(ctx.get());
    std::string why = e != nullptr && e->message != nullptr ? trimmed(e->message) : "unreadable";
    if (e != nullptr) why = "line " + std::to_string(e->line) + ": " + why;
    refuse("message", "not well-formed XML (" + why + ")");
  }
  // SOAP 1.2 Part 1 §5: a SOAP message has no document type declaration.
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) refuse("message", "a DTD, which SOAP 1.2 forbids");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) refuse("message", "no root element");
  if (name_of(root) == "Envelope" && ns_of(root) == kSoap11Ns) refuse("Envelope", "SOAP 1.1, not SOAP 1.2");
  if (!is(root, n::kSoapNs, "Envelope")) {
    refuse("message", "root element '" + name_of(root) + "' is not a SOAP 1.2 env:Envelope");
  }
  const std::vector<const xmlNode*> parts = elements(root, "env:Envelope");
  if (parts.empty() || !is(parts[0], n::kSoapNs, "Header")) refuse("env:Envelope", "no env:Header first");
  if (parts.size() < 2 || !is(parts[1], n::kSoapNs, "Body")) refuse("env:Envelope", "no env:Body after env:Header");
  if (parts.size() > 2) refuse("env:Envelope", "an element after env:Body");
  Envelope out;
  out.header = header_of(parts[0]);
  const std::vector<const xmlNode*> body = elements(parts[1], "env:Body");
  if (body.size() != 1) refuse("env:Body", std::to_string(body.size()) + " elements, not one");
  const xmlNode* m = body[0];
  if (is(m, n::kSoapNs, "Fault")) refuse("env:Body", "a SOAP Fault, not a function message");
  const std::string name = name_of(m);
  if (ns_of(m) != n::kRpsNs) refuse("env:Body/" + name, "not in the namespace " + std::string(n::kRpsNs));
  out.tag = "rps:" + name;
  const std::optional<n::BodyElement> b = n::function_of_element(name);
  if (!b) refuse("env:Body/" + out.tag, "not an <interface>-<function>Request, Response or Handle...Notification element");
  out.body = *b;
  const std::string expected = n::action_of(b->function, b->response || b->notification);
  if (out.header.action != expected) {
    refuse("env:Header/wsa:Action", "'" + out.header.action + "' is not " + out.tag + "'s ('" + expected + "')");
  }
  if (b->response && out.header.addressing.relates_to.empty()) refuse("env:Header/wsa:RelatesTo", "missing");
  if (has_element_child(m)) {
    out.fields = value_of(m, out.tag);
  } else {
    no_attributes(m, out.tag);
    if (!blank(text_of(m, out.tag))) refuse(out.tag, "text where elements were expected");
    out.fields = json::object();
  }
  return out;
}

// Moves `name` from `from` to `to` if present.
void move_field(json& from, json& to, const char* name) {
  if (!from.contains(name)) return;
  to[name] = std::move(from[name]);
  from.erase(name);
}

// The first member of `got` (at `where`) that the canonical message
// `canon` has not: an element the function does not know.
std::optional<std::string> unknown_member(const json& got, const json& canon, const std::string& where) {
  if (got.is_object() && canon.is_object()) {
    for (const auto& [k, v] : got.items()) {
      const std::string at = where + "/rps:" + k;
      if (!canon.contains(k)) return at;
      if (auto u = unknown_member(v, canon[k], at)) return u;
    }
  } else if (got.is_array() && canon.is_array()) {
    for (std::size_t i = 0; i < got.size() && i < canon.size(); ++i) {
      if (auto u = unknown_member(got[i], canon[i], where)) return u;
    }
  }
  return std::nullopt;
}

SoapRequest soap_request_of(Envelope e) {
  if (e.body.response) refuse("env:Body/" + e.tag, "a response, not a request");
  if (e.body.notification) refuse("env:Body/" + e.tag, "a notification, not a request");
  json header = json::object();
  for (const char* k : {"FunctionRequesterIdentifier", "FunctionCallIdentifier", "ValidityPeriod"}) {
    move_field(e.fields, header, k);
  }
  const json j = {{"Function", e.body.function}, {"Header", header}, {"Body", e.fields}};
  SoapRequest out{e.header.addressing, {}};
  try {
    out.request = decode_request(j);
    json canon = encode_request(out.request);
    for (const auto& [k, v] : canon["Header"].items()) canon["Body"][k] = v;
    if (const auto u = unknown_member(j["Body"], canon["Body"], e.tag)) refuse(*u, "not an element of " + e.tag);
    for (const auto& [k, v] : header.items()) {
      if (!canon["Header"].contains(k)) refuse(e.tag + "/rps:" + k, "not an element of " + e.tag);
    }
  } catch (const std::invalid_argument& x) {
    if (std::strncmp(x.what(), "SOAP ", 5) == 0) throw;
    refuse(e.tag, x.what());
  }
  return out;
}

// A status code's element (SGP.02 §5.1.6): a number of the table gives the
// JSON's code and, unless rps:Subject / rps:Reason (ours) says otherwise,
// SGP.02's words for it; other text is the model's words.
void read_code(json& c, json& code, const char* code_name, const char* words_name,
               std::optional<std::string_view> (*words_of)(std::string_view), const std::string& at) {
  if (!c.contains(code_name)) {
    if (c.contains(words_name)) refuse(at + "/rps:" + words_name, std::string("without rps:") + code_name);
    return;
  }
  const json v = c[code_name];
  c.erase(code_name);
  const std::optional<std::string_view> words = v.is_string() ? words_of(v.get<std::string>()) : std::nullopt;
  if (!words) {
    if (c.contains(words_name)) refuse(at + "/rps:" + words_name, std::string("beside an rps:") + code_name + " that is no SGP.02 code");
    code[words_name] = v;
    return;
  }
  code[code_name] = v;
  code[words_name] = std::string(*words);
  if (c.contains(words_name)) {
    code[words_name] = c[words_name];
    c.erase(words_name);
  }
}

SoapResult soap_result_of(Envelope e) {
  if (!e.body.response) refuse("env:Body/" + e.tag, std::string(e.body.notification ? "a notification" : "a request") + ", not a response");
  const std::string status_at = e.tag + "/rps:FunctionExecutionStatus";
  json header = json::object();
  move_field(e.fields, header, "FunctionCallIdentifier");
  if (e.fields.contains("FunctionExecutionStatus")) {
    json& s = e.fields["FunctionExecutionStatus"];
    if (!s.is_object()) refuse(status_at, "no rps:Status");
    json status = json::object();
    move_field(s, status, "Status");
    if (s.contains("StatusCodeData")) {
      json& c = s["StatusCodeData"];
      const std::string code_at = status_at + "/rps:StatusCodeData";
      if (!c.is_object()) refuse(code_at, "no rps:SubjectCode, rps:ReasonCode or rps:Message");
      json code = json::object();
      read_code(c, code, "SubjectCode", "Subject", subject_of_code, code_at);
      read_code(c, code, "ReasonCode", "Reason", reason_of_code, code_at);
      move_field(c, code, "Message");
      if (!c.empty()) refuse(code_at + "/rps:" + c.begin().key(), "not an element of rps:StatusCodeData");
      status["StatusCodeData"] = code;
      s.erase("StatusCodeData");
    }
    if (!s.empty()) refuse(status_at + "/rps:" + s.begin().key(), "not an element of rps:FunctionExecutionStatus");
    header["FunctionExecutionStatus"] = status;
    e.fields.erase("FunctionExecutionStatus");
  }
  const json j = {{"Function", e.body.function}, {"Header", header}, {"Body", e.fields}};
  SoapResult out{e.header.addressing, {}};
  try {
    out.result = decode_result(j);
    const json canon = encode_result(out.result);
    if (const auto u = unknown_member(j["Body"], canon["Body"], e.tag)) refuse(*u, "not an element of " + e.tag);
  } catch (const std::invalid_argument& x) {
    if (std::strncmp(x.what(), "SOAP ", 5) == 0) throw;
    refuse(e.tag, x.what());
  }
  return out;
}

SoapNotification soap_notification_of(Envelope e) {
  if (!e.body.notification) refuse("env:Body/" + e.tag, std::string(e.body.response ? "a response" : "a request") + ", not a notification");
  json header = json::object();
  for (const char* k : {"FunctionRequesterIdentifier", "FunctionCallIdentifier", "FunctionRecipientIdentifier"}) {
    move_field(e.fields, header, k);
  }
  const json j = {{"Function", e.body.function}, {"Header", header}, {"Body", e.fields}};
  SoapNotification out{e.header.addressing, {}};
  try {
    out.notification = decode_notification(j);
    const json canon = encode_notification(out.notification);
    if (const auto u = unknown_member(j["Body"], canon["Body"], e.tag)) refuse(*u, "not an element of " + e.tag);
  } catch (const std::invalid_argument& x) {
    if (std::strncmp(x.what(), "SOAP ", 5) == 0) throw;
    refuse(e.tag, x.what());
  }
  return out;
}

}  // namespace

SoapNotification decode_soap_notification(std::string_view xml) { return soap_notification_of(read_envelope(xml)); }

SoapRequest decode_soap_request(std::string_view xml) { return soap_request_of(read_envelope(xml)); }

SoapResult decode_soap_result(std::string_view xml) { return soap_result_of(read_envelope(xml)); }

std::variant<SoapRequest, SoapResult, SoapNotification> decode_soap_message(std::string_view xml) {
  Envelope e = read_envelope(xml);
  if (e.body.notification) return soap_notification_of(std::move(e));
  if (e.body.response) return soap_result_of(std::move(e));
  return soap_request_of(std::move(e));
}

}  // namespace twinmodels::platform
