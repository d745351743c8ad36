// The JSON Lines trace (models/twinmodels/platform/function_trace.hpp) of a
// whole SM-SR change (SmSrHandover, as test_export_flows.cpp's direct mode
// runs it): the MNO's ES4.PrepareSMSRChange and ES4.SMSRChange, the ES7
// SendData scripts the new SM-SR has the current one carry to the ISD-R,
// the new SM-SR's ES5 FinaliseISDRhandover and UpdateConnectivityParameters,
// and ES4.SMSRChange's result — each at the rig's time, read back to the
// same messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "function_json_compare.hpp"
#include "smsr_change_rig.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinmodels/platform/smsr_handover.hpp"

namespace twinmodels::testing {
namespace test_function_trace_handover {

using nlohmann::json;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionRequest;
using platform::FunctionResult;
using platform::SmSrChangeRequest;

TEST(FunctionTrace, TheTraceOfAnSmSrChangeReadsBackAsItRan) {
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-EU"};
  ChangeRig rig(EuiccLayout::Export, cmcc_config);
  platform::SmSr& cmcc = rig.smsr_platform;
  platform::SmSr foreign(platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"CMCC"}});
  const std::string eid = rig.e.eid();
  const platform::SmSrHandoverConfig config = rig.handover_config("CMCC", "chg-1", kNewSmsr);
  platform::SmSrHandover h(cmcc, foreign, config);

  std::ostringstream out;
  platform::FunctionTrace t(out);
  std::vector<FunctionRequest> requests;
  std::vector<FunctionResult> results;
  auto request = [&](const FunctionRequest& r) {
    t.request(static_cast<std::int64_t>(rig.now), r);
    requests.push_back(r);
  };
  auto result = [&](const FunctionResult& r) {
    t.result(static_cast<std::int64_t>(rig.now), r);
    results.push_back(r);
  };
  // The MNO's orders, which start() makes: PrepareSMSRChange to the new
  // SM-SR (naming the current one), SMSRChange to the current (naming the
  // target), whose result comes at the end.
  request(platform::request_of(SmSrChangeRequest{true, {config.prepare_call_id, "CMCC", eid, "SM-SR-CMCC"}}));
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  result(h.prepare_result());
  request(platform::request_of(SmSrChangeRequest{false, {config.change_call_id, "CMCC", eid, "SM-SR-EU"}}));
  // The new SM-SR's calls: to the current SM-SR over ES7, its own over ES5.
  for (int i = 0; i < 10 && !h.finished(); ++i) {
    const std::optional<platform::HandoverStep> s = h.next();
    ASSERT_TRUE(s);
    platform::SmSr& to = s->to == platform::HandoverSide::Current ? cmcc : foreign;
    request(platform::request_of(s->call, "SM-SR-EU"));
    to.call(s->call);
    rig.deliver(to);
    const FunctionResult r = rig.only_result(to);
    result(r);
    h.on_result(r);
  }
  ASSERT_TRUE(h.finished());
  ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());
  result(h.result());

  std::istringstream in(out.str());
  const std::vector<platform::TraceEntry> back = platform::read_trace(in);
  ASSERT_EQ(back.size(), requests.size() + results.size());
  std::vector<std::string> functions;
  std::size_t q = 0;
  std::size_t a = 0;
  for (const platform::TraceEntry& e : back) {
    if (const auto* r = std::get_if<FunctionRequest>(&e.message)) {
      functions.push_back(platform::function_of(*r));
      expect_same_request(*r, requests.at(q++));
    } else {
      functions.push_back(std::get<FunctionResult>(e.message).function);
      expect_same_result(std::get<FunctionResult>(e.message), results.at(a++));
    }
  }
  const std::vector<std::string> expected = {
      "ES4.PrepareSMSRChange", "ES4.PrepareSMSRChange", "ES4.SMSRChange",
      "ES7.SendData",          "ES7.SendData",          "ES7.SendData",
      "ES7.SendData",          "ES5.FinaliseISDRhandover", "ES5.FinaliseISDRhandover",
      "ES5.UpdateConnectivityParameters", "ES5.UpdateConnectivityParameters", "ES4.SMSRChange"};
  EXPECT_EQ(functions, expected);

  // As a log reads: the orders name the other SM-SR, FinaliseISDRhandover
  // the old key set's version, the change's result its call.
  const std::vector<std::string> lines = [&] {
    std::vector<std::string> l;
    std::istringstream s(out.str());
    for (std::string x; std::getline(s, x);) l.push_back(x);
    return l;
  }();
  EXPECT_EQ(json::parse(lines[0])["Request"]["Body"]["CurrentSMSRid"], "SM-SR-CMCC");
  EXPECT_EQ(json::parse(lines[2])["Request"]["Body"]["Target-Smsr-id"], "SM-SR-EU");
  EXPECT_EQ(json::parse(lines[2])["Request"]["Header"]["FunctionRequesterIdentifier"], "CMCC");
  EXPECT_EQ(json::parse(lines[7])["Request"]["Body"]["KeyVersion"], 1);
  const json last = json::parse(lines.back())["Result"];
  EXPECT_EQ(last["Header"]["FunctionCallIdentifier"], "chg-1");
  EXPECT_EQ(last["Header"]["FunctionExecutionStatus"]["Status"], "Executed-Success");
  // The ES7 scripts went to the card by SMS: each answer after its call.
  EXPECT_LT(back[3].time_ms, back[4].time_ms);
  EXPECT_LT(back[5].time_ms, back[6].time_ms);
}

}  // namespace test_function_trace_handover
}  // namespace twinmodels::testing
