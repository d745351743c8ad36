// One eUICC in the chip management run (sim/twinsim/engine/
// chip_management_run.hpp), end to end from its production to the
// recycling of a deleted profile's number: what the run records of the
// reports the engine passes it (ChipManagementRun::euicc_done), read back
// from the registry's audit trail and pools; a report of a kind that
// records nothing; the run saved mid-way and restored goes on alike.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "euicc_run_scenarios.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_chip_euicc_record {

using namespace twinsim::testing;
namespace pf = twinmodels::platform;
using twinsim::to_simtime;

// One importer whose eUICC chip management follows (its power-on at 10 s);
// the campaigns 0 download (not enabled), 1 enable, 2 disable, 3 delete the
// German profile, 4 an audit, 5 an SM-SR change.
twinsim::Scenario one_importer() {
  const std::string text =
      "general: {name: chip-euicc-record, seed: 3, stop: 1h}\npopulations:\n" + importers_population(1) +
      "platforms:\n"
      "  chip_management: {populations: [importers], workers: 1, service_time: 1s, quarantine: 5min}\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, address: '8613900200777'}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777'}\n"
      "campaigns:\n"
      "  - {name: download, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, enable: false}\n"
      "  - {name: enable, kind: enable-profile, population: importers, profile: DE-MNO, at: 10min}\n"
      "  - {name: disable, kind: disable-profile, population: importers, profile: DE-MNO, at: 15min}\n"
      "  - {name: delete, kind: delete-profile, population: importers, profile: DE-MNO, at: 20min}\n"
      "  - {name: audit, kind: audit-eis, population: importers, at: 25min}\n"
      "  - {name: hand-over, kind: smsr-change, population: importers, to: SM-SR-DE, at: 30min}\n";
  return twinsim::parse_scenario(text, "chip-euicc-record.yaml");
}

twinsim::SimTime at(double s) { return to_simtime(s); }

std::vector<std::string> actions(const pf::Chip& c) {
  std::vector<std::string> a;
  for (const pf::AuditEntry& e : c.audit()) a.push_back(pf::to_string(e.action));
  return a;
}

// The reports of the profile's life, each served within the second after it.
void profile_life(twinsim::ChipManagementRun& run, double from_s) {
  const std::vector<std::pair<std::uint16_t, std::optional<std::size_t>>> done = {
      {0, std::nullopt}, {1, 1}, {2, 0}, {3, std::nullopt}, {5, std::nullopt}};
  for (std::size_t i = 0; i < done.size(); ++i) {
    const double t = 300.0 * static_cast<double>(i + 1);
    if (t < from_s) continue;
    run.poll(at(t));
    EXPECT_TRUE(run.euicc_done(at(t), done[i].first, 0, done[i].second)) << "campaign " << done[i].first;
    run.poll(at(t + 2));
  }
}

