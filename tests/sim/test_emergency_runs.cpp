// The device's local enable and disable of the emergency profile (GSMA
// SGP.02 v3.1 "Emergency Profile") in engine runs: the faults
// emergency-enable / emergency-disable (docs/SCENARIOS.md, "faults") hand
// each tracker's modem the LocalEmergencyProfile input at its time; after
// the SM-SR's set-emergency campaign every tracker switches to the
// emergency profile (REFRESH, attach with its IMSI, the eUICC's
// notification to the SM-SR, OneLink and chip management told) and back; without the
// attribute every tracker's eUICC refuses ('6A88'). A run repeats itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "cardcore/euicc/sgp02.hpp"
#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_emergency_runs {

using namespace twinsim::testing;
using twinmodels::modem::ModemEvent;
using twinsim::EventKind;
using twinsim::SmSrEvent;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }
std::uint8_t k(ModemEvent e) { return twinsim::modem_report_kind(static_cast<std::uint8_t>(e)); }

// 20 LTE-M trackers (China Mobile's profile enabled, a German operator's
// disabled) that stay awake (T3324 past the stop), OneLink following them;
// `campaigns` and `faults` as list items.
twinsim::Scenario trackers(const std::string& campaigns, const std::string& faults) {
  std::string text = "general: {name: emergency-runs, seed: 7, stop: 40min}\npopulations:\n" +
                     trackers_population(20, "1h", "3h") +
                     "engine: {multiplexers: 2}\n"
                     "platforms:\n  onelink: {populations: [trackers]}\n";
  if (!campaigns.empty()) text += "campaigns:\n" + campaigns;
  text += "faults:\n" + faults;
  return twinsim::parse_scenario(text, "emergency-runs.yaml");
}

const std::string kSetEmergency =
    "  - {name: emergency, kind: set-emergency, population: trackers, profile: DE-MNO, at: 5min, "
    "batch_size: 10, batch_interval: 1min}\n";
const std::string kEnableThenDisable =
    "  - {at: 15min, target: population:trackers, action: emergency-enable, over: 1min}\n"
    "  - {at: 25min, target: population:trackers, action: emergency-disable, over: 1min}\n";

std::map<std::uint32_t, std::vector<twinsim::testing::Row>> rows_by_device(const std::vector<Row>& rows) {
  std::map<std::uint32_t, std::vector<Row>> out;
  for (const Row& r : rows) out[r.device].push_back(r);
  return out;
}

TEST(EmergencyRuns, EveryTrackerSwitchesToTheEmergencyProfileAndBack) {
  const Outcome r = run(trackers(kSetEmergency, kEnableThenDisable), "emergency-switch");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 20);
  EXPECT_EQ(m.at("refreshes"), 40);  // the enable's and the disable's
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("auth_rejects"), 0);
  EXPECT_EQ(m.at("devices_registered"), 20);
  EXPECT_EQ(m.at("smsr.notifications"), 40);
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
  namespace note = cardcore::euicc::notification;
  ASSERT_EQ(rows_by_device(r.events).size(), 20u);
  for (const auto& [device, rows] : rows_by_device(r.events)) {
    // In order: the local enable, its REFRESH, the attach (the MME knew
    // the emergency profile's IMSI), the registration, the notification;
    // then the same for the disable.
    auto at = rows.begin();
    for (const ModemEvent switched : {ModemEvent::EmergencyProfileEnabled, ModemEvent::EmergencyProfileDisabled}) {
      const std::uint8_t type = switched == ModemEvent::EmergencyProfileEnabled ? note::kEmergencyProfileEnabled
                                                                                : note::kEmergencyProfileDisabled;
      at = std::find_if(at, rows.end(), [&](const Row& x) { return x.kind == k(switched); });
      ASSERT_NE(at, rows.end()) << "device " << device;
      EXPECT_GE(at->t, switched == ModemEvent::EmergencyProfileEnabled ? 900 : 1500);
      EXPECT_LE(at->t, switched == ModemEvent::EmergencyProfileEnabled ? 960 : 1560);
      for (const std::uint8_t next : {k(ModemEvent::Refresh), k(EventKind::AttachRequest), k(ModemEvent::Registered)}) {
        at = std::find_if(at, rows.end(), [&](const Row& x) { return x.kind == next; });
        ASSERT_NE(at, rows.end()) << "device " << device << " kind " << int(next);
      }
      at = std::find_if(at, rows.end(), [&](const Row& x) { return x.kind == twinsim::smsr_event_kind(SmSrEvent::Notification); });
      ASSERT_NE(at, rows.end()) << "device " << device;
      EXPECT_EQ(at->value, type);
    }
    EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const Row& x) { return x.kind == k(ModemEvent::EmergencyProfileRefused); }), 0);
  }
}

