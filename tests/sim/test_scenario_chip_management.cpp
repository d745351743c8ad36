// Scenario files with the chip management platform
// (platforms.chip_management, the source document §3.2.3): what loads, and
// the message every mistake gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "scenario_errors.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_scenario_chip_management {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// Two domestic modem populations and an international one (lines 3-9);
// platforms on line 11.
const std::string kPopulations =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - {name: meters, count: 10, device_model: modem}\n"
    "  - {name: locks, count: 5, device_model: modem, imsi_prefix: '46002'}\n"
    "  - {name: sensors, count: 5, imsi_prefix: '46003'}\n"
    "  - name: trackers\n"
    "    count: 5\n"
    "    card: international\n"
    "    device_model: modem\n"
    "    euicc: {profiles: [{operator: CMCC, imsi_prefix: '46007', state: enabled}]}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

TEST(ScenarioChipManagement, ThePlatformTakesItsPopulationsServerAndRules) {
  const twinsim::Scenario s = load(kPopulations +
                                   "platforms:\n  chip_management: {populations: [meters, locks], host: chips, workers: 3, "
                                   "service_time: 40ms, quarantine: 2d, retry_after: 30s, fee_per_day: 300}\n"
                                   "faults:\n  - {at: 5min, target: chip-management, action: outage, for: 1min}\n");
  const twinsim::ChipManagementSpec& c = s.chip_management;
  EXPECT_EQ(c.populations, (std::vector<std::uint16_t>{0, 1}));
  EXPECT_EQ(c.host, "chips");
  EXPECT_EQ(c.server.workers, 3u);
  EXPECT_EQ(c.server.default_service, 40 * twinmodels::kMs);
  EXPECT_EQ(c.quarantine_s, 2 * 86400.0);
  EXPECT_EQ(c.retry_after_s, 30.0);
  EXPECT_EQ(c.fee_per_day, 300u);
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::ChipManagement);
}

TEST(ScenarioChipManagement, ThePlatformFollowsInternationalCardsToo) {
  // An eUICC's numbers are its profiles' (GSMA SGP.02), the lifecycle
  // campaigns step its chip as a domestic card's.
  const twinsim::Scenario s = load(kPopulations +
                                   "platforms:\n  chip_management: {populations: [trackers, meters]}\n"
                                   "campaigns:\n  - {name: c, kind: chip-suspend, population: trackers, at: 1h}\n");
  EXPECT_EQ(s.chip_management.populations, (std::vector<std::uint16_t>{3, 0}));
  EXPECT_EQ(s.campaigns.at(0).population, 3u);
}

TEST(ScenarioChipManagement, WithoutTheKeyNoChipIsFollowed) {
  const twinsim::Scenario s = load(kPopulations);
  EXPECT_TRUE(s.chip_management.populations.empty());
  EXPECT_EQ(s.chip_management.quarantine_s, 30 * 86400.0);  // the default
}

// platforms.chip_management following meters (line 12), campaigns from line 14.
const std::string kFollowed = kPopulations + "platforms:\n  chip_management: {populations: [meters]}\ncampaigns:\n";