TEST(ChipEuiccRecord, OneEuiccFromProductionToTheRecyclingOfADeletedProfilesNumber) {
  const twinsim::Scenario s = one_importer();
  twinsim::ChipManagementRun run(s, {0}, [](std::uint32_t) { return 10.0; });
  const std::string eid = twinsim::euicc_eid(0);
  ASSERT_NE(run.registry().chip(eid), nullptr);
  EXPECT_EQ(run.registry().chip(eid)->state(), pf::ChipState::Sold);  // before the run
  run.poll(at(10));  // its first power-on, served 1 s later
  run.poll(at(12));
  const pf::Chip& c = *run.registry().chip(eid);
  ASSERT_EQ(c.state(), pf::ChipState::Activated);
  // The number its enabled profile carries (euicc_factory.hpp: profile 0).
  EXPECT_EQ(c.imsi(), "460000000000000");
  EXPECT_EQ(c.msisdn(), twinsim::profile_msisdn(0, 0));
  EXPECT_TRUE(c.others().empty());  // the German profile is not installed
  EXPECT_EQ(c.pool(), "importers/CMCC");

  profile_life(run, 0);
  // A report that records nothing: an audit.
  EXPECT_FALSE(run.euicc_done(at(1600), 4, 0, std::nullopt));
  run.poll(at(3600));
  EXPECT_EQ(actions(c), (std::vector<std::string>{"Produce", "StockIn", "Ship", "Receive", "Ship", "Receive", "Mount",
                                                  "Ship", "Receive", "Integrate", "Sell", "Activate", "ProfileDownload",
                                                  "ProfileEnable", "ProfileEnable", "ProfileDelete", "SmSrChange"}));
  const std::string de_iccid = twinsim::printed_iccid(twinsim::profile_iccid(1, 0));
  const std::string de_msisdn = twinsim::profile_msisdn(1, 0);
  EXPECT_EQ(c.audit()[12].detail, "profile download: profile " + de_iccid +
                                      ", pool importers/DE-MNO, IMSI 262020000000000, MSISDN " + de_msisdn);
  EXPECT_EQ(c.audit()[12].at_ms, 301000u);  // served 1 s after the report
  EXPECT_EQ(c.audit()[13].detail, "profile " + de_iccid + " enabled: IMSI 460000000000000 -> 262020000000000, MSISDN " +
                                      c.msisdn() + " -> " + de_msisdn);
  EXPECT_EQ(c.audit()[14].detail, "profile " + twinsim::printed_iccid(twinsim::profile_iccid(0, 0)) +
                                      " enabled: IMSI 262020000000000 -> 460000000000000, MSISDN " + de_msisdn + " -> " +
                                      c.msisdn());
  EXPECT_EQ(c.audit()[15].detail, "profile " + de_iccid + " deleted: IMSI 262020000000000, MSISDN " + de_msisdn +
                                      " into quarantine");
  EXPECT_EQ(c.audit()[16].detail, "SM-SR SM-SR-CMCC -> SM-SR-DE");
  EXPECT_EQ(c.sm_sr(), "SM-SR-DE");
  EXPECT_EQ(c.state(), pf::ChipState::OtaWritten);
  EXPECT_EQ(c.imsi(), "460000000000000");
  EXPECT_TRUE(c.others().empty());
  // The deleted number back in its pool once its 5 min had passed.
  EXPECT_EQ(*run.registry().pool("importers/DE-MNO")->state_of("262020000000000").value, pf::NumberState::Free);
  const twinsim::ChipManagementCounters& n = run.counters();
  EXPECT_EQ(n.activated, 1u);
  EXPECT_EQ(n.profiles_downloaded, 1u);
  EXPECT_EQ(n.profiles_enabled, 2u);
  EXPECT_EQ(n.profiles_deleted, 1u);
  EXPECT_EQ(n.sm_sr_changes, 1u);
  EXPECT_EQ(n.recycled, 1u);
  EXPECT_EQ(n.failed, 0u);
  EXPECT_EQ(run.quarantined(), 0u);
}

TEST(ChipEuiccRecord, ADisableWithoutAFallBackProfileRecordsNothing) {
  const twinsim::Scenario s = one_importer();
  twinsim::ChipManagementRun run(s, {0}, [](std::uint32_t) { return 10.0; });
  run.poll(at(10));
  run.poll(at(12));
  EXPECT_FALSE(run.euicc_done(at(900), 2, 0, std::nullopt));  // no profile enabled in its place
  // A report before the activation was served waits for it.
  twinsim::ChipManagementRun late(s, {0}, [](std::uint32_t) { return 100.0; });
  EXPECT_TRUE(late.euicc_done(at(50), 0, 0, std::nullopt));
  late.poll(at(52));
  EXPECT_EQ(late.registry().chip(twinsim::euicc_eid(0))->state(), pf::ChipState::Sold);
  EXPECT_EQ(late.counters().retried, 1u);
  for (double t = 53; t <= 200; t += 1) late.poll(at(t));
  EXPECT_EQ(late.counters().profiles_downloaded, 1u);
  EXPECT_EQ(late.registry().chip(twinsim::euicc_eid(0))->state(), pf::ChipState::OtaWritten);
}

