// The requests of the ES2 functions the SM-DP relays on the wire (GSMA
// SGP.02 §5.3.5-§5.3.7, §5.3.12, ES2.UpdatePolicyRules; function_json.hpp's
// Es2RelayRequest, soap_encoding.hpp): every relay round-trips in JSON, in
// SOAP and through a trace line; JSON written by hand reads to the request;
// a malformed message is refused with its field named, and the encoders
// refuse what a receiving SM-DP would.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "function_json_compare.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinmodels/platform/soap_encoding.hpp"

namespace twinmodels::testing {
namespace test_es2_relay_request {

using nlohmann::json;
using platform::Es2Relay;
using platform::Es2RelayRequest;

const std::string kEid = "89049032123451234512345678901235";
const std::string kIccid = "8986040000000000038";

Es2RelayRequest relay(Es2Relay f) {
  Es2RelayRequest r;
  r.function = f;
  r.request.call_id = "es2-7";
  r.request.mno_id = "DE-MNO";
  r.request.eid = kEid;
  r.request.smsr_id = "SM-SR-CMCC";
  if (f != Es2Relay::AuditEis) r.request.iccid = kIccid;
  if (f == Es2Relay::UpdatePolicyRules)
    r.request.pol2 = {{platform::Pol2Action::Disable, platform::Pol2Qualification::NotAllowed},
                      {platform::Pol2Action::Delete, platform::Pol2Qualification::NotAllowed}};
  return r;
}

std::string soap_of(const platform::FunctionRequest& r) {
  return platform::encode_soap_request(r, platform::trace_addressing(platform::function_of(r), platform::call_id_of(r), false));
}

std::string request_error(const std::string& text) {
  try {
    platform::decode_request(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

std::string soap_error(const std::string& xml) {
  try {
    platform::decode_soap_request(xml);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

std::string encode_error(const Es2RelayRequest& r) {
  try {
    platform::encode_request(platform::request_of(r));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

const std::vector<Es2Relay> kAll = {Es2Relay::EnableProfile, Es2Relay::DisableProfile, Es2Relay::DeleteProfile,
                                    Es2Relay::AuditEis, Es2Relay::UpdatePolicyRules};

TEST(Es2RelayRequest, EveryRelayRoundTripsInJsonSoapAndTheTrace) {
  for (const Es2Relay f : kAll) {
    const platform::FunctionRequest r = platform::request_of(relay(f));
    SCOPED_TRACE(platform::function_of(r));
    EXPECT_EQ(platform::function_of(r), platform::es2_function(f));
    EXPECT_EQ(r.requester, "DE-MNO");
    EXPECT_EQ(platform::call_id_of(r), "es2-7");
    const json j = platform::encode_request(r);
    EXPECT_EQ(j["Header"]["FunctionRequesterIdentifier"], "DE-MNO");
    EXPECT_EQ(j["Body"]["SmSr-id"], "SM-SR-CMCC");
    EXPECT_EQ(j["Body"].contains("Iccid"), f != Es2Relay::AuditEis);
    EXPECT_EQ(j["Body"].contains("Pol2"), f == Es2Relay::UpdatePolicyRules);
    expect_same_request(platform::decode_request(j), r);

    const std::string xml = soap_of(r);
    const std::string element = std::string("ES2-") + (platform::es2_function(f) + 4) + "Request";
    EXPECT_NE(xml.find("<rps:" + element + ">"), std::string::npos) << xml;
    const std::string group = f == Es2Relay::AuditEis ? "eUICCManagement" : "ProfileManagement";
    EXPECT_NE(xml.find("http://gsma.com/ES2/" + group + "/ES2-" + (platform::es2_function(f) + 4) + "<"),
              std::string::npos)
        << xml;
    expect_same_request(platform::decode_soap_request(xml).request, r);

    for (const platform::TraceEncoding e : {platform::TraceEncoding::Json, platform::TraceEncoding::Soap}) {
      std::stringstream log;
      platform::FunctionTrace trace(log, e);
      trace.request(1500, r);
      const std::vector<platform::TraceEntry> back = platform::read_trace(log, e);
      ASSERT_EQ(back.size(), 1u);
      EXPECT_EQ(back[0].time_ms, 1500);
      expect_same_request(std::get<platform::FunctionRequest>(back[0].message), r);
    }
  }
}

TEST(Es2RelayRequest, JsonWrittenByHandReadsToTheRequest) {
  const char* enable = R"({
    "Function": "ES2.EnableProfile",
    "Header": {"FunctionRequesterIdentifier": "DE-MNO", "FunctionCallIdentifier": "es2-7", "ValidityPeriod": 600},
    "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC", "Iccid": "8986040000000000038"}
  })";
  platform::FunctionRequest want = platform::request_of(relay(Es2Relay::EnableProfile));
  want.validity_period = 600;
  expect_same_request(platform::decode_request(json::parse(enable)), want);
  EXPECT_EQ(platform::encode_request(want), json::parse(enable));

  const char* rules = R"({
    "Function": "ES2.UpdatePolicyRules",
    "Header": {"FunctionRequesterIdentifier": "DE-MNO", "FunctionCallIdentifier": "es2-7"},
    "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC", "Iccid": "8986040000000000038",
             "Pol2": {"Rule": [{"Subject": "PROFILE", "Action": "DISABLE", "Qualification": "Not-Allowed"},
                               {"Subject": "PROFILE", "Action": "DELETE", "Qualification": "Not-Allowed"}]}}
  })";
  const platform::FunctionRequest update = platform::request_of(relay(Es2Relay::UpdatePolicyRules));
  expect_same_request(platform::decode_request(json::parse(rules)), update);
  EXPECT_EQ(platform::encode_request(update), json::parse(rules));
  // No POL2: no rule (the profile's POL2 emptied).
  Es2RelayRequest cleared = relay(Es2Relay::UpdatePolicyRules);
  cleared.request.pol2.clear();
  const json j = platform::encode_request(platform::request_of(cleared));
  EXPECT_FALSE(j["Body"].contains("Pol2"));
  expect_same_request(platform::decode_request(j), platform::request_of(cleared));

  const char* audit = R"({
    "Function": "ES2.AuditEIS",
    "Header": {"FunctionRequesterIdentifier": "DE-MNO", "FunctionCallIdentifier": "es2-7"},
    "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC"}
  })";
  expect_same_request(platform::decode_request(json::parse(audit)), platform::request_of(relay(Es2Relay::AuditEis)));
}

