// The JSON encoding of the platforms' function calls and results
// (models/twinmodels/platform/function_json.hpp): every function kind
// encoded, written as text, read and decoded back to the same message; a
// few messages against JSON written by hand from SGP.02's input and output
// data (§5.1.1's header, §5.3.2 ES2.DownloadProfile, §5.4 / §5.5 ES3 and
// ES4) with the element names of its SOAP binding; every malformed message
// refused naming its field.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "function_json_compare.hpp"
#include "twinmodels/platform/function_json.hpp"

namespace twinmodels::testing {
namespace test_function_json {

using cardcore::from_hex;
using nlohmann::json;
using platform::DownloadProfileRequest;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionRequest;
using platform::FunctionResult;
using platform::SmSrChangeRequest;
using Kind = FunctionCall::Kind;

const std::string kEid = "89049032123451234512345678901235";
const std::string kIccid = "8986040000000000038";
const std::string kIsdp = "A0000005591010FFFFFFFF8900001200";

// A call of kind `k` over `interface` with the fields the kind carries.
FunctionCall call_of(Kind k, const std::string& interface) {
  FunctionCall c;
  c.kind = k;
  c.interface = interface;
  c.call_id = "call-" + std::string(platform::function_name(k));
  c.eid = kEid;
  if (k != Kind::AuditEis && k != Kind::SendData && k != Kind::FinaliseIsdrHandover && k != Kind::DeleteKeySet &&
      k != Kind::NotificationConfirmation) {
    c.iccid = kIccid;
  }
  if (k == Kind::CreateIsdp) {
    c.mno_id = "CMCC";
    c.smdp_id = "SM-DP-CMCC";
    c.nonvolatile_quota = 40000;
  }
  if (k == Kind::SendData) {
    c.sd_aid = from_hex(kIsdp);
    c.script = from_hex("AA0E8205800000000082058000000000");
  }
  if (k == Kind::ProfileDownloadCompleted) {
    c.imsi = "460001234567895";
    c.msisdn = "8613900010005";
  }
  if (k == Kind::FinaliseIsdrHandover || k == Kind::DeleteKeySet) c.key_version = 2;
  return c;
}

FunctionRequest round_trip(const FunctionRequest& r) {
  const std::string text = platform::encode_request(r).dump();
  return platform::decode_request(json::parse(text));
}

FunctionResult round_trip(const FunctionResult& r) {
  const std::string text = platform::encode_result(r).dump();
  return platform::decode_result(json::parse(text));
}

TEST(FunctionJson, EveryFunctionCallKindRoundTrips) {
  const std::vector<std::pair<Kind, std::string>> calls = {
      {Kind::EnableProfile, "ES4"},        {Kind::DisableProfile, "ES4"},
      {Kind::DeleteProfile, "ES4"},        {Kind::SetFallbackAttribute, "ES4"},
      {Kind::SetEmergencyProfileAttribute, "ES4"}, {Kind::AuditEis, "ES4"},
      {Kind::UpdateConnectivityParameters, "ES4"}, {Kind::NotificationConfirmation, "ES5"},
      {Kind::CreateIsdp, "ES3"},           {Kind::SendData, "ES3"},
      {Kind::ProfileDownloadCompleted, "ES3"},     {Kind::EnableProfile, "ES3"},
      {Kind::DeleteProfile, "ES3"},        {Kind::AuditEis, "ES3"},
      {Kind::SendData, "ES7"},             {Kind::FinaliseIsdrHandover, "ES5"},
      {Kind::DeleteKeySet, "ES5"},         {Kind::UpdateConnectivityParameters, "ES5"}};
  for (const auto& [k, interface] : calls) {
    SCOPED_TRACE(interface + "." + platform::function_name(k));
    FunctionRequest r = platform::request_of(call_of(k, interface), "SM-DP-CMCC");
    r.validity_period = 3600;
    const FunctionRequest back = round_trip(r);
    expect_same_request(r, back);
    EXPECT_EQ(platform::function_of(back), platform::result_function(std::get<FunctionCall>(r.input)));
  }
  // The ES3 deletion has its own name.
  EXPECT_EQ(platform::encode_request(platform::request_of(call_of(Kind::DeleteProfile, "ES3"), "SM-DP-CMCC"))["Function"],
            "ES3.DeleteISDP");
}

TEST(FunctionJson, TheOrdersRoundTrip) {
  const DownloadProfileRequest d{"o-1", "CMCC", kEid, kIccid, "cmcc-m2m", "SM-SR-CMCC", true};
  expect_same_request(platform::request_of(d), round_trip(platform::request_of(d)));
  DownloadProfileRequest without{"o-2", "CMCC", kEid, "", "", "SM-SR-CMCC", false};
  expect_same_request(platform::request_of(without), round_trip(platform::request_of(without)));
  for (const bool prepare : {true, false}) {
    const SmSrChangeRequest c{prepare, {"chg-1", "CMCC", kEid, prepare ? "SM-SR-CMCC" : "SM-SR-VF"}};
    const FunctionRequest back = round_trip(platform::request_of(c));
    expect_same_request(platform::request_of(c), back);
    EXPECT_EQ(platform::function_of(back), prepare ? "ES4.PrepareSMSRChange" : "ES4.SMSRChange");
  }
}

TEST(FunctionJson, EveryResultStatusRoundTrips) {
  FunctionResult ok{"ES3.CreateISDP", "c-1", kEid, kIccid, ExecutionStatus::Success, "", "", "", from_hex(kIsdp)};
  FunctionResult warning{"ES2.DownloadProfile", "o-1", kEid, kIccid, ExecutionStatus::Warning, "", "",
                         "audited: the profile is enabled", from_hex(kIsdp)};
  FunctionResult failed{"ES4.EnableProfile", "c-2", kEid, kIccid, ExecutionStatus::Failed, "Profile ICCID", "Refused",
                        "6985", {}};
  FunctionResult expired{"ES3.SendData", "c-3", kEid, "", ExecutionStatus::Expired, "eUICC", "No response",
                         "3 attempts", {}};
  FunctionResult data{"ES3.SendData", "c-4", kEid, "", ExecutionStatus::Success, "", "", "", from_hex("AB07800101230290 00")};
  FunctionResult onelink{"OneLink.ProfileDownload", "OL-1", kEid, kIccid, ExecutionStatus::Success, "", "", "", {}};
  FunctionResult no_eid{"ES4.SMSRChange", "chg-1", "", "", ExecutionStatus::Failed, "SM-SR", "Unknown", "", {}};
  for (const FunctionResult& r : {ok, warning, failed, expired, data, onelink, no_eid}) {
    SCOPED_TRACE(platform::describe(r));
    expect_same_result(r, round_trip(r));
  }
}

// Written by hand: SGP.02 §5.1.1's header fields and §5.4's
// ES4.EnableProfile input (EID, ICCID).
TEST(FunctionJson, EnableProfileAsWrittenByHand) {
  const char* golden = R"({
    "Function": "ES4.EnableProfile",
    "Header": {"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "c-17", "ValidityPeriod": 600},
    "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038"}
  })";
  FunctionCall c;
  c.kind = Kind::EnableProfile;
  c.interface = "ES4";
  c.call_id = "c-17";
  c.eid = kEid;
  c.iccid = kIccid;
  FunctionRequest r = platform::request_of(c, "CMCC");
  r.validity_period = 600;
  EXPECT_EQ(platform::encode_request(r), json::parse(golden));
  expect_same_request(platform::decode_request(json::parse(golden)), r);
}

