// Checkpoints of runs with OneLink's customer API and account terms
// (platforms.onelink's server and accounts, docs/CHECKPOINTS.md): the
// cards gathered for a campaign's next request, the requests in OneLink's
// server and its state, the API's counters, and in OneLink's own state the
// accounts' calendars and plans and the quota levels fired are saved; a
// resumed run continues the original exactly, and a damaged state gets a
// clear error.
#include <gtest/gtest.h>

#include <string>

#include "esimtwin_process.hpp"

namespace test_onelink_api_checkpoints {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// 30 meters reporting every 5 min with 10 kB (a 60 kB plan per 20-minute
// period, alerts at 50 and 100 %); their customer asks about them over
// 10 min from 5 min, 4 cards a request, at a server of one worker taking
// 20 s a request (requests queue), down from 9 to 11 min.
const char* kApi = R"(general: {name: onelink-api-checkpoints, seed: 43, stop: 40min}
populations:
  - name: meters
    count: 30
    device_model: modem
    modem: nb-iot
    connected: 10s
    start: {profile: uniform, at: 0s, over: 2min}
    activity: {period: 5min, jitter: 1min}
    activity_data: 10kB
engine: {multiplexers: 2}
platforms:
  onelink:
    populations: [meters]
    workers: 1
    service_time: 20s
    accounts: [{population: meters, billing_period: 20min, data_plan: 60kB, quota_alerts: [50, 100]}]
campaigns:
  - {name: ask, kind: onelink-query, population: meters, at: 5min, over: 10min, cards_per_request: 4}
faults:
  - {at: 9min, target: onelink, action: outage, for: 2min}
)";

TEST(OneLinkApiCheckpoints, ARunWithTheCustomerApiResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("onelink-api-ck.yaml", kApi);
  // Before the queries (quota levels fired), while cards gather and
  // requests queue, during the outage, after the campaign.
  expect_resumes_exactly(scenario, {"4min", "7min", "10min", "18min"}, "onelink.query_requests                8", {"onelink."});
  const std::string a = temp_path("ol-api-bad-a.h5"), ck = temp_path("ol-api-bad-ck.h5");
  ASSERT_EQ(run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at 7min --checkpoint " + ck).exit_code, 0);
  expect_damage_refused(ck, "onelink-api-flipped", "/modem/onelink_api: OneLink API run state: CRC-32 does not match");
}

// With a service time per card (16 s a request and 1 s a card): the
// requests queued at the checkpoint are served as long after the resume
// (the restored server asks the run for their cards again).
TEST(OneLinkApiCheckpoints, TheServiceTimePerCardResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  std::string text = kApi;
  const std::string from = "    service_time: 20s\n";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "    service_time: 16s\n    service_time_per_card: 1s\n");
  const std::string scenario = write_temp("onelink-api-per-card-ck.yaml", text);
  expect_resumes_exactly(scenario, {"7min", "10min"}, "onelink.query_requests                8", {"onelink."});
}

}  // namespace test_onelink_api_checkpoints
