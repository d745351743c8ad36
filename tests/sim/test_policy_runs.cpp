// update-policy-rules campaigns and POL2 in engine runs (SGP.02 Policy
// Rules; docs/SCENARIOS.md "campaigns"): the German operator sets its
// profile's POL2 at the SM-SR (ES4.UpdatePolicyRules) or through an SM-DP
// (ES2, relayed over ES3) on 20 trackers switched to it. With `DISABLE
// Not-Allowed` a later disable-profile is refused by the SM-SR before any
// SMS; with `DISABLE Auto-Delete` the disable goes through and the SM-SR
// then deletes the profile from every eUICC (its own DeleteProfile after
// the eUICC's notification), so that a later enable finds no profile, and
// chip management deletes the profile's record.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_policy_runs {

using namespace twinsim::testing;
using twinsim::SmSrEvent;

std::uint8_t k(SmSrEvent e) { return twinsim::smsr_event_kind(e); }

// The trackers switched to the German profile at 5 min (10 a minute), then
// `then` (more campaigns); no PSM within 10 min of an exchange, so that
// each function reaches them at once. `platforms` opens the platforms map.
twinsim::Scenario switched_then(const std::string& then, const std::string& platforms = "") {
  const std::string text = "general: {name: policy-runs, seed: 8, stop: 1h}\npopulations:\n" +
                           trackers_population(20, "10min", "20min") + "engine: {multiplexers: 2}\n" + platforms +
                           "campaigns:\n" + switch_trackers_campaign() + then;
  return twinsim::parse_scenario(text, "policy-runs.yaml");
}

std::string log_path() {
  return (std::filesystem::temp_directory_path() / ("esimtwin-policy-" + std::to_string(getpid()) + ".jsonl")).string();
}

std::size_t rows_of(const Outcome& r, SmSrEvent e, std::int64_t value) {
  std::size_t n = 0;
  for (const Row& row : r.events) n += row.kind == k(e) && row.value == value;
  return n;
}

TEST(PolicyRuns, ADisableNotAllowedRuleRefusesTheLaterDisable) {
  const Outcome r = run(switched_then("  - {name: lock, kind: update-policy-rules, population: trackers, profile: DE-MNO, "
                                      "pol2: ['DISABLE Not-Allowed'], at: 10min, batch_size: 10, batch_interval: 1min}\n"
                                      "  - {name: back, kind: disable-profile, population: trackers, profile: DE-MNO, "
                                      "at: 20min, batch_size: 10, batch_interval: 1min}\n"),
                        "policy-lock", log_path());
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 40);    // the enables and the POL2 updates
  EXPECT_EQ(m.at("smsr.failed"), 20);  // the disables: Refused (POL2: DISABLE Not-Allowed)
  EXPECT_EQ(m.at("smsr.expired"), 0);
  EXPECT_EQ(m.at("refreshes"), 20);    // the enable's only
  EXPECT_EQ(m.at("smsr.auto_deleted"), 0);
  // Three SMS per tracker (address, enable, the confirmation): none for
  // the POL2 (the SM-SR's own) or the refused disable.
  EXPECT_EQ(m.at("sms.submitted"), 60);
  EXPECT_EQ(rows_of(r, SmSrEvent::Done, 1), 20u);
  EXPECT_EQ(rows_of(r, SmSrEvent::Failed, 2), 20u);
  // The platform log: each MNO's ES4.UpdatePolicyRules with its POL2, each
  // disable refused by the rule.
  std::ifstream in(log_path());
  std::size_t updates = 0, refusals = 0;
  for (std::string line; std::getline(in, line);) {
    updates += line.find("\"Function\":\"ES4.UpdatePolicyRules\"") != std::string::npos &&
               line.find("\"Qualification\":\"Not-Allowed\"") != std::string::npos;
    refusals += line.find("Refused (POL2: DISABLE Not-Allowed)") != std::string::npos;
  }
  EXPECT_EQ(updates, 20u);
  EXPECT_EQ(refusals, 20u);
  in.close();
  std::filesystem::remove(log_path());
}

TEST(PolicyRuns, AnAutoDeleteRuleRelayedByTheSmDpDeletesTheDisabledProfile) {
  const Outcome r =
      run(switched_then("  - {name: rule, kind: update-policy-rules, population: trackers, profile: DE-MNO, sm_dp: SM-DP, "
                        "pol2: ['DISABLE Auto-Delete'], at: 10min, batch_size: 10, batch_interval: 1min}\n"
                        "  - {name: back, kind: disable-profile, population: trackers, profile: DE-MNO, "
                        "at: 20min, batch_size: 10, batch_interval: 1min}\n"
                        "  - {name: again, kind: enable-profile, population: trackers, profile: DE-MNO, "
                        "at: 40min, batch_size: 10, batch_interval: 1min}\n",
                        "platforms:\n  chip_management: {populations: [trackers]}\n"),
          "policy-auto-delete");
  const auto& m = r.metrics;
  // The SM-DP's ES2.UpdatePolicyRules, relayed over ES3.
  EXPECT_EQ(m.at("smdp.done"), 20);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  // The enables and disables; the second enable finds no profile.
  EXPECT_EQ(m.at("smsr.done"), 40);
  EXPECT_EQ(m.at("smsr.failed"), 20);
  EXPECT_EQ(rows_of(r, SmSrEvent::Failed, 3), 20u);
  EXPECT_EQ(m.at("refreshes"), 40);
  EXPECT_EQ(m.at("smsr.notifications"), 40);
  // Every German profile deleted by the SM-SR after the fall-back's
  // notification: one row each, value the profile (euicc.profiles 1).
  EXPECT_EQ(m.at("smsr.auto_deleted"), 20);
  EXPECT_EQ(m.at("smsr.auto_delete_failed"), 0);
  EXPECT_EQ(rows_of(r, SmSrEvent::AutoDeleted, 1), 20u);
  // Per tracker: address, enable, its confirmation, disable, its
  // confirmation, the deletion.
  EXPECT_EQ(m.at("sms.submitted"), 120);
  EXPECT_EQ(m.at("sms.delivered"), 120);
  EXPECT_EQ(m.at("devices_registered"), 20);
  // Chip management deletes each German profile's record as the SM-SR
  // reports it.
  EXPECT_EQ(m.at("chip.profiles_deleted"), 20);
  EXPECT_EQ(m.at("chip.failed"), 0);
  // Each deletion after the tracker's disable and notification.
  for (std::uint32_t device = 0; device < 20; ++device) {
    double disabled = -1, deleted = -1;
    for (const Row& row : r.events) {
      if (row.device != device) continue;
      if (row.kind == k(SmSrEvent::Done) && row.value == 2) disabled = row.t;
      if (row.kind == k(SmSrEvent::AutoDeleted)) deleted = row.t;
    }
    EXPECT_GT(disabled, 0) << "device " << device;
    EXPECT_GT(deleted, disabled) << "device " << device;
  }
}

}  // namespace test_policy_runs
