// The chip management platform in engine runs
// (sim/twinsim/engine/chip_management_run.hpp, the source document §3.2.3):
// every followed meter's number is activated at its first power-on; an
// outage of the platform's server makes the refused activations wait for a
// retry; the write-card platform's writes are recorded on the chips and the
// old numbers recycled after their quarantine; billing counts a day per
// activation; the platform is sampled into /platforms; a run repeats itself;
// the lifecycle campaigns suspend, resume, deactivate and scrap the chips.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_chip_management_runs {

using namespace twinsim::testing;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";

// `count` meters powering up in the first 2 minutes, sleeping with a TAU
// every 20 minutes; `platform` continues platforms.chip_management's map,
// `extra` follows the platforms.
twinsim::Scenario meters(int count, const std::string& platform, const std::string& extra = "") {
  const std::string text =
      "general: {name: chip-runs, seed: 5, stop: 90min}\n"
      "populations:\n"
      "  - {name: meters, count: " + std::to_string(count) + ", device_model: modem, modem: nb-iot, profile: " + kProfile + ", "
      "power_saving: {t3324: 2min, t3412: 20min}, start: {profile: uniform, at: 0s, over: 2min}, "
      "activity: {period: 24h, jitter: 1h}}\n"
      "  - {name: others, count: 5, device_model: modem, imsi_prefix: '46002', profile: " + kProfile + "}\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  chip_management: {populations: [meters]" + platform + "}\n" + extra;
  return twinsim::parse_scenario(text, "chip-runs.yaml");
}

const std::string kRenumber =
    "campaigns:\n"
    "  - {name: renumber, kind: write-card, population: meters, at: 10min, batch_size: 10, batch_interval: 1min, "
    "imsi_prefix: '46008'}\n";

