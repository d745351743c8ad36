// SGP.02's numeric status codes (§5.1.6, status_code.hpp) in the results'
// JSON and SOAP: the Subject and Reason Codes of the models' failures, the
// words where SGP.02's differ, an SGP.02 envelope with numbers alone read
// back to the models' words, and codes that do not fit their words refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "function_json_compare.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinmodels/platform/soap_encoding.hpp"
#include "twinmodels/platform/status_code.hpp"

namespace twinmodels::testing {
namespace test_status_code {

using nlohmann::json;
using platform::FunctionResult;

const std::string kEid = "89049032123451234512345678901235";
const std::string kIccid = "8986040000000000038";

FunctionResult failure(const std::string& subject, const std::string& reason, const std::string& message = {}) {
  return platform::failed_result("ES4.EnableProfile", "c-1", kEid, kIccid, subject, reason, message);
}

std::string soap_of(const FunctionResult& r) {
  return platform::encode_soap_result(r, platform::trace_addressing(r.function, r.call_id, true));
}

std::string decode_error(const std::string& text) {
  try {
    platform::decode_result(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(StatusCode, TheTable) {
  // SGP.02 §5.1.6: Subject Codes.
  EXPECT_EQ(platform::subject_code("Function requester"), "1.1");
  EXPECT_EQ(platform::subject_code("Platform"), "1.2");  // Function provider
  EXPECT_EQ(platform::subject_code("Function provider"), "1.2");
  EXPECT_EQ(platform::subject_code("Validity Period"), "1.2.1");
  EXPECT_EQ(platform::subject_code("Function"), "1.6");
  EXPECT_EQ(platform::subject_code("eUICC"), "8.1");
  EXPECT_EQ(platform::subject_code("EID"), "8.1.1");
  // SGP.22 §5.2.6's numbers for them, which the SGP.02 SM-DP Njiwa writes
  // too; 8.7 Njiwa's for the SM-SR (status_code.cpp).
  EXPECT_EQ(platform::subject_code("Profile ICCID"), "8.2.1");
  EXPECT_EQ(platform::subject_code("Profile Type"), "8.2.5");
  EXPECT_EQ(platform::subject_code("SM-SR"), "8.7");
  EXPECT_EQ(platform::subject_of_code("8.2.1"), "Profile ICCID");
  EXPECT_EQ(platform::subject_of_code("8.2.5"), "Profile Type");
  EXPECT_EQ(platform::subject_of_code("8.7"), "SM-SR");
  // Words no source at hand numbers keep none.
  for (const char* s : {"Key set", "Security domain", "ECASD", "Chip", "ES8.DownloadAndInstallation"})
    EXPECT_EQ(platform::subject_code(s), std::nullopt) << s;
  for (const char* r : {"Already in use", "Not enough memory", "Verification failed", "Security failure",
                        "Unavailable", "Handed over"})
    EXPECT_EQ(platform::reason_code(r), std::nullopt) << r;
  // Reason Codes; a reason's detail in brackets keeps its code.
  EXPECT_EQ(platform::reason_code("Unknown (Identification or Authentication)"), "1.1");
  EXPECT_EQ(platform::reason_code("Not allowed (authorisation)"), "1.2");
  EXPECT_EQ(platform::reason_code("Invalid"), "2.1");
  EXPECT_EQ(platform::reason_code("Invalid (not another SCP80 key version)"), "2.1");
  EXPECT_EQ(platform::reason_code("Missing"), "2.2");
  EXPECT_EQ(platform::reason_code("Conditional element missing"), "2.3");
  EXPECT_EQ(platform::reason_code("Refused"), "3.8");
  EXPECT_EQ(platform::reason_code("Refused (POL1: disabling not allowed)"), "3.8");
  EXPECT_EQ(platform::reason_code("Unknown"), "3.9");
  EXPECT_EQ(platform::reason_code("Internal error"), "4.2");
  EXPECT_EQ(platform::reason_code("Busy"), "4.4");
  EXPECT_EQ(platform::reason_code("No response"), std::nullopt);
  EXPECT_EQ(platform::reason_code("Refused (unclosed"), std::nullopt);
  // Back: the models' word where they have their own.
  EXPECT_EQ(platform::subject_of_code("8.1.1"), "EID");
  EXPECT_EQ(platform::subject_of_code("1.2"), "Platform");
  EXPECT_EQ(platform::reason_of_code("2.2"), "Missing");
  EXPECT_EQ(platform::reason_of_code("3.9"), "Unknown");
  EXPECT_EQ(platform::reason_of_code("9.9"), std::nullopt);
}

// An unknown EID (SmSr::call, SmDp's checks): EID / Unknown, 8.1.1 / 3.9.
TEST(StatusCode, AnUnknownEidIsSubject811Reason39InJsonAndSoap) {
  const FunctionResult r = failure("EID", "Unknown");
  const json j = platform::encode_result(r);
  const json& c = j["Header"]["FunctionExecutionStatus"]["StatusCodeData"];
  EXPECT_EQ(c["SubjectCode"], "8.1.1");
  EXPECT_EQ(c["ReasonCode"], "3.9");
  EXPECT_EQ(c["Subject"], "EID");
  EXPECT_EQ(c["Reason"], "Unknown");
  expect_same_result(platform::decode_result(j), r);
  const std::string xml = soap_of(r);
  EXPECT_NE(xml.find("<rps:StatusCodeData><rps:SubjectCode>8.1.1</rps:SubjectCode><rps:ReasonCode>3.9</rps:ReasonCode>"
                     "</rps:StatusCodeData>"),
            std::string::npos)
      << xml;
  expect_same_result(platform::decode_soap_result(xml).result, r);
}

// The models' words beside the number where SGP.02's differ: a refusal's
// detail, the platform's server.
TEST(StatusCode, TheModelsWordsGoBesideTheNumberWhereTheyDiffer) {
  const FunctionResult refused = failure("Profile ICCID", "Refused (not disabled)");
  const std::string xml = soap_of(refused);
  EXPECT_NE(xml.find("<rps:SubjectCode>8.2.1</rps:SubjectCode><rps:ReasonCode>3.8</rps:ReasonCode>"
                     "<rps:Reason>Refused (not disabled)</rps:Reason>"),
            std::string::npos)
      << xml;
  expect_same_result(platform::decode_soap_result(xml).result, refused);
  const FunctionResult busy = platform::server_refusal("SM-SR-CMCC", platform::Admission::QueueFull, "ES4.EnableProfile",
                                                       "c-1", kEid, kIccid);
  const std::string busy_xml = soap_of(busy);
  EXPECT_NE(busy_xml.find("<rps:SubjectCode>1.2</rps:SubjectCode><rps:ReasonCode>4.4</rps:ReasonCode>"),
            std::string::npos)
      << busy_xml;
  EXPECT_EQ(platform::encode_result(busy)["Header"]["FunctionExecutionStatus"]["StatusCodeData"]["SubjectCode"], "1.2");
  expect_same_result(platform::decode_soap_result(busy_xml).result, busy);
  platform::ServedRequest served;
  served.function = "ES4.EnableProfile";
  served.failed = true;
  const FunctionResult failed = platform::server_failure("SM-SR-CMCC", served, "c-1", kEid, kIccid);
  const json fj = platform::encode_result(failed);
  EXPECT_EQ(fj["Header"]["FunctionExecutionStatus"]["StatusCodeData"]["ReasonCode"], "4.2");
  expect_same_result(platform::decode_soap_result(soap_of(failed)).result, failed);
  // Lost in a crash: unavailable, like a refusal while down.
  served.lost = true;
  const FunctionResult lost = platform::server_failure("SM-SR-CMCC", served, "c-1", kEid, kIccid);
  const FunctionResult down = platform::server_refusal("SM-SR-CMCC", platform::Admission::Down, "ES4.EnableProfile",
                                                       "c-1", kEid, kIccid);
  EXPECT_EQ(lost.reason, down.reason);
  EXPECT_EQ(platform::encode_result(lost)["Header"]["FunctionExecutionStatus"]["StatusCodeData"]["ReasonCode"],
            platform::encode_result(down)["Header"]["FunctionExecutionStatus"]["StatusCodeData"]["ReasonCode"]);
  EXPECT_NE(lost.message.find("crashed"), std::string::npos);
  expect_same_result(platform::decode_soap_result(soap_of(lost)).result, lost);
  // No code for either: the words alone, as before.
  const FunctionResult expired = platform::failed_result("ES3.SendData", "c-3", kEid, {}, "Key set", "No response");
  const json ej = platform::encode_result(expired);
  EXPECT_FALSE(ej["Header"]["FunctionExecutionStatus"]["StatusCodeData"].contains("SubjectCode"));
  EXPECT_FALSE(ej["Header"]["FunctionExecutionStatus"]["StatusCodeData"].contains("ReasonCode"));
}

// An unknown ICCID (SmSr::call, the SM-DP's checks): 8.2.1 / 3.9; an
// unknown SM-SR (the SM-DP's checks): 8.7 / 3.9; in JSON and SOAP, and an
// envelope with the numbers alone reads back to the models' words.
TEST(StatusCode, AnUnknownIccidIs821AndAnUnknownSmSr87) {
  for (const auto& [subject, code] : {std::pair{"Profile ICCID", "8.2.1"}, std::pair{"SM-SR", "8.7"},
                                      std::pair{"Profile Type", "8.2.5"}}) {
    const FunctionResult r = failure(subject, "Unknown");
    const json j = platform::encode_result(r);
    EXPECT_EQ(j["Header"]["FunctionExecutionStatus"]["StatusCodeData"]["SubjectCode"], code) << subject;
    expect_same_result(platform::decode_result(j), r);
    const std::string xml = soap_of(r);
    EXPECT_NE(xml.find(std::string("<rps:SubjectCode>") + code + "</rps:SubjectCode><rps:ReasonCode>3.9</rps:ReasonCode>"
                       "</rps:StatusCodeData>"),
              std::string::npos)
        << xml;
    const FunctionResult back = platform::decode_soap_result(xml).result;
    EXPECT_EQ(back.subject, subject);
    EXPECT_EQ(back.reason, "Unknown");
  }
}

// An SGP.02 platform's envelope: the numbers alone.
TEST(StatusCode, AnEnvelopeWithNumbersAloneReadsToTheirWords) {
  const std::string xml = soap_of(failure("EID", "Unknown", "no such eUICC"));
  const FunctionResult r = platform::decode_soap_result(xml).result;
  EXPECT_EQ(r.subject, "EID");
  EXPECT_EQ(r.reason, "Unknown");
  EXPECT_EQ(r.message, "no such eUICC");
}

TEST(StatusCode, ACodeThatDoesNotFitItsWordsIsRefused) {
  json j = platform::encode_result(failure("EID", "Unknown"));
  json& c = j["Header"]["FunctionExecutionStatus"]["StatusCodeData"];
  c["SubjectCode"] = "8.1";
  EXPECT_EQ(decode_error(j.dump()),
            "Header.FunctionExecutionStatus.StatusCodeData.SubjectCode: '8.1' is not the code of subject 'EID' (8.1.1)");
  c["SubjectCode"] = "8.1.1";
  c["ReasonCode"] = "3.8";
  EXPECT_EQ(decode_error(j.dump()),
            "Header.FunctionExecutionStatus.StatusCodeData.ReasonCode: '3.8' is not the code of reason 'Unknown' (3.9)");
  c["ReasonCode"] = "3.9";
  c["Subject"] = "Profile ICCID";
  EXPECT_EQ(decode_error(j.dump()),
            "Header.FunctionExecutionStatus.StatusCodeData.SubjectCode: '8.1.1' is not the code of subject 'Profile ICCID' (8.2.1)");
  c["Subject"] = "Key set";
  EXPECT_EQ(decode_error(j.dump()),
            "Header.FunctionExecutionStatus.StatusCodeData.SubjectCode: '8.1.1' for subject 'Key set', which has "
            "no SGP.02 code");
  // Without the codes the words are read as before.
  c.erase("SubjectCode");
  c.erase("ReasonCode");
  EXPECT_EQ(decode_error(j.dump()), "accepted");
}

}  // namespace test_status_code
}  // namespace twinmodels::testing