// ES3.CreateISDP (SGP.02 §5.5): EID, ICCID, Mno-id, RequiredMemory; the
// SM-DP's id in the body is ours.
TEST(FunctionJson, CreateIsdpAsWrittenByHand) {
  const char* golden = R"({
    "Function": "ES3.CreateISDP",
    "Header": {"FunctionRequesterIdentifier": "SM-DP-CMCC", "FunctionCallIdentifier": "o-1.1"},
    "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038",
             "Mno-id": "CMCC", "Smdp-id": "SM-DP-CMCC", "RequiredMemory": 40000}
  })";
  FunctionCall c = call_of(Kind::CreateIsdp, "ES3");
  c.call_id = "o-1.1";
  EXPECT_EQ(platform::encode_request(platform::request_of(c, "SM-DP-CMCC")), json::parse(golden));
}

// ES3.SendData (SGP.02 §5.5): the security domain's AID and the script as
// hexBinary.
TEST(FunctionJson, SendDataAsWrittenByHand) {
  const char* golden = R"({
    "Function": "ES3.SendData",
    "Header": {"FunctionRequesterIdentifier": "SM-DP-CMCC", "FunctionCallIdentifier": "o-1.2"},
    "Body": {"Eid": "89049032123451234512345678901235", "Sd-aid": "A0000005591010FFFFFFFF8900001200",
             "Data": "AA0E8205800000000082058000000000"}
  })";
  FunctionCall c = call_of(Kind::SendData, "ES3");
  c.call_id = "o-1.2";
  EXPECT_EQ(platform::encode_request(platform::request_of(c, "SM-DP-CMCC")), json::parse(golden));
  // Lower-case hex reads the same.
  json lower = json::parse(golden);
  lower["Body"]["Data"] = "aa0e8205800000000082058000000000";
  expect_same_request(platform::decode_request(lower), platform::request_of(c, "SM-DP-CMCC"));
}