// An envelope written by hand (tests/data/soap/): the file's lines joined
// without their indentation are what the encoder writes, and read back to
// the request.
TEST(Es2RelayRequest, UpdatePolicyRulesInSoapAsWrittenByHand) {
  std::ifstream in(std::string(ESIMTWIN_TEST_DATA_DIR) + "/soap/es2-update-policy-rules-request.xml");
  ASSERT_TRUE(in);
  std::string golden;
  for (std::string line; std::getline(in, line);) golden += line.substr(line.find_first_not_of(' '));
  platform::FunctionRequest r = platform::request_of(relay(Es2Relay::UpdatePolicyRules));
  r.validity_period = 600;
  const platform::SoapAddressing a{"https://mno.example/es2", "https://smdp.example/es2", "",
                                   "urn:uuid:5e0c7a93-2b1d-4f86-9c34-d8a1e6b07f25", ""};
  EXPECT_EQ(platform::encode_soap_request(r, a), golden);
  const platform::SoapRequest back = platform::decode_soap_request(golden);
  expect_same_request(back.request, r);
  EXPECT_EQ(back.addressing.message_id, a.message_id);
}

TEST(Es2RelayRequest, MalformedJsonIsRefusedWithItsField) {
  const std::string head = R"({"Function": "ES2.DeleteProfile", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "es2-7"}, "Body": )";
  EXPECT_EQ(request_error(head + R"({"SmSr-id": "SM-SR-CMCC", "Iccid": "8986040000000000038"}})"), "Body.Eid: missing");
  EXPECT_EQ(request_error(head + R"({"Eid": "8904", "SmSr-id": "SM-SR-CMCC", "Iccid": "8986040000000000038"}})"),
            "Body.Eid: EID '8904' is not 32 digits");
  EXPECT_EQ(request_error(head + R"({"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038"}})"),
            "Body.SmSr-id: missing");
  EXPECT_EQ(request_error(head + R"({"Eid": "89049032123451234512345678901235", "SmSr-id": ""}})"),
            "Body.SmSr-id: empty");
  EXPECT_EQ(request_error(head + R"({"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC"}})"),
            "Body.Iccid: missing");
  EXPECT_EQ(request_error(head + R"({"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC",
      "Iccid": "89860400000000000AB"}})"),
            "Body.Iccid: ICCID '89860400000000000AB' is not 18 to 20 digits");
  EXPECT_EQ(request_error(head + R"({"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC",
      "Iccid": "8986040000000000038", "Pol2": {"Rule": []}}})"),
            "Body.Pol2: only ES2.UpdatePolicyRules carries one");
  EXPECT_EQ(request_error(R"({"Function": "ES2.AuditEIS", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "es2-7"}, "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC",
      "Iccid": "8986040000000000038"}})"),
            "Body.Iccid: ES2.AuditEIS is relayed for the whole eUICC (no ICCID)");
  EXPECT_EQ(request_error(R"({"Function": "ES2.UpdatePolicyRules", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "es2-7"}, "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC",
      "Iccid": "8986040000000000038", "Pol2": {"Rule": [{"Subject": "PROFILE", "Action": "ENABLE",
      "Qualification": "Auto-Delete"}]}}})"),
            "Body.Pol2: rule 0 (ENABLE Auto-Delete): Auto-Delete qualifies DISABLE only");
  EXPECT_EQ(request_error(R"({"Function": "ES2.UpdatePolicyRules", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "es2-7"}, "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC",
      "Iccid": "8986040000000000038", "Pol2": {"Rule": [{"Subject": "ISD-P", "Action": "ENABLE",
      "Qualification": "Not-Allowed"}]}}})"),
            "Body.Pol2.Rule[0].Subject: unknown subject 'ISD-P' (only PROFILE)");
  EXPECT_EQ(request_error(R"({"Function": "ES2.SetFallbackAttribute", "Header": {"FunctionRequesterIdentifier": "DE-MNO",
      "FunctionCallIdentifier": "es2-7"}, "Body": {"Eid": "89049032123451234512345678901235"}})"),
            "Function: unknown function 'ES2.SetFallbackAttribute'");
  EXPECT_EQ(request_error(R"({"Function": "ES2.EnableProfile", "Header": {"FunctionCallIdentifier": "es2-7"},
      "Body": {"Eid": "89049032123451234512345678901235", "SmSr-id": "SM-SR-CMCC", "Iccid": "8986040000000000038"}})"),
            "Header.FunctionRequesterIdentifier: missing");
}

