// Supply flows inside engine runs (platforms.chip_management.supply[i].flow;
// docs/SUPPLY.md "In a run", the source document §4.1): each unit's chip
// steps in the chip management platform's audit trail at their times, the
// device powered on once its unit is in service and its number activated
// then, a production batch's faulty cards traced to their batch and
// scrapped while replacements go through the whole flow; a saved run goes
// on alike; a flow the lifecycle could not take is refused when read.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/supply_schedule.hpp"

namespace test_supply_flow_runs {

using namespace twinsim::testing;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";

// The module mode 1 of §4.1.3 for 30 meters in batches of 10: cards made
// by the card vendor (a fifth of them fail the factory test and are
// scrapped), through China Mobile to the module maker, mounted, to the OEM,
// integrated, sold, deployed by the customer.
const std::string kFlow =
    "      batch_size: 10\n"
    "      release_interval: 1d\n"
    "      stages:\n"
    "        - {name: card-production, party: card-vendor, chip: produce, per_batch: [1d, 2d, 3d], servers: 1,\n"
    "           failure: 0.2}\n"
    "        - {name: card-to-cmcc, party: card-vendor, chip: ship, per_batch: [12h, 1d, 2d]}\n"
    "        - {name: card-to-module-maker, party: cmcc, chip: ship, per_batch: 1d}\n"
    "        - {name: mounting, party: module-maker, chip: mount, per_batch: 1d, servers: 1}\n"
    "        - {name: module-to-oem, party: module-maker, chip: ship, per_batch: 1d}\n"
    "        - {name: integration, party: oem, chip: integrate, per_batch: [12h, 1d, 2d], per_unit: [0s, 10min, 1h]}\n"
    "        - {name: sale, party: oem, chip: sell, per_batch: 12h}\n"
    "        - {name: deployment, party: customer, per_batch: [1d, 2d, 4d], in_service: true}\n";

std::string scenario_text(const std::string& flow = kFlow, const std::string& extra = "") {
  return "general: {name: supply-runs, seed: 7, stop: 40d}\n"
         "populations:\n"
         "  - {name: meters, count: 30, device_model: modem, modem: nb-iot, profile: " + kProfile + ", "
         "start: {profile: uniform, at: 0s, over: 1h}, activity: {period: 10d, jitter: 1h}}\n"
         "platforms:\n"
         "  chip_management:\n"
         "    populations: [meters]\n"
         "    supply:\n"
         "      - population: meters\n" + extra +
         "        flow:\n" + flow;
}

std::string indented(const std::string& flow) {
  // kFlow's lines four spaces deeper (under `flow:`).
  std::string out;
  for (std::size_t at = 0; at < flow.size();) {
    const std::size_t end = flow.find('\n', at);
    out += "    " + flow.substr(at, end - at + 1);
    at = end + 1;
  }
  return out;
}

twinsim::Scenario scenario() { return twinsim::parse_scenario(scenario_text(indented(kFlow)), "supply-runs.yaml"); }

TEST(SupplyFlowRuns, EachUnitsChipStepsAreTheAuditTrailAndItsDeviceStartsWhenInService) {
  const twinsim::Scenario s = scenario();
  const Outcome r = run(s, "supply-flow");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.activated"), 30);
  EXPECT_EQ(m.at("chip.failed"), 0);
  EXPECT_GT(m.at("chip.units_scrapped"), 0);

  // Each chip's actions in order, and when it was sold.
  std::map<std::string, std::vector<std::string>> actions;
  std::map<std::string, double> sold;
  std::map<std::uint32_t, double> activated;
  double last_t = 0;
  std::size_t scraps = 0;
  for (const twinsim::ChipAuditRow& row : r.chip_audit) {
    EXPECT_GE(row.t, last_t) << "rows in time order";
    last_t = row.t;
    actions[row.chip].push_back(row.action);
    if (row.action == "Sell") sold[row.chip] = row.t;
    if (row.action == "Activate") activated[row.device] = row.t;
    if (row.action == "Scrap") {
      ++scraps;
      // A faulty card: its own chip, traced to its batch, scrapped by the
      // card vendor that made it.
      EXPECT_EQ(row.chip.rfind("meters/unit-", 0), 0u) << row.chip;
      EXPECT_EQ(row.actor, "CardVendor:card-vendor");
    }
    if (row.action == "Produce") {
      EXPECT_NE(row.detail.find("batch meters/batch-"), std::string::npos) << row.detail;
    }
  }
  EXPECT_EQ(scraps, static_cast<std::size_t>(m.at("chip.units_scrapped")));
  EXPECT_EQ(activated.size(), 30u);
  const std::vector<std::string> delivered = {"Produce", "StockIn", "Ship",      "Receive", "Ship",
                                              "Receive", "Mount",   "Ship",      "Receive", "Integrate",
                                              "Sell",    "Activate"};
  const std::vector<std::string> faulty = {"Produce", "StockIn", "Scrap"};
  std::size_t devices_chips = 0;
  std::uint64_t steps = 0;
  for (const auto& [chip, list] : actions) {
    if (chip.rfind("meters/unit-", 0) == 0) {
      EXPECT_EQ(list, faulty) << chip;
    } else {
      ++devices_chips;
      EXPECT_EQ(list, delivered) << chip;
    }
    steps += list.size() - (list.back() == "Activate");
  }
  EXPECT_EQ(devices_chips, 30u);
  EXPECT_EQ(steps, static_cast<std::uint64_t>(m.at("chip.supply_steps")));
  EXPECT_EQ(steps, 30u * (delivered.size() - 1) + scraps * faulty.size());

  // Each device first powered on once its unit was in service, as the
  // schedule has it (plus its start profile's draw, under an hour), and
  // after its chip was sold.
  const twinsim::SupplySchedule schedule(s, s.general.seed);
  std::map<std::uint32_t, double> powered;
  for (const Row& e : r.events)
    if (e.kind == static_cast<std::uint8_t>(twinsim::EventKind::PowerOn) && !powered.count(e.device))
      powered[e.device] = e.t;
  ASSERT_EQ(powered.size(), 30u);
  for (const auto& [d, t] : powered) {
    const double in_service = *schedule.in_service(0, d);
    EXPECT_GE(t, in_service) << d;
    EXPECT_LT(t, in_service + 3600) << d;
    EXPECT_GE(activated.at(d), t) << d;
    const std::string chip = twinsim::chip_id(d);
    ASSERT_TRUE(sold.count(chip)) << chip;
    EXPECT_LE(sold.at(chip), t) << d;
  }
}

// Production-line test cards (the source document §4.3): the cards carry
// the line's test numbers (46004...) when they go into service, and the
// commercial subscription (46008...) is written over the air 10 minutes
// after; the test numbers rest a day in quarantine and go back to their
// pool for the next cards.
TEST(SupplyFlowRuns, LineTestCardsGetTheCommercialNumberOverTheAirOnceInService) {
  std::string text = scenario_text(indented(kFlow));
  text.replace(text.find("    populations: [meters]\n"), std::string("    populations: [meters]\n").size(),
               "    populations: [meters]\n    quarantine: 1d\n");
  text += "campaigns:\n"
          "  - {name: commercial, kind: write-card, population: meters, at: 10min, after_in_service: true, "
          "imsi_prefix: '46008'}\n";
  const twinsim::Scenario s = twinsim::parse_scenario(text, "line-test.yaml");
  const Outcome r = run(s, "line-test");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.activated"), 30);
  EXPECT_EQ(m.at("ota.done"), 30);
  EXPECT_EQ(m.at("chip.ota_written"), 30);
  EXPECT_EQ(m.at("chip.recycled"), 30);
  EXPECT_EQ(m.at("chip.failed"), 0);
  // Each order done within the hour after its own release.
  EXPECT_GT(m.at("ota.done_max_s"), 0);
  EXPECT_LT(m.at("ota.done_max_s"), 3600);
  const twinsim::SupplySchedule schedule(s, s.general.seed);
  std::size_t written = 0;
  for (const twinsim::ChipAuditRow& row : r.chip_audit) {
    if (row.action != "OtaWrite") continue;
    ++written;
    EXPECT_GE(row.t, *schedule.in_service(0, row.device) + 600) << row.chip;
    EXPECT_NE(row.detail.find("46008"), std::string::npos) << row.detail;
  }
  EXPECT_EQ(written, 30u);
  // Without a supply flow there is no going into service to count from.
  std::string flat = "general: {stop: 1h}\npopulations:\n  - {name: meters, count: 3, device_model: modem}\n"
                     "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1min, after_in_service: true, "
                     "imsi_prefix: '46008'}\n";
  EXPECT_NE(error_of(flat).find("population 'meters' has no supply flow"), std::string::npos) << error_of(flat);
  text.replace(text.find("after_in_service: true, "), 24, "after_in_service: true, batch_size: 5, batch_interval: 1min, ");
  EXPECT_NE(error_of(text).find("no batch_size or batch_interval"), std::string::npos) << error_of(text);
}

TEST(SupplyFlowRuns, ASavedRunGoesOnAlike) {
  const twinsim::Scenario s = scenario();
  const twinsim::SupplySchedule schedule(s, s.general.seed);
  auto power_on = [&](std::uint32_t d) { return *schedule.in_service(0, d); };
  const auto day = [](double d) { return twinsim::to_simtime(d * 86400); };
  auto rows = [](const twinsim::ChipManagementRun& run) {
    std::vector<std::string> out;
    run.for_each_audit_row([&](const twinsim::ChipAuditRow& r) {
      out.push_back(std::to_string(r.t) + " " + r.chip + " " + r.action);
    });
    return out;
  };
  for (const double stop : {0.5, 4.0, 9.0, 15.0}) {
    SCOPED_TRACE(stop);
    twinsim::ChipManagementRun original(s, {0}, power_on, schedule);
    for (double t = 0; t <= stop; t += 0.25) original.poll(day(t));
    twinsim::ChipManagementRun restored(s, {0}, power_on, schedule);
    restored.restore_state(original.save_state());
    EXPECT_EQ(restored.save_state(), original.save_state());
    const std::vector<std::string> before = rows(original);
    for (double t = stop; t <= 40; t += 0.25) {
      original.poll(day(t));
      restored.poll(day(t));
    }
    EXPECT_EQ(restored.save_state(), original.save_state());
    EXPECT_EQ(original.counters().activated, 30u);
    // The restored run's rows: the original's after those it had saved.
    std::vector<std::string> after = rows(original);
    after.erase(after.begin(), after.begin() + static_cast<std::ptrdiff_t>(before.size()));
    std::vector<std::string> resumed = rows(restored);
    std::sort(after.begin(), after.end());
    std::sort(resumed.begin(), resumed.end());
    EXPECT_EQ(resumed, after);
  }
}

TEST(SupplyFlowRuns, ASavedStateWithMoreStepsThanTheFlowIsRefused) {
  const twinsim::Scenario s = scenario();
  const twinsim::SupplySchedule schedule(s, s.general.seed);
  auto power_on = [&](std::uint32_t d) { return *schedule.in_service(0, d); };
  twinsim::ChipManagementRun original(s, {0}, power_on, schedule);
  original.poll(twinsim::to_simtime(40.0 * 86400));
  // The same scenario with a flow of fewer units' steps (no scrap) cannot take it.
  std::string text = scenario_text(indented(kFlow));
  text.replace(text.find("           failure: 0.2}\n"), 25, "           failure: 0}\n");
  const twinsim::Scenario fewer = twinsim::parse_scenario(text, "fewer.yaml");
  const twinsim::SupplySchedule fewer_schedule(fewer, fewer.general.seed);
  twinsim::ChipManagementRun other(fewer, {0}, power_on, fewer_schedule);
  try {
    other.restore_state(original.save_state());
    ADD_FAILURE() << "a state with more supply steps than the flow was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("supply steps taken, the run has"), std::string::npos) << e.what();
  }
}

// A flow whose chip steps the lifecycle could not take, refused with its line.
TEST(SupplyFlowRuns, AFlowTheLifecycleCannotTakeIsRefused) {
  auto with = [](const std::string& from, const std::string& to, const std::string& from2 = "",
                 const std::string& to2 = "") {
    std::string flow = indented(kFlow);
    for (const auto& [f, t] : {std::pair{from, to}, std::pair{from2, to2}}) {
      if (f.empty()) continue;
      const std::size_t at = flow.find(f);
      EXPECT_NE(at, std::string::npos) << f;
      if (at != std::string::npos) flow.replace(at, f.size(), t);
    }
    return scenario_text(flow);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {with("party: card-vendor, chip: produce", "party: oem, chip: produce"),
       "the chip is produced by a card-vendor or a chip-maker, not oem"},
      {with("{name: module-to-oem, party: module-maker, chip: ship", "{name: module-to-oem, party: oem, chip: ship"),
       "ships the chip from oem, but it is with module-maker"},
      {with("{name: deployment, party: customer,", "{name: deployment, party: customer, chip: ship,"),
       "ships a chip already sold"},
      {with("{name: integration, party: oem,", "{name: integration, party: customer,"),
       "ships the chip to the next stage's party, which must be cmcc, an agent, a module-maker or an oem"},
      {with("{name: mounting, party: module-maker, chip: mount, per_batch: 1d, servers: 1}",
            "{name: mounting, party: oem, chip: mount, per_batch: 1d, servers: 1}"),
       "a module-maker mounts the chip it received, not oem"},
      // Scrapped from the module maker's stock, before its mounting: fine.
      {with("{name: mounting, party: module-maker, chip: mount, per_batch: 1d, servers: 1}",
            "{name: mounting, party: module-maker, chip: mount, per_batch: 1d, servers: 1, failure: 0.1}"),
       ""},
      {with("{name: card-to-cmcc, party: card-vendor, chip: ship, per_batch: [12h, 1d, 2d]}",
            "{name: card-to-cmcc, party: card-vendor, chip: ship, per_batch: [12h, 1d, 2d], failure: 0.1, rework: 0.5}"),
       "scraps units"},
      {with("{name: sale, party: oem, chip: sell, per_batch: 12h}",
            "{name: sale, party: oem, chip: sell, per_batch: 12h, failure: 0.1}"),
       "the chip lifecycle scraps a chip only when produced or in a party's stock"},
      {with("chip: integrate,", ""), "sells a chip that no oem integrated in a device yet"},
      {with("in_service: true", "in_service: false"), ""},  // the last stage is in service: fine
      {with("{name: sale, party: oem, chip: sell, per_batch: 12h}",
            "{name: sale, party: oem, chip: sell, per_batch: 12h}\n"
            "            - {name: resale, party: oem, chip: sell, per_batch: 12h}"),
       "sells a chip that is not in stock"},
      {with("{name: integration, party: oem,", "{name: integration, party: oem, in_service: true,", "in_service: true}",
            "in_service: false}"),
       "the units go into service here, but the chip is not sold yet"},
      {with("party: card-vendor, chip: produce", "party: factory, chip: produce"),
       "party 'factory' takes chip step 'produce'"},
      {with("chip: mount", "chip: solder"), "solder"},
      {scenario_text(indented(kFlow)).insert(scenario_text(indented(kFlow)).find("        flow:"),
                                              "        via: [oem]\n"),
       "comes from the flow's chip steps when there is a flow"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(message);
    if (message.empty()) {
      EXPECT_NO_THROW(twinsim::parse_scenario(text, "bad-flow.yaml"));
      continue;
    }
    const std::string error = error_of(text);
    EXPECT_NE(error.find("t.yaml:"), std::string::npos) << error;
    EXPECT_NE(error.find(message), std::string::npos) << error;
  }
}

}  // namespace test_supply_flow_runs
