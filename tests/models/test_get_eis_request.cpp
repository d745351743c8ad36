// ES2.GetEIS and ES3.GetEIS requests and results on the wire (GSMA SGP.02
// §5.3.1, §5.4.1; function_json.hpp, soap_encoding.hpp): both round-trip in
// JSON and SOAP, a successful result with the EIS it returns, and a
// malformed one is refused with its field named.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "function_json_compare.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinmodels/platform/soap_encoding.hpp"

namespace twinmodels::testing {
namespace test_get_eis_request {

using nlohmann::json;

const char* kEid = "89049032123451234512345678901235";

platform::Eis eis_of_one_profile() {
  platform::Eis e;
  e.eid = kEid;
  e.eum_id = "EUM-TEST";
  e.smsr_id = "SM-SR-CMCC";
  e.isd_r_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900000100");
  e.free_nonvolatile_memory = 40000;
  platform::EisProfile p;
  p.iccid = "8986040000000000038";
  p.isdp_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001000");
  p.mno_id = "CMCC";
  p.smdp_id = "SM-DP-CMCC";
  p.imsi = "460000000000038";
  p.msisdn = "8613900000038";
  p.state = platform::ProfileState::Enabled;
  p.pol1 = 0x02;
  e.profiles.push_back(p);
  return e;
}

platform::FunctionResult get_eis_result(const std::string& interface) {
  platform::FunctionResult r;
  r.function = interface + ".GetEIS";
  r.call_id = "get-eis-3";
  r.eid = kEid;
  r.eis = eis_of_one_profile();
  return r;
}

std::string result_error(const platform::FunctionResult& r) {
  try {
    platform::encode_result(r);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

std::string result_error(const std::string& text) {
  try {
    platform::decode_result(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

std::string request_error(const std::string& text) {
  try {
    platform::decode_request(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(GetEisRequest, BothInterfacesRoundTripInJsonAndSoap) {
  for (const char* interface : {"ES2", "ES3"}) {
    const platform::FunctionRequest r =
        platform::request_of(platform::GetEisRequest{interface, "get-eis-3", kEid}, interface[2] == '2' ? "DE-MNO" : "SM-DP-DE");
    EXPECT_EQ(platform::function_of(r), std::string(interface) + ".GetEIS");
    const json j = platform::encode_request(r);
    EXPECT_EQ(j["Body"], json({{"Eid", kEid}}));
    expect_same_request(platform::decode_request(j), r);
    const std::string xml =
        platform::encode_soap_request(r, platform::trace_addressing(platform::function_of(r), "get-eis-3", false));
    EXPECT_NE(xml.find(std::string("<rps:") + interface + "-GetEISRequest>"), std::string::npos) << xml;
    EXPECT_NE(xml.find(std::string("http://gsma.com/") + interface + "/eUICCManagement/" + interface + "-GetEIS<"),
              std::string::npos)
        << xml;
    expect_same_request(platform::decode_soap_request(xml).request, r);
  }
}

TEST(GetEisRequest, MalformedOnesAreRefused) {
  EXPECT_EQ(request_error(R"({"Function": "ES2.GetEIS", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "g-1"}, "Body": {}})"),
            "Body.Eid: missing");
  EXPECT_EQ(request_error(R"({"Function": "ES3.GetEIS", "Header": {"FunctionRequesterIdentifier": "SM-DP-DE",
      "FunctionCallIdentifier": "g-1"}, "Body": {"Eid": "1234"}})"),
            "Body.Eid: EID '1234' is not 32 digits");
  EXPECT_EQ(request_error(R"({"Function": "ES4.GetEIS", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "g-1"}, "Body": {"Eid": "89049032123451234512345678901235"}})"),
            "Function: unknown function 'ES4.GetEIS'");
  EXPECT_THROW(platform::encode_request(platform::request_of(platform::GetEisRequest{"ES7", "g-1", kEid}, "X")),
               std::invalid_argument);
  EXPECT_THROW(platform::encode_request(platform::request_of(platform::GetEisRequest{"ES2", "g-1", "89"}, "X")),
               std::invalid_argument);
}

// SGP.02 §5.3.1, §5.4.1: a successful GetEIS returns the EIS; the log's
// result carries it as SGP.02's EISType (eis_json.hpp) in both encodings.
TEST(GetEisResult, TheEisRoundTripsInJsonAndSoap) {
  for (const char* interface : {"ES2", "ES3"}) {
    const platform::FunctionResult r = get_eis_result(interface);
    const json j = platform::encode_result(r);
    ASSERT_TRUE(j["Body"].contains("Eis")) << j.dump();
    EXPECT_EQ(j["Body"]["Eis"]["EumSignedInfo"]["Eid"], kEid);
    EXPECT_EQ(j["Body"]["Eis"]["ProfileInfo"][0]["Iccid"], "8986040000000000038");
    EXPECT_EQ(j["Body"]["Eis"]["ProfileInfo"][0]["State"], "Enabled");
    const platform::FunctionResult back = platform::decode_result(j);
    expect_same_result(back, r);
    ASSERT_TRUE(back.eis);
    expect_same_eis(*back.eis, *r.eis);
    const std::string xml =
        platform::encode_soap_result(r, platform::trace_addressing(r.function, r.call_id, true));
    EXPECT_NE(xml.find("<rps:Eis><rps:EumSignedInfo><rps:Eid>" + std::string(kEid)), std::string::npos) << xml;
    EXPECT_NE(xml.find("<rps:Iccid>8986040000000000038</rps:Iccid>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<rps:State>Enabled</rps:State>"), std::string::npos) << xml;
    const platform::FunctionResult soap_back = platform::decode_soap_result(xml).result;
    expect_same_result(soap_back, r);
    ASSERT_TRUE(soap_back.eis);
    expect_same_eis(*soap_back.eis, *r.eis);
  }
}

TEST(GetEisResult, AFailedOneCarriesNoEis) {
  platform::FunctionResult r =
      platform::failed_result("ES2.GetEIS", "get-eis-3", kEid, {}, "EID", "Unknown", "no EIS of this eUICC");
  const json j = platform::encode_result(r);
  EXPECT_FALSE(j["Body"].contains("Eis"));
  expect_same_result(platform::decode_result(j), r);
  EXPECT_FALSE(platform::decode_result(j).eis);
}

TEST(GetEisResult, MisplacedOrMissingEisIsRefused) {
  platform::FunctionResult none = get_eis_result("ES2");
  none.eis.reset();
  EXPECT_EQ(result_error(none), "Body.Eis: missing (a successful ES2.GetEIS returns the EIS)");
  platform::FunctionResult failed = get_eis_result("ES3");
  failed.status = platform::ExecutionStatus::Failed;
  failed.subject = "EID";
  failed.reason = "Unknown";
  EXPECT_EQ(result_error(failed), "Body.Eis: an EIS in a result that is Failed");
  platform::FunctionResult other = get_eis_result("ES2");
  other.function = "ES4.AuditEIS";
  EXPECT_EQ(result_error(other), "Body.Eis: an EIS in a ES4.AuditEIS result (only GetEIS returns one)");
  platform::FunctionResult foreign = get_eis_result("ES2");
  foreign.eid = "89049032123451234512345678901236";
  EXPECT_EQ(result_error(foreign), "Body.Eis.EumSignedInfo.Eid: EID '" + std::string(kEid) +
                                       "' is not the result's '89049032123451234512345678901236'");
  // Read: the same checks, and the EIS's own.
  json j = platform::encode_result(get_eis_result("ES2"));
  json no_eis = j;
  no_eis["Body"].erase("Eis");
  EXPECT_EQ(result_error(no_eis.dump()), "Body.Eis: missing (a successful ES2.GetEIS returns the EIS)");
  json bad_state = j;
  bad_state["Body"]["Eis"]["ProfileInfo"][0]["State"] = "Gone";
  EXPECT_EQ(result_error(bad_state.dump()), "Body.Eis.ProfileInfo[0].State: unknown state 'Gone'");
}

}  // namespace test_get_eis_request
}  // namespace twinmodels::testing
