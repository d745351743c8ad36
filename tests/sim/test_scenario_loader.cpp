// Scenario files: the shipped scenarios load with the values written in them,
// omitted keys take their documented defaults, every unit form reads right,
// and every kind of broken file fails with "<file>:<line>:<col>: <path>: ...".
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "twinsim/scenario/expectation.hpp"
#include "twinsim/scenario/scenario.hpp"
#include "twinsim/scenario/spelling.hpp"
#include "twinsim/scenario/units.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_loader {

using twinsim::Scenario;
using twinsim::ScenarioError;

const std::string kSource = ESIMTWIN_SOURCE_DIR;

// The smallest valid scenario; tests append to or alter it.
const std::string kMinimal =
    "general:\n"
    "  stop: 1h\n"
    "populations:\n"
    "  - name: meters\n"
    "    count: 10\n";

using twinsim::testing::BrokenCase;
using twinsim::testing::error_of;
using twinsim::testing::ScenarioErrors;

TEST(ScenarioFiles, SmokeHasTheValuesWritten) {
  const Scenario s = twinsim::load_scenario(kSource + "/scenarios/smoke.yaml");
  EXPECT_EQ(s.source, kSource + "/scenarios/smoke.yaml");
  EXPECT_EQ(s.general.name, "smoke");
  EXPECT_EQ(s.general.seed, 42u);
  EXPECT_EQ(s.general.stop_s, 1800);
  EXPECT_EQ(s.device_count(), 200u);
  ASSERT_EQ(s.populations.size(), 1u);
  const auto& p = s.populations[0];
  EXPECT_EQ(p.name, "meters");
  EXPECT_EQ(p.modem, twinsim::ModemProfile::NbIot);
  EXPECT_EQ(p.grade, twinsim::CardGrade::Industrial);
  EXPECT_EQ(p.start.profile, twinsim::StartProfile::Uniform);
  EXPECT_EQ(p.start.over_s, 120);
  EXPECT_EQ(p.activity.period_s, 300);
  EXPECT_EQ(p.activity.jitter_s, 30);
  EXPECT_EQ(s.trace_devices, (std::vector<std::uint64_t>{0, 1}));
  ASSERT_EQ(s.expectations.size(), 4u);
  EXPECT_EQ(s.expectations[0].metric, "devices_attached");
  EXPECT_EQ(s.expectations[0].op, "==");
  EXPECT_EQ(s.expectations[0].value, 1);  // scale-free: "devices_attached == devices"
  EXPECT_EQ(s.expectations[0].rhs_metric, "devices");
  // The run file stores the text; a test cuts it at "expectations:".
  std::ifstream in(kSource + "/scenarios/smoke.yaml", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(s.text, text);
  EXPECT_EQ(s.expectations[0].line,
            static_cast<int>(std::count(text.begin(), text.begin() + text.find("- \"devices_attached"), '\n')) + 1);
}

TEST(ScenarioFiles, Attach10kHasTheValuesWritten) {
  const Scenario s = twinsim::load_scenario(kSource + "/scenarios/attach-10k.yaml");
  EXPECT_EQ(s.general.name, "attach-10k");
  EXPECT_EQ(s.general.seed, 42u);
  EXPECT_EQ(s.general.stop_s, 3 * 3600);
  EXPECT_EQ(s.general.time_unit, "s");
  ASSERT_EQ(s.populations.size(), 1u);
  const auto& p = s.populations[0];
  EXPECT_EQ(p.count, 10000u);
  EXPECT_EQ(p.card, "domestic");
  EXPECT_EQ(p.profile, "profiles/cmcc-domestic-usim.prof");
  EXPECT_EQ(p.grade, twinsim::CardGrade::Industrial);
  EXPECT_EQ(p.form, twinsim::CardForm::Patch5x6);
  EXPECT_EQ(p.modem, twinsim::ModemProfile::NbIot);
  EXPECT_EQ(p.region, "cn-north");
  EXPECT_EQ(p.imsi_prefix, "46004");
  EXPECT_EQ(p.start.profile, twinsim::StartProfile::Uniform);
  EXPECT_EQ(p.start.at_s, 0);
  EXPECT_EQ(p.start.over_s, 600);
  EXPECT_EQ(p.activity.period_s, 3600);
  EXPECT_EQ(p.activity.jitter_s, 300);
  EXPECT_EQ(s.hss.host, "hss");
  EXPECT_EQ(s.hss.speed_flops, 1e9);
  EXPECT_EQ(s.hss.cores, 4);
  EXPECT_EQ(s.hss.flops_per_vector, 2e5);
  EXPECT_EQ(s.hss.flops_per_resync, 2e5);
  EXPECT_EQ(s.hss.queue_limit, 100000u);
  EXPECT_DOUBLE_EQ(s.network.core_latency_s, 0.005);
  EXPECT_EQ(s.network.core_bandwidth_Bps, 100e6);
  EXPECT_DOUBLE_EQ(s.network.batch_window_s, 0.01);
  EXPECT_EQ(s.network.request_bytes, 200);
  EXPECT_EQ(s.network.report_bytes, 2000);  // platform_links.hpp
  EXPECT_EQ(s.network.smpp_bytes, 240);
  const twinsim::Scenario sized =
      twinsim::parse_scenario(kMinimal + std::string("network: {report_size: 3kB, smpp_size: 300B}\n"), "t.yaml");
  EXPECT_EQ(sized.network.report_bytes, 3000);
  EXPECT_EQ(sized.network.smpp_bytes, 300);
  EXPECT_EQ(s.network.retry_backoff_s, 5);
  EXPECT_EQ(s.network.hss_answer_timeout_s, 10);  // RFC 4006 §13's Tx
  EXPECT_EQ(twinsim::parse_scenario(kMinimal + std::string("network: {hss_answer_timeout: 4s}\n"), "t.yaml")
                .network.hss_answer_timeout_s,
            4);
  EXPECT_EQ(s.engine.multiplexers, 2);
  EXPECT_EQ(s.trace_devices, (std::vector<std::uint64_t>{0, 9999}));
  ASSERT_EQ(s.expectations.size(), 4u);
  EXPECT_EQ(s.expectations[0].metric, "attach_success_ratio");
  EXPECT_EQ(s.expectations[0].op, ">=");
  EXPECT_DOUBLE_EQ(s.expectations[0].value, 0.999);
}

TEST(ScenarioFiles, Attach100kHasTwoPopulations) {
  const Scenario s = twinsim::load_scenario(kSource + "/scenarios/attach-100k.yaml");
  EXPECT_EQ(s.general.stop_s, 7200);
  EXPECT_EQ(s.device_count(), 100000u);
  ASSERT_EQ(s.populations.size(), 2u);
  EXPECT_EQ(s.populations[0].name, "meters");
  EXPECT_EQ(s.populations[0].modem, twinsim::ModemProfile::NbIot);
  EXPECT_EQ(s.populations[0].grade, twinsim::CardGrade::Industrial);
  EXPECT_EQ(s.populations[1].name, "trackers");
  EXPECT_EQ(s.populations[1].modem, twinsim::ModemProfile::LteM);
  EXPECT_EQ(s.populations[1].grade, twinsim::CardGrade::Consumer);
  EXPECT_EQ(s.populations[1].form, twinsim::CardForm::EsimChip);
  EXPECT_EQ(s.populations[1].start.profile, twinsim::StartProfile::Exponential);
  EXPECT_EQ(s.populations[1].start.at_s, 60);
  EXPECT_EQ(s.populations[1].start.over_s, 900);
  EXPECT_EQ(s.engine.multiplexers, 4);
  EXPECT_EQ(s.hss.speed_flops, 1e9);  // written keys change, others keep their defaults
}

TEST(ScenarioLoader, OmittedKeysTakeTheirDefaults) {
  const Scenario s = twinsim::parse_scenario(kMinimal, "dir/minimal.yaml");
  EXPECT_EQ(s.source, "dir/minimal.yaml");
  EXPECT_EQ(s.text, kMinimal);
  EXPECT_EQ(s.general.name, "minimal");  // the file's name
  EXPECT_EQ(s.general.seed, 1u);
  EXPECT_EQ(s.general.stop_s, 3600);
  EXPECT_EQ(s.general.time_unit, "s");
  const auto& p = s.populations.at(0);
  EXPECT_EQ(p.card, "domestic");
  EXPECT_EQ(p.profile, "profiles/cmcc-domestic-usim.prof");
  EXPECT_EQ(p.grade, twinsim::CardGrade::Consumer);
  EXPECT_EQ(p.form, twinsim::CardForm::Patch5x6);
  EXPECT_EQ(p.modem, twinsim::ModemProfile::NbIot);
  EXPECT_EQ(p.region, "");
  EXPECT_EQ(p.imsi_prefix, "46004");
  EXPECT_EQ(p.start.profile, twinsim::StartProfile::Uniform);
  EXPECT_EQ(p.start.at_s, 0);
  EXPECT_EQ(p.start.over_s, 0);
  EXPECT_EQ(p.activity.period_s, 3600);
  EXPECT_EQ(p.activity.jitter_s, 0);
  const twinsim::HssSpec hss;
  EXPECT_EQ(s.hss.host, hss.host);
  EXPECT_EQ(s.hss.speed_flops, hss.speed_flops);
  EXPECT_EQ(s.hss.cores, hss.cores);
  EXPECT_EQ(s.hss.queue_limit, hss.queue_limit);
  EXPECT_EQ(s.network.batch_window_s, twinsim::NetworkSpec{}.batch_window_s);
  EXPECT_EQ(s.engine.multiplexers, 2);
  EXPECT_TRUE(s.trace_devices.empty());
  EXPECT_TRUE(s.expectations.empty());
}

TEST(ScenarioLoader, EverySectionAndFormReads) {
  const Scenario s = twinsim::parse_scenario(
      "general: {name: x.y_z-1, seed: 18446744073709551615, stop: 1.5d, time_unit: s}\n"
      "populations:\n"
      "  - {name: a, count: 3, modem: gsm, grade: automotive-1, form: patch-2x2, imsi_prefix: '460041',\n"
      "     start: {profile: at-once, at: 90s}, profile: /tmp/p.prof}\n"
      "  - {name: b, count: 4294967292, modem: lte-cat1, grade: automotive-2, form: esim-chip,\n"
      "     start: {profile: exponential, over: 250ms}, activity: {period: 2min, jitter: 119.5s}}\n"
      "trace: {devices: [4294967294]}\n"
      "expectations: [events>0, 'hss.max_queue <= 1e5', ' max_erase_count < +10 ', 'sync_failures == -0.5']\n",
      "t.yaml");
  EXPECT_EQ(s.general.seed, 18446744073709551615ull);
  EXPECT_EQ(s.general.stop_s, 1.5 * 86400);
  EXPECT_EQ(s.device_count(), 4294967295ull);
  EXPECT_EQ(s.populations[0].start.profile, twinsim::StartProfile::AtOnce);
  EXPECT_EQ(s.populations[0].start.at_s, 90);
  EXPECT_EQ(s.populations[0].profile, "/tmp/p.prof");
  EXPECT_EQ(s.populations[0].imsi_prefix, "460041");
  EXPECT_EQ(s.populations[0].grade, twinsim::CardGrade::Automotive1);
  EXPECT_EQ(s.populations[1].grade, twinsim::CardGrade::Automotive2);
  EXPECT_EQ(s.populations[0].form, twinsim::CardForm::Patch2x2);
  EXPECT_EQ(s.populations[0].modem, twinsim::ModemProfile::Gsm);
  EXPECT_EQ(s.populations[1].modem, twinsim::ModemProfile::LteCat1);
  EXPECT_EQ(s.populations[1].start.over_s, 0.25);
  EXPECT_EQ(s.populations[1].activity.jitter_s, 119.5);
  ASSERT_EQ(s.expectations.size(), 4u);
  EXPECT_EQ(s.expectations[0].metric, "events");
  EXPECT_EQ(s.expectations[0].op, ">");
  EXPECT_EQ(s.expectations[1].value, 1e5);
  EXPECT_EQ(s.expectations[2].op, "<");
  EXPECT_EQ(s.expectations[2].value, 10);
  EXPECT_EQ(s.expectations[3].value, -0.5);
  EXPECT_EQ(s.expectations[3].line, 8);
}

TEST(ScenarioLoader, DocumentMarkersAroundOneDocumentAreAccepted) {
  EXPECT_EQ(twinsim::parse_scenario("---\n" + kMinimal + "...\n", "t.yaml").device_count(), 10u);
  EXPECT_EQ(twinsim::parse_scenario(kMinimal + "---\n", "t.yaml").device_count(), 10u);
}

TEST(ScenarioLoader, FaultsReadAsWritten) {
  const Scenario s = twinsim::parse_scenario(kMinimal +
                                                 "  - name: cars\n"
                                                 "    count: 5\n"
                                                 "faults:\n"
                                                 "  - {at: 10min, target: hss, action: outage, for: 2min}\n"
                                                 "  - {at: 20min, target: hss, action: degrade, cores: 1}\n"
                                                 "  - {at: 30min, target: hss, action: restore-backup, backup_at: 5min}\n"
                                                 "  - {at: 1min, target: core-1, action: degrade, bandwidth: 10kBps, for: 1h}\n"
                                                 "  - {at: 2min, target: core, action: degrade, bandwidth: 1MBps}\n"
                                                 "  - {at: 3min, target: population:cars, action: power-cycle, over: 1min}\n"
                                                 "  - {at: 4min, target: device:12, action: power-loss, restart: 30s}\n"
                                                 "  - {at: 5min, target: population:cars, action: brown-out, over: 20s}\n"
                                                 "  - {at: 6min, target: hss, action: crash, restart: 90s}\n"
                                                 "  - {at: 7min, target: core-1, action: delay, latency: 2s, for: 5min}\n",
                                             "t.yaml");
  using twinsim::FaultAction;
  using twinsim::FaultTarget;
  ASSERT_EQ(s.faults.size(), 10u);
  EXPECT_EQ(s.faults[0].target, FaultTarget::Hss);
  EXPECT_EQ(s.faults[0].action, FaultAction::Outage);
  EXPECT_EQ(s.faults[0].at_s, 600);
  EXPECT_EQ(s.faults[0].end_s(), 720);
  EXPECT_EQ(s.faults[0].line, 9);
  EXPECT_EQ(s.faults[1].cores, 1);
  EXPECT_GT(s.faults[1].end_s(), 1e299);  // no `for`: to the end of the run
  EXPECT_EQ(s.faults[2].action, FaultAction::RestoreBackup);
  EXPECT_EQ(s.faults[2].backup_at_s, 300);
  EXPECT_EQ(s.faults[3].target, FaultTarget::CoreLinks);
  EXPECT_EQ(s.faults[3].link, 1);
  EXPECT_EQ(s.faults[3].bandwidth_Bps, 1e4);
  EXPECT_EQ(s.faults[4].link, -1);
  EXPECT_EQ(s.faults[4].bandwidth_Bps, 1e6);
  EXPECT_EQ(s.faults[5].target, FaultTarget::Population);
  EXPECT_EQ(s.faults[5].population, 1);
  EXPECT_EQ(s.faults[5].over_s, 60);
  EXPECT_EQ(s.faults[6].target, FaultTarget::Device);
  EXPECT_EQ(s.faults[6].device, 12u);
  EXPECT_EQ(s.faults[6].restart_s, 30);
  EXPECT_EQ(s.faults[7].action, FaultAction::BrownOut);
  EXPECT_EQ(s.faults[7].over_s, 20);
  EXPECT_EQ(s.faults[8].target, FaultTarget::Hss);
  EXPECT_EQ(s.faults[8].action, FaultAction::Crash);
  EXPECT_EQ(s.faults[8].restart_s, 90);
  EXPECT_EQ(s.faults[9].action, FaultAction::Delay);
  EXPECT_EQ(s.faults[9].link, 1);
  EXPECT_EQ(s.faults[9].latency_s, 2);
  EXPECT_EQ(s.faults[9].end_s(), 720);
}

TEST(ScenarioUnits, EveryUnitForm) {
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("500ms"), 0.5);
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("2s"), 2);
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("10min"), 600);
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("1.5h"), 5400);
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("2d"), 172800);
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("0s"), 0);
  EXPECT_DOUBLE_EQ(twinsim::parse_duration("30 min"), 1800);  // a blank between is allowed
  EXPECT_DOUBLE_EQ(twinsim::parse_flops("7f"), 7);
  EXPECT_DOUBLE_EQ(twinsim::parse_flops("200kf"), 2e5);
  EXPECT_DOUBLE_EQ(twinsim::parse_flops("2.5Mf"), 2.5e6);
  EXPECT_DOUBLE_EQ(twinsim::parse_flops("1Gf"), 1e9);
  EXPECT_DOUBLE_EQ(twinsim::parse_bandwidth("9Bps"), 9);
  EXPECT_DOUBLE_EQ(twinsim::parse_bandwidth("125kBps"), 125e3);
  EXPECT_DOUBLE_EQ(twinsim::parse_bandwidth("100MBps"), 1e8);
  EXPECT_DOUBLE_EQ(twinsim::parse_bandwidth("10GBps"), 1e10);
  EXPECT_DOUBLE_EQ(twinsim::parse_size("200B"), 200);
  EXPECT_DOUBLE_EQ(twinsim::parse_size("1.5kB"), 1500);
  EXPECT_DOUBLE_EQ(twinsim::parse_size("2MB"), 2e6);
}

