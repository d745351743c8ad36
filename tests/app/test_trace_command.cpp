// `esimtwin trace` (app/trace_command.hpp): a platform log rewritten from
// JSON Lines to SOAP and back to the same text, through the library and
// through the binary; every bad invocation exit code 2 with its reason and
// no output.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "esimtwin_process.hpp"
#include "trace_command.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace test_trace_command {

namespace platform = twinmodels::platform;
using esimtwin::TraceOptions;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::write_temp;

const std::string kEid = "89049032123451234512345678901235";
const std::string kIccid = "8986040000000000038";

// A JSON trace of an ES4.EnableProfile call and its refusal.
std::string json_trace() {
  platform::FunctionCall c;
  c.kind = platform::FunctionCall::Kind::EnableProfile;
  c.interface = "ES4";
  c.call_id = "c-1";
  c.eid = kEid;
  c.iccid = kIccid;
  std::ostringstream out;
  platform::FunctionTrace t(out);
  t.request(1000, platform::request_of(c, "CMCC"));
  t.result(2500, {"ES4.EnableProfile", "c-1", kEid, kIccid, platform::ExecutionStatus::Failed, "Profile ICCID",
                  "Refused", "6985", {}});
  return out.str();
}

struct CommandRun {
  int code = -1;
  std::string out;
  std::string err;
};

CommandRun run(const TraceOptions& o, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  CommandRun r;
  r.code = esimtwin::run_trace_command(o, in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

TEST(TraceCommand, JsonToSoapAndBackGivesTheSameLog) {
  const std::string json = json_trace();
  TraceOptions to_soap;
  to_soap.trace = "-";
  to_soap.encoding = "soap";
  const CommandRun soap = run(to_soap, json);
  ASSERT_EQ(soap.code, 0) << soap.err;
  EXPECT_EQ(soap.out.rfind("1000 <env:Envelope ", 0), 0u) << soap.out;
  EXPECT_NE(soap.out.find("\n2500 <env:Envelope "), std::string::npos);
  EXPECT_NE(soap.out.find("<rps:ES4-EnableProfileResponse>"), std::string::npos);

  const std::string soap_file = write_temp("trace.soap", soap.out);
  TraceOptions back;
  back.trace = soap_file;
  back.from = "soap";
  back.output = esimtwin::testing::temp_path("trace-back.jsonl");
  ASSERT_EQ(run(back).code, 0);
  std::ifstream in(back.output);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), json);
}

TEST(TraceCommand, BadInputExitsWithTwoAndWritesNothing) {
  const std::string json = json_trace();
  const std::string broken = write_temp("broken.jsonl", json + "{\"TimeMs\": 3000}\n");
  struct Case {
    TraceOptions o;
    std::string input;
    std::string err;
  };
  const Case cases[] = {
      {{"-", "json", "xml", ""}, json, "esimtwin trace: --encoding: 'xml' is not json or soap\n"},
      {{"-", "JSON", "soap", ""}, json, "esimtwin trace: --from: 'JSON' is not json or soap\n"},
      {{"/nonexistent.jsonl", "json", "soap", ""}, "", "esimtwin trace: cannot open trace /nonexistent.jsonl\n"},
      {{broken, "json", "soap", ""}, "",
       "esimtwin trace: " + broken + ": line 3: message: needs exactly one of \"Request\", \"Result\" and \"Notification\"\n"},
      {{"-", "soap", "json", ""}, json,
       "esimtwin trace: line 1: message: not a time in milliseconds, a space and a SOAP envelope\n"},
      {{"-", "json", "soap", "/nonexistent-dir/out.soap"}, json, "esimtwin trace: cannot write /nonexistent-dir/out.soap\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.err);
    const CommandRun r = run(c.o, c.input);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
}

TEST(TraceCommand, TheBinaryWritesSoapAndSaysHow) {
  const auto help = run_esimtwin("trace --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--encoding"), std::string::npos);
  EXPECT_NE(help.out.find("soap"), std::string::npos);
  const std::string file = write_temp("binary.jsonl", json_trace());
  const auto r = run_esimtwin("trace " + file + " --encoding soap");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("1000 <env:Envelope ", 0), 0u) << r.out;
  const auto bad = run_esimtwin("trace " + file + " --encoding xml");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("--encoding: 'xml' is not json or soap"), std::string::npos) << bad.out;
}


}  // namespace test_trace_command