TEST(Es2RelayRequest, MalformedSoapIsRefusedWithItsElement) {
  const std::string good = soap_of(platform::request_of(relay(Es2Relay::DisableProfile)));
  ASSERT_EQ(soap_error(good), "accepted");
  EXPECT_EQ(soap_error(replaced(good, "<rps:SmSr-id>SM-SR-CMCC</rps:SmSr-id>", "")),
            "SOAP rps:ES2-DisableProfileRequest: Body.SmSr-id: missing");
  EXPECT_EQ(soap_error(replaced(good, "<rps:Iccid>", "<rps:Pol1>3</rps:Pol1><rps:Iccid>")),
            "SOAP rps:ES2-DisableProfileRequest/rps:Pol1: not an element of rps:ES2-DisableProfileRequest");
  EXPECT_EQ(soap_error(replaced(good, "<rps:Iccid>8986040000000000038", "<rps:Iccid>898604")),
            "SOAP rps:ES2-DisableProfileRequest: Body.Iccid: ICCID '898604' is not 18 to 20 digits");
  EXPECT_EQ(soap_error(replaced(good, "<rps:Eid>", "<rps:Eid>1")),
            "SOAP rps:ES2-DisableProfileRequest: Body.Eid: EID '189049032123451234512345678901235' is not 32 digits");
  // The action must be the body's function's.
  EXPECT_NE(soap_error(replaced(good, "ES2/ProfileManagement/ES2-DisableProfile<", "ES2/ProfileManagement/ES2-EnableProfile<"))
                .find("wsa:Action"),
            std::string::npos);
  const std::string rules = soap_of(platform::request_of(relay(Es2Relay::UpdatePolicyRules)));
  EXPECT_NE(rules.find("<rps:Pol2><rps:Rule>"), std::string::npos) << rules;
  EXPECT_EQ(soap_error(replaced(rules, "<rps:Action>DELETE</rps:Action>", "<rps:Action>DISABLE</rps:Action>")),
            "SOAP rps:ES2-UpdatePolicyRulesRequest: Body.Pol2: rule 1 (DISABLE Not-Allowed): a second rule for DISABLE");
}

TEST(Es2RelayRequest, TheEncoderRefusesWhatTheWireCannotCarry) {
  Es2RelayRequest r = relay(Es2Relay::EnableProfile);
  r.request.eid = "8904";
  EXPECT_EQ(encode_error(r), "Body.Eid: EID '8904' is not 32 digits");
  r = relay(Es2Relay::DeleteProfile);
  r.request.iccid.clear();
  EXPECT_EQ(encode_error(r), "Body.Iccid: missing");
  r = relay(Es2Relay::AuditEis);
  r.request.smsr_id.clear();
  EXPECT_EQ(encode_error(r), "Body.SmSr-id: missing");
  r = relay(Es2Relay::AuditEis);
  r.request.iccid = kIccid;
  EXPECT_EQ(encode_error(r), "Body.Iccid: ES2.AuditEIS is relayed for the whole eUICC (no ICCID)");
  r = relay(Es2Relay::EnableProfile);
  r.request.pol2 = {{platform::Pol2Action::Enable, platform::Pol2Qualification::NotAllowed}};
  EXPECT_EQ(encode_error(r), "Body.Pol2: only ES2.UpdatePolicyRules carries one");
  r = relay(Es2Relay::UpdatePolicyRules);
  r.request.pol2 = {{platform::Pol2Action::Delete, platform::Pol2Qualification::AutoDelete}};
  EXPECT_EQ(encode_error(r), "Body.Pol2: rule 0 (DELETE Auto-Delete): Auto-Delete qualifies DISABLE only");
  r = relay(Es2Relay::EnableProfile);
  r.request.mno_id.clear();
  EXPECT_EQ(encode_error(r), "Header.FunctionRequesterIdentifier: empty");
  r = relay(Es2Relay::EnableProfile);
  r.request.call_id.clear();
  EXPECT_EQ(encode_error(r), "Header.FunctionCallIdentifier: empty");
}

}  // namespace test_es2_relay_request
}  // namespace twinmodels::testing
