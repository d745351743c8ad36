// Number migrations (write-card with numbers_from, the source document
// §2.4: a failed terminal's number written over the air to its
// replacement) and the power-off device fault (docs/SCENARIOS.md,
// "campaigns" and "faults"): what loads, and the messages for what cannot
// be (file:line:column, key, why).
#include <gtest/gtest.h>

#include "scenario_errors.hpp"

namespace test_scenario_number_migration {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// Ten failing terminals, their ten replacements, five others (lines 1-6);
// the migration (line 8); the failures (line 10).
const std::string kMigration =
    "general:\n"
    "  stop: 6h\n"
    "populations:\n"
    "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
    "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
    "  - {name: other, count: 5, device_model: modem}\n"
    "campaigns:\n"
    "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
    "faults:\n"
    "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n";

TEST(ScenarioNumberMigration, TheCampaignNamesTheFailedPopulationAndTheFaultSwitchesItOff) {
  const twinsim::Scenario s = twinsim::parse_scenario(kMigration, "t.yaml");
  ASSERT_EQ(s.campaigns.size(), 1u);
  EXPECT_EQ(s.campaigns[0].kind, twinsim::CampaignKind::WriteCard);
  EXPECT_EQ(s.campaigns[0].population, 1u);
  EXPECT_EQ(s.campaigns[0].numbers_from, std::optional<std::uint16_t>(0));
  EXPECT_TRUE(s.campaigns[0].imsi_prefix.empty());
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::PowerOff);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::Population);
  EXPECT_EQ(s.faults[0].population, 0u);
  EXPECT_EQ(s.faults[0].over_s, 1800);
  // A device of a modem population is switched off alone too.
  const twinsim::Scenario d = twinsim::parse_scenario(
      "general:\n  stop: 1h\npopulations:\n  - {name: pos, count: 4, device_model: modem}\n"
      "faults:\n  - {at: 10min, target: device:2, action: power-off}\n",
      "t.yaml");
  EXPECT_EQ(d.faults[0].action, twinsim::FaultAction::PowerOff);
  EXPECT_EQ(d.faults[0].device, 2u);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioNumberMigrationBroken, ScenarioErrors,
    ::testing::Values(        BrokenCase{"NumbersFromNoSuchPopulation",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: nobody, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:8:67: campaigns[0].numbers_from: no population named 'nobody' (the populations: failing, new, other)"},
        BrokenCase{"NumbersFromItself",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: new, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:8:67: campaigns[0].numbers_from: a number migration moves numbers to other terminals: not population 'new' itself"},
        BrokenCase{"NumbersFromUnequalCounts",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: other, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:8:67: campaigns[0].numbers_from: population 'other' has 5 devices and population 'new' 10: device i of one takes the number of device i of the other, so the counts must be equal"},
        BrokenCase{"NumbersFromAUsimPopulation",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 10}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: other, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:8:67: campaigns[0].numbers_from: population 'other' has device_model usim; the numbers a migration moves are domestic cards' in modem devices (card domestic, device_model modem)"},
        BrokenCase{"NumbersFromWithAnImsiPrefix",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, imsi_prefix: '46008', at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:8:89: campaigns[0].imsi_prefix: a number migration (numbers_from) writes the failed terminals' own numbers: it takes no imsi_prefix"},
        BrokenCase{"NumbersFromWithoutPowerOff",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n",
                   "t.yaml:8:67: campaigns[0].numbers_from: the terminals of population 'failing' must be out of service before their numbers move (two terminals attaching with one IMSI): give a fault {target: population:failing, action: power-off} whose at + over is at or before the campaign's at"},
        BrokenCase{"NumbersFromPowerOffTooLate",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 2h}\n",
                   "t.yaml:8:67: campaigns[0].numbers_from: the terminals of population 'failing' must be out of service before their numbers move (two terminals attaching with one IMSI): give a fault {target: population:failing, action: power-off} whose at + over is at or before the campaign's at"},
        BrokenCase{"NumbersFromAWrittenPopulation",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: renumber, kind: write-card, population: failing, imsi_prefix: '46008', at: 1h}\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:9:67: campaigns[1].numbers_from: write-card campaign 'renumber' (line 8) writes the cards of population 'failing': a migration moves the factory numbers of terminals no campaign wrote"},
        BrokenCase{"NumbersFromMovedTwice",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "  - {name: again, kind: write-card, population: new, numbers_from: failing, at: 4h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:9:68: campaigns[1].numbers_from: the numbers of population 'failing' moved already, with campaign 'move' (line 8)"},
        BrokenCase{"WriteCardAfterMigration",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "  - {name: renumber, kind: write-card, population: failing, imsi_prefix: '46008', at: 4h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:9:52: campaigns[1].population: the numbers of population 'failing' moved to population 'new' with campaign 'move' (line 8): its terminals have no number left to write over"},
        BrokenCase{"MigrationChipManagementOneSide",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "platforms:\n"
                   "  chip_management: {populations: [failing]}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:10:67: campaigns[0].numbers_from: platforms.chip_management follows population 'failing' but not 'new': a number migration moves the number between their chips, so it follows both or neither"},
        BrokenCase{"MigrationOneLinkFollowsReplacements",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "platforms:\n"
                   "  onelink: {populations: [new]}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:10:67: campaigns[0].numbers_from: platforms.onelink follows population 'new': OneLink follows a migrated number under the failed terminals' account (name 'failing' only)"},
        BrokenCase{"MigrationOneNet",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "platforms:\n"
                   "  onenet: {populations: [failing]}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:10:67: campaigns[0].numbers_from: not supported yet: OneNET's record of a number migration (platforms.onenet follows 'failing')"},
        BrokenCase{"MigrationChipSuspend",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "platforms:\n"
                   "  chip_management: {populations: [failing, new]}\n"
                   "campaigns:\n"
                   "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
                   "  - {name: stop, kind: chip-suspend, population: new, at: 5h}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:failing, action: power-off, over: 30min}\n",
                   "t.yaml:10:67: campaigns[0].numbers_from: not supported yet: chip management's suspension, resumption or deactivation (campaign 'stop', line 11) of a population a number migration moves numbers from or to"},
        BrokenCase{"NumbersFromOnAChipCampaign",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "platforms:\n"
                   "  chip_management: {populations: [failing, new]}\n"
                   "campaigns:\n"
                   "  - {name: stop, kind: chip-suspend, population: new, numbers_from: failing, at: 5h}\n",
                   "t.yaml:10:69: campaigns[0].numbers_from: a chip management campaign takes name, kind, population, at, over, batch_size and batch_interval only"},
        BrokenCase{"PowerOffOnAUsimPopulation",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5}\n"
                   "faults:\n"
                   "  - {at: 2h, target: population:other, action: power-off}\n",
                   "t.yaml:8:48: faults[0].action: 'power-off': population 'other' has device_model usim; switching a terminal off (its detach) needs device_model modem"},
        BrokenCase{"PowerOffTakesNoRestart",
                   "general:\n"
                   "  stop: 6h\n"
                   "populations:\n"
                   "  - {name: failing, count: 10, device_model: modem, modem: lte-cat1}\n"
                   "  - {name: new, count: 10, device_model: modem, modem: lte-cat1, start: {at: 3h}}\n"
                   "  - {name: other, count: 5, device_model: modem}\n"
                   "faults:\n"
                   "  - {at: 2h, target: device:3, action: power-off, restart: 5s}\n",
                   "t.yaml:8:60: faults[0].restart: does not apply to the action 'power-off' (its keys: over)"}));

}  // namespace test_scenario_number_migration
