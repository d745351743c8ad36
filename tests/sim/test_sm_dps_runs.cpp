// Several SM-DPs in engine runs (sim/twinsim/engine/sm_dp_runs.hpp,
// docs/SCENARIOS.md "campaigns"): China Mobile's SM-DP and a German one,
// each downloading its operator's profile to a population of its own
// through the one SM-SR (SGP.02 §5.3.2: the MNO orders at its SM-DP); each
// SM-DP's server serves exactly its campaign's orders and each gets the
// SM-SR's answers to its own ES3 calls; an outage of one SM-DP refuses its
// campaign's orders only; a run repeats itself.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "export_checks.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_sm_dps_runs {

using namespace twinsim::testing;
using twinsim::SmDpEvent;

std::uint8_t k(SmDpEvent e) { return twinsim::smdp_event_kind(e); }

const int kCount = 10;

// `importers` (devices 0-9: China Mobile's profile enabled, the German one
// at the German SM-DP) and `returners` (devices 10-19: the German profile
// enabled, China Mobile's at its SM-DP); both campaigns from 5 min, 10 a
// minute, each at its operator's SM-DP; `extra` after the platforms (faults).
twinsim::Scenario two_operators(const std::string& extra = "") {
  const std::string returners = lte_m_trackers(
      "returners", kCount,
      "        - {operator: DE-MNO, imsi_prefix: '26203', state: enabled, fallback: true}\n"
      "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed, package: " ESIMTWIN_SOURCE_DIR
      "/profiles/saip/cmcc-m2m.der}\n",
      "10min", "20min", "    pin: '1234'\n");
  const std::string text =
      "general: {name: smdps-runs, seed: 21, stop: 40min}\npopulations:\n" + importers_population(kCount) + returners +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_dp:\n"
      "    - {id: SM-DP-CMCC, host: sm-dp-cmcc, workers: 2, service_time: 200ms}\n"
      "    - {id: SM-DP-DE, host: sm-dp-de, workers: 2, service_time: 200ms}\n" +
      extra +
      "campaigns:\n"
      "  - {name: german-profile, kind: download-profile, population: importers, profile: DE-MNO, sm_dp: SM-DP-DE, "
      "at: 5min, batch_size: 10, batch_interval: 1min}\n"
      "  - {name: china-mobile-profile, kind: download-profile, population: returners, profile: CMCC, "
      "sm_dp: SM-DP-CMCC, at: 5min, batch_size: 10, batch_interval: 1min}\n";
  return twinsim::parse_scenario(text, "smdps-runs.yaml");
}

TEST(SmDpsRuns, EachSmDpDownloadsItsOperatorsProfile) {
  const Outcome r = run(two_operators(), "two-smdps");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.done"), 2 * kCount);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  EXPECT_EQ(m.at("smsr.notifications"), 2 * kCount);
  EXPECT_EQ(m.at("refreshes"), 2 * kCount);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("auth_rejects"), 0);
  // Each SM-DP's server served exactly its campaign's orders.
  ASSERT_TRUE(r.platforms.count("sm-dp-de"));
  ASSERT_TRUE(r.platforms.count("sm-dp-cmcc"));
  EXPECT_EQ(served(r, "sm-dp-de"), static_cast<std::uint64_t>(kCount));
  EXPECT_EQ(served(r, "sm-dp-cmcc"), static_cast<std::uint64_t>(kCount));
  // The importers' orders are campaign 0's, the returners' campaign 1's.
  std::size_t done = 0;
  for (const Row& e : r.events) {
    if (e.kind != k(SmDpEvent::Done)) continue;
    ++done;
    EXPECT_EQ(e.value, e.device < kCount ? 0 : 1) << "device " << e.device;
  }
  EXPECT_EQ(done, static_cast<std::size_t>(2 * kCount));
}

TEST(SmDpsRuns, AnOutageOfOneSmDpRefusesOnlyItsCampaignsOrders) {
  // The German SM-DP is down while both campaigns release (5 and 6 min).
  const Outcome r = run(two_operators("faults:\n  - {at: 4min, target: 'sm-dp:SM-DP-DE', action: outage, for: 5min}\n"),
                        "one-smdp-down");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.refused"), kCount);
  EXPECT_EQ(m.at("smdp.done"), kCount);
  EXPECT_EQ(m.at("refreshes"), kCount);
  for (const Row& e : r.events) {
    if (e.kind == k(SmDpEvent::Refused)) {
      EXPECT_LT(e.device, static_cast<std::uint32_t>(kCount));
    } else if (e.kind == k(SmDpEvent::Done)) {
      EXPECT_GE(e.device, static_cast<std::uint32_t>(kCount));
    }
  }
  EXPECT_EQ(served(r, "sm-dp-de"), 0u);
  EXPECT_EQ(served(r, "sm-dp-cmcc"), static_cast<std::uint64_t>(kCount));
}

TEST(SmDpsRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  const Outcome a = run(two_operators(), "smdps-same-a");
  const Outcome b = run(two_operators(), "smdps-same-b");
  expect_same_outcome(a, b);
}

}  // namespace test_sm_dps_runs