// ES2.DownloadProfile (SGP.02 §5.3.2): EID, SM-SR id, profile type, ICCID,
// enableProfile; the MNO is the requester.
TEST(FunctionJson, DownloadProfileAsWrittenByHand) {
  const char* golden = R"({
    "Function": "ES2.DownloadProfile",
    "Header": {"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "o-1"},
    "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC", "ProfileType": "cmcc-m2m",
             "Iccid": "8986040000000000038", "EnableProfile": true}
  })";
  const DownloadProfileRequest d{"o-1", "CMCC", kEid, kIccid, "cmcc-m2m", "SM-SR-CMCC", true};
  EXPECT_EQ(platform::encode_request(platform::request_of(d)), json::parse(golden));
}

// ES4.PrepareSMSRChange and ES4.SMSRChange (SGP.02 §5.4): the other SM-SR.
TEST(FunctionJson, SmSrChangeOrdersAsWrittenByHand) {
  const char* prepare = R"({"Function": "ES4.PrepareSMSRChange",
    "Header": {"FunctionRequesterIdentifier": "VF", "FunctionCallIdentifier": "p-1"},
    "Body": {"Eid": "89049032123451234512345678901235", "CurrentSMSRid": "SM-SR-CMCC"}})";
  const char* change = R"({"Function": "ES4.SMSRChange",
    "Header": {"FunctionRequesterIdentifier": "VF", "FunctionCallIdentifier": "s-1"},
    "Body": {"Eid": "89049032123451234512345678901235", "Target-Smsr-id": "SM-SR-VF"}})";
  EXPECT_EQ(platform::encode_request(platform::request_of(SmSrChangeRequest{true, {"p-1", "VF", kEid, "SM-SR-CMCC"}})),
            json::parse(prepare));
  EXPECT_EQ(platform::encode_request(platform::request_of(SmSrChangeRequest{false, {"s-1", "VF", kEid, "SM-SR-VF"}})),
            json::parse(change));
}

// FunctionExecutionStatus (SGP.02 §5.1.1): Status and, when it failed,
// StatusCodeData with subject, reason and message, and SGP.02's numeric
// Subject and Reason Codes (§5.1.6: 8.2.1 Profile ICCID, 3.8 Refused;
// status_code.hpp).
TEST(FunctionJson, ResultsAsWrittenByHand) {
  const char* failed = R"({
    "Function": "ES4.EnableProfile",
    "Header": {"FunctionCallIdentifier": "c-17",
               "FunctionExecutionStatus": {"Status": "Failed",
                 "StatusCodeData": {"SubjectCode": "8.2.1", "ReasonCode": "3.8", "Subject": "Profile ICCID", "Reason": "Refused",
                                    "Message": "6985"}}},
    "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038"}
  })";
  const FunctionResult f{"ES4.EnableProfile", "c-17", kEid, kIccid, ExecutionStatus::Failed, "Profile ICCID", "Refused",
                         "6985", {}};
  EXPECT_EQ(platform::encode_result(f), json::parse(failed));
  expect_same_result(platform::decode_result(json::parse(failed)), f);

  const char* created = R"({
    "Function": "ES3.CreateISDP",
    "Header": {"FunctionCallIdentifier": "o-1.1", "FunctionExecutionStatus": {"Status": "Executed-Success"}},
    "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038",
             "Isd-p-aid": "A0000005591010FFFFFFFF8900001200"}
  })";
  const FunctionResult c{"ES3.CreateISDP", "o-1.1", kEid, kIccid, ExecutionStatus::Success, "", "", "", from_hex(kIsdp)};
  EXPECT_EQ(platform::encode_result(c), json::parse(created));
  expect_same_result(platform::decode_result(json::parse(created)), c);
}

