// The JSON Lines trace of the platforms' messages
// (models/twinmodels/platform/function_trace.hpp): written and read back,
// its malformed lines refused with their line number, and the trace of a
// whole ES2.DownloadProfile order (test_sm_dp.cpp's full order) through
// the SM-DP, the SM-SR and a real eUICC in a modem.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "function_json_compare.hpp"
#include "sm_dp_rig.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace twinmodels::testing {
namespace test_function_trace {

using cardcore::from_hex;
using nlohmann::json;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionRequest;
using platform::FunctionResult;
using platform::FunctionTrace;
using platform::TraceEntry;

const std::string kEid = "89049032123451234512345678901235";

FunctionCall enable_call() {
  FunctionCall c;
  c.kind = FunctionCall::Kind::EnableProfile;
  c.interface = "ES4";
  c.call_id = "c-1";
  c.eid = kEid;
  c.iccid = "8986040000000000038";
  return c;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

TEST(FunctionTrace, OneLinePerMessageReadBack) {
  std::ostringstream out;
  FunctionTrace t(out);
  t.request(1000, platform::request_of(enable_call(), "CMCC"));
  const FunctionResult refused{"ES4.EnableProfile", "c-1", kEid, "8986040000000000038", ExecutionStatus::Failed,
                               "Profile ICCID", "Refused", "6985", {}};
  t.results(2500, {refused});
  EXPECT_EQ(t.lines(), 2u);
  const std::vector<std::string> lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[0])["TimeMs"], 1000);
  EXPECT_EQ(json::parse(lines[0])["Request"]["Function"], "ES4.EnableProfile");
  EXPECT_EQ(json::parse(lines[1])["Result"]["Header"]["FunctionExecutionStatus"]["Status"], "Failed");

  std::istringstream in(out.str());
  const std::vector<TraceEntry> back = platform::read_trace(in);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].time_ms, 1000);
  expect_same_request(std::get<FunctionRequest>(back[0].message), platform::request_of(enable_call(), "CMCC"));
  EXPECT_EQ(back[1].time_ms, 2500);
  expect_same_result(std::get<FunctionResult>(back[1].message), refused);
}

TEST(FunctionTrace, TheWriterRefusesAnEarlierTimeAndAMalformedMessageWritingNothing) {
  std::ostringstream out;
  FunctionTrace t(out);
  t.request(5000, platform::request_of(enable_call(), "CMCC"));
  const std::string before = out.str();
  EXPECT_THROW(t.request(4999, platform::request_of(enable_call(), "CMCC")), std::invalid_argument);
  FunctionCall bad = enable_call();
  bad.eid = "8904";
  EXPECT_THROW(t.request(6000, platform::request_of(bad, "CMCC")), std::invalid_argument);
  EXPECT_EQ(out.str(), before);
  EXPECT_EQ(t.lines(), 1u);
  t.request(5000, platform::request_of(enable_call(), "CMCC"));  // the same time is fine
  EXPECT_EQ(t.lines(), 2u);
}

std::string read_error(const std::string& text) {
  std::istringstream in(text);
  try {
    platform::read_trace(in);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(FunctionTrace, EveryMalformedLineIsRefusedWithItsNumber) {
  std::ostringstream out;
  FunctionTrace t(out);
  t.request(1000, platform::request_of(enable_call(), "CMCC"));
  const std::string good = out.str();
  const std::string request = json::parse(good)["Request"].dump();
  ASSERT_EQ(read_error(good), "");
  EXPECT_EQ(read_error(good + "\n"), "line 2: message: empty line");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": 2000, \"Request\": \n").substr(0, 27), "line 2: message: not JSON (");
  EXPECT_EQ(read_error(good + "[1000]\n"), "line 2: message: not a JSON object");
  EXPECT_EQ(read_error(good + "{\"Request\": " + request + "}\n"), "line 2: TimeMs: missing");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": \"2000\", \"Request\": " + request + "}\n"), "line 2: TimeMs: not an integer");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": 999, \"Request\": " + request + "}\n"),
            "line 2: TimeMs: before the previous line's 1000");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": 2000}\n"), "line 2: message: needs exactly one of \"Request\", \"Result\" and \"Notification\"");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": 2000, \"Request\": " + request + ", \"Result\": {}}\n"),
            "line 2: message: needs exactly one of \"Request\", \"Result\" and \"Notification\"");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": 2000, \"Request\": " + request + ", \"Note\": 1}\n"),
            "line 2: message: fields other than \"TimeMs\" and the message");
  json wrong = json::parse(good);
  wrong["Request"]["Body"]["Eid"] = "8904";
  EXPECT_EQ(read_error(good + wrong.dump() + "\n"), "line 2: Body.Eid: EID '8904' is not 32 digits");
  EXPECT_EQ(read_error(good + "{\"TimeMs\": 2000, \"Result\": " + request + "}\n"),
            "line 2: Header.FunctionExecutionStatus: missing");
}

