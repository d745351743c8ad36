#pragma once
// The JSON encoding of the platforms' function calls and results (GSMA
// SGP.02 §5: ES1, ES2, ES3, ES4, ES7 and the SM-SR's ES5 calls the models make),
// so that the messages between platforms can be written and read as a
// platform log writes them (function_trace.hpp).
//
// A request: {"Function": "ES4.EnableProfile",
//             "Header": {"FunctionRequesterIdentifier", "FunctionCallIdentifier", "ValidityPeriod"?},
//             "Body": {the function's input}}
// A result:  {"Function": ..., "Header": {"FunctionCallIdentifier",
//             "FunctionExecutionStatus": {"Status", "StatusCodeData"?: {"Subject", "Reason", "Message"?}}},
//             "Body": {"Eid"?, "Iccid"?, the function's output}}
// The field names are SGP.02's element names as its SOAP binding (the
// GSMA eSIM messaging schema) spells them: "Eid", "Iccid", "Mno-id",
// "SmSr-id", "Sd-aid", "Isd-p-aid", ...; where the models carry a field
// SGP.02 does not have, the name is ours (platform/README.md, "JSON
// encodings and traces", lists them).
//
// Decoding checks what a receiving platform would: a JSON object, the
// header's fields, a known function, every field the function requires,
// each field's type, EIDs of 32 digits and ICCIDs of 18-20, hex for the
// binary fields; else std::invalid_argument naming the field
// ("Body.Eid: EID '8904' is not 32 digits"). Encoding checks the same (a
// message the wire cannot carry is refused, not written).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "twinmodels/platform/download_order.hpp"
#include "twinmodels/platform/eis.hpp"
#include "twinmodels/platform/es2_relay.hpp"
#include "twinmodels/platform/foreign_platform.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/platform/smsr_change_order.hpp"

namespace twinmodels::platform {

// ES4.PrepareSMSRChange (`order.smsr_id` the current SM-SR) or ES4.SMSRChange
// (`order.smsr_id` the target SM-SR): one order type, two functions.
struct SmSrChangeRequest {
  bool prepare = false;  // true: PrepareSMSRChange
  SmSrChangeOrder order;
};

// ES1.RegisterEIS (SGP.02 §5.2.1): the EUM gives the SM-SR a new eUICC's
// EIS (eis_json.hpp); the EUM is the requester.
struct RegisterEisRequest {
  std::string call_id;
  Eis eis;
};

// ES2.GetEIS (SGP.02 §5.3.1: the MNO asks the SM-DP) or ES3.GetEIS (§5.4.1:
// the SM-DP asks the SM-SR): the eUICC's EIS, by its EID.
struct GetEisRequest {
  std::string interface = "ES2";  // "ES2" or "ES3"
  std::string call_id;
  std::string eid;
};

// OneLink's request to a foreign platform (foreign_platform.hpp; the
// source document §3.2.1, names ours): OneLink.ProfileDownload to the
// SM-DP — the profile to install and enable, by its ICCID, IMSI and MSISDN
// — or OneLink.SmSrSwitch to the SM-SR taking the eUICC over (the card's
// ICCID as the account lists it). OneLink is the requester.
struct OneLinkRequest {
  ForeignRequestKind kind = ForeignRequestKind::ProfileDownload;
  std::string call_id;
  std::string eid;
  std::string iccid;
  std::string platform;  // "SmDp-id" of a download, "Target-Smsr-id" of a switch
  std::string imsi;      // a download's; "Imsi"
  std::string msisdn;    // a download's, if any; "Msisdn"
};

// An ES2 function the SM-DP relays to the eUICC's SM-SR (es2_relay.hpp;
// SGP.02 §5.3.5-§5.3.7 Enable / Disable / DeleteProfile, §5.3.12 AuditEIS,
// ES2.UpdatePolicyRules): the MNO (`request.mno_id`) is the requester. The
// body: "Eid", "SmSr-id", "Iccid" (the profile functions; none for AuditEIS,
// which the relay makes for the whole eUICC), "Pol2" (UpdatePolicyRules
// only, its rules as in the EIS; none: no rule).
struct Es2RelayRequest {
  Es2Relay function = Es2Relay::EnableProfile;
  Es2Request request;
};

// One function request as it travels: SGP.02's common input header (§5.1.1)
// and the model's input for the function.
struct FunctionRequest {
  std::string requester;                         // FunctionRequesterIdentifier
  std::optional<std::uint64_t> validity_period;  // ValidityPeriod, in seconds
  std::variant<FunctionCall, DownloadProfileRequest, SmSrChangeRequest, RegisterEisRequest, GetEisRequest,
               OneLinkRequest, Es2RelayRequest>
      input;
};

// The request of an ES3/ES4/ES5/ES7 call made by `requester`.
FunctionRequest request_of(const FunctionCall& f, std::string requester);
// ES2.DownloadProfile and the two ES4 SM-SR change orders: the MNO is the
// requester.
FunctionRequest request_of(const DownloadProfileRequest& r);
FunctionRequest request_of(const SmSrChangeRequest& r);
FunctionRequest request_of(const RegisterEisRequest& r);
FunctionRequest request_of(const GetEisRequest& r, std::string requester);
// OneLink's request as it leaves (requester "OneLink").
FunctionRequest request_of(const ForeignRequest& r);
// An ES2 relay's request: the MNO is the requester.
FunctionRequest request_of(const Es2RelayRequest& r);

// "ES4.EnableProfile", "ES3.DeleteISDP", "ES2.DownloadProfile", ...
std::string function_of(const FunctionRequest& r);
const std::string& call_id_of(const FunctionRequest& r);

nlohmann::json encode_request(const FunctionRequest& r);
FunctionRequest decode_request(const nlohmann::json& j);

nlohmann::json encode_result(const FunctionResult& r);
FunctionResult decode_result(const nlohmann::json& j);

// FunctionExecutionStatus's Status values: "Executed-Success", ...;
// nullopt for another text.
std::optional<ExecutionStatus> execution_status_of(const std::string& s);

}  // namespace twinmodels::platform