// What decoding says, or "" when it decodes.
std::string request_error(const std::string& text) {
  try {
    platform::decode_request(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

std::string result_error(const std::string& text) {
  try {
    platform::decode_result(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// A request of `function` with header `h` and body `b` (JSON texts).
std::string request(const std::string& function, const std::string& b,
                    const std::string& h = R"({"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "c-1"})") {
  return R"({"Function": )" + function + R"(, "Header": )" + h + R"(, "Body": )" + b + "}";
}

const std::string kEidField = R"("Eid": "89049032123451234512345678901235")";

TEST(FunctionJson, EveryMalformedRequestIsRefusedNamingTheField) {
  const std::string enable = R"("ES4.EnableProfile")";
  const std::string good_body = "{" + kEidField + R"(, "Iccid": "8986040000000000038"})";
  ASSERT_EQ(request_error(request(enable, good_body)), "");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1, 2]", "message: not a JSON object"},
      {R"({"Header": {}, "Body": {}})", "Function: missing"},
      {request("17", good_body), "Function: not a string"},
      {request(R"("ES4.Teleport")", good_body), "Function: unknown function 'ES4.Teleport'"},
      {request(R"("ES9.EnableProfile")", good_body), "Function: unknown function 'ES9.EnableProfile'"},
      {request(R"("ES3.DeleteProfile")", good_body), "Function: unknown function 'ES3.DeleteProfile'"},
      {request(R"("ES4.DeleteISDP")", good_body), "Function: unknown function 'ES4.DeleteISDP'"},
      {request(R"("EnableProfile")", good_body), "Function: unknown function 'EnableProfile'"},
      {R"({"Function": "ES4.EnableProfile", "Body": {}})", "Header: missing"},
      {request(enable, good_body, "[]"), "Header: not a JSON object"},
      {request(enable, good_body, R"({"FunctionCallIdentifier": "c-1"})"), "Header.FunctionRequesterIdentifier: missing"},
      {request(enable, good_body, R"({"FunctionRequesterIdentifier": "CMCC"})"), "Header.FunctionCallIdentifier: missing"},
      {request(enable, good_body, R"({"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": ""})"),
       "Header.FunctionCallIdentifier: empty"},
      {request(enable, good_body, R"({"FunctionRequesterIdentifier": 5, "FunctionCallIdentifier": "c"})"),
       "Header.FunctionRequesterIdentifier: not a string"},
      {request(enable, good_body,
               R"({"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "c", "ValidityPeriod": 0})"),
       "Header.ValidityPeriod: not a positive integer"},
      {request(enable, good_body,
               R"({"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "c", "ValidityPeriod": -60})"),
       "Header.ValidityPeriod: not a non-negative integer"},
      {request(enable, good_body,
               R"({"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "c", "ValidityPeriod": "600"})"),
       "Header.ValidityPeriod: not a non-negative integer"},
      {R"({"Function": "ES4.EnableProfile", "Header": {"FunctionRequesterIdentifier": "CMCC", "FunctionCallIdentifier": "c"}})",
       "Body: missing"},
      {request(enable, R"("89049032123451234512345678901235")"), "Body: not a JSON object"},
      {request(enable, R"({"Iccid": "8986040000000000038"})"), "Body.Eid: missing"},
      {request(enable, R"({"Eid": 89049032123451234512345678901235, "Iccid": "8986040000000000038"})"),
       "Body.Eid: not a string"},
      {request(enable, R"({"Eid": "8904903212345123451234567890123", "Iccid": "8986040000000000038"})"),
       "Body.Eid: EID '8904903212345123451234567890123' is not 32 digits"},
      {request(enable, R"({"Eid": "8904903212345123451234567890123F", "Iccid": "8986040000000000038"})"),
       "Body.Eid: EID '8904903212345123451234567890123F' is not 32 digits"},
      {request(enable, "{" + kEidField + "}"), "Body.Iccid: missing"},
      {request(enable, "{" + kEidField + R"(, "Iccid": "898604000000000003A"})"),
       "Body.Iccid: ICCID '898604000000000003A' is not 18 to 20 digits"},
      {request(enable, "{" + kEidField + R"(, "Iccid": "89860400000000003"})"),
       "Body.Iccid: ICCID '89860400000000003' is not 18 to 20 digits"},
      {request(enable, "{" + kEidField + R"(, "Iccid": 8986040000000000038})"), "Body.Iccid: not a string"},
      {request(R"("ES3.CreateISDP")", "{" + kEidField + R"(, "Iccid": "8986040000000000038"})"), "Body.Mno-id: missing"},
      {request(R"("ES3.CreateISDP")", "{" + kEidField + R"(, "Iccid": "8986040000000000038", "Mno-id": "CMCC", "RequiredMemory": -1})"),
       "Body.RequiredMemory: not a non-negative integer"},
      {request(R"("ES3.CreateISDP")", "{" + kEidField + R"(, "Iccid": "8986040000000000038", "Mno-id": "CMCC", "RequiredMemory": 4294967296})"),
       "Body.RequiredMemory: over 4294967295"},
      {request(R"("ES3.SendData")", "{" + kEidField + R"(, "Data": "80E2"})"), "Body.Sd-aid: missing"},
      {request(R"("ES3.SendData")", "{" + kEidField + R"(, "Sd-aid": "A000000559"})"), "Body.Data: missing"},
      {request(R"("ES3.SendData")", "{" + kEidField + R"(, "Sd-aid": "A000000559", "Data": "80E"})"),
       "Body.Data: odd number of hex digits"},
      {request(R"("ES3.SendData")", "{" + kEidField + R"(, "Sd-aid": "A000000559", "Data": "80 E20"})"),
       "Body.Data: not hex digits"},
      {request(R"("ES3.SendData")", "{" + kEidField + R"(, "Sd-aid": "A0000005ZZ", "Data": "80E2"})"),
       "Body.Sd-aid: not hex digits"},
      {request(R"("ES3.ProfileDownloadCompleted")", "{" + kEidField + R"(, "Iccid": "8986040000000000038", "SubscriptionAddress": "460001234567895"})"),
       "Body.SubscriptionAddress: not a JSON object"},
      {request(R"("ES3.ProfileDownloadCompleted")", "{" + kEidField + R"(, "Iccid": "8986040000000000038", "SubscriptionAddress": {"Imsi": 460001234567895}})"),
       "Body.SubscriptionAddress.Imsi: not a string"},
      {request(R"("ES5.FinaliseISDRhandover")", "{" + kEidField + "}"), "Body.KeyVersion: missing"},
      {request(R"("ES5.DeleteKeySet")", "{" + kEidField + R"(, "KeyVersion": 256})"), "Body.KeyVersion: over 255"},
      {request(R"("ES2.DownloadProfile")", "{" + kEidField + R"(, "EnableProfile": true})"), "Body.SmSr-id: missing"},
      {request(R"("ES2.DownloadProfile")", "{" + kEidField + R"(, "SmSr-id": "SM-SR-CMCC"})"), "Body.EnableProfile: missing"},
      {request(R"("ES2.DownloadProfile")", "{" + kEidField + R"(, "SmSr-id": "SM-SR-CMCC", "EnableProfile": "true"})"),
       "Body.EnableProfile: not a boolean"},
      {request(R"("ES2.DownloadProfile")", R"({"Eid": "123", "SmSr-id": "SM-SR-CMCC", "EnableProfile": true})"),
       "Body.Eid: EID '123' is not 32 digits"},
      {request(R"("ES2.DownloadProfile")", "{" + kEidField + R"(, "SmSr-id": "S", "Iccid": "89", "EnableProfile": true})"),
       "Body.Iccid: ICCID '89' is not 18 to 20 digits"},
      {request(R"("ES4.PrepareSMSRChange")", "{" + kEidField + "}"), "Body.CurrentSMSRid: missing"},
      {request(R"("ES4.SMSRChange")", "{" + kEidField + R"(, "CurrentSMSRid": "SM-SR-CMCC"})"),
       "Body.Target-Smsr-id: missing"},
  };
  for (const auto& [text, error] : cases) EXPECT_EQ(request_error(text), error) << text;
}

