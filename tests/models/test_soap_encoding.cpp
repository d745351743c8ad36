// The SOAP encoding of the platforms' function calls and results
// (models/twinmodels/platform/soap_encoding.hpp, SGP.02 Annex B): known
// messages against envelopes written by hand from SGP.02's element names
// (tests/data/soap/*.xml, indented there; the encoder writes one line),
// every function kind and status round-tripped, and every malformed
// envelope and every message the wire cannot carry refused with a clear
// error.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "function_json_compare.hpp"
#include "twinmodels/platform/soap_encoding.hpp"
#include "twinmodels/platform/soap_names.hpp"

namespace twinmodels::testing {
namespace test_soap_encoding {

using cardcore::from_hex;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionRequest;
using platform::FunctionResult;
using platform::SoapAddressing;
using Kind = FunctionCall::Kind;

const std::string kEid = "89049032123451234512345678901235";
const std::string kIccid = "8986040000000000038";
const std::string kIsdp = "A0000005591010FFFFFFFF8900001200";
const std::string kRequestId = "urn:uuid:0b9e1f52-4c3a-4d7e-9a51-2f6d8c1e7a30";

// A golden envelope: the file's lines joined without their indentation.
std::string golden(const std::string& name) {
  std::ifstream in(std::string(ESIMTWIN_TEST_DATA_DIR) + "/soap/" + name);
  EXPECT_TRUE(in) << name;
  std::string out;
  for (std::string line; std::getline(in, line);) out += line.substr(line.find_first_not_of(' '));
  return out;
}

FunctionCall enable_call() {
  FunctionCall c;
  c.kind = Kind::EnableProfile;
  c.interface = "ES4";
  c.call_id = "c-1";
  c.eid = kEid;
  c.iccid = kIccid;
  return c;
}

FunctionRequest enable_request() {
  FunctionRequest r = platform::request_of(enable_call(), "MNO-CMCC");
  r.validity_period = 3600;
  return r;
}

SoapAddressing mno_to_smsr() {
  return {"https://mno.example/es4", "https://smsr.example/es4", "https://mno.example/es4", kRequestId, ""};
}

SoapAddressing smsr_to_mno() {
  return {"https://smsr.example/es4", "https://mno.example/es4", "", "urn:uuid:7d3c2a10-5b8e-4f61-8c2d-9e4a1b6f0c57",
          kRequestId};
}

FunctionResult enable_refused() {
  return {"ES4.EnableProfile", "c-1", kEid, kIccid, ExecutionStatus::Failed, "Profile ICCID", "Refused", "6985", {}};
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

void expect_same_addressing(const SoapAddressing& a, const SoapAddressing& b) {
  EXPECT_EQ(a.from, b.from);
  EXPECT_EQ(a.to, b.to);
  EXPECT_EQ(a.reply_to, b.reply_to);
  EXPECT_EQ(a.message_id, b.message_id);
  EXPECT_EQ(a.relates_to, b.relates_to);
}

TEST(SoapEncoding, EnableProfileRequestAsWrittenByHand) {
  const std::string xml = platform::encode_soap_request(enable_request(), mno_to_smsr());
  EXPECT_EQ(xml, golden("es4-enable-profile-request.xml"));
  EXPECT_EQ(xml.find('\n'), std::string::npos);
  const platform::SoapRequest back = platform::decode_soap_request(golden("es4-enable-profile-request.xml"));
  expect_same_request(back.request, enable_request());
  expect_same_addressing(back.addressing, mno_to_smsr());
}

TEST(SoapEncoding, FailedResponseAsWrittenByHand) {
  EXPECT_EQ(platform::encode_soap_result(enable_refused(), smsr_to_mno()),
            golden("es4-enable-profile-response-failed.xml"));
  const platform::SoapResult back = platform::decode_soap_result(golden("es4-enable-profile-response-failed.xml"));
  expect_same_result(back.result, enable_refused());
  expect_same_addressing(back.addressing, smsr_to_mno());
}

TEST(SoapEncoding, DownloadProfileRequestAsWrittenByHand) {
  const platform::DownloadProfileRequest d{"o-1", "CMCC", kEid, kIccid, "cmcc-m2m", "SM-SR-CMCC", true};
  const SoapAddressing a{"https://mno.example/es2", "https://smdp.example/es2", "",
                         "urn:uuid:2c5e8b71-0d4f-4a9c-b6e3-81f7a2d90e14", ""};
  EXPECT_EQ(platform::encode_soap_request(platform::request_of(d), a), golden("es2-download-profile-request.xml"));
  expect_same_request(platform::decode_soap_request(golden("es2-download-profile-request.xml")).request,
                      platform::request_of(d));
}

TEST(SoapEncoding, RegisterEisAsWrittenByHand) {
  const platform::RegisterEisRequest r{"eum-1", eis_of_two_profiles()};
  const SoapAddressing a{"", "", "", "urn:uuid:9a41d6e0-3f2b-4c8d-a7e5-60b1c9f28d43", ""};
  EXPECT_EQ(platform::encode_soap_request(platform::request_of(r), a), golden("es1-register-eis-request.xml"));
  expect_same_request(platform::decode_soap_request(golden("es1-register-eis-request.xml")).request,
                      platform::request_of(r));
}

// The indented golden files read as they are: white space between
// elements is not content.
TEST(SoapEncoding, IndentedEnvelopesDecode) {
  std::ifstream in(std::string(ESIMTWIN_TEST_DATA_DIR) + "/soap/es4-enable-profile-request.xml");
  std::stringstream text;
  text << in.rdbuf();
  expect_same_request(platform::decode_soap_request(text.str()).request, enable_request());
}

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

TEST(SoapEncoding, EveryFunctionCallKindRoundTrips) {
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
    r.validity_period = 86400;
    const std::string xml = platform::encode_soap_request(r, mno_to_smsr());
    const std::string element = "<rps:" + platform::soap_names::request_element(platform::function_of(r)) + ">";
    EXPECT_NE(xml.find(element), std::string::npos) << xml;
    const auto back = platform::decode_soap_message(xml);
    ASSERT_TRUE(std::holds_alternative<platform::SoapRequest>(back));
    expect_same_request(std::get<platform::SoapRequest>(back).request, r);
  }
  // The ES3 deletion has its own name.
  const std::string xml = platform::encode_soap_request(platform::request_of(call_of(Kind::DeleteProfile, "ES3"), "x"),
                                                        mno_to_smsr());
  EXPECT_NE(xml.find("<rps:ES3-DeleteISDPRequest>"), std::string::npos);
  EXPECT_NE(xml.find("<wsa:Action>http://gsma.com/ES3/ProfileManagement/ES3-DeleteISDP</wsa:Action>"),
            std::string::npos);
}

TEST(SoapEncoding, TheSmSrChangeOrdersRoundTrip) {
  for (const bool prepare : {true, false}) {
    const platform::SmSrChangeRequest c{prepare, {"chg-1", "CMCC", kEid, prepare ? "SM-SR-CMCC" : "SM-SR-VF"}};
    const std::string xml = platform::encode_soap_request(platform::request_of(c), mno_to_smsr());
    EXPECT_NE(xml.find(prepare ? "<rps:CurrentSMSRid>SM-SR-CMCC</rps:CurrentSMSRid>"
                               : "<rps:Target-Smsr-id>SM-SR-VF</rps:Target-Smsr-id>"),
              std::string::npos);
    EXPECT_NE(xml.find(prepare ? "http://gsma.com/ES4/eUICCManagement/ES4-PrepareSMSRChange"
                               : "http://gsma.com/ES4/eUICCManagement/ES4-SMSRChange"),
              std::string::npos);
    expect_same_request(platform::decode_soap_request(xml).request, platform::request_of(c));
  }
  platform::RegisterEisRequest r{"eum-2", eis_of_two_profiles()};
  r.eis.profiles.clear();
  r.eis.free_nonvolatile_memory = 120000;
  expect_same_request(platform::decode_soap_request(platform::encode_soap_request(platform::request_of(r), mno_to_smsr()))
                          .request,
                      platform::request_of(r));
}

TEST(SoapEncoding, EveryResultStatusRoundTrips) {
  const FunctionResult ok{"ES3.CreateISDP", "c-1", kEid, kIccid, ExecutionStatus::Success, "", "", "", from_hex(kIsdp)};
  const FunctionResult warning{"ES2.DownloadProfile", "o-1", kEid, kIccid, ExecutionStatus::Warning, "", "",
                               "audited: the profile is enabled", from_hex(kIsdp)};
  const FunctionResult expired{"ES3.SendData", "c-3", kEid, "", ExecutionStatus::Expired, "eUICC", "No response",
                               "3 attempts", {}};
  const FunctionResult data{"ES3.SendData", "c-4", kEid, "", ExecutionStatus::Success, "", "", "",
                            from_hex("AB0780010123029000")};
  const FunctionResult onelink{"OneLink.ProfileDownload", "OL-1", kEid, kIccid, ExecutionStatus::Success, "", "", "", {}};
  const FunctionResult no_eid{"ES4.SMSRChange", "chg-1", "", "", ExecutionStatus::Failed, "SM-SR", "Unknown", "", {}};
  // Markup characters, a line break and non-ASCII text in the detail.
  const FunctionResult odd{"ES4.DisableProfile", "c-5", kEid, kIccid, ExecutionStatus::Failed, "Profile ICCID",
                           "Refused", "a <b> & \"c\"\nline 2\té", {}};
  for (const FunctionResult& r : {ok, warning, enable_refused(), expired, data, onelink, no_eid, odd}) {
    SCOPED_TRACE(platform::describe(r));
    const std::string xml = platform::encode_soap_result(r, smsr_to_mno());
    EXPECT_EQ(xml.find('\n'), std::string::npos);
    const auto back = platform::decode_soap_message(xml);
    ASSERT_TRUE(std::holds_alternative<platform::SoapResult>(back));
    expect_same_result(std::get<platform::SoapResult>(back).result, r);
  }
  const std::string xml = platform::encode_soap_result(ok, smsr_to_mno());
  EXPECT_NE(xml.find("<rps:Status>Executed-Success</rps:Status>"), std::string::npos);
  EXPECT_NE(xml.find("<rps:Isd-p-aid>" + kIsdp + "</rps:Isd-p-aid>"), std::string::npos);
  EXPECT_NE(xml.find("http://gsma.com/ES3/ProfileManagementCallBack/ES3-CreateISDP"), std::string::npos);
  EXPECT_NE(platform::encode_soap_result(onelink, smsr_to_mno()).find("urn:esimtwin:OneLinkCallBack:ProfileDownload"),
            std::string::npos);
}

TEST(SoapEncoding, TheBodyElementAndTheActionNameTheFunction) {
  namespace n = platform::soap_names;
  EXPECT_EQ(n::request_element("ES2.DownloadProfile"), "ES2-DownloadProfileRequest");
  EXPECT_EQ(n::response_element("ES7.HandoverEUICC"), "ES7-HandoverEUICCResponse");
  EXPECT_EQ(n::action_of("ES4.EnableProfile", false), "http://gsma.com/ES4/ProfileManagement/ES4-EnableProfile");
  EXPECT_EQ(n::action_of("ES3.AuditEIS", true), "http://gsma.com/ES3/eUICCManagementCallBack/ES3-AuditEIS");
  const auto b = n::function_of_element("ES3-SendDataResponse");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->function, "ES3.SendData");
  EXPECT_TRUE(b->response);
  EXPECT_FALSE(n::function_of_element("ES3SendDataRequest"));
  EXPECT_FALSE(n::function_of_element("Request"));
  EXPECT_FALSE(n::function_of_element("ES3-SendData"));
  EXPECT_THROW(n::request_element("EnableProfile"), std::invalid_argument);
  EXPECT_THROW(n::action_of("ES4.", false), std::invalid_argument);
}

std::string decode_error(const std::string& xml) {
  try {
    platform::decode_soap_message(xml);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(SoapEncoding, EveryMalformedEnvelopeIsRefused) {
  const std::string good = golden("es4-enable-profile-request.xml");
  const std::string env = "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">";
  ASSERT_EQ(decode_error(good), "");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not XML", "SOAP message: not well-formed XML (line 1: "},
      {good.substr(0, good.size() - 20), "SOAP message: not well-formed XML (line 1: "},
      {"", "SOAP message: not well-formed XML ("},
      {"<!DOCTYPE e [<!ENTITY x \"y\">]>" + good, "SOAP message: a DTD, which SOAP 1.2 forbids"},
      // An external entity (XXE) needs a DTD: refused before any entity is read.
      {"<!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + replaced(good, kEid, "&xxe;"),
       "SOAP message: a DTD, which SOAP 1.2 forbids"},
      {"<Envelope/>", "SOAP message: root element 'Envelope' is not a SOAP 1.2 env:Envelope"},
      {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>", "SOAP Envelope: SOAP 1.1, not SOAP 1.2"},
      {env + "</env:Envelope>", "SOAP env:Envelope: no env:Header first"},
      {env + "<env:Body/></env:Envelope>", "SOAP env:Envelope: no env:Header first"},
      {env + "<env:Header/></env:Envelope>", "SOAP env:Envelope: no env:Body after env:Header"},
      {replaced(good, "</env:Body>", "</env:Body><env:Body/>"), "SOAP env:Envelope: an element after env:Body"},
      {replaced(good, "<env:Header>", "<env:Header>text"), "SOAP env:Header: text beside elements"},
      {replaced(good, "</rps:ES4-EnableProfileRequest>", "</rps:ES4-EnableProfileRequest><rps:Extra/>"),
       "SOAP env:Body: 2 elements, not one"},
      {replaced(good, good.substr(good.find("<rps:ES4"), good.find("</env:Body>") - good.find("<rps:ES4")), ""),
       "SOAP env:Body: 0 elements, not one"},
      {replaced(good, good.substr(good.find("<rps:ES4"), good.find("</env:Body>") - good.find("<rps:ES4")),
                "<env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code></env:Fault>"),
       "SOAP env:Body: a SOAP Fault, not a function message"},
      {replaced(replaced(good, "<rps:ES4-EnableProfileRequest>", "<ES4-EnableProfileRequest>"),
                "</rps:ES4-EnableProfileRequest>", "</ES4-EnableProfileRequest>"),
       "SOAP env:Body/ES4-EnableProfileRequest: not in the namespace http://namespaces.gsma.org/esim-messaging/1"},
      {replaced(replaced(good, "<rps:ES4-EnableProfileRequest>", "<rps:EnableProfile>"),
                "</rps:ES4-EnableProfileRequest>", "</rps:EnableProfile>"),
       "SOAP env:Body/rps:EnableProfile: not an <interface>-<function>Request, Response or Handle...Notification element"},
      {replaced(good, "<wsa:MessageID>" + kRequestId + "</wsa:MessageID>", ""),
       "SOAP env:Header/wsa:MessageID: missing"},
      {replaced(good, "<wsa:Action>http://gsma.com/ES4/ProfileManagement/ES4-EnableProfile</wsa:Action>", ""),
       "SOAP env:Header/wsa:Action: missing"},
      {replaced(good, "ProfileManagement/ES4-EnableProfile", "ProfileManagement/ES4-DisableProfile"),
       "SOAP env:Header/wsa:Action: 'http://gsma.com/ES4/ProfileManagement/ES4-DisableProfile' is not "
       "rps:ES4-EnableProfileRequest's ('http://gsma.com/ES4/ProfileManagement/ES4-EnableProfile')"},
      {replaced(good, "<wsa:To>", "<wsa:MessageID>m-2</wsa:MessageID><wsa:To>"),
       "SOAP env:Header/wsa:MessageID: more than once"},
      {replaced(good, "<wsa:From><wsa:Address>https://mno.example/es4</wsa:Address></wsa:From>", "<wsa:From/>"),
       "SOAP env:Header/wsa:From/wsa:Address: missing"},
      {replaced(good, "<wsa:To>",
                "<x:Session xmlns:x=\"urn:x\" env:mustUnderstand=\"true\">1</x:Session><wsa:To>"),
       "SOAP env:Header/Session: mustUnderstand, and not understood"},
      {replaced(good, "<rps:Iccid>", "<rps:Colour>blue</rps:Colour><rps:Iccid>"),
       "SOAP rps:ES4-EnableProfileRequest/rps:Colour: not an element of rps:ES4-EnableProfileRequest"},
      {replaced(good, "<rps:Iccid>8986040000000000038</rps:Iccid>", "<Iccid>8986040000000000038</Iccid>"),
       "SOAP rps:ES4-EnableProfileRequest/rps:Iccid: not in the namespace http://namespaces.gsma.org/esim-messaging/1"},
      {replaced(good, "<rps:Iccid>", "<rps:Eid>" + kEid + "</rps:Eid><rps:Iccid>"),
       "SOAP rps:ES4-EnableProfileRequest/rps:Eid: more than once"},
      {replaced(good, kEid, "8904"),
       "SOAP rps:ES4-EnableProfileRequest: Body.Eid: EID '8904' is not 32 digits"},
      {replaced(good, "<rps:Iccid>8986040000000000038</rps:Iccid>", ""),
       "SOAP rps:ES4-EnableProfileRequest: Body.Iccid: missing"},
      {replaced(good, "<rps:FunctionCallIdentifier>c-1</rps:FunctionCallIdentifier>", ""),
       "SOAP rps:ES4-EnableProfileRequest: Header.FunctionCallIdentifier: missing"},
      {replaced(good, ">3600<", ">an hour<"),
       "SOAP rps:ES4-EnableProfileRequest/rps:ValidityPeriod: 'an hour' is not an unsigned integer"},
      {replaced(good, ">3600<", ">18446744073709551616<"),
       "SOAP rps:ES4-EnableProfileRequest/rps:ValidityPeriod: '18446744073709551616' is too large"},
      {replaced(good, ">3600<", ">0<"), "SOAP rps:ES4-EnableProfileRequest: Header.ValidityPeriod: not a positive integer"},
      {replaced(good, "<rps:Eid>", "<rps:Eid id=\"1\">"),
       "SOAP rps:ES4-EnableProfileRequest/rps:Eid: unexpected attribute 'id'"},
      {replaced(good, "<rps:Eid>" + kEid, "<rps:Eid>" + kEid + "<rps:Part>1</rps:Part>"),
       "SOAP rps:ES4-EnableProfileRequest/rps:Eid: text beside elements"},
      {replaced(good, "<rps:Iccid>", "words<rps:Iccid>"),
       "SOAP rps:ES4-EnableProfileRequest: text beside elements"},
  };
  for (const auto& [xml, error] : cases) {
    const std::string got = decode_error(xml);
    EXPECT_EQ(got.substr(0, error.size()), error) << xml;
    EXPECT_FALSE(got.empty()) << xml;
  }
  // A header block without mustUnderstand may be ignored (SOAP 1.2 Part 1 §5.2.3).
  EXPECT_EQ(decode_error(replaced(good, "<wsa:To>", "<x:Session xmlns:x=\"urn:x\">1</x:Session><wsa:To>")), "");
}

TEST(SoapEncoding, EveryMalformedResponseIsRefused) {
  const std::string good = golden("es4-enable-profile-response-failed.xml");
  ASSERT_EQ(decode_error(good), "");
  const std::string relates = "<wsa:RelatesTo>" + kRequestId + "</wsa:RelatesTo>";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {replaced(good, relates, ""), "SOAP env:Header/wsa:RelatesTo: missing"},
      {replaced(good, ">Failed<", ">Done<"),
       "SOAP rps:ES4-EnableProfileResponse: Header.FunctionExecutionStatus.Status: unknown status 'Done'"},
      {replaced(good, good.substr(good.find("<rps:FunctionExecutionStatus>"),
                                  good.find("<rps:Eid>") - good.find("<rps:FunctionExecutionStatus>")),
                ""),
       "SOAP rps:ES4-EnableProfileResponse: Header.FunctionExecutionStatus: missing"},
      {replaced(good, "<rps:SubjectCode>8.2.1</rps:SubjectCode>", ""),
       "SOAP rps:ES4-EnableProfileResponse: Header.FunctionExecutionStatus.StatusCodeData.Subject: missing"},
      {replaced(replaced(good, "<rps:SubjectCode>8.2.1<", "<rps:SubjectCode>Key set<"), "<rps:Message>",
                "<rps:Subject>EID</rps:Subject><rps:Message>"),
       "SOAP rps:ES4-EnableProfileResponse/rps:FunctionExecutionStatus/rps:StatusCodeData/rps:Subject: beside an "
       "rps:SubjectCode that is no SGP.02 code"},
      {replaced(good, "<rps:Message>", "<rps:Subject>EID</rps:Subject><rps:Message>"),
       "SOAP rps:ES4-EnableProfileResponse: Header.FunctionExecutionStatus.StatusCodeData.SubjectCode: '8.2.1' is not "
       "the code of subject 'EID' (8.1.1)"},
      {replaced(good, "<rps:ReasonCode>3.8</rps:ReasonCode>", "<rps:Reason>Refused</rps:Reason>"),
       "SOAP rps:ES4-EnableProfileResponse/rps:FunctionExecutionStatus/rps:StatusCodeData/rps:Reason: without "
       "rps:ReasonCode"},
      {replaced(good, "<rps:Message>", "<rps:SubjectIdentifier>x</rps:SubjectIdentifier><rps:Message>"),
       "SOAP rps:ES4-EnableProfileResponse/rps:FunctionExecutionStatus/rps:StatusCodeData/rps:SubjectIdentifier: "
       "not an element of rps:StatusCodeData"},
      {replaced(good, "</rps:FunctionExecutionStatus>", "<rps:Note>x</rps:Note></rps:FunctionExecutionStatus>"),
       "SOAP rps:ES4-EnableProfileResponse/rps:FunctionExecutionStatus/rps:Note: not an element of "
       "rps:FunctionExecutionStatus"},
      {replaced(good, "<rps:Iccid>", "<rps:EuiccResponseData>zz</rps:EuiccResponseData><rps:Iccid>"),
       "SOAP rps:ES4-EnableProfileResponse: Body.EuiccResponseData: "},
  };
  for (const auto& [xml, error] : cases) {
    const std::string got = decode_error(xml);
    EXPECT_EQ(got.substr(0, error.size()), error) << xml;
    EXPECT_FALSE(got.empty()) << xml;
  }
  // A request is not a response, nor the other way round.
  try {
    platform::decode_soap_request(good);
    ADD_FAILURE() << "a response decoded as a request";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "SOAP env:Body/rps:ES4-EnableProfileResponse: a response, not a request");
  }
  try {
    platform::decode_soap_result(golden("es4-enable-profile-request.xml"));
    ADD_FAILURE() << "a request decoded as a response";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "SOAP env:Body/rps:ES4-EnableProfileRequest: a request, not a response");
  }
}

std::string encode_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(SoapEncoding, EncodingRefusesWhatTheWireCannotCarry) {
  SoapAddressing no_id = mno_to_smsr();
  no_id.message_id.clear();
  EXPECT_EQ(encode_error([&] { platform::encode_soap_request(enable_request(), no_id); }), "wsa:MessageID: empty");
  SoapAddressing no_relates = smsr_to_mno();
  no_relates.relates_to.clear();
  EXPECT_EQ(encode_error([&] { platform::encode_soap_result(enable_refused(), no_relates); }),
            "wsa:RelatesTo: empty (a response relates to its request)");
  FunctionResult control = enable_refused();
  control.message = std::string("bell \a");
  EXPECT_EQ(encode_error([&] { platform::encode_soap_result(control, smsr_to_mno()); }),
            "rps:Message: control character 7 that XML 1.0 cannot carry");
  FunctionResult latin1 = enable_refused();
  latin1.message = "caf\xE9";
  EXPECT_EQ(encode_error([&] { platform::encode_soap_result(latin1, smsr_to_mno()); }), "rps:Message: not UTF-8 text");
  SoapAddressing bad_to = mno_to_smsr();
  bad_to.to = "https://smsr.example/\x01";
  EXPECT_EQ(encode_error([&] { platform::encode_soap_request(enable_request(), bad_to); }),
            "wsa:To: control character 1 that XML 1.0 cannot carry");
  // What the JSON encoding refuses, the SOAP one does too.
  FunctionRequest short_eid = enable_request();
  std::get<FunctionCall>(short_eid.input).eid = "8904";
  EXPECT_EQ(encode_error([&] { platform::encode_soap_request(short_eid, mno_to_smsr()); }),
            "Body.Eid: EID '8904' is not 32 digits");
  FunctionResult unknown = enable_refused();
  unknown.function = "Billing.Charge";
  EXPECT_EQ(encode_error([&] { platform::encode_soap_result(unknown, smsr_to_mno()); }),
            "Function: unknown function 'Billing.Charge'");
}

}  // namespace test_soap_encoding
}  // namespace twinmodels::testing
