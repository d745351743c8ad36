// The results' JSON (function_json.hpp): FunctionExecutionStatus with its
// StatusCodeData (SGP.02 §5.1.1) and the function's output.
#include <array>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/json_fields.hpp"

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

void check_result(const FunctionResult& r) {
  check_function(r.function);
  if (r.call_id.empty()) f::refuse("Header.FunctionCallIdentifier", "empty");
  if (!r.eid.empty()) f::check_eid(r.eid, "Body.Eid");
  if (!r.iccid.empty()) f::check_iccid(r.iccid, "Body.Iccid");
  if (needs_code(r.status) && r.subject.empty()) f::refuse(std::string(kCodePath) + ".Subject", "missing");
  if (needs_code(r.status) && r.reason.empty()) f::refuse(std::string(kCodePath) + ".Reason", "missing");
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
    if (!r.subject.empty()) code["Subject"] = r.subject;
    if (!r.reason.empty()) code["Reason"] = r.reason;
    if (!r.message.empty()) code["Message"] = r.message;
    status["StatusCodeData"] = code;
  }
  json body = json::object();
  if (!r.eid.empty()) body["Eid"] = r.eid;
  if (!r.iccid.empty()) body["Iccid"] = r.iccid;
  if (!r.data.empty()) body[data_field(r.function)] = f::to_hex_binary(r.data);
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
  }
  const json& b = *f::member(j, "", "Body", true);
  f::object(b, "Body");
  r.eid = f::optional_text(b, "Body", "Eid").value_or("");
  r.iccid = f::optional_text(b, "Body", "Iccid").value_or("");
  r.data = f::optional_hex(b, "Body", data_field(r.function)).value_or(cardcore::Bytes{});
  check_result(r);
  return r;
}

}  // namespace twinmodels::platform