TEST(FunctionJson, EveryMalformedResultIsRefusedNamingTheField) {
  const std::string ok = R"({"Function": "ES3.CreateISDP", "Header": {"FunctionCallIdentifier": "c-1",
      "FunctionExecutionStatus": {"Status": "Executed-Success"}}, "Body": {}})";
  ASSERT_EQ(result_error(ok), "");
  auto with_status = [](const std::string& status) {
    return R"({"Function": "ES4.EnableProfile", "Header": {"FunctionCallIdentifier": "c-1", "FunctionExecutionStatus": )" +
           status + R"(}, "Body": {}})";
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"null", "message: not a JSON object"},
      {R"({"Function": "Teleport", "Header": {}, "Body": {}})", "Function: unknown function 'Teleport'"},
      {R"({"Function": "ES4.", "Header": {}, "Body": {}})", "Function: unknown function 'ES4.'"},
      {R"({"Function": "ES3.CreateISDP", "Body": {}})", "Header: missing"},
      {R"({"Function": "ES3.CreateISDP", "Header": {"FunctionExecutionStatus": {"Status": "Failed"}}, "Body": {}})",
       "Header.FunctionCallIdentifier: missing"},
      {R"({"Function": "ES3.CreateISDP", "Header": {"FunctionCallIdentifier": "c-1"}, "Body": {}})",
       "Header.FunctionExecutionStatus: missing"},
      {with_status("{}"), "Header.FunctionExecutionStatus.Status: missing"},
      {with_status(R"({"Status": "Done"})"), "Header.FunctionExecutionStatus.Status: unknown status 'Done'"},
      {with_status(R"({"Status": "Failed"})"), "Header.FunctionExecutionStatus.StatusCodeData: missing"},
      {with_status(R"({"Status": "Expired", "StatusCodeData": "No response"})"),
       "Header.FunctionExecutionStatus.StatusCodeData: not a JSON object"},
      {with_status(R"({"Status": "Failed", "StatusCodeData": {"Reason": "Refused"}})"),
       "Header.FunctionExecutionStatus.StatusCodeData.Subject: missing"},
      {with_status(R"({"Status": "Failed", "StatusCodeData": {"Subject": "EID"}})"),
       "Header.FunctionExecutionStatus.StatusCodeData.Reason: missing"},
      {with_status(R"({"Status": "Failed", "StatusCodeData": {"Subject": "EID", "Reason": 8}})"),
       "Header.FunctionExecutionStatus.StatusCodeData.Reason: not a string"},
      {R"({"Function": "ES3.CreateISDP", "Header": {"FunctionCallIdentifier": "c-1",
          "FunctionExecutionStatus": {"Status": "Executed-Success"}}})",
       "Body: missing"},
      {R"({"Function": "ES3.CreateISDP", "Header": {"FunctionCallIdentifier": "c-1",
          "FunctionExecutionStatus": {"Status": "Executed-Success"}}, "Body": {"Isd-p-aid": "A00000055"}})",
       "Body.Isd-p-aid: odd number of hex digits"},
      {R"({"Function": "ES3.SendData", "Header": {"FunctionCallIdentifier": "c-1",
          "FunctionExecutionStatus": {"Status": "Executed-Success"}}, "Body": {"EuiccResponseData": "9000G0"}})",
       "Body.EuiccResponseData: not hex digits"},
      {R"({"Function": "ES3.SendData", "Header": {"FunctionCallIdentifier": "c-1",
          "FunctionExecutionStatus": {"Status": "Executed-Success"}}, "Body": {"Eid": "89049032"}})",
       "Body.Eid: EID '89049032' is not 32 digits"},
      {R"({"Function": "ES3.SendData", "Header": {"FunctionCallIdentifier": "c-1",
          "FunctionExecutionStatus": {"Status": "Executed-Success"}}, "Body": {"Iccid": "ABC"}})",
       "Body.Iccid: ICCID 'ABC' is not 18 to 20 digits"},
  };
  for (const auto& [text, error] : cases) EXPECT_EQ(result_error(text), error) << text;
}

