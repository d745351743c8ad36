// Re-numbering in engine runs (docs/SCENARIOS.md "campaigns"): a second
// write-card campaign on a population writes each domestic card's number
// again. Its packets carry write id 2 and counters above the first
// round's, its subscriptions are HSS subscribers of their own: every meter
// takes both writes, restarts on each new IMSI and attaches with it; chip
// management records both writes and recycles both old numbers after their
// quarantine. A first-round retry that reaches a card after the second
// round's write is refused by the card (its counter is lower) and fails;
// the second round's number stands.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_renumbering_runs {

using namespace twinsim::testing;
using Kind = twinmodels::ota::WriteOutcome::Kind;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";

// `count` meters up in the first 2 minutes, sleeping with a TAU every 20
// minutes, followed by chip management; two write-card campaigns: 46008 at
// 10 min, then `second` (a campaign map's text).
twinsim::Scenario meters(int count, const std::string& second) {
  const std::string text =
      "general: {name: renumbering-runs, seed: 8, stop: 2h}\n"
      "populations:\n"
      "  - {name: meters, count: " + std::to_string(count) + ", device_model: modem, modem: nb-iot, profile: " + kProfile + ", "
      "power_saving: {t3324: 2min, t3412: 20min}, start: {profile: uniform, at: 0s, over: 2min}, "
      "activity: {period: 24h, jitter: 1h}}\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  chip_management: {populations: [meters], quarantine: 10min}\n"
      "campaigns:\n"
      "  - {name: first, kind: write-card, population: meters, at: 10min, batch_size: 10, batch_interval: 1min, "
      "imsi_prefix: '46008'}\n" + second;
  return twinsim::parse_scenario(text, "renumbering-runs.yaml");
}

TEST(RenumberingRuns, ASecondWriteCardCampaignNumbersEveryCardAgain) {
  const Outcome r = run(meters(20, "  - {name: second, kind: write-card, population: meters, at: 50min, "
                                   "batch_size: 10, batch_interval: 1min, imsi_prefix: '46009'}\n"),
                        "renumber-twice");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("ota.done"), 40);
  EXPECT_EQ(m.at("ota.failed"), 0);
  EXPECT_EQ(m.at("ota.por_ok"), 40);
  // A REFRESH per write, an attach with each new IMSI the HSS holds.
  EXPECT_EQ(m.at("refreshes"), 40);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("auth_rejects"), 0);
  EXPECT_EQ(m.at("devices_registered"), 20);
  // Both writes recorded; the factory numbers and the first round's back in
  // their pools after 10 min.
  EXPECT_EQ(m.at("chip.ota_written"), 40);
  EXPECT_EQ(m.at("chip.recycled"), 40);
  EXPECT_EQ(m.at("chip.failed"), 0);
  // Per meter: the first campaign done before the second.
  std::map<std::uint32_t, std::vector<std::int64_t>> done;
  const std::uint8_t done_kind = twinsim::write_outcome_kind(static_cast<std::uint8_t>(Kind::Done));
  std::map<std::uint32_t, std::vector<double>> done_at;
  for (const Row& e : r.events) {
    if (e.kind == done_kind) done_at[e.device].push_back(e.t);
  }
  ASSERT_EQ(done_at.size(), 20u);
  for (const auto& [device, times] : done_at) {
    SCOPED_TRACE(device);
    ASSERT_EQ(times.size(), 2u);
    EXPECT_LT(times[0], 3000);  // the first round, before the second starts
    EXPECT_GE(times[1], 3000);
  }
}

TEST(RenumberingRuns, AFirstRoundRetryBehindTheSecondRoundsWriteIsRefusedByTheCard) {
  // Meters asleep from about 1 min after power-up, TAU every hour (at about
  // 3660-3730 s). The first round's packets (5 min validity) expire at 25
  // min; its retries leave at 60 min, behind the second round's packets,
  // submitted at 30 min and waiting in the SMSC for the same TAU. The card
  // takes the second round's write first, then refuses the first round's
  // retry: its counter is lower (TS 102 225 §5.1.1). The second round
  // stands.
  const std::string text =
      "general: {name: renumbering-race, seed: 8, stop: 2h}\n"
      "populations:\n"
      "  - {name: meters, count: 12, device_model: modem, modem: nb-iot, profile: " + kProfile + ", "
      "power_saving: {t3324: 1min, t3412: 1h}, start: {profile: uniform, at: 0s, over: 1min}, "
      "activity: {period: 3h, jitter: 0s}}\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  write_module: {max_attempts: 2, retry_after: 35min}\n"
      "campaigns:\n"
      "  - {name: first, kind: write-card, population: meters, at: 20min, imsi_prefix: '46008', validity: 5min}\n"
      "  - {name: second, kind: write-card, population: meters, at: 30min, imsi_prefix: '46009'}\n";
  const Outcome r = run(twinsim::parse_scenario(text, "renumbering-race.yaml"), "renumber-race");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("sms.expired"), 12);
  EXPECT_EQ(m.at("ota.done"), 12);
  EXPECT_EQ(m.at("ota.failed"), 12);
  EXPECT_EQ(m.at("ota.por_ok"), 12);
  EXPECT_EQ(m.at("ota.por_errors"), 12);
  EXPECT_EQ(m.at("refreshes"), 12);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("devices_registered"), 12);
  // Each meter: the second campaign done (value: its attempts), the first failed.
  const std::uint8_t done = twinsim::write_outcome_kind(static_cast<std::uint8_t>(Kind::Done));
  const std::uint8_t failed = twinsim::write_outcome_kind(static_cast<std::uint8_t>(Kind::Failed));
  std::map<std::uint32_t, double> done_at, failed_at;
  for (const Row& e : r.events) {
    if (e.kind == done) done_at[e.device] = e.t;
    if (e.kind == failed) failed_at[e.device] = e.t;
  }
  ASSERT_EQ(done_at.size(), 12u);
  ASSERT_EQ(failed_at.size(), 12u);
  for (const auto& [device, t] : done_at) EXPECT_LT(t, failed_at.at(device)) << "device " << device;
}

}  // namespace test_renumbering_runs