TEST(ScenarioChipManagement, TheLifecycleCampaignsTakeTheFollowedPopulations) {
  const twinsim::Scenario s =
      load(kFollowed +
           "  - {name: stop, kind: chip-suspend, population: meters, at: 10min, over: 1min}\n"
           "  - {name: start, kind: chip-resume, population: meters, at: 20min, batch_size: 5, batch_interval: 30s}\n"
           "  - {name: close, kind: chip-deactivate, population: meters, at: 30min}\n"
           "  - {name: end, kind: chip-scrap, population: meters, at: 50min}\n"
           "  - {name: renumber, kind: write-card, population: meters, at: 40min, imsi_prefix: '46008'}\n");
  ASSERT_EQ(s.campaigns.size(), 5u);
  using K = twinsim::CampaignKind;
  EXPECT_EQ(s.campaigns[0].kind, K::ChipSuspend);
  EXPECT_EQ(s.campaigns[0].over_s, 60.0);
  EXPECT_EQ(s.campaigns[1].kind, K::ChipResume);
  EXPECT_EQ(s.campaigns[1].batch_size, 5u);
  EXPECT_EQ(s.campaigns[2].kind, K::ChipDeactivate);
  EXPECT_EQ(s.campaigns[3].kind, K::ChipScrap);
  for (const twinsim::CampaignSpec& c : s.campaigns) EXPECT_EQ(c.population, 0u);
  // Neither the SM-SR's nor the write-card platform's.
  EXPECT_TRUE(twinsim::chip_management_step(K::ChipScrap));
  EXPECT_FALSE(twinsim::carried_by_sm_sr(K::ChipSuspend));
  EXPECT_FALSE(twinsim::chip_management_step(K::WriteCard));
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioChipManagementCampaignsBroken, ScenarioErrors,
    testing::Values(
        BrokenCase{"WithoutThePlatform",
                   kPopulations + "campaigns:\n  - {name: c, kind: chip-suspend, population: meters, at: 1h}\n",
                   "t.yaml:12:21: campaigns[0].kind: 'chip-suspend' is a campaign of the chip management platform, which "
                   "runs only with platforms.chip_management; this scenario has none"},
        BrokenCase{"NotFollowed", kFollowed + "  - {name: c, kind: chip-resume, population: locks, at: 1h}\n", "t.yaml:14:46: campaigns[0].population: population 'locks' is not one platforms.chip_management "
                   "follows (it follows: meters)"},
        BrokenCase{"International",
                   kFollowed + "  - {name: c, kind: chip-deactivate, population: trackers, at: 1h}\n", "t.yaml:14:50: campaigns[0].population: population 'trackers' is not one platforms.chip_management "
                   "follows (it follows: meters)"},
        BrokenCase{"NoSuchPopulation", kFollowed + "  - {name: c, kind: chip-scrap, population: cars, at: 1h}\n",
                   "t.yaml:14:45: campaigns[0].population: no population named 'cars' (the populations: meters, locks, "
                   "sensors, trackers)"},
        BrokenCase{"ImsiPrefix",
                   kFollowed + "  - {name: c, kind: chip-suspend, population: meters, at: 1h, imsi_prefix: '46008'}\n",
                   "t.yaml:14:76: campaigns[0].imsi_prefix: a chip management campaign takes name, kind, population, at, over, batch_size and batch_interval only"},
        BrokenCase{"Validity",
                   kFollowed + "  - {name: c, kind: chip-suspend, population: meters, at: 1h, validity: 1d}\n", "t.yaml:14:73: campaigns[0].validity: a chip management campaign takes name, kind, population, at, over, batch_size and batch_interval only"},
        BrokenCase{"Profile",
                   kFollowed + "  - {name: c, kind: chip-scrap, population: meters, at: 1h, profile: CMCC}\n", "t.yaml:14:70: campaigns[0].profile: a chip management campaign takes name, kind, population, at, over, batch_size and batch_interval only"},
        BrokenCase{"Refresh",
                   kFollowed + "  - {name: c, kind: chip-resume, population: meters, at: 1h, refresh: none}\n", "t.yaml:14:71: campaigns[0].refresh: a chip management campaign takes name, kind, population, at, over, batch_size and batch_interval only"},
        BrokenCase{"OverAndBatches",
                   kFollowed + "  - {name: c, kind: chip-deactivate, population: meters, at: 1h, over: 1min, "
                               "batch_size: 2, batch_interval: 1min}\n",
                   "t.yaml:14:90: campaigns[0].batch_size: give either `over` (a uniform spread) or `batch_size` with "
                   "`batch_interval`, not both"},
        BrokenCase{"KindMisspelt", kFollowed + "  - {name: c, kind: chip-suspension, population: meters, at: 1h}\n",
                   "t.yaml:14:21: campaigns[0].kind: unknown campaign kind 'chip-suspension' (allowed: write-card, "
                   "enable-profile, disable-profile, delete-profile, set-fallback, audit-eis, set-emergency, "
                   "download-profile, get-eis, smsr-change, chip-suspend, chip-resume, chip-deactivate, chip-scrap, onelink-query, update-policy-rules)"}));

INSTANTIATE_TEST_SUITE_P(
    ScenarioChipManagementBroken, ScenarioErrors,
    testing::Values(
        BrokenCase{"NoPopulations", kPopulations + "platforms:\n  chip_management: {host: chips}\n",
                   "t.yaml:12:20: platforms.chip_management.populations: required key is missing"},
        BrokenCase{"Usim", kPopulations + "platforms:\n  chip_management: {populations: [sensors]}\n",
                   "t.yaml:12:35: platforms.chip_management.populations[0]: population 'sensors' has device_model "
                   "usim; the chip management platform follows device_model modem populations"},
        BrokenCase{"Twice", kPopulations + "platforms:\n  chip_management: {populations: [meters, meters]}\n",
                   "t.yaml:12:43: platforms.chip_management.populations[1]: population 'meters' is listed twice"},
        BrokenCase{"ZeroRetry",
                   kPopulations + "platforms:\n  chip_management: {populations: [meters], retry_after: 0s}\n",
                   "t.yaml:12:57: platforms.chip_management.retry_after: the retry wait must be longer than 0s"},
        BrokenCase{"HostOfTheHss", kPopulations + "platforms:\n  chip_management: {populations: [meters], host: hss}\n",
                   "t.yaml:12:50: platforms.chip_management.host: 'hss' is the host name of another platform"},
        BrokenCase{"UnknownKey", kPopulations + "platforms:\n  chip_management: {populations: [meters], quarantaine: 1d}\n",
                   "t.yaml:12:44: platforms.chip_management.quarantaine: unknown key; did you mean 'quarantine'?"},
        BrokenCase{"FaultWithoutPlatform",
                   kPopulations + "faults:\n  - {at: 5min, target: chip-management, action: outage}\n",
                   "t.yaml:12:24: faults[0].target: 'chip-management': the chip management platform runs only with "
                   "platforms.chip_management; this scenario has none"},
        BrokenCase{"FaultAction",
                   kPopulations + "platforms:\n  chip_management: {populations: [meters]}\n"
                                  "faults:\n  - {at: 5min, target: chip-management, action: degrade}\n",
                   "t.yaml:14:49: faults[0].action: unknown action for the chip management platform 'degrade'"}));