platform::Eis eis_of_two_profiles() {
  platform::Eis e;
  e.eid = kEid;
  e.eum_id = "EUM-TEST";
  e.smsr_id = "SM-SR-CMCC";
  e.isd_r_aid = from_hex("A0000005591010FFFFFFFF8900000100");
  e.ecasd_certificate = from_hex("7F2104930102");
  platform::EisProfile p;
  p.iccid = "898604000000000003";
  p.isdp_aid = from_hex("A0000005591010FFFFFFFF8900001000");
  p.mno_id = "CMCC";
  p.smdp_id = "SM-DP-CMCC";
  p.imsi = "460000000000003";
  p.msisdn = "8613900000003";
  p.state = platform::ProfileState::Enabled;
  p.fallback = true;
  e.profiles.push_back(p);
  platform::EisProfile q;
  q.iccid = kIccid;
  q.isdp_aid = from_hex(kIsdp);
  q.state = platform::ProfileState::Created;
  q.emergency = true;
  q.pol1 = 0x02;
  e.profiles.push_back(q);
  return e;
}

TEST(FunctionJson, RegisterEisRoundTrips) {
  platform::RegisterEisRequest r{"eum-1", eis_of_two_profiles()};
  expect_same_request(platform::request_of(r), round_trip(platform::request_of(r)));
  r.eis.free_nonvolatile_memory = 120000;
  r.eis.free_volatile_memory = 4000;
  r.eis.installed_applications = 7;
  r.eis.ecasd_certificate.clear();
  r.eis.profiles.clear();
  expect_same_request(platform::request_of(r), round_trip(platform::request_of(r)));
}

// ES1.RegisterEIS (SGP.02 §5.2.1) with the EIS of §5.1.1.2 as SGP.02's
// EISType names it; EmergencyProfileAttribute and Pol1 are ours.
TEST(FunctionJson, RegisterEisAsWrittenByHand) {
  const char* golden = R"({
    "Function": "ES1.RegisterEIS",
    "Header": {"FunctionRequesterIdentifier": "EUM-TEST", "FunctionCallIdentifier": "eum-1"},
    "Body": {"Eis": {
      "EumSignedInfo": {"Eid": "89049032123451234512345678901235", "Eum-id": "EUM-TEST",
                        "Ecasd": {"Certificate": "7F2104930102"}},
      "Smsr-id": "SM-SR-CMCC",
      "Isd-r": {"Aid": "A0000005591010FFFFFFFF8900000100"},
      "ProfileInfo": [
        {"Iccid": "898604000000000003", "Isd-p-aid": "A0000005591010FFFFFFFF8900001000", "Mno-id": "CMCC",
         "FallbackAttribute": true, "SubscriptionAddress": {"Imsi": "460000000000003", "Msisdn": "8613900000003"},
         "State": "Enabled", "Smdp-id": "SM-DP-CMCC"},
        {"Iccid": "8986040000000000038", "Isd-p-aid": "A0000005591010FFFFFFFF8900001200",
         "FallbackAttribute": false, "State": "Created", "EmergencyProfileAttribute": true, "Pol1": 2}
      ]}}
  })";
  const platform::RegisterEisRequest r{"eum-1", eis_of_two_profiles()};
  EXPECT_EQ(platform::encode_request(platform::request_of(r)), json::parse(golden));
  expect_same_request(platform::decode_request(json::parse(golden)), platform::request_of(r));
}