TEST(ChipEuiccRecord, SavedMidWayAndRestoredTheRunGoesOnAlike) {
  const twinsim::Scenario s = one_importer();
  for (const double stop_s : {300.5, 600.5, 1200.5, 1500.0}) {
    SCOPED_TRACE(stop_s);
    twinsim::ChipManagementRun original(s, {0}, [](std::uint32_t) { return 10.0; });
    original.poll(at(10));
    original.poll(at(12));
    // Up to the stop: the reports before it, the request of the one at the
    // stop's whole 5 min still in the server (stop_s ... .5) or in quarantine.
    for (std::uint16_t i = 0; i < 5; ++i) {
      const double t = 300.0 * (i + 1);
      if (t > stop_s) break;
      const std::vector<std::optional<std::size_t>> enabled = {std::nullopt, 1, 0, std::nullopt, std::nullopt};
      const std::uint16_t campaign = i == 4 ? 5 : i;
      original.poll(at(t));
      original.euicc_done(at(t), campaign, 0, enabled[i]);
      original.poll(at(stop_s));
    }
    twinsim::ChipManagementRun restored(s, {0}, [](std::uint32_t) { return 10.0; });
    restored.restore_state(original.save_state());
    EXPECT_EQ(restored.save_state(), original.save_state());
    profile_life(original, stop_s + 1);
    profile_life(restored, stop_s + 1);
    original.poll(at(3600));
    restored.poll(at(3600));
    EXPECT_EQ(restored.save_state(), original.save_state());
    EXPECT_EQ(restored.counters().profiles_deleted, 1u);
  }
}

TEST(ChipEuiccRecord, ALocalSwitchMakesItsProfilesNumberTheActiveOneAndIsSaved) {
  // The device's own switch (SGP.02 v3.1 emergency profile) as the SM-SR
  // learnt it: no campaign; its request saved in the server's queue.
  // (A switch to a profile the chip does not hold is refused: failed.)
  const twinsim::Scenario s = one_importer();
  twinsim::ChipManagementRun original(s, {0}, [](std::uint32_t) { return 10.0; });
  original.poll(at(10));
  original.poll(at(12));
  // The German profile downloaded (not enabled), then switched to locally.
  EXPECT_TRUE(original.euicc_done(at(300), 0, 0, std::nullopt));
  original.poll(at(302));
  EXPECT_TRUE(original.local_switch(at(400), 0, 1));
  twinsim::ChipManagementRun restored(s, {0}, [](std::uint32_t) { return 10.0; });
  restored.restore_state(original.save_state());
  EXPECT_EQ(restored.save_state(), original.save_state());
  for (twinsim::ChipManagementRun* run : {&original, &restored}) {
    run->poll(at(402));
    EXPECT_EQ(run->counters().profiles_enabled, 1u);
    EXPECT_EQ(run->counters().failed, 0u);
    const pf::Chip* chip = run->registry().chip(twinsim::euicc_eid(0));
    ASSERT_NE(chip, nullptr);
    // The German profile's number (profile 1: IMSI 26202 and the device).
    EXPECT_EQ(chip->imsi(), "262020000000000");
  }
  EXPECT_EQ(restored.save_state(), original.save_state());
}

TEST(ChipEuiccRecord, ALocalSwitchToAProfileTheChipDoesNotHoldIsRefused) {
  const twinsim::Scenario s = one_importer();
  twinsim::ChipManagementRun run(s, {0}, [](std::uint32_t) { return 10.0; });
  run.poll(at(10));
  run.poll(at(12));
  EXPECT_TRUE(run.local_switch(at(100), 0, 1));  // the German profile, never downloaded
  run.poll(at(102));
  EXPECT_EQ(run.counters().profiles_enabled, 0u);
  EXPECT_EQ(run.counters().failed, 1u);
  EXPECT_EQ(run.registry().chip(twinsim::euicc_eid(0))->imsi(), "460000000000000");  // China Mobile's still
}

}  // namespace test_chip_euicc_record
