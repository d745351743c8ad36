// The results' JSON (function_json.hpp): FunctionExecutionStatus with its
// StatusCodeData (SGP.02 §5.1.1) and the function's output.
#include <array>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/json_fields.hpp"
#include "twinmodels/platform/status_code.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace f = json_fields;

constexpr const char* kStatusPath = "Header.FunctionExecutionStatus";
constexpr const char* kCodePath = "Header.FunctionExecutionStatus.StatusCodeData";

// The prefixes of the results' function names: SGP.02's interfaces and
// OneLink's requests (foreign_platform.hpp, names ours).
constexpr std::array kPrefixes = {"ES1", "ES2", "ES3", "ES4", "ES5", "ES6", "ES7", "ES8", "OneLink"};

void check_function(const std::string& function) {
  const std::size_t dot = function.find('.');
  bool known = false;
  if (dot != std::string::npos && dot + 1 < function.size()) {
    for (const char* p : kPrefixes) known = known || function.compare(0, dot, p) == 0;
  }
  if (!known) f::refuse("Function", "unknown function '" + function + "'");
}

// The output element carrying the result's data: the ISD-P's AID for a
// CreateISDP (SGP.02's "Isd-p-aid") and, ours, for the ES2.DownloadProfile
// that made it; else the eUICC's answer ("EuiccResponseData").
const char* data_field(const std::string& function) {
  return function == "ES3.CreateISDP" || function == "ES2.DownloadProfile" ? "Isd-p-aid" : "EuiccResponseData";
}

bool needs_code(ExecutionStatus s) { return s == ExecutionStatus::Failed || s == ExecutionStatus::Expired; }

// SGP.02 §5.3.1 (ES2.GetEIS), §5.4.1 (ES3.GetEIS): their output is the EIS.
bool returns_eis(const std::string& function) { return function == "ES2.GetEIS" || function == "ES3.GetEIS"; }

// The EIS goes with a GetEIS that succeeded, and only there: it is that
// function's output, of the eUICC the result names.
void check_eis(const FunctionResult& r) {
  if (!r.eis) {
    if (returns_eis(r.function) && r.ok()) f::refuse("Body.Eis", "missing (a successful " + r.function + " returns the EIS)");
    return;
  }
  if (!returns_eis(r.function)) f::refuse("Body.Eis", "an EIS in a " + r.function + " result (only GetEIS returns one)");
  if (!r.ok()) f::refuse("Body.Eis", std::string("an EIS in a result that is ") + to_string(r.status));
  if (r.eis->eid != r.eid) {
    f::refuse("Body.Eis.EumSignedInfo.Eid", "EID '" + r.eis->eid + "' is not the result's '" + r.eid + "'");
  }
}

void check_result(const FunctionResult& r) {
  check_function(r.function);
  if (r.call_id.empty()) f::refuse("Header.FunctionCallIdentifier", "empty");
  if (!r.eid.empty()) f::check_eid(r.eid, "Body.Eid");
  if (!r.iccid.empty()) f::check_iccid(r.iccid, "Body.Iccid");
  if (needs_code(r.status) && r.subject.empty()) f::refuse(std::string(kCodePath) + ".Subject", "missing");
  if (needs_code(r.status) && r.reason.empty()) f::refuse(std::string(kCodePath) + ".Reason", "missing");
  check_eis(r);
}

// A numeric code read beside the words must be theirs (SGP.02 §5.1.6).
void check_code(const json& code, const char* name, const std::string& words,
                std::optional<std::string_view> expected, const char* what) {
  const std::optional<std::string> c = f::optional_text(code, kCodePath, name);
  if (!c) return;
  const std::string at = std::string(kCodePath) + "." + name;
  if (!expected) f::refuse(at, "'" + *c + "' for " + what + " '" + words + "', which has no SGP.02 code");
  if (*c != *expected) {
    f::refuse(at, "'" + *c + "' is not the code of " + what + " '" + words + "' (" + std::string(*expected) + ")");
  }
}

}  // namespace

std::optional<ExecutionStatus> execution_status_of(const std::string& s) {
  for (const ExecutionStatus x :
       {ExecutionStatus::Success, ExecutionStatus::Warning, ExecutionStatus::Failed, ExecutionStatus::Expired}) {
    if (s == to_string(x)) return x;
  }
  return std::nullopt;
}

json encode_result(const FunctionResult& r) {
  check_result(r);
  json status = json::object();
  status["Status"] = to_string(r.status);
  if (!r.subject.empty() || !r.reason.empty() || !r.message.empty()) {
    json code = json::object();
    // SGP.02 §5.1.6: the numeric codes beside the models' words.
    if (const auto c = subject_code(r.subject)) code["SubjectCode"] = std::string(*c);
    if (const auto c = reason_code(r.reason)) code["ReasonCode"] = std::string(*c);
    if (!r.subject.empty()) code["Subject"] = r.subject;
    if (!r.reason.empty()) code["Reason"] = r.reason;
    if (!r.message.empty()) code["Message"] = r.message;
    status["StatusCodeData"] = code;
  }
  json body = json::object();
  if (!r.eid.empty()) body["Eid"] = r.eid;
  if (!r.iccid.empty()) body["Iccid"] = r.iccid;
  if (!r.data.empty()) body[data_field(r.function)] = f::to_hex_binary(r.data);
  if (r.eis) body["Eis"] = encode_eis(*r.eis);
  return json{{"Function", r.function},
              {"Header", {{"FunctionCallIdentifier", r.call_id}, {"FunctionExecutionStatus", status}}},
              {"Body", body}};
}

FunctionResult decode_result(const json& j) {
  f::object(j, "");
  FunctionResult r;
  r.function = f::text(j, "", "Function");
  check_function(r.function);
  const json& h = *f::member(j, "", "Header", true);
  f::object(h, "Header");
  r.call_id = f::text(h, "Header", "FunctionCallIdentifier");
  const json& s = *f::member(h, "Header", "FunctionExecutionStatus", true);
  f::object(s, kStatusPath);
  const std::string status = f::text(s, kStatusPath, "Status");
  const std::optional<ExecutionStatus> st = execution_status_of(status);
  if (!st) f::refuse(std::string(kStatusPath) + ".Status", "unknown status '" + status + "'");
  r.status = *st;
  if (const json* code = f::member(s, kStatusPath, "StatusCodeData", needs_code(r.status))) {
    f::object(*code, kCodePath);
    r.subject = f::optional_text(*code, kCodePath, "Subject").value_or("");
    r.reason = f::optional_text(*code, kCodePath, "Reason").value_or("");
    r.message = f::optional_text(*code, kCodePath, "Message").value_or("");
    check_code(*code, "SubjectCode", r.subject, subject_code(r.subject), "subject");
    check_code(*code, "ReasonCode", r.reason, reason_code(r.reason), "reason");
  }
  const json& b = *f::member(j, "", "Body", true);
  f::object(b, "Body");
  r.eid = f::optional_text(b, "Body", "Eid").value_or("");
  r.iccid = f::optional_text(b, "Body", "Iccid").value_or("");
  r.data = f::optional_hex(b, "Body", data_field(r.function)).value_or(cardcore::Bytes{});
  if (const json* e = f::member(b, "Body", "Eis", false)) r.eis = decode_eis(*e, "Body.Eis");
  check_result(r);
  return r;
}

}  // namespace twinmodels::platform