TEST(ScenarioChipManagement, SupplyGivesAPopulationsMakerAndPartners) {
  // The source document §4.1: cards from a card vendor (§4.1.1) through an
  // agent to the OEM (the terminal mode 1, §4.1.4); the locks' chips the
  // default chain.
  const twinsim::Scenario s =
      load(kPopulations + "platforms:\n  chip_management: {populations: [meters, locks], supply: "
                          "[{population: meters, maker: card-vendor, via: [agent, oem]}]}\n");
  using twinmodels::platform::Role;
  const auto& supply = s.chip_management.supply;
  ASSERT_EQ(supply.size(), 1u);
  EXPECT_EQ(supply.at(0).maker, Role::CardVendor);
  EXPECT_EQ(supply.at(0).via, (std::vector<Role>{Role::Agent, Role::Oem}));
  const twinsim::ChipSupplySpec chain;  // the default: the module mode 1
  EXPECT_EQ(chain.maker, Role::ChipMaker);
  EXPECT_EQ(chain.via, (std::vector<Role>{Role::ModuleMaker, Role::Oem}));
}

// platforms.chip_management following meters and locks, line 12, with `supply: ` the rest.
std::string supply(const std::string& list) {
  return kPopulations + "platforms:\n  chip_management: {populations: [meters, locks], supply: " + list + "}\n";
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioChipSupplyBroken, ScenarioErrors,
    testing::Values(
        BrokenCase{"NotFollowed", supply("[{population: trackers}]"),
                   "t.yaml:12:73: platforms.chip_management.supply[0].population: population 'trackers' is not one the "
                   "chip management platform follows (it follows: meters, locks)"},
        BrokenCase{"Twice", supply("[{population: meters}, {population: meters}]"),
                   "t.yaml:12:95: platforms.chip_management.supply[1].population: population 'meters' has its supply "
                   "given twice"},
        BrokenCase{"NoPopulation", supply("[{maker: card-vendor}]"),
                   "t.yaml:12:60: platforms.chip_management.supply[0].population: required key is missing"},
        BrokenCase{"Maker", supply("[{population: meters, maker: card-maker}]"),
                   "t.yaml:12:88: platforms.chip_management.supply[0].maker: unknown maker 'card-maker' (allowed: "
                   "card-vendor, chip-maker)"},
        BrokenCase{"NoParty", supply("[{population: meters, via: []}]"),
                   "t.yaml:12:86: platforms.chip_management.supply[0].via: needs at least one party"},
        BrokenCase{"Party", supply("[{population: meters, via: [distributor]}]"),
                   "t.yaml:12:87: platforms.chip_management.supply[0].via[0]: unknown party 'distributor'"},
        BrokenCase{"PartyTwice", supply("[{population: meters, via: [agent, agent, oem]}]"),
                   "t.yaml:12:94: platforms.chip_management.supply[0].via[1]: 'agent' is listed twice"},
        BrokenCase{"ModuleAfterOem", supply("[{population: meters, via: [oem, module-maker]}]"),
                   "t.yaml:12:92: platforms.chip_management.supply[0].via[1]: the module maker comes before the OEM"},
        BrokenCase{"ModuleLast", supply("[{population: meters, via: [agent, module-maker]}]"),
                   "t.yaml:12:94: platforms.chip_management.supply[0].via[1]: the last party sells the chip to the "
                   "customer, and a module maker sells modules to OEMs: end with 'oem' or 'agent'"},
        BrokenCase{"UnknownKey", supply("[{population: meters, route: [oem]}]"),
                   "t.yaml:12:81: platforms.chip_management.supply[0].route: unknown key"}));

}  // namespace test_scenario_chip_management