TEST(EmergencyRuns, ChipManagementRecordsEachLocalSwitch) {
  // The same switches with chip management following the trackers: each
  // eUICC notification of a local switch (SGP.02 v3.1) makes the
  // emergency profile's number, then China Mobile's again, the active one.
  twinsim::Scenario s = trackers(kSetEmergency, kEnableThenDisable);
  s = twinsim::parse_scenario(s.text.substr(0, s.text.find("campaigns:")) +
                                  "  chip_management: {populations: [trackers], workers: 2, service_time: 100ms}\n" +
                                  s.text.substr(s.text.find("campaigns:")),
                              "emergency-chips.yaml");
  const Outcome r = run(s, "emergency-chips");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.notifications"), 40);
  EXPECT_EQ(m.at("chip.activated"), 20);
  EXPECT_EQ(m.at("chip.profiles_enabled"), 40);
  EXPECT_EQ(m.at("chip.failed"), 0);
  // The set-emergency campaign changes no number.
  EXPECT_EQ(m.at("chip.profiles_downloaded"), 0);
}

TEST(EmergencyRuns, WithoutTheAttributeEveryTrackerRefuses) {
  const Outcome r = run(trackers("", "  - {at: 15min, target: population:trackers, action: emergency-enable, over: 1min}\n"),
                        "emergency-refused");
  EXPECT_EQ(r.metrics.at("refreshes"), 0);
  EXPECT_EQ(r.metrics.at("devices_registered"), 20);
  EXPECT_EQ(count_of(r.events, k(ModemEvent::EmergencyProfileEnabled)), 0u);
  std::size_t refused = 0;
  for (const Row& x : r.events) {
    if (x.kind != k(ModemEvent::EmergencyProfileRefused)) continue;
    ++refused;
    EXPECT_EQ(x.value, 0x6A88);  // no emergency profile
  }
  EXPECT_EQ(refused, 20u);
}

TEST(EmergencyRuns, ADeviceTargetHitsThatDeviceAlone) {
  const Outcome r = run(trackers(kSetEmergency, "  - {at: 15min, target: device:3, action: emergency-enable}\n"),
                        "emergency-device");
  EXPECT_EQ(r.metrics.at("refreshes"), 1);
  // It stays on the emergency profile: OneLink, told by the SM-SR, expects
  // it there and finds it online.
  EXPECT_EQ(r.metrics.at("onelink.wrong_profile"), 0);
  EXPECT_EQ(r.metrics.at("onelink.not_offline"), 20);
  ASSERT_EQ(count_of(r.events, k(ModemEvent::EmergencyProfileEnabled)), 1u);
  for (const Row& x : r.events) {
    if (x.kind == k(ModemEvent::EmergencyProfileEnabled)) {
      EXPECT_EQ(x.device, 3u);
      EXPECT_GE(x.t, 900);  // at its time, plus the card exchanges'
      EXPECT_LT(x.t, 901);
    }
  }
}

TEST(EmergencyRuns, ARunRepeatsItself) {
  const twinsim::Scenario s = trackers(kSetEmergency, kEnableThenDisable);
  expect_same_outcome(run(s, "emergency-a"), run(s, "emergency-b"));
}

}  // namespace test_emergency_runs
