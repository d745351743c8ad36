// The platform log in its SOAP encoding (function_trace.hpp,
// TraceEncoding::Soap): one envelope a line after the time, written and
// read back, its addressing, its malformed lines refused with their
// number, and test_sm_dp.cpp's full ES2.DownloadProfile order logged in
// SOAP reading back as the JSON log of the same run does.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "function_json_compare.hpp"
#include "sm_dp_rig.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace twinmodels::testing {
namespace test_soap_trace {

using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionRequest;
using platform::FunctionResult;
using platform::FunctionTrace;
using platform::TraceEncoding;
using platform::TraceEntry;

const std::string kEid = "89049032123451234512345678901235";
const std::string kIccid = "8986040000000000038";

FunctionCall enable_call() {
  FunctionCall c;
  c.kind = FunctionCall::Kind::EnableProfile;
  c.interface = "ES4";
  c.call_id = "c-1";
  c.eid = kEid;
  c.iccid = kIccid;
  return c;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::vector<TraceEntry> read(const std::string& text, TraceEncoding e) {
  std::istringstream in(text);
  return platform::read_trace(in, e);
}

std::string read_error(const std::string& text, TraceEncoding e = TraceEncoding::Soap) {
  try {
    read(text, e);
  } catch (const std::invalid_argument& x) {
    return x.what();
  }
  return "";
}

TEST(SoapTrace, OneEnvelopePerLineAfterTheTimeReadBack) {
  std::ostringstream out;
  FunctionTrace t(out, TraceEncoding::Soap);
  t.request(1000, platform::request_of(enable_call(), "CMCC"));
  const FunctionResult refused{"ES4.EnableProfile", "c-1", kEid, kIccid, ExecutionStatus::Failed,
                               "Profile ICCID", "Refused", "6985", {}};
  t.results(2500, {refused});
  EXPECT_EQ(t.lines(), 2u);
  const std::vector<std::string> lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("1000 <env:Envelope ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("<wsa:MessageID>urn:esimtwin:ES4.EnableProfile:c-1</wsa:MessageID>"), std::string::npos);
  EXPECT_NE(lines[0].find("<rps:ES4-EnableProfileRequest>"), std::string::npos);
  EXPECT_EQ(lines[1].rfind("2500 <env:Envelope ", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("<wsa:MessageID>urn:esimtwin:ES4.EnableProfile:c-1:result</wsa:MessageID>"),
            std::string::npos);
  EXPECT_NE(lines[1].find("<wsa:RelatesTo>urn:esimtwin:ES4.EnableProfile:c-1</wsa:RelatesTo>"), std::string::npos);
  EXPECT_NE(lines[1].find("<rps:Status>Failed</rps:Status>"), std::string::npos);

  const std::vector<TraceEntry> back = read(out.str(), TraceEncoding::Soap);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].time_ms, 1000);
  expect_same_request(std::get<FunctionRequest>(back[0].message), platform::request_of(enable_call(), "CMCC"));
  EXPECT_EQ(back[1].time_ms, 2500);
  expect_same_result(std::get<FunctionResult>(back[1].message), refused);
  // A SOAP log is not JSON Lines.
  EXPECT_EQ(read_error(out.str(), TraceEncoding::Json).substr(0, 27), "line 1: message: not JSON (");
}

TEST(SoapTrace, TheEncodingIsNamedJsonOrSoap) {
  EXPECT_EQ(platform::trace_encoding_of("soap"), TraceEncoding::Soap);
  EXPECT_EQ(platform::trace_encoding_of("json"), TraceEncoding::Json);
  EXPECT_FALSE(platform::trace_encoding_of("SOAP"));
  EXPECT_FALSE(platform::trace_encoding_of("xml"));
  EXPECT_STREQ(platform::to_string(TraceEncoding::Soap), "soap");
  EXPECT_STREQ(platform::to_string(TraceEncoding::Json), "json");
}

TEST(SoapTrace, TheWriterRefusesAnEarlierTimeAndAMalformedMessageWritingNothing) {
  std::ostringstream out;
  FunctionTrace t(out, TraceEncoding::Soap);
  t.request(5000, platform::request_of(enable_call(), "CMCC"));
  const std::string before = out.str();
  EXPECT_THROW(t.request(4999, platform::request_of(enable_call(), "CMCC")), std::invalid_argument);
  FunctionResult bell{"ES4.EnableProfile", "c-1", kEid, kIccid, ExecutionStatus::Failed, "eUICC", "Refused", "\a", {}};
  EXPECT_THROW(t.result(6000, bell), std::invalid_argument);
  EXPECT_EQ(out.str(), before);
  EXPECT_EQ(t.lines(), 1u);
}

TEST(SoapTrace, EveryMalformedLineIsRefusedWithItsNumber) {
  std::ostringstream out;
  FunctionTrace t(out, TraceEncoding::Soap);
  t.request(1000, platform::request_of(enable_call(), "CMCC"));
  const std::string good = out.str();
  const std::string envelope = good.substr(good.find(' ') + 1, good.size() - good.find(' ') - 2);
  ASSERT_EQ(read_error(good), "");
  const std::string no_time = "line 2: message: not a time in milliseconds, a space and a SOAP envelope";
  EXPECT_EQ(read_error(good + "\n"), "line 2: message: empty line");
  EXPECT_EQ(read_error(good + envelope + "\n"), no_time);
  EXPECT_EQ(read_error(good + "soon " + envelope + "\n"), no_time);
  EXPECT_EQ(read_error(good + " " + envelope + "\n"), no_time);
  EXPECT_EQ(read_error(good + "-\n"), no_time);
  EXPECT_EQ(read_error(good + "99999999999999999999 " + envelope + "\n"), no_time);
  EXPECT_EQ(read_error(good + "999 " + envelope + "\n"), "line 2: TimeMs: before the previous line's 1000");
  EXPECT_EQ(read_error(good + "2000 " + envelope.substr(0, 40) + "\n").substr(0, 51),
            "line 2: SOAP message: not well-formed XML (line 1: ");
  std::string wrong = envelope;
  wrong.replace(wrong.find(kEid), kEid.size(), "8904");
  EXPECT_EQ(read_error(good + "2000 " + wrong + "\n"),
            "line 2: SOAP rps:ES4-EnableProfileRequest: Body.Eid: EID '8904' is not 32 digits");
  // A negative time reads (the caller's clock), then later lines follow it.
  EXPECT_EQ(read_error("-5 " + envelope + "\n" + good), "");
}

// test_sm_dp.cpp's full order (test_function_trace.cpp's), logged in both
// encodings: the SOAP log reads back to the same messages as the JSON one.
TEST(SoapTrace, TheTraceOfAnSmDpOrderReadsBackAsTheJsonTraceDoes) {
  SmSrRig rig(ecasd_of_pki(), cardcore::ecasd::encode_certificate(pki().euicc.certificate), modem_with_pin());
  give_the_card_the_smsr_address(rig);
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  const platform::DownloadProfileRequest o = order("o-1", rig.e.eid(), 5);
  const auto ordered_ms = static_cast<std::int64_t>(rig.now);
  dp.download_profile(o);
  SmDpDriver d{rig, dp};
  std::vector<std::int64_t> result_ms;
  d.meanwhile = [&](const FunctionResult&) { result_ms.push_back(static_cast<std::int64_t>(rig.now)); };
  d.run();
  const std::vector<FunctionResult> es2 = dp.take_results();
  ASSERT_EQ(es2.size(), 1u);
  ASSERT_EQ(es2[0].status, ExecutionStatus::Success) << platform::describe(es2[0]);
  ASSERT_EQ(d.calls.size(), d.smsr_results.size());
  ASSERT_EQ(result_ms.size(), d.smsr_results.size());

  std::ostringstream json_out;
  std::ostringstream soap_out;
  FunctionTrace json_trace(json_out, TraceEncoding::Json);
  FunctionTrace soap_trace(soap_out, TraceEncoding::Soap);
  for (FunctionTrace* t : {&json_trace, &soap_trace}) {
    t->request(ordered_ms, platform::request_of(o));
    for (std::size_t i = 0; i < d.calls.size(); ++i) {
      t->request(i == 0 ? ordered_ms : result_ms[i - 1], platform::request_of(d.calls[i], kSmdpId));
      t->result(result_ms[i], d.smsr_results[i]);
    }
    t->result(result_ms.back(), es2[0]);
  }
  const std::vector<std::string> lines = lines_of(soap_out.str());
  EXPECT_EQ(lines.size(), 18u);  // CreateISDP, 5 SendData, ProfileDownloadCompleted, EnableProfile
  const std::vector<TraceEntry> from_json = read(json_out.str(), TraceEncoding::Json);
  const std::vector<TraceEntry> from_soap = read(soap_out.str(), TraceEncoding::Soap);
  ASSERT_EQ(from_soap.size(), from_json.size());
  for (std::size_t i = 0; i < from_soap.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    EXPECT_EQ(from_soap[i].time_ms, from_json[i].time_ms);
    ASSERT_EQ(from_soap[i].message.index(), from_json[i].message.index());
    if (const auto* r = std::get_if<FunctionRequest>(&from_soap[i].message)) {
      expect_same_request(*r, std::get<FunctionRequest>(from_json[i].message));
    } else {
      expect_same_result(std::get<FunctionResult>(from_soap[i].message),
                         std::get<FunctionResult>(from_json[i].message));
    }
  }
  // As a SOAP log reads: the ES2 order, the ISD-P the SM-SR created, the
  // eUICC's answers to the scripts.
  EXPECT_NE(lines[0].find("<rps:ES2-DownloadProfileRequest>"), std::string::npos);
  EXPECT_NE(lines[2].find("<rps:Isd-p-aid>" + kIsdP3 + "</rps:Isd-p-aid>"), std::string::npos);
  for (std::size_t i = 4; i <= 12; i += 2) {
    EXPECT_NE(lines[i].find("<rps:EuiccResponseData>"), std::string::npos) << lines[i];
  }
  EXPECT_NE(lines.back().find("<rps:ES2-DownloadProfileResponse>"), std::string::npos);
}

// OneLink's requests as SOAP envelopes (names ours: the urn:esimtwin:OneLink
// actions its results have) read back to the same message.
TEST(SoapTrace, OneLinksRequestsReadBack) {
  platform::ForeignRequest q;
  q.id = "OL-1";
  q.kind = platform::ForeignRequestKind::ProfileDownload;
  q.eid = kEid;
  q.platform = "SM-DP-DE";
  q.profile = {kIccid, "262011234567890", ""};
  std::ostringstream out;
  FunctionTrace t(out, TraceEncoding::Soap);
  t.request(1000, platform::request_of(q));
  const std::vector<std::string> lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("<wsa:Action>urn:esimtwin:OneLink:ProfileDownload</wsa:Action>"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("<rps:OneLink-ProfileDownloadRequest>"), std::string::npos) << lines[0];
  const std::vector<TraceEntry> back = read(out.str(), TraceEncoding::Soap);
  ASSERT_EQ(back.size(), 1u);
  expect_same_request(std::get<FunctionRequest>(back[0].message), platform::request_of(q));
}

}  // namespace test_soap_trace
}  // namespace twinmodels::testing