TEST(FunctionJson, EveryMalformedEisIsRefusedNamingTheField) {
  const json good = platform::encode_request(platform::request_of(platform::RegisterEisRequest{"eum-1", eis_of_two_profiles()}));
  auto error_with = [&](const std::function<void(json&)>& change) {
    json j = good;
    change(j["Body"]["Eis"]);
    return request_error(j.dump());
  };
  ASSERT_EQ(error_with([](json&) {}), "");
  json no_eis = good;
  no_eis["Body"].erase("Eis");
  EXPECT_EQ(request_error(no_eis.dump()), "Body.Eis: missing");
  EXPECT_EQ(error_with([](json& e) { e = json::array(); }), "Body.Eis: not a JSON object");
  EXPECT_EQ(error_with([](json& e) { e.erase("EumSignedInfo"); }), "Body.Eis.EumSignedInfo: missing");
  EXPECT_EQ(error_with([](json& e) { e["EumSignedInfo"]["Eid"] = "8904"; }),
            "Body.Eis.EumSignedInfo.Eid: EID '8904' is not 32 digits");
  EXPECT_EQ(error_with([](json& e) { e["EumSignedInfo"].erase("Eum-id"); }), "Body.Eis.EumSignedInfo.Eum-id: missing");
  EXPECT_EQ(error_with([](json& e) { e["EumSignedInfo"]["Ecasd"]["Certificate"] = "7F2"; }),
            "Body.Eis.EumSignedInfo.Ecasd.Certificate: odd number of hex digits");
  EXPECT_EQ(error_with([](json& e) { e.erase("Smsr-id"); }), "Body.Eis.Smsr-id: missing");
  EXPECT_EQ(error_with([](json& e) { e["Isd-r"].erase("Aid"); }), "Body.Eis.Isd-r.Aid: missing");
  EXPECT_EQ(error_with([](json& e) { e["RemainingMemory"] = -1; }), "Body.Eis.RemainingMemory: not a non-negative integer");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"] = json::object(); }), "Body.Eis.ProfileInfo: not an array");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][1] = "8986040000000000038"; }),
            "Body.Eis.ProfileInfo[1]: not a JSON object");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][1].erase("Iccid"); }), "Body.Eis.ProfileInfo[1].Iccid: missing");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][0]["Iccid"] = "8986-0400"; }),
            "Body.Eis.ProfileInfo[0].Iccid: ICCID '8986-0400' is not 18 to 20 digits");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][0].erase("Isd-p-aid"); }),
            "Body.Eis.ProfileInfo[0].Isd-p-aid: missing");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][0]["FallbackAttribute"] = 1; }),
            "Body.Eis.ProfileInfo[0].FallbackAttribute: not a boolean");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][1]["State"] = "Gone"; }),
            "Body.Eis.ProfileInfo[1].State: unknown state 'Gone'");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][1]["EmergencyProfileAttribute"] = "yes"; }),
            "Body.Eis.ProfileInfo[1].EmergencyProfileAttribute: not a boolean");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][1]["Pol1"] = 300; }), "Body.Eis.ProfileInfo[1].Pol1: over 255");
  EXPECT_EQ(error_with([](json& e) { e["ProfileInfo"][0]["SubscriptionAddress"] = 5; }),
            "Body.Eis.ProfileInfo[0].SubscriptionAddress: not a JSON object");
}