TEST(ScenarioUnits, BadQuantitiesSayWhatIsWrong) {
  struct Case {
    std::string text;
    double (*parse)(const std::string&);
    std::string message;
  };
  const Case cases[] = {
      {"30", twinsim::parse_duration, "'30': a duration needs a unit: ms, s, min, h or d"},
      {"-5s", twinsim::parse_duration, "'-5s': a duration cannot be negative"},
      {"5m", twinsim::parse_duration, "'5m': unknown unit 'm'; a duration takes ms, s, min, h or d"},
      {"h", twinsim::parse_duration, "'h': expected a duration: a number and a unit"},
      {"1.s", twinsim::parse_duration, "'1.s': expected a duration"},
      {"1e3s", twinsim::parse_duration, "unknown unit 'e3s'"},
      {"5GF", twinsim::parse_flops, "unknown unit 'GF'; a flop count takes f, kf, Mf or Gf"},
      {"10Mbps", twinsim::parse_bandwidth, "unknown unit 'Mbps'; a bandwidth takes Bps, kBps, MBps or GBps"},
      {"1TB", twinsim::parse_size, "unknown unit 'TB'; a size takes B, kB, MB or GB"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    try {
      c.parse(c.text);
      ADD_FAILURE() << "no error";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(ScenarioLoader, SuggestsTheNearestWord) {
  EXPECT_EQ(twinsim::edit_distance("cuont", "count"), 1u);
  EXPECT_EQ(twinsim::edit_distance("", "abc"), 3u);
  EXPECT_EQ(twinsim::closest_word("jiter", {"period", "jitter"}), "jitter");
  EXPECT_EQ(twinsim::closest_word("xy", {"at", "over"}), std::nullopt);
  EXPECT_EQ(twinsim::closest_word("platform", {"platforms", "populations"}), "platforms");
}

TEST(ScenarioLoader, UnreadableFilesNameTheirPath) {
  for (const std::string& path : {std::string("/nonexistent/s.yaml"), kSource + "/scenarios"}) {
    SCOPED_TRACE(path);
    try {
      twinsim::load_scenario(path);
      ADD_FAILURE() << "no error";
    } catch (const ScenarioError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot read the scenario: ", 0), 0u) << e.what();
    }
  }
}

// Each row: a broken scenario and the start of its message, which names the
// file, the line and column (1-based) and the key path, then the wording
// (scenario_errors.hpp; other suites add rows of their own).
TEST_P(ScenarioErrors, MessageNamesPlaceKeyAndProblem) {
  const std::string got = error_of(GetParam().text);
  EXPECT_EQ(got.substr(0, GetParam().message.size()), GetParam().message) << got;
}

const std::string kPop = "populations:\n  - name: meters\n    count: 10\n";
const std::string kGen = "general:\n  stop: 1h\n";

INSTANTIATE_TEST_SUITE_P(
    ScenarioBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"SyntaxError", "general:\n  stop: [1h\n", "t.yaml:3:1: YAML syntax: end of sequence flow not found"},
        BrokenCase{"BadIndentation", "general:\n  stop: 1h\n   seed: 3\n",
                   "t.yaml:3:8: YAML syntax: illegal map value"},
        BrokenCase{"TabIndentation", "general:\n\tstop: 1h\n",
                   "t.yaml:2:6: YAML syntax: illegal map value (this line is indented with a tab; YAML indents with "
                   "spaces)"},
        BrokenCase{"EmptyFile", "# nothing\n", "t.yaml:1:1: top level: the file holds no scenario"},
        // Found by fuzz/fuzz_scenario: yaml-cpp 0.7.0's LoadAll repeated an
        // empty document until the memory ran out (scenario_loader.cpp).
        BrokenCase{"StrayCommaBeforeABlock", ",\n  - x\n",
                   "t.yaml:1:1: YAML syntax: the YAML parser cannot read on from here (a ',' outside [ ] or { }?)"},
        BrokenCase{"StrayCommaBeforeTheScenario", ",\n" + kGen + kPop,
                   "t.yaml:1:1: YAML syntax: the YAML parser cannot read on from here (a ',' outside [ ] or { }?)"},
        // Found by fuzz/fuzz_scenario: a NUL in a key ended what() there
        // (yaml-cpp reads a NUL byte and '0' as the escape \0, a NUL).
        BrokenCase{"ControlCharactersOfAKeyAreEscaped", kGen + kPop + std::string("pl\x01" "a\tt: 1\n", 10),
                   "t.yaml:6:1: pl\\x01a\\x09t: unknown key"},
        BrokenCase{"ANulInAKeyIsEscaped", kGen + kPop + std::string("pl\0" "0t: 1\n", 8),
                   "t.yaml:6:1: pl\\x00t: unknown key (known here: general"},
        BrokenCase{"TopLevelList", "- general\n",
                   "t.yaml:1:1: top level: expected a map of keys (general, populations"},
        BrokenCase{"SecondDocument", kGen + kPop + "---\nx: 1\n",
                   "t.yaml:7:1: top level: a scenario is one YAML document"},
        BrokenCase{"UnknownTopKeySuggests", kGen + kPop + "platfroms: {}\n",
                   "t.yaml:6:1: platfroms: unknown key; did you mean 'platforms'?"},
        BrokenCase{"UnknownKeyListsKnown", kGen + kPop + "colour: red\n",
                   "t.yaml:6:1: colour: unknown key (known here: general, populations, platforms, network, engine, "
                   "campaigns, trace, expectations, faults, wear)"},
        BrokenCase{"UnknownNestedKeySuggests", kGen + kPop + "    cuont: 3\n",
                   "t.yaml:6:5: populations[0].cuont: unknown key; did you mean 'count'?"},
        BrokenCase{"FaultUnknownTarget", kGen + kPop + "faults:\n  - {at: 1min, target: mme, action: outage}\n",
                   "t.yaml:7:24: faults[0].target: unknown fault target 'mme' (allowed: hss, write-module, smsc, chip-management, onelink, onenet, sm-sr, sm-sr:<id>, sm-dp, sm-dp:<id>, mno:<operator>, core, core-<m>, "
                   "link:<name>, population:<name>, region:<label>, device:<n>)"},
        BrokenCase{"FaultActionForTheTarget", kGen + kPop + "faults:\n  - {at: 1min, target: core, action: outage}\n",
                   "t.yaml:7:38: faults[0].action: unknown action for a link 'outage' (allowed: degrade, loss, down, delay)"},
        BrokenCase{"FaultKeyOfAnotherAction",
                   kGen + kPop + "faults:\n  - {at: 1min, target: hss, action: outage, cores: 2}\n",
                   "t.yaml:7:52: faults[0].cores: does not apply to the action 'outage' (its keys: for)"},
        BrokenCase{"FaultNoSuchPopulation",
                   kGen + kPop + "faults:\n  - {at: 1min, target: \"population:cars\", action: power-cycle}\n",
                   "t.yaml:7:24: faults[0].target: no population named 'cars' (the populations: meters)"},
        BrokenCase{"BrownOutTakesNoRestart",
                   kGen + kPop + "faults:\n  - {at: 1min, target: device:1, action: brown-out, restart: 5s}\n",
                   "t.yaml:7:62: faults[0].restart: does not apply to the action 'brown-out' (its keys: over)"},
        BrokenCase{"FaultNoSuchDevice", kGen + kPop + "faults:\n  - {at: 1min, target: device:10, action: power-loss}\n",
                   "t.yaml:7:24: faults[0].target: device 10 does not exist: the populations have 10 devices"},
        BrokenCase{"FaultNoSuchLink", kGen + kPop + "faults:\n  - {at: 1min, target: core-2, action: degrade, bandwidth: 1kBps}\n",
                   "t.yaml:7:24: faults[0].target: 'core-2': the core links are core-0 to core-1 (one per "
                   "multiplexer), or 'core' for all"},
        BrokenCase{"FaultDegradeHssNeedsCores", kGen + kPop + "faults:\n  - {at: 1min, target: hss, action: degrade}\n",
                   "t.yaml:7:5: faults[0]: degrading the HSS needs `cores`: how many of its 4 keep working"},
        BrokenCase{"FaultTooManyCores",
                   kGen + kPop + "faults:\n  - {at: 1min, target: hss, action: degrade, cores: 5}\n",
                   "t.yaml:7:53: faults[0].cores: expected a whole number from 1 to 4, found 5"},
        BrokenCase{"FaultDegradeLinkNeedsAValue", kGen + kPop + "faults:\n  - {at: 1min, target: core, action: degrade}\n",
                   "t.yaml:7:5: faults[0]: degrading a link needs `bandwidth`"},
        BrokenCase{"FaultDegradeTakesNoLatency",
                   kGen + kPop + "faults:\n  - {at: 1min, target: core, action: degrade, latency: 1s}\n",
                   "t.yaml:7:56: faults[0].latency: does not apply to the action 'degrade' (its keys: for, bandwidth)"},
        BrokenCase{"FaultDelayNeedsLatency", kGen + kPop + "faults:\n  - {at: 1min, target: core, action: delay}\n",
                   "t.yaml:7:5: faults[0].latency: required key is missing"},
        BrokenCase{"FaultDelayOfZero", kGen + kPop + "faults:\n  - {at: 1min, target: core, action: delay, latency: 0s}\n",
                   "t.yaml:7:54: faults[0].latency: a delay of 0s changes nothing"},
        BrokenCase{"FaultDelayTimesOut", kGen + kPop + "faults:\n  - {at: 1min, target: core, action: delay, latency: 8s}\n",
                   "t.yaml:7:54: faults[0].latency: a round trip 8s later each way reaches network.request_timeout (15s): "
                   "every request would time out; model that as `down`"},
        BrokenCase{"FaultBackupAfterRestore",
                   kGen + kPop + "faults:\n  - {at: 1min, target: hss, action: restore-backup, backup_at: 2min}\n",
                   "t.yaml:7:64: faults[0].backup_at: the backup must be older than the restore (at 1min)"},
        BrokenCase{"FaultMissingAt", kGen + kPop + "faults:\n  - {target: hss, action: outage}\n",
                   "t.yaml:7:5: faults[0].at: required key is missing"},
        BrokenCase{"FaultRestartZero",
                   kGen + kPop + "faults:\n  - {at: 1min, target: device:1, action: power-loss, restart: 0s}\n",
                   "t.yaml:7:63: faults[0].restart: a device needs some time to power up again: above 0s, found 0s"},
        BrokenCase{"FaultLossNeedsLoss", kGen + kPop + "faults:\n  - {at: 1min, target: core, action: loss, for: 1min}\n",
                   "t.yaml:7:5: faults[0].loss: required key is missing"},
        BrokenCase{"FaultLossOfOneIsDown",
                   kGen + kPop + "faults:\n  - {at: 1min, target: core, action: loss, loss: 1}\n",
                   "t.yaml:7:50: faults[0].loss: expected a probability from 0 to below 1 (e.g. 0.01), found '1'"},
        BrokenCase{"FaultDownTakesNoLoss",
                   kGen + kPop + "faults:\n  - {at: 1min, target: core, action: down, loss: 0.5}\n",
                   "t.yaml:7:50: faults[0].loss: does not apply to the action 'down' (its keys: for)"},
        BrokenCase{"FaultTheHssDoesNotSkew",
                   kGen + kPop + "faults:\n  - {at: 1min, target: hss, action: clock-skew, skew: 1min}\n",
                   "t.yaml:7:37: faults[0].action: unknown action for the HSS 'clock-skew' (allowed: outage, degrade, restore-backup, crash)"},
        BrokenCase{"FaultHssCrashNeedsRestart", kGen + kPop + "faults:\n  - {at: 1min, target: hss, action: crash}\n",
                   "t.yaml:7:5: faults[0].restart: required key is missing"},
        BrokenCase{"FaultCrashNeedsRestart",
                   kGen + "populations:\n  - {name: meters, count: 10, device_model: modem}\n"
                   "platforms:\n  chip_management: {populations: [meters]}\n"
                   "faults:\n  - {at: 1min, target: chip-management, action: crash}\n",
                   "t.yaml:8:5: faults[0].restart: required key is missing"},
        BrokenCase{"FaultCrashRestartZero",
                   kGen + "populations:\n  - {name: meters, count: 10, device_model: modem}\n"
                   "platforms:\n  chip_management: {populations: [meters]}\n"
                   "faults:\n  - {at: 1min, target: chip-management, action: crash, restart: 0s}\n",
                   "t.yaml:8:65: faults[0].restart: a platform needs some time to restart: above 0s, found 0s"},
        BrokenCase{"DuplicateKey", "general:\n  stop: 1h\n  stop: 2h\n" + kPop,
                   "t.yaml:3:3: general.stop: written twice (first at line 2)"},
        BrokenCase{"MissingStop", "general:\n  seed: 1\n" + kPop, "t.yaml:2:3: general.stop: required key is missing"},
        BrokenCase{"MissingGeneral", kPop, "t.yaml:1:1: general.stop: required key is missing"},
        BrokenCase{"MissingPopulations", kGen, "t.yaml:1:1: populations: required key is missing"},
        BrokenCase{"MissingName", kGen + "populations:\n  - count: 10\n",
                   "t.yaml:4:5: populations[0].name: required key is missing"},
        BrokenCase{"MissingCount", kGen + "populations:\n  - name: a\n",
                   "t.yaml:4:5: populations[0].count: required key is missing"},
        BrokenCase{"EmptyPopulations", kGen + "populations: []\n",
                   "t.yaml:3:14: populations: needs at least one population"},
        BrokenCase{"ListWhereMapExpected", kGen + kPop + "platforms:\n  hss: [1, 2]\n",
                   "t.yaml:7:8: platforms.hss: expected a map of keys (host, speed, cores"},
        BrokenCase{"MapWhereListExpected", kGen + "populations: {name: a}\n",
                   "t.yaml:3:14: populations: expected a list, found a map"},
        BrokenCase{"TextWhereNumberExpected", kGen + "populations:\n  - name: a\n    count: many\n",
                   "t.yaml:5:12: populations[0].count: expected a whole number from 1 to 4294967295, found 'many'"},
        BrokenCase{"EmptyValue", "general:\n  stop:\n" + kPop,
                   "t.yaml:2:3: general.stop: expected a duration, found nothing"},
        BrokenCase{"CountZero", kGen + "populations:\n  - name: a\n    count: 0\n",
                   "t.yaml:5:12: populations[0].count: expected a whole number from 1 to 4294967295, found 0"},
        BrokenCase{"TotalTooLarge", kGen + kPop + "  - name: b\n    count: 4294967290\n",
                   "t.yaml:7:12: populations[1].count: the populations add up to 4294967300 devices, more than "
                   "4294967295 (2^32-1)"},
        BrokenCase{"PlainNumberDuration", "general:\n  stop: 3600\n" + kPop,
                   "t.yaml:2:9: general.stop: '3600': a duration needs a unit: ms, s, min, h or d"},
        BrokenCase{"StopZero", "general:\n  stop: 0s\n" + kPop, "t.yaml:2:9: general.stop: the run must stop after 0s"},
        BrokenCase{"NegativeDuration", kGen + kPop + "    start: {at: -5s}\n",
                   "t.yaml:6:17: populations[0].start.at: '-5s': a duration cannot be negative"},
        BrokenCase{"JitterNotBelowPeriod", kGen + kPop + "    activity: {period: 10min, jitter: 10min}\n",
                   "t.yaml:6:39: populations[0].activity.jitter: the jitter 10min must be shorter than the period "
                   "10min"},
        BrokenCase{"JitterNotBelowDefaultPeriod", kGen + kPop + "    activity: {jitter: 2h}\n",
                   "t.yaml:6:24: populations[0].activity.jitter: the jitter 2h must be shorter than the period (3600s "
                   "by default)"},
        BrokenCase{"PeriodZero", kGen + kPop + "    activity: {period: 0s}\n",
                   "t.yaml:6:24: populations[0].activity.period: the period must be longer than 0s"},
        BrokenCase{"CoresZero", kGen + kPop + "platforms:\n  hss: {cores: 0}\n",
                   "t.yaml:7:16: platforms.hss.cores: expected a whole number from 1 to 4096, found 0"},
        BrokenCase{"TooManyMultiplexers", kGen + kPop + "engine: {multiplexers: 65}\n",
                   "t.yaml:6:24: engine.multiplexers: expected a whole number from 1 to 64, found 65"},
        BrokenCase{"NoMultiplexers", kGen + kPop + "engine: {multiplexers: 0}\n",
                   "t.yaml:6:24: engine.multiplexers: expected a whole number from 1 to 64, found 0"},
        BrokenCase{"BatchWindowZero", kGen + kPop + "network: {batch_window: 0ms}\n",
                   "t.yaml:6:25: network.batch_window: the batch window must be longer than 0s, found 0ms"},
        BrokenCase{"HssAnswerTimeoutZero", kGen + kPop + "network: {hss_answer_timeout: 0s}\n",
                   "t.yaml:6:31: network.hss_answer_timeout: the HSS's answer timeout must be longer than 0s, found 0s"},
        BrokenCase{"TraceDeviceOutOfRange", kGen + kPop + "trace: {devices: [3, 10]}\n",
                   "t.yaml:6:22: trace.devices[1]: device 10 does not exist: the populations have 10 devices, "
                   "numbered 0 to 9"},
        BrokenCase{"DuplicatePopulationName", kGen + kPop + "  - name: meters\n    count: 5\n",
                   "t.yaml:6:11: populations[1].name: population 'meters' is defined twice (first as "
                   "populations[0], line 4)"},
        BrokenCase{"UnknownModemSuggests", kGen + kPop + "    modem: nbiot\n",
                   "t.yaml:6:12: populations[0].modem: unknown modem 'nbiot'; did you mean 'nb-iot'? (allowed: gsm, "
                   "lte-cat1, lte-m, nb-iot)"},
        BrokenCase{"UnknownGradeListsAllowed", kGen + kPop + "    grade: military\n",
                   "t.yaml:6:12: populations[0].grade: unknown grade 'military' (allowed: consumer, industrial, "
                   "automotive-1, automotive-2)"},
        BrokenCase{"UnknownForm", kGen + kPop + "    form: sim-card\n",
                   "t.yaml:6:11: populations[0].form: unknown form 'sim-card' (allowed: patch-5x6, patch-2x2, "
                   "esim-chip)"},
        BrokenCase{"UnknownStartProfile", kGen + kPop + "    start: {profile: poisson}\n",
                   "t.yaml:6:22: populations[0].start.profile: unknown start profile 'poisson' (allowed: at-once, "
                   "uniform, exponential)"},
        BrokenCase{"InternationalCardWithoutProfiles", kGen + kPop + "    card: international\n",
                   "t.yaml:4:5: populations[0].euicc: required with card international (its profiles)"},
        BrokenCase{"UnknownCard", kGen + kPop + "    card: roaming\n",
                   "t.yaml:6:11: populations[0].card: unknown card kind 'roaming' (allowed: domestic, international)"},
        BrokenCase{"NegativeSeed", "general:\n  stop: 1h\n  seed: -1\n" + kPop,
                   "t.yaml:3:9: general.seed: expected a whole number (0 or more), found '-1'"},
        BrokenCase{"FractionalSeed", "general:\n  stop: 1h\n  seed: 4.2\n" + kPop,
                   "t.yaml:3:9: general.seed: expected a whole number (0 or more), found '4.2'"},
        BrokenCase{"HugeSeed", "general:\n  stop: 1h\n  seed: 18446744073709551616\n" + kPop,
                   "t.yaml:3:9: general.seed: expected a whole number (0 or more), found 18446744073709551616"},
        BrokenCase{"TimeUnit", "general:\n  stop: 1h\n  time_unit: ms\n" + kPop,
                   "t.yaml:3:14: general.time_unit: unknown time unit 'ms'; did you mean 's'? (allowed: s)"},
        BrokenCase{"ImsiPrefixLength", kGen + kPop + "    imsi_prefix: \"4600\"\n",
                   "t.yaml:6:18: populations[0].imsi_prefix: expected 5 or 6 digits (MCC and MNC), found '4600'"},
        BrokenCase{"ImsiPrefixTooShortForDevices",
                   kGen + "populations:\n  - {name: a, count: 1000000001, imsi_prefix: '460041'}\n",
                   "t.yaml:4:47: populations[0].imsi_prefix: a 6-digit IMSI prefix leaves 9 digits for device numbers"},
        BrokenCase{"AtOnceWithSpread", kGen + kPop + "    start: {profile: at-once, over: 5min}\n",
                   "t.yaml:6:37: populations[0].start.over: an at-once start has no spread"},
        BrokenCase{"ExponentialWithoutMean", kGen + kPop + "    start: {profile: exponential}\n",
                   "t.yaml:6:12: populations[0].start.over: required with an exponential start"},
        BrokenCase{"UnknownMetricSuggests", kGen + kPop + "expectations:\n  - \"hss.rejectd == 0\"\n",
                   "t.yaml:7:5: expectations[0]: unknown metric 'hss.rejectd'; did you mean 'hss.rejected'?"},
        BrokenCase{"UnknownMetricListsAll", kGen + kPop + "expectations: [\"latency < 3\"]\n",
                   "t.yaml:6:16: expectations[0]: unknown metric 'latency' (metrics: devices, attach_success_ratio, "
                   "devices_attached, attaches, auth_failures, sync_failures, hss.served, hss.rejected, hss.max_queue, "
                   "hss.crash_lost, events, max_erase_count, power_cycles, power_losses, requests_lost, answers_lost, brown_outs, "
                   "exception_reports, exception_reports_lost, devices_registered, rrc_rejected, refreshes, auth_rejects, unknown_imsi, sms.submitted, "
                   "sms.attempts, sms.absent, sms.delivered, sms.failed, sms.expired, sms.last_delivery_s, ota.por_ok, "
                   "ota.por_errors, ota.por_rc_cc_ds_failed, ota.por_counter_low, ota.por_counter_high, "
                   "ota.por_counter_blocked, ota.por_ciphering_error, ota.por_security_error, "
                   "ota.por_no_memory, ota.por_more_time, ota.por_tar_unknown, ota.por_below_msl, "
                   "ota.por_unreadable, ota.done, ota.failed, ota.retries, ota.last_done_s, ota.done_p50_s, "
                   "ota.done_p90_s, ota.done_p99_s, ota.done_max_s, ota.attempts_per_order, migration.done, migration.pending, "
                   "migration.unregistered, migration.old_registered, mme.congestion_rejects, "
                   "smsr.done, smsr.failed, smsr.expired, smsr.refused, smsr.notifications, smsr.last_done_s, "
                   "smsr.changes_done, smsr.changes_failed, smsr.changes_expired, smsr.changes_refused, "
                   "smsr.changes_last_done_s, smsr.auto_deleted, smsr.auto_delete_failed, smsr.rollbacks, smsr.fallbacks, smdp.done, smdp.failed, smdp.refused, smdp.last_done_s, smdp.eis_returned, "
                   "smdp.eis_profiles, notifications.es4, notifications.es3, notifications.es2, notifications.refused, "
                   "notifications.retries, notifications.given_up, notifications.es4_retries, notifications.es4_given_up, "
                   "notifications.es2_retries, notifications.es2_given_up, mno.admitted, mno.acknowledged, mno.refused, "
                   "mno.failed, https.sessions, "
                   "https.unreachable, https.refused, https.crashed, https.bytes_up, https.bytes_down, chip.activated, "
                   "chip.ota_written, chip.recycled, chip.suspended, chip.resumed, chip.deactivated, chip.scrapped, "
                   "chip.attaches_barred, chip.detaches, chip.detaches_local, chip.detach_retransmissions, chip.isd_lifts, "
                   "chip.hss_resends, chip.quarantined, chip.retried, "
                   "chip.failed, chip.billable_days, chip.charge, chip.profiles_downloaded, chip.profiles_enabled, "
                   "chip.profiles_deleted, chip.sm_sr_changes, chip.numbers_migrated, chip.supply_steps, chip.units_scrapped, onelink.online, onelink.sleeping, onelink.offline, "
                   "onelink.unseen, onelink.alerts, onelink.not_offline, onelink.no_coverage, onelink.power_saving, "
                   "onelink.wrong_profile, onelink.blocked, onelink.worn_out_nvm, onelink.auth_failure, "
                   "onelink.unexplained, onelink.requests, onelink.requests_completed, onelink.requests_failed, "
                   "onelink.requests_in_flight, onelink.data_bytes, onelink.usage_alerts, "
                   "onelink.queries, onelink.queries_offline, onenet.registrations, onenet.deletions, "
                   "onenet.suspensions, onenet.resumptions, onenet.datapoints, onenet.datapoint_bytes, "
                   "onenet.datapoints_refused, onenet.server_requests, onenet.datapoints_server_refused, "
                   "onenet.registrations_server_refused, onenet.devices_registered, onenet.devices_online, "
                   "onenet.devices_offline, onenet.devices_never_online, onenet.devices_suspended, "
                   "onelink.quota_alerts, onelink.query_requests, "
                   "onelink.query_requests_answered, onelink.query_requests_refused, onelink.query_cards_refused, sms.mo, onelink.sms_mo, onelink.sms_alerts, "
                   "sms.mo_refused, smsc.answers_lost, smsc.submissions_held, smsc.alerts_lost, "
                   "onelink.expectations_restored, "
                   "handover.ordered, handover.done, handover.failed, handover.p50_s, handover.p90_s, handover.max_s, "
                   "handover.sms_per_device, "
                   "wear.worn_programs, wear.hot_programs, wear.cards_worn, wear.cards_too_hot, wear.cards_charge_lost, "
                   "wear.cards_failed, smsr.lost, smdp.lost, chip.lost, onelink.lost, onenet.lost, ota.reports_lost, "
                   "ota.resent, ota.packets_lost, smsr.por_rc_cc_ds_failed, smsr.por_counter_low, smsr.por_counter_high, "
                   "smsr.por_counter_blocked, smsr.por_ciphering_error, smsr.por_security_error, smsr.por_no_memory, "
                   "smsr.por_more_time, smsr.por_tar_unknown, smsr.por_below_msl, smsr.counters_restored, smsr.settled_by_audit, smsr.retried, smdp.retried, smdp.es3_retried, smdp.stock_restored, platform_links.messages, platform_links.batches, platform_links.bytes, platform_links.longest_s, platform_links.resent, devices.meters, wear.cards_worn.meters, wear.cards_too_hot.meters, "
                   "wear.cards_charge_lost.meters, wear.cards_failed.meters)"},
        BrokenCase{"ExpectationBadOperator", kGen + kPop + "expectations: [\"events != 3\"]\n",
                   "t.yaml:6:16: expectations[0]: 'events != 3': unknown operator '!='"},
        BrokenCase{"ExpectationNoNumber", kGen + kPop + "expectations: [\"events > 1..5\"]\n",
                   "t.yaml:6:16: expectations[0]: 'events > 1..5': '.5' after the number 1."},
        BrokenCase{"ExpectationNotText", kGen + kPop + "expectations:\n  - {events: 3}\n",
                   "t.yaml:7:5: expectations[0]: expected text such as \"hss.rejected == 0\", found a map"},
        BrokenCase{"BandwidthUnit", kGen + kPop + "network:\n  core: {bandwidth: 100Mbps}\n",
                   "t.yaml:7:21: network.core.bandwidth: '100Mbps': unknown unit 'Mbps'"},
        BrokenCase{"ZeroBandwidth", kGen + kPop + "network:\n  core: {bandwidth: 0MBps}\n",
                   "t.yaml:7:21: network.core.bandwidth: a link needs a bandwidth above 0Bps"},
        BrokenCase{"FlopsWithoutUnit", kGen + kPop + "platforms:\n  hss: {speed: 1000000000}\n",
                   "t.yaml:7:16: platforms.hss.speed: '1000000000': a flop count needs a unit: f, kf, Mf or Gf"},
        BrokenCase{"QueueLimitZero", kGen + kPop + "platforms:\n  hss: {queue_limit: 0}\n",
                   "t.yaml:7:22: platforms.hss.queue_limit: expected a whole number (1 or more), found 0"},
        BrokenCase{"HostClashesWithMultiplexers", kGen + kPop + "platforms:\n  hss: {host: mux-1}\n",
                   "t.yaml:7:15: platforms.hss.host: 'mux-1': host names starting with 'mux-' are the engine's"},
        BrokenCase{"BadPopulationName", kGen + "populations:\n  - {name: 'my meters', count: 1}\n",
                   "t.yaml:4:12: populations[0].name: 'my meters': a name may hold only letters"},
        BrokenCase{"NonScalarKey", kGen + kPop + "? [a]\n: 1\n",
                   "t.yaml:6:3: top level: a key must be a word, found a list"},
        BrokenCase{"RequestSizeUnit", kGen + kPop + "network: {request_size: 2TB}\n",
                   "t.yaml:6:25: network.request_size: '2TB': unknown unit 'TB'; a size takes B, kB, MB or GB"},
        BrokenCase{"ReportSizeZero", kGen + kPop + "network: {report_size: 0B}\n",
                   "t.yaml:6:24: network.report_size: a report has at least one byte, found 0B"},
        BrokenCase{"SmppSizeZero", kGen + kPop + "network: {smpp_size: 0B}\n",
                   "t.yaml:6:22: network.smpp_size: an SMPP PDU has at least one byte, found 0B"}),
    [](const ::testing::TestParamInfo<BrokenCase>& info) { return std::string(info.param.name); });

}  // namespace test_scenario_loader
