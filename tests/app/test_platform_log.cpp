// `esimtwin run --platform-log` (sim/twinsim/engine/platform_log.hpp): the
// shipped direct export writes every platform message — the MNOs' ES4
// SM-SR change orders and ES2.DownloadProfile orders, the ES7 calls
// between the SM-SRs, the new SM-SR's ES5 scripts, the SM-DP's ES3 calls,
// each result and the SM-SRs' notifications (SGP.02 §5.1.3) — in time order, as JSON Lines and as SOAP envelopes
// that `esimtwin trace` reads back; a bad encoding is refused.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "esimtwin_process.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace test_platform_log {

namespace platform = twinmodels::platform;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

// The log's lines by function: requests, results and notifications.
struct Counts {
  std::map<std::string, int> requests, results, failed, notifications;
};

Counts read_log(const std::string& path, platform::TraceEncoding encoding) {
  std::ifstream in(path);
  Counts c;
  for (const platform::TraceEntry& e : platform::read_trace(in, encoding)) {
    if (const auto* r = std::get_if<platform::FunctionRequest>(&e.message)) {
      ++c.requests[platform::function_of(*r)];
    } else if (const auto* n = std::get_if<platform::PlatformNotification>(&e.message)) {
      ++c.notifications[platform::notification_name(*n) + " to " + n->to];
    } else {
      const auto& x = std::get<platform::FunctionResult>(e.message);
      ++c.results[x.function];
      if (!x.ok()) ++c.failed[x.function];
    }
  }
  return c;
}

TEST(PlatformLog, TheDirectExportLogsEveryPlatformMessageInBothEncodings) {
  const std::string json = temp_path("direct.jsonl"), soap = temp_path("direct.soap");
  // 50 of its 150 trackers: every message is one per tracker or two.
  constexpr int n = 50;
  const auto a = run_esimtwin("run scenarios/export-direct.yaml --devices 50 --no-progress -o " + temp_path("direct-a.h5") +
                              " --platform-log " + json);
  ASSERT_EQ(a.exit_code, 0) << a.out;
  const Counts c = read_log(json, platform::TraceEncoding::Json);
  // Per tracker: the two ES4 orders of the SM-SR change and their
  // answers, the change's result; two ES7 SendData to China Mobile's SM-SR
  // (the key establishment); the new SM-SR's FinaliseISDRhandover and
  // UpdateConnectivityParameters; the German operator's ES2.DownloadProfile
  // and its result.
  EXPECT_EQ(c.requests.at("ES4.PrepareSMSRChange"), n);
  EXPECT_EQ(c.requests.at("ES4.SMSRChange"), n);
  EXPECT_EQ(c.results.at("ES4.PrepareSMSRChange"), n);
  EXPECT_EQ(c.results.at("ES4.SMSRChange"), 2 * n);  // the order served, then the change's end
  EXPECT_EQ(c.requests.at("ES7.SendData"), 2 * n);
  EXPECT_EQ(c.results.at("ES7.SendData"), 2 * n);
  EXPECT_EQ(c.requests.at("ES5.FinaliseISDRhandover"), n);
  EXPECT_EQ(c.requests.at("ES5.UpdateConnectivityParameters"), n);
  EXPECT_EQ(c.requests.at("ES2.DownloadProfile"), n);
  EXPECT_EQ(c.results.at("ES2.DownloadProfile"), n);
  EXPECT_EQ(c.failed.count("ES2.DownloadProfile"), 0u);
  EXPECT_EQ(c.requests.at("ES3.CreateISDP"), n);
  EXPECT_EQ(c.requests.at("ES3.EnableProfile"), n);
  // The tracker maker's orders through OneLink (a campaign's `onelink:
  // true`): a request to the foreign platform each, and its answer.
  EXPECT_EQ(c.requests.at("OneLink.SmSrSwitch"), n);
  EXPECT_EQ(c.results.at("OneLink.SmSrSwitch"), n);
  EXPECT_EQ(c.requests.at("OneLink.ProfileDownload"), n);
  EXPECT_EQ(c.results.at("OneLink.ProfileDownload"), n);
  EXPECT_EQ(c.failed.count("OneLink.ProfileDownload"), 0u);
  // The new SM-SR tells China Mobile of the change (its profile came with
  // the card: over ES4), and the SM-SR tells it its profile was disabled
  // when the German SM-DP enabled the downloaded one (the German operator
  // asked: it has the result, no notification).
  const std::map<std::string, int> notifications = {
      {"ES4.HandleSMSRChangeNotification to CMCC", n}, {"ES4.HandleProfileDisabledNotification to CMCC", n}};
  EXPECT_EQ(c.notifications, notifications);
  // The same run as SOAP envelopes, read back to the same messages.
  const auto b = run_esimtwin("run scenarios/export-direct.yaml --devices 50 --no-progress -o " + temp_path("direct-b.h5") +
                              " --platform-log " + soap + " --platform-log-encoding soap");
  ASSERT_EQ(b.exit_code, 0) << b.out;
  const Counts s = read_log(soap, platform::TraceEncoding::Soap);
  EXPECT_EQ(s.requests, c.requests);
  EXPECT_EQ(s.results, c.results);
  EXPECT_EQ(s.notifications, c.notifications);
  // `esimtwin trace` takes it too.
  const auto t = run_esimtwin("trace " + soap + " --from soap --encoding json -o " + temp_path("direct-back.jsonl"));
  EXPECT_EQ(t.exit_code, 0) << t.out;
}

TEST(PlatformLog, ABadEncodingOrAnEncodingWithoutALogIsRefused) {
  const auto a = run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + temp_path("plog-a.h5") +
                              " --platform-log " + temp_path("plog.x") + " --platform-log-encoding xml");
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.out.find("--platform-log-encoding: json or soap, not 'xml'"), std::string::npos) << a.out;
  const auto b = run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + temp_path("plog-b.h5") +
                              " --platform-log-encoding soap");
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.out.find("--platform-log-encoding needs --platform-log FILE"), std::string::npos) << b.out;
}

}  // namespace test_platform_log