// What the wire cannot carry is not written either.
TEST(FunctionJson, EncodingRefusesWhatDecodingWould) {
  auto request_refusal = [](const FunctionRequest& r) -> std::string {
    try {
      platform::encode_request(r);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  FunctionCall c = call_of(Kind::EnableProfile, "ES4");
  EXPECT_EQ(request_refusal(platform::request_of(c, "")), "Header.FunctionRequesterIdentifier: empty");
  c.iccid.clear();
  EXPECT_EQ(request_refusal(platform::request_of(c, "CMCC")), "Body.Iccid: missing");
  c = call_of(Kind::EnableProfile, "ES9");
  EXPECT_EQ(request_refusal(platform::request_of(c, "CMCC")), "Function: unknown function 'ES9.EnableProfile'");
  c = call_of(Kind::EnableProfile, "ES4");
  c.call_id.clear();
  EXPECT_EQ(request_refusal(platform::request_of(c, "CMCC")), "Header.FunctionCallIdentifier: empty");
  EXPECT_EQ(request_refusal(platform::request_of(SmSrChangeRequest{true, {"p-1", "VF", "8904", "SM-SR-CMCC"}})),
            "Body.Eid: EID '8904' is not 32 digits");
  EXPECT_EQ(request_refusal(platform::request_of(DownloadProfileRequest{"o-1", "CMCC", kEid, "", "", "", true})),
            "Body.SmSr-id: missing");

  const FunctionResult no_reason{"ES4.EnableProfile", "c-1", kEid, kIccid, ExecutionStatus::Failed, "EID", "", "", {}};
  EXPECT_THROW(platform::encode_result(no_reason), std::invalid_argument);
  const FunctionResult no_call{"ES4.EnableProfile", "", kEid, kIccid, ExecutionStatus::Success, "", "", "", {}};
  EXPECT_THROW(platform::encode_result(no_call), std::invalid_argument);
}

// OneLink's requests to the foreign platforms (foreign_platform.hpp, names
// ours): OneLink.ProfileDownload with the profile, OneLink.SmSrSwitch with
// the SM-SR taking over; OneLink the requester.
TEST(FunctionJson, OneLinksRequestsRoundTripAndAsWrittenByHand) {
  platform::ForeignRequest download;
  download.id = "OL-1";
  download.kind = platform::ForeignRequestKind::ProfileDownload;
  download.eid = kEid;
  download.card_iccid = "8986040000000000046";
  download.platform = "SM-DP-DE";
  download.profile = {kIccid, "262011234567890", "491720001234"};
  platform::ForeignRequest the_switch = download;
  the_switch.id = "OL-2";
  the_switch.kind = platform::ForeignRequestKind::SmSrSwitch;
  the_switch.platform = "SM-SR-DE";
  for (const platform::ForeignRequest* q : {&download, &the_switch}) {
    const FunctionRequest r = platform::request_of(*q);
    EXPECT_EQ(r.requester, "OneLink");
    EXPECT_EQ(platform::function_of(r), platform::function_name(q->kind));
    EXPECT_EQ(platform::call_id_of(r), q->id);
    expect_same_request(r, round_trip(r));
  }
  EXPECT_EQ(platform::encode_request(platform::request_of(download)), json::parse(R"({
    "Function": "OneLink.ProfileDownload",
    "Header": {"FunctionRequesterIdentifier": "OneLink", "FunctionCallIdentifier": "OL-1"},
    "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038", "SmDp-id": "SM-DP-DE",
             "Imsi": "262011234567890", "Msisdn": "491720001234"}
  })"));
  // A switch names the card as the account lists it.
  EXPECT_EQ(platform::encode_request(platform::request_of(the_switch)), json::parse(R"({
    "Function": "OneLink.SmSrSwitch",
    "Header": {"FunctionRequesterIdentifier": "OneLink", "FunctionCallIdentifier": "OL-2"},
    "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000046", "Target-Smsr-id": "SM-SR-DE"}
  })"));
}

TEST(FunctionJson, EveryMalformedOneLinkRequestIsRefusedNamingTheField) {
  const std::string download = R"("OneLink.ProfileDownload")", the_switch = R"("OneLink.SmSrSwitch")";
  const std::string iccid = R"(, "Iccid": "8986040000000000038")";
  ASSERT_EQ(request_error(request(download, "{" + kEidField + iccid + R"(, "SmDp-id": "D", "Imsi": "2620112"})")), "");
  ASSERT_EQ(request_error(request(the_switch, "{" + kEidField + iccid + R"(, "Target-Smsr-id": "S"})")), "");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {request(download, "{" + kEidField + iccid + R"(, "SmDp-id": "D"})"), "Body.Imsi: missing"},
      {request(download, "{" + kEidField + iccid + R"(, "Imsi": "2620112"})"), "Body.SmDp-id: missing"},
      {request(the_switch, "{" + kEidField + iccid + "}"), "Body.Target-Smsr-id: missing"},
      {request(the_switch, "{" + kEidField + R"(, "Target-Smsr-id": "S"})"), "Body.Iccid: missing"},
      {request(the_switch, R"({"Eid": "8904", "Iccid": "8986040000000000038", "Target-Smsr-id": "S"})"),
       "Body.Eid: EID '8904' is not 32 digits"},
      {request(R"("OneLink.Teleport")", "{" + kEidField + "}"), "Function: unknown function 'OneLink.Teleport'"},
  };
  for (const auto& [text, error] : cases) EXPECT_EQ(request_error(text), error) << text;
  // Nor is such a request written.
  platform::ForeignRequest no_platform;
  no_platform.id = "OL-3";
  no_platform.kind = platform::ForeignRequestKind::SmSrSwitch;
  no_platform.eid = kEid;
  no_platform.card_iccid = kIccid;
  EXPECT_THROW(platform::encode_request(platform::request_of(no_platform)), std::invalid_argument);
}

}  // namespace test_function_json
}  // namespace twinmodels::testing
