// ES2.GetEIS and ES3.GetEIS requests on the wire (GSMA SGP.02 §5.3.1,
// §5.4.1; function_json.hpp, soap_encoding.hpp): both round-trip in JSON
// and SOAP, and a malformed one is refused with its field named.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "function_json_compare.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinmodels/platform/soap_encoding.hpp"

namespace twinmodels::testing {
namespace {

using nlohmann::json;

const char* kEid = "89049032123451234512345678901235";

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

}  // namespace
}  // namespace twinmodels::testing
