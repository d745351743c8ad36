// The platform log (`esimtwin run --platform-log`, platform_log.hpp) holds
// OneLink's customer API's card queries (onelink_api_run.hpp) in their JSON
// (onelink_query_json.hpp): each request as the customer sent it, each
// answer as OneLink gave it, under the request's id; a request the server
// refused has no answer line. A SOAP log leaves them out (the query has no
// SOAP form), and `esimtwin trace` refuses to write them as SOAP.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace test_onelink_query_log {

namespace platform = twinmodels::platform;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// 10 meters; one worker serving a request in 2 s; the customer asks about
// its 10 cards at 40 min in requests of 4, and again at 50 min while
// OneLink's server is down (the three requests refused).
const char* kQueries = R"(general: {name: onelink-query-log, seed: 12, stop: 1h}
populations:
  - name: meters
    count: 10
    device_model: modem
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 1h, jitter: 10min}
engine: {multiplexers: 2}
platforms:
  onelink: {populations: [meters], workers: 1, service_time: 2s}
campaigns:
  - {name: ask, kind: onelink-query, population: meters, at: 40min, cards_per_request: 4}
  - {name: ask-again, kind: onelink-query, population: meters, at: 50min, cards_per_request: 4}
faults:
  - {at: 49min, target: onelink, action: outage, for: 2min}
)";

std::vector<platform::TraceEntry> read_log(const std::string& path, platform::TraceEncoding encoding) {
  std::ifstream in(path);
  return platform::read_trace(in, encoding);
}

TEST(OneLinkQueryLog, TheLogHoldsEachQueryAndItsAnswer) {
  const std::string scenario = write_temp("onelink-query-log.yaml", kQueries);
  const std::string json = temp_path("onelink-query.jsonl");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("onelink-query-a.h5") +
                              " --platform-log " + json);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::map<std::string, const platform::CardQuery*> queries;
  std::map<std::string, std::int64_t> sent_ms;
  std::vector<const platform::CardQueryAnswer*> answers;
  std::map<std::string, std::int64_t> answered_ms;
  const std::vector<platform::TraceEntry> log = read_log(json, platform::TraceEncoding::Json);
  for (const platform::TraceEntry& e : log) {
    if (const auto* q = std::get_if<platform::CardQuery>(&e.message)) {
      queries[q->request_id] = q;
      sent_ms[q->request_id] = e.time_ms;
    } else if (const auto* a = std::get_if<platform::CardQueryAnswer>(&e.message)) {
      answers.push_back(a);
      answered_ms[a->request_id] = e.time_ms;
    }
  }
  // Six requests of 4, 4 and 2 cards, the customer's account; the first
  // three answered 2, 4 and 6 s after they were sent at 40 min.
  ASSERT_EQ(queries.size(), 6u);
  const std::vector<std::size_t> cards = {4, 4, 2, 4, 4, 2};
  for (std::size_t i = 0; i < 6; ++i) {
    const std::string id = std::to_string(i + 1);
    ASSERT_TRUE(queries.count(id)) << id;
    EXPECT_EQ(queries[id]->account_id, "meters");
    EXPECT_EQ(queries[id]->iccids.size(), cards[i]) << id;
    EXPECT_EQ(sent_ms[id], i < 3 ? 2'400'000 : 3'000'000) << id;
  }
  ASSERT_EQ(answers.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const platform::CardQueryAnswer& a = *answers[i];
    const std::string id = std::to_string(i + 1);
    EXPECT_EQ(a.request_id, id);
    EXPECT_EQ(a.refusal, platform::QueryRefusal::None);
    EXPECT_EQ(answered_ms[id], 2'400'000 + 2'000 * static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(a.at_ms, answered_ms[id]);
    ASSERT_EQ(a.cards.size(), cards[i]);
    for (std::size_t k = 0; k < a.cards.size(); ++k) {
      EXPECT_EQ(a.cards[k].iccid, queries[id]->iccids[k]);
      EXPECT_EQ(a.cards[k].result, platform::CardQueryResult::Answered);
    }
  }
  // `esimtwin trace` reads it back, and refuses to write it as SOAP.
  const auto back = run_esimtwin("trace " + json + " -o " + temp_path("onelink-query-back.jsonl"));
  EXPECT_EQ(back.exit_code, 0) << back.out;
  EXPECT_EQ(read_log(temp_path("onelink-query-back.jsonl"), platform::TraceEncoding::Json).size(), log.size());
  const auto soap = run_esimtwin("trace " + json + " --encoding soap -o " + temp_path("onelink-query-back.soap"));
  EXPECT_EQ(soap.exit_code, 2) << soap.out;
  EXPECT_NE(soap.out.find("OneLink.QueryCards has no SOAP form"), std::string::npos) << soap.out;
}

TEST(OneLinkQueryLog, ASoapLogLeavesTheQueriesOut) {
  const std::string scenario = write_temp("onelink-query-log-soap.yaml", kQueries);
  const std::string soap = temp_path("onelink-query.soap");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("onelink-query-b.h5") +
                              " --platform-log " + soap + " --platform-log-encoding soap");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(read_log(soap, platform::TraceEncoding::Soap).empty());
}

}  // namespace test_onelink_query_log