// test_sm_dp.cpp's full order, traced as the platforms would log it: the
// MNO's ES2.DownloadProfile, each ES3 call the SM-DP makes to the SM-SR
// and the SM-SR's result, then the ES2 result, each at the rig's time (the
// modem's clock, which the SMS advance): a call when the SM-DP made it, a
// result when the SM-SR gave it.
TEST(FunctionTrace, TheTraceOfAnSmDpOrderReadsBackAsItRan) {
  SmSrRig rig(ecasd_of_pki(), cardcore::ecasd::encode_certificate(pki().euicc.certificate), modem_with_pin());
  give_the_card_the_smsr_address(rig);
  platform::SmDp dp = make_smdp();
  dp.connect(rig.smsr_platform);
  const platform::DownloadProfileRequest o = order("o-1", rig.e.eid(), 5);
  const auto ordered_ms = static_cast<std::int64_t>(rig.now);
  dp.download_profile(o);
  SmDpDriver d{rig, dp};
  std::vector<std::int64_t> result_ms;  // when each SM-SR result came
  d.meanwhile = [&](const FunctionResult&) { result_ms.push_back(static_cast<std::int64_t>(rig.now)); };
  d.run();
  const std::vector<FunctionResult> es2 = dp.take_results();
  ASSERT_EQ(es2.size(), 1u);
  ASSERT_EQ(es2[0].status, ExecutionStatus::Success) << platform::describe(es2[0]);
  // One order, one eUICC: the SM-SR answers each call before the next.
  // The SM-DP makes the next call as it takes the result before it.
  ASSERT_EQ(d.calls.size(), d.smsr_results.size());
  ASSERT_EQ(result_ms.size(), d.smsr_results.size());

  std::ostringstream out;
  FunctionTrace t(out);
  t.request(ordered_ms, platform::request_of(o));
  for (std::size_t i = 0; i < d.calls.size(); ++i) {
    ASSERT_EQ(d.smsr_results[i].call_id, d.calls[i].call_id);
    t.request(i == 0 ? ordered_ms : result_ms[i - 1], platform::request_of(d.calls[i], kSmdpId));
    t.result(result_ms[i], d.smsr_results[i]);
  }
  t.result(result_ms.back(), es2[0]);

  const std::vector<std::string> lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2 + 2 * d.calls.size());
  EXPECT_EQ(lines.size(), 18u);  // CreateISDP, 5 SendData, ProfileDownloadCompleted, EnableProfile
  std::istringstream in(out.str());
  const std::vector<TraceEntry> back = platform::read_trace(in);
  ASSERT_EQ(back.size(), lines.size());

  // The functions in the order they ran.
  std::vector<std::string> functions;
  for (const TraceEntry& e : back) {
    functions.push_back(std::holds_alternative<FunctionRequest>(e.message)
                            ? platform::function_of(std::get<FunctionRequest>(e.message))
                            : std::get<FunctionResult>(e.message).function);
  }
  std::vector<std::string> expected = {"ES2.DownloadProfile", "ES3.CreateISDP", "ES3.CreateISDP"};
  for (int i = 0; i < 5; ++i) expected.insert(expected.end(), {"ES3.SendData", "ES3.SendData"});
  expected.insert(expected.end(), {"ES3.ProfileDownloadCompleted", "ES3.ProfileDownloadCompleted", "ES3.EnableProfile",
                                   "ES3.EnableProfile", "ES2.DownloadProfile"});
  EXPECT_EQ(functions, expected);

  // Every message as the platforms exchanged it.
  expect_same_request(std::get<FunctionRequest>(back[0].message), platform::request_of(o));
  for (std::size_t i = 0; i < d.calls.size(); ++i) {
    SCOPED_TRACE(d.calls[i].call_id);
    const FunctionRequest& r = std::get<FunctionRequest>(back[1 + 2 * i].message);
    EXPECT_EQ(r.requester, kSmdpId);
    expect_same_call(std::get<FunctionCall>(r.input), d.calls[i]);
    expect_same_result(std::get<FunctionResult>(back[2 + 2 * i].message), d.smsr_results[i]);
    // Each answer that needed the card took its SMS's time;
    // ProfileDownloadCompleted is the SM-SR's EIS alone, answered at once.
    if (d.calls[i].kind == FunctionCall::Kind::ProfileDownloadCompleted) {
      EXPECT_EQ(back[1 + 2 * i].time_ms, back[2 + 2 * i].time_ms);
    } else {
      EXPECT_LT(back[1 + 2 * i].time_ms, back[2 + 2 * i].time_ms);
    }
  }
  expect_same_result(std::get<FunctionResult>(back.back().message), es2[0]);

  // As a log reads: the ISD-P the SM-SR created, the eUICC's answers to the
  // scripts, the subscription address, the ES2 result naming the ISD-P.
  EXPECT_EQ(json::parse(lines[2])["Result"]["Body"]["Isd-p-aid"], kIsdP3);
  for (std::size_t i = 4; i <= 12; i += 2) EXPECT_TRUE(json::parse(lines[i])["Result"]["Body"].contains("EuiccResponseData"));
  const json completed = json::parse(lines[13])["Request"]["Body"];
  EXPECT_EQ(completed["SubscriptionAddress"]["Imsi"], subscription_of(5).imsi);
  EXPECT_EQ(completed["SubscriptionAddress"]["Msisdn"], msisdn_of(5));
  const json last = json::parse(lines.back());
  EXPECT_EQ(last["TimeMs"], result_ms.back());
  EXPECT_EQ(json::parse(lines[0])["TimeMs"], ordered_ms);
  EXPECT_EQ(last["Result"]["Header"]["FunctionExecutionStatus"]["Status"], "Executed-Success");
  EXPECT_EQ(last["Result"]["Body"]["Isd-p-aid"], kIsdP3);
  EXPECT_EQ(last["Result"]["Body"]["Iccid"], subscription_of(5).iccid);
}

}  // namespace test_function_trace
}  // namespace twinmodels::testing