TEST(ChipManagementRuns, EveryFollowedNumberIsActivatedAtFirstPowerOn) {
  const Outcome r = run(meters(20, ""), "chip-activate");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.activated"), 20);  // the meters, not the others
  EXPECT_EQ(m.at("chip.retried"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
  EXPECT_EQ(m.at("chip.ota_written"), 0);
  // Each activation in service for under a day: a day each.
  EXPECT_EQ(m.at("chip.billable_days"), 20);
  EXPECT_EQ(m.at("chip.charge"), 0);  // no fee given
  ASSERT_TRUE(r.platforms.count("chip-management"));
  std::uint64_t served = 0;
  for (const PlatformRow& row : r.platforms.at("chip-management")) served += row.served;
  EXPECT_EQ(served, 20u);
}

TEST(ChipManagementRuns, AnOutageMakesTheRefusedActivationsWaitForARetry) {
  // Power-ons over the first 2 minutes; the platform down from 30 s to 90 s.
  const Outcome r = run(meters(20, ", retry_after: 1min, fee_per_day: 300",
                               "faults:\n  - {at: 30s, target: chip-management, action: outage, for: 1min}\n"),
                        "chip-outage");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.activated"), 20);
  EXPECT_GT(m.at("chip.retried"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
  EXPECT_EQ(m.at("chip.charge"), 20 * 300);
  std::uint64_t rejected = 0;
  for (const PlatformRow& row : r.platforms.at("chip-management")) rejected += row.rejected;
  EXPECT_EQ(rejected, static_cast<std::uint64_t>(m.at("chip.retried")));
}

TEST(ChipManagementRuns, ACrashLosesTheRequestsUnderWayAndTheOperatorMakesThemAgain) {
  // One worker, 20 s an activation, power-ons over the first 2 minutes: a
  // queue. The platform dies at 60 s and is up at 90 s: what was queued or
  // in service is lost, each made again a minute later; every chip is
  // activated once (a second activation would be refused: chip.failed).
  const Outcome r = run(meters(20, ", retry_after: 1min, fee_per_day: 300, workers: 1, service_time: 20s",
                               "faults:\n  - {at: 60s, target: chip-management, action: crash, restart: 30s}\n"),
                        "chip-crash");
  const auto& m = r.metrics;
  EXPECT_GT(m.at("chip.lost"), 0);
  EXPECT_GE(m.at("chip.retried"), m.at("chip.lost"));
  EXPECT_EQ(m.at("chip.activated"), 20);
  EXPECT_EQ(m.at("chip.failed"), 0);
  EXPECT_EQ(m.at("chip.charge"), 20 * 300);
}

TEST(ChipManagementRuns, WritesAreRecordedAndTheOldNumbersRecycledAfterTheirQuarantine) {
  const Outcome r = run(meters(20, ", quarantine: 30min", kRenumber), "chip-renumber");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("ota.done"), 20);
  EXPECT_EQ(m.at("chip.ota_written"), 20);
  // Written by about 30 min (the meters' TAU), recycled 30 min later.
  EXPECT_EQ(m.at("chip.recycled"), 20);
  EXPECT_EQ(m.at("chip.quarantined"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
}

TEST(ChipManagementRuns, AQuarantinePastTheEndKeepsTheOldNumbers) {
  const Outcome r = run(meters(20, ", quarantine: 30d", kRenumber), "chip-quarantine");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.ota_written"), 20);
  EXPECT_EQ(m.at("chip.recycled"), 0);
  EXPECT_EQ(m.at("chip.quarantined"), 20);
}

TEST(ChipManagementRuns, TheSameScenarioAndSeedGiveTheSameRun) {
  const Outcome a = run(meters(20, "", kRenumber), "chip-same-a");
  const Outcome b = run(meters(20, "", kRenumber), "chip-same-b");
  expect_same_outcome(a, b);
}

TEST(ChipManagementRuns, SuspendResumeDeactivateAndScrapCampaigns) {
  // Suspended at 10 min, resumed at 20, deactivated at 30; the numbers rest
  // 10 min in quarantine, the chips' Recycle steps, scrapped at 50 min.
  const std::string campaigns =
      "campaigns:\n"
      "  - {name: stop, kind: chip-suspend, population: meters, at: 10min, over: 1min}\n"
      "  - {name: start, kind: chip-resume, population: meters, at: 20min, batch_size: 5, batch_interval: 10s}\n"
      "  - {name: close, kind: chip-deactivate, population: meters, at: 30min}\n"
      "  - {name: end, kind: chip-scrap, population: meters, at: 50min}\n";
  const Outcome r = run(meters(20, ", quarantine: 10min, fee_per_day: 300", campaigns), "chip-lifecycle");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.activated"), 20);
  EXPECT_EQ(m.at("chip.suspended"), 20);
  EXPECT_EQ(m.at("chip.resumed"), 20);
  EXPECT_EQ(m.at("chip.deactivated"), 20);
  EXPECT_EQ(m.at("chip.recycled"), 20);  // by the chips' Recycle steps
  EXPECT_EQ(m.at("chip.scrapped"), 20);
  EXPECT_EQ(m.at("chip.quarantined"), 0);
  EXPECT_EQ(m.at("chip.failed"), 0);
  // Under a day in service each: a billable day per activation.
  EXPECT_EQ(m.at("chip.billable_days"), 20);
  EXPECT_EQ(m.at("chip.charge"), 20 * 300);
  std::uint64_t served = 0;
  for (const PlatformRow& row : r.platforms.at("chip-management")) served += row.served;
  EXPECT_EQ(served, 20u * 5);  // activations and the four steps
  // No SMS: the platform's own requests.
  EXPECT_EQ(m.at("sms.submitted"), 0);

  // /chip_audit: every meter's chip from its production to its scrapping,
  // in time order, the others' cards not followed.
  std::map<std::uint32_t, std::vector<std::string>> trail;
  double last_t = 0;
  for (const twinsim::ChipAuditRow& row : r.chip_audit) {
    EXPECT_GE(row.t, last_t);
    last_t = row.t;
    EXPECT_LT(row.device, 20u);
    EXPECT_EQ(row.chip, twinsim::chip_id(row.device));
    trail[row.device].push_back(row.action + " " + row.from + ">" + row.to);
  }
  ASSERT_EQ(trail.size(), 20u);
  const std::vector<std::string> life = {
      "Produce >Produced", "StockIn Produced>InStock", "Ship InStock>Shipped", "Receive Shipped>InStock",
      "Ship InStock>Shipped", "Receive Shipped>InStock", "Mount InStock>Mounted", "Ship Mounted>Shipped",
      "Receive Shipped>InStock", "Integrate InStock>Integrated", "Sell Integrated>Sold", "Activate Sold>Activated",
      "Suspend Activated>Suspended", "Resume Suspended>Activated", "Deactivate Activated>Deactivated",
      "Recycle Deactivated>Recycled", "Scrap Recycled>Scrapped"};
  for (const auto& [device, steps] : trail) EXPECT_EQ(steps, life) << "device " << device;
  const auto at = [&](const std::string& action) {
    for (const twinsim::ChipAuditRow& row : r.chip_audit)
      if (row.action == action) return row.t;
    return -1.0;
  };
  EXPECT_GE(at("Suspend"), 600);  // the campaigns' times
  EXPECT_GE(at("Resume"), 1200);
  EXPECT_GE(at("Deactivate"), 1800);
  EXPECT_GE(at("Scrap"), 3000);
}

TEST(ChipManagementRuns, ARunWithoutChipManagementHasNoAudit) {
  const Outcome r = run(twinsim::parse_scenario(
                            "general: {name: no-chips, seed: 5, stop: 5min}\n"
                            "populations:\n  - {name: meters, count: 5, device_model: modem, profile: " + kProfile + "}\n",
                            "no-chips.yaml"),
                        "chip-none");
  EXPECT_TRUE(r.chip_audit.empty());
}

TEST(ChipManagementRuns, RunsWithoutTheLifecycleCampaignsCountNone) {
  const Outcome r = run(meters(20, "", kRenumber), "chip-no-lifecycle");
  for (const char* k : {"chip.suspended", "chip.resumed", "chip.deactivated", "chip.scrapped"}) EXPECT_EQ(r.metrics.at(k), 0) << k;
}

TEST(ChipManagementRuns, OneLinkSeesTheSuspendedAndDeactivatedCardsBlocked) {
  // OneLink follows the meters too: a suspension or deactivation blocks the
  // subscription (card_event.hpp Blocked), a resumption lifts it.
  const std::string onelink = "  onelink: {populations: [meters]}\n";
  auto blocked = [&](const std::string& campaigns, const std::string& name) {
    const Outcome r = run(meters(20, ", quarantine: 10min", onelink + "campaigns:\n" + campaigns), name);
    return r.metrics.at("onelink.blocked");
  };
  const std::string suspend = "  - {name: stop, kind: chip-suspend, population: meters, at: 10min}\n";
  const std::string resume = "  - {name: start, kind: chip-resume, population: meters, at: 20min}\n";
  const std::string deactivate = "  - {name: close, kind: chip-deactivate, population: meters, at: 30min}\n";
  EXPECT_EQ(blocked(suspend, "chip-onelink-suspended"), 20);
  EXPECT_EQ(blocked(suspend + resume, "chip-onelink-resumed"), 0);
  EXPECT_EQ(blocked(suspend + resume + deactivate, "chip-onelink-deactivated"), 20);
}

TEST(ChipManagementRuns, ASuspendedSubscriberIsBarredAtAttachUntilResumed) {
  // Suspended at 10 min; the meters power-cycled at 15 min attach while
  // barred: ATTACH REJECT #7, the USIM invalid for EPS until switched off
  // (TS 24.301 §5.5.1.2.5). Resumed at 20 min and power-cycled at 25 min:
  // all attach again.
  const std::string text =
      "campaigns:\n"
      "  - {name: stop, kind: chip-suspend, population: meters, at: 10min}\n"
      "  - {name: start, kind: chip-resume, population: meters, at: 20min}\n"
      "faults:\n"
      "  - {at: 15min, target: population:meters, action: power-cycle, over: 20s}\n"
      "  - {at: 25min, target: population:meters, action: power-cycle, over: 20s}\n";
  const Outcome r = run(meters(20, "", text), "chip-barred");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.suspended"), 20);
  EXPECT_EQ(m.at("chip.resumed"), 20);
  EXPECT_EQ(m.at("chip.attaches_barred"), 20);  // once each: the USIM is then invalid until the power-off
  EXPECT_EQ(m.at("devices_registered"), 25);    // the meters again, and the others
}

TEST(ChipManagementRuns, ADeactivatedSubscriberStaysBarred) {
  const std::string text =
      "campaigns:\n"
      "  - {name: close, kind: chip-deactivate, population: meters, at: 10min}\n"
      "faults:\n"
      "  - {at: 15min, target: population:meters, action: power-cycle, over: 20s}\n";
  const Outcome r = run(meters(20, "", text), "chip-deactivated-barred");
  EXPECT_EQ(r.metrics.at("chip.attaches_barred"), 20);
  EXPECT_EQ(r.metrics.at("devices_registered"), 5);  // the others only
}

TEST(ChipManagementRuns, SupplyGivesEachChipsWayToTheCustomer) {
  // The meters' cards from a card vendor (the source document §4.1.1)
  // through China Mobile and an agent to the OEM, who builds them into the
  // devices and sells them (the terminal mode 1, §4.1.4): no module maker.
  const Outcome r = run(meters(5, ", supply: [{population: meters, maker: card-vendor, via: [agent, oem]}]"),
                        "chip-supply");
  EXPECT_EQ(r.metrics.at("chip.activated"), 5);
  std::map<std::uint32_t, std::vector<std::string>> trail;
  for (const twinsim::ChipAuditRow& row : r.chip_audit)
    if (row.t == 0) trail[row.device].push_back(row.actor + " " + row.action + " " + row.to);
  ASSERT_EQ(trail.size(), 5u);
  const std::vector<std::string> way = {
      "CardVendor:card-vendor Produce Produced", "CardVendor:card-vendor StockIn InStock",
      "CardVendor:card-vendor Ship Shipped",     "Operator:CMCC Receive InStock",
      "Operator:CMCC Ship Shipped",              "Agent:agent Receive InStock",
      "Agent:agent Ship Shipped",                "Oem:oem Receive InStock",
      "Oem:oem Integrate Integrated",            "Oem:oem Sell Sold"};
  for (const auto& [device, steps] : trail) EXPECT_EQ(steps, way) << "device " << device;
  EXPECT_EQ(r.chip_audit.front().detail, "card vendor card-vendor, batch meters");
}

}  // namespace test_chip_management_runs
