// The mass OTA campaign's outputs (docs/RUN-FILE.md /campaign_progress,
// docs/SCENARIOS.md ota.done_p50_s ... ota.attempts_per_order): the
// completion table and the tail metrics of whole runs of the esimtwin
// binary, each checked against the run's own /events rows, counted here.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_mass_ota {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// Event kinds (docs/RUN-FILE.md, the kinds table).
constexpr std::uint8_t kSmsSubmitted = 22, kSmsDelivered = 25, kSmsFailed = 26, kSmsExpired = 27;
constexpr std::uint8_t kOtaRetry = 51, kOtaDone = 52, kOtaFailed = 53;

using Event = esimtwin::testing::EventRow;

struct RunRows {
  std::vector<Event> events;
  std::vector<std::uint16_t> population;     // by device
  std::map<std::string, double> expected;    // /expectations: metric -> value
};

RunRows read_run(const std::string& path) {
  using namespace twinsim::recorder;
  RunRows r;
  r.events = esimtwin::testing::read_event_rows(path);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  hid_t g = H5Gopen2(f, "devices", H5P_DEFAULT);
  std::uint64_t n = column_length(g, "device");
  std::vector<std::uint32_t> index(n);
  std::vector<std::uint16_t> population(n);
  read_column<std::uint32_t>(g, "device", 0, index);
  read_column<std::uint16_t>(g, "population", 0, population);
  H5Gclose(g);
  r.population.assign(n, 0);
  for (std::uint64_t i = 0; i < n; ++i) r.population.at(index[i]) = population[i];
  g = H5Gopen2(f, "expectations", H5P_DEFAULT);
  n = column_length(g, "value");
  const std::vector<std::string> metric = read_text_column(g, "metric", 0, n);
  std::vector<double> measured(n);
  read_column<double>(g, "value", 0, measured);
  H5Gclose(g);
  for (std::uint64_t i = 0; i < n; ++i) r.expected[metric[i]] = measured[i];
  H5Fclose(f);
  return r;
}

// The times of campaign c's rows of `kind`, sorted; a row's campaign is its
// device's population's (each campaign below renumbers one population,
// campaign i population i).
std::vector<double> times_of(const RunRows& r, std::uint16_t campaign, std::uint8_t kind) {
  std::vector<double> out;
  for (const Event& e : r.events)
    if (e.kind == kind && r.population.at(e.device) == campaign) out.push_back(e.t);
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t up_to(const std::vector<double>& sorted, double t) {
  return static_cast<std::uint64_t>(std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
}

// Every row of /campaign_progress is the count of the run's /events rows of
// its campaign up to its time; rows a minute apart, in time order; the last
// at the stop.
void expect_table_matches_events(const std::string& path, const RunRows& r, std::uint16_t campaigns,
                                 std::uint64_t orders_total, double stop_s) {
  const std::vector<twinsim::CampaignProgressRow> rows = twinsim::read_campaign_progress(path);
  ASSERT_FALSE(rows.empty());
  std::uint64_t released_total = 0;
  for (std::uint16_t c = 0; c < campaigns; ++c) {
    const auto submitted = times_of(r, c, kSmsSubmitted), delivered = times_of(r, c, kSmsDelivered),
               expired = times_of(r, c, kSmsExpired), sms_failed = times_of(r, c, kSmsFailed),
               retries = times_of(r, c, kOtaRetry), done = times_of(r, c, kOtaDone), failed = times_of(r, c, kOtaFailed);
    std::vector<const twinsim::CampaignProgressRow*> mine;
    for (const auto& row : rows)
      if (row.campaign == c) mine.push_back(&row);
    ASSERT_FALSE(mine.empty()) << "campaign " << c;
    EXPECT_DOUBLE_EQ(mine.back()->t, stop_s);
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const twinsim::CampaignProgressRow& row = *mine[i];
      if (i + 1 < mine.size()) {
        EXPECT_DOUBLE_EQ(row.t, 60.0 * std::round(row.t / 60.0)) << row.t;
      }
      if (i > 0) {
        EXPECT_LE(mine[i - 1]->t, row.t);
        EXPECT_LE(mine[i - 1]->released, row.released);
      }
      EXPECT_EQ(row.attempts, up_to(submitted, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_EQ(row.delivered, up_to(delivered, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_EQ(row.expired, up_to(expired, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_EQ(row.sms_failed, up_to(sms_failed, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_EQ(row.retries, up_to(retries, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_EQ(row.done, up_to(done, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_EQ(row.failed, up_to(failed, row.t)) << "campaign " << c << " at " << row.t;
      EXPECT_LE(row.done + row.failed, row.released);
    }
    // The first row is the first minute with anything counted: no packet
    // before the releases, every order released by the last.
    EXPECT_GT(mine.front()->released, 0u);
    released_total += mine.back()->released;
  }
  EXPECT_EQ(released_total, orders_total);
}

// A metric's value in the run's printed summary ("  <name>   <value>").
double printed_metric(const std::string& out, const std::string& name) {
  const std::size_t at = out.find("\n  " + name + " ");
  EXPECT_NE(at, std::string::npos) << name;
  return at == std::string::npos ? -1.0 : std::stod(out.substr(at + 3 + name.size()));
}

// The nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted.at(std::max<std::size_t>(rank, 1) - 1);
}

// The shipped million-card campaign at 1 000 devices (600 meters in PSM,
// 300 trackers in eDRX, 100 gateways): it meets its expectations, every
// card is renumbered, its completion table is its events', and the tail's
// percentiles come in order, the meters' TAUs making the last of them.
TEST(MassOta, ShippedMillionCardCampaignAtAThousandDevices) {
  constexpr double kAt = 250 * 60, kStop = 11 * 3600;  // the campaigns' at, the stop
  const std::string out = temp_path("ota-1m-small.h5");
  const auto r = run_esimtwin("run scenarios/ota-campaign-1m.yaml --devices 1000 --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  const RunRows run = read_run(out);
  expect_table_matches_events(out, run, 3, 1000, kStop);
  const auto rows = twinsim::read_campaign_progress(out);
  std::uint64_t done = 0;
  for (const auto& row : rows)
    if (row.t == kStop) done += row.done;
  EXPECT_EQ(done, 1000u);
  // The printed summary has the tail, in order.
  auto printed = [&](const std::string& name) { return printed_metric(r.out, name); };
  const double p50 = printed("ota.done_p50_s"), p90 = printed("ota.done_p90_s"), p99 = printed("ota.done_p99_s"),
               max = printed("ota.done_max_s");
  EXPECT_GT(p50, 0);
  EXPECT_LE(p50, p90);
  EXPECT_LE(p90, p99);
  EXPECT_LE(p99, max);
  EXPECT_EQ(printed("ota.attempts_per_order"), 1);
  // The gateways and trackers are done within minutes of the release; the
  // last meters only at their TAU, hours later.
  const std::vector<double> gateways = times_of(run, 2, kOtaDone), meters = times_of(run, 0, kOtaDone);
  ASSERT_EQ(gateways.size(), 100u);
  ASSERT_EQ(meters.size(), 600u);
  EXPECT_LT(gateways.back() - kAt, 600);
  EXPECT_GT(meters.back() - kAt, 3 * 3600);
  EXPECT_DOUBLE_EQ(run.expected.at("ota.done_max_s"), meters.back() - kAt);
}

// A campaign whose first messages expire before the meters wake, with two
// attempts allowed and the write module down when the second ones are due
// (scenarios/ota-renumber-retry.yaml at 300 meters, max_attempts 2): the
// orders are done at their second packet, or failed after it. The
// tail metrics are exactly those of its /events rows: each ota_done's
// time from the campaign's at (15 min), nearest rank; the packets per
// order closed counted from sms_submitted.
TEST(MassOta, TailMetricsAreThoseOfTheEvents) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/ota-renumber-retry.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string attempts = "max_attempts: 5", expectations = "expectations:\n";
  ASSERT_NE(text.find(attempts), std::string::npos);
  text.replace(text.find(attempts), attempts.size(), "max_attempts: 2");
  text = text.substr(0, text.find(expectations) + expectations.size()) +
         "  - \"ota.done_p50_s >= 0\"\n  - \"ota.done_p90_s >= 0\"\n  - \"ota.done_p99_s >= 0\"\n"
         "  - \"ota.done_max_s >= 0\"\n  - \"ota.attempts_per_order >= 0\"\n  - \"ota.failed > 0\"\n"
         "  - \"ota.done > 0\"\n";
  const std::string scenario = write_temp("ota-tail.yaml", text);
  const std::string out = temp_path("ota-tail.h5");
  const auto r = run_esimtwin("run " + scenario + " --devices 300 --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const RunRows run = read_run(out);
  expect_table_matches_events(out, run, 1, 300, 6 * 3600.0);
  std::vector<double> done_after;
  std::map<std::uint32_t, std::uint64_t> packets;  // by device
  std::uint64_t closed = 0, closed_packets = 0;
  for (const Event& e : run.events)
    if (e.kind == kSmsSubmitted) ++packets[e.device];
  for (const Event& e : run.events) {
    if (e.kind == kOtaDone) done_after.push_back(e.t - 15 * 60);
    if (e.kind == kOtaDone || e.kind == kOtaFailed) {
      ++closed;
      closed_packets += packets[e.device];
    }
  }
  std::sort(done_after.begin(), done_after.end());
  ASSERT_FALSE(done_after.empty());
  EXPECT_DOUBLE_EQ(run.expected.at("ota.done_p50_s"), percentile(done_after, 50));
  EXPECT_DOUBLE_EQ(run.expected.at("ota.done_p90_s"), percentile(done_after, 90));
  EXPECT_DOUBLE_EQ(run.expected.at("ota.done_p99_s"), percentile(done_after, 99));
  EXPECT_DOUBLE_EQ(run.expected.at("ota.done_max_s"), done_after.back());
  EXPECT_DOUBLE_EQ(run.expected.at("ota.attempts_per_order"),
                   static_cast<double>(closed_packets) / static_cast<double>(closed));
  // Every first packet expired: each order closed took its two.
  EXPECT_DOUBLE_EQ(run.expected.at("ota.attempts_per_order"), 2.0);
}

// A run without write-card campaigns has no completion table, and its tail
// metrics are 0.
TEST(MassOta, NoWriteCardCampaignNoTable) {
  const std::string out = temp_path("ota-none.h5");
  const auto r = run_esimtwin("run scenarios/smoke.yaml --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(twinsim::read_campaign_progress(out).empty());
  EXPECT_EQ(twinsim::read_run_file_summary(out).campaign_progress, 0u);
  for (const char* m : {"ota.done_p50_s", "ota.done_p90_s", "ota.done_p99_s", "ota.done_max_s", "ota.attempts_per_order"})
    EXPECT_EQ(printed_metric(r.out, m), 0) << m;
}

}  // namespace test_mass_ota
