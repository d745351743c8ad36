// The keys of the modem device model in scenarios (docs/SCENARIOS.md):
// populations' device_model, power_saving, connected and pin; network.smsc,
// network.ran and network.mme; campaigns. What a full file loads to, the defaults of
// omitted keys, and the message of every kind of bad value.
#include <gtest/gtest.h>

#include <string>

#include "cardcore/cat/proactive_commands.hpp"
#include "twinsim/scenario/scenario.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_modem {

using twinsim::Scenario;
using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;
using namespace twinmodels;

const std::string kFull = R"(general: {stop: 2h}
populations:
  - name: meters
    count: 100
    modem: nb-iot
    device_model: modem
    connected: 20s
    pin: "0000"
    power_saving:
      t3324: 1min
      t3412: 24h
      edrx: {cycle: 20.48s, ptw: 5.12s}
      drx_cycle: 2.56s
  - name: trackers
    count: 50
    modem: lte-m
    device_model: modem
    imsi_prefix: "46007"
    power_saving: {t3324: off, t3412: 2h, edrx: {cycle: 81.92s, ptw: 2.56s}, drx_cycle: 640ms}
  - name: old
    count: 5
    device_model: usim
network:
  smsc:
    rate: 12.5
    burst: 4
    retry: [30s, 2min]
    validity: 12h
    max_validity: 2d
    address: "+8613800100500"
    delivery_latency: 250ms
  ran:
    rrc_setups_per_second: 40
    burst: 8
    max_admission_delay: 500ms
    reject_wait: 16s
    backoff_indicator: 12
    cells: 3
campaigns:
  - name: renumber
    kind: write-card
    population: meters
    at: 10min
    over: 30min
    imsi_prefix: "46008"
    validity: 6h
    refresh: naa-init
  - {name: trackers-later, kind: write-card, population: trackers, at: 1h, imsi_prefix: "460090", refresh: none, batch_size: 10, batch_interval: 5min}
platforms:
  write_module: {host: writer, workers: 3, service_time: 20ms, submit_rate: 12.5, burst: 5, max_attempts: 4, retry_after: 30min}
)";

TEST(ScenarioModem, FullFileHasTheValuesWritten) {
  const Scenario s = twinsim::parse_scenario(kFull, "t.yaml");
  ASSERT_EQ(s.populations.size(), 3u);

  const twinsim::PopulationSpec& meters = s.populations[0];
  EXPECT_EQ(meters.device_model, twinsim::DeviceModel::Modem);
  EXPECT_EQ(meters.connected_s, 20);
  EXPECT_EQ(meters.pin, "0000");
  const PowerSavingProfile& nb = meters.power_saving;
  EXPECT_EQ(nb.mode, S1Mode::NbS1);
  EXPECT_EQ(nb.paging.channel, PagingChannel::Npdcch);
  EXPECT_EQ(nb.paging.drx_cycle_frames, 256u);
  EXPECT_EQ(nb.t3324, NasTimerValue::of(kMinute));
  EXPECT_TRUE(nb.psm());
  // 24 h is beyond a GPRS timer (3h6min): it went as the T3412 extended value.
  EXPECT_EQ(nb.t3412, NasTimerValue::of(24 * kHour));
  ASSERT_TRUE(nb.edrx.has_value());
  EXPECT_EQ(nb.edrx->cycle, 2048 * kMs * 10);
  EXPECT_EQ(nb.edrx->cycle_hyperframes, 2u);
  EXPECT_EQ(nb.edrx->paging_time_window, 5120 * kMs);

  const twinsim::PopulationSpec& trackers = s.populations[1];
  const PowerSavingProfile& wb = trackers.power_saving;
  EXPECT_EQ(wb.mode, S1Mode::WbS1);
  EXPECT_EQ(wb.paging.channel, PagingChannel::Mpdcch);
  EXPECT_EQ(wb.paging.drx_cycle_frames, 64u);
  EXPECT_EQ(wb.t3324, NasTimerValue::off());
  EXPECT_FALSE(wb.psm());
  EXPECT_EQ(wb.t3412, NasTimerValue::of(2 * kHour));
  ASSERT_TRUE(wb.edrx.has_value());
  EXPECT_EQ(wb.edrx->cycle, 81920 * kMs);
  EXPECT_EQ(wb.edrx->cycle_hyperframes, 8u);
  EXPECT_EQ(wb.edrx->paging_time_window, 2560 * kMs);
  EXPECT_EQ(trackers.connected_s, 10);
  EXPECT_EQ(trackers.pin, "");

  EXPECT_EQ(s.populations[2].device_model, twinsim::DeviceModel::Usim);

  const twinsim::SmscSpec& smsc = s.network.smsc;
  EXPECT_EQ(smsc.config.rate_per_second, 12.5);
  EXPECT_EQ(smsc.config.burst, 4u);
  EXPECT_EQ(smsc.config.retry_schedule, (std::vector<NetTime>{30 * kSecond, 2 * kMinute}));
  EXPECT_EQ(smsc.config.default_validity, 12 * kHour);
  EXPECT_EQ(smsc.config.max_validity, 48 * kHour);
  EXPECT_EQ(smsc.address, "8613800100500");
  EXPECT_EQ(smsc.delivery_latency_s, 0.25);

  const twinsim::RanSpec& ran = s.network.ran;
  EXPECT_EQ(ran.cell.rrc_setups_per_second, 40);
  EXPECT_EQ(ran.cell.burst, 8u);
  EXPECT_EQ(ran.cell.max_admission_delay, 500 * kMs);
  EXPECT_EQ(ran.cell.reject_wait_time, 16 * kSecond);
  EXPECT_EQ(ran.cell.backoff_indicator, 12);
  EXPECT_EQ(ran.cells, 3);

  ASSERT_EQ(s.campaigns.size(), 2u);
  const twinsim::CampaignSpec& c = s.campaigns[0];
  EXPECT_EQ(c.name, "renumber");
  EXPECT_EQ(c.kind, twinsim::CampaignKind::WriteCard);
  EXPECT_EQ(c.population, 0);
  EXPECT_EQ(c.at_s, 600);
  EXPECT_EQ(c.over_s, 1800);
  EXPECT_EQ(c.imsi_prefix, "46008");
  EXPECT_EQ(c.validity_s, 6 * 3600.0);
  EXPECT_EQ(c.refresh_mode, cardcore::cat::Refresh::kNaaInit);
  EXPECT_EQ(c.line, 40);
  EXPECT_EQ(c.batch_size, 0u);
  EXPECT_EQ(s.campaigns[1].population, 1);
  EXPECT_EQ(s.campaigns[1].refresh_mode, 0xFF);
  EXPECT_EQ(s.campaigns[1].line, 48);
  EXPECT_EQ(s.campaigns[1].batch_size, 10u);
  EXPECT_EQ(s.campaigns[1].batch_interval_s, 300);
  EXPECT_EQ(s.campaigns[1].over_s, 0);

  const twinsim::WriteModuleSpec& w = s.write_module;
  EXPECT_EQ(w.host, "writer");
  EXPECT_EQ(w.config.workers, 3u);
  EXPECT_EQ(w.config.service_time, 20 * kMs);
  EXPECT_EQ(w.config.submit_rate, 12.5);
  EXPECT_EQ(w.config.submit_burst, 5u);
  EXPECT_EQ(w.config.max_attempts, 4u);
  EXPECT_EQ(w.config.retry_after, 30 * kMinute);
  EXPECT_TRUE(w.config.outages.empty());
}

TEST(ScenarioModem, OmittedKeysTakeTheirDefaults) {
  const Scenario s = twinsim::parse_scenario(
      "general: {stop: 1h}\n"
      "populations:\n"
      "  - {name: usim, count: 2}\n"
      "  - {name: cat1, count: 2, modem: lte-cat1, device_model: modem}\n"
      "  - {name: nb, count: 2, device_model: modem, power_saving: {}}\n"
      "  - {name: gsm, count: 2, modem: gsm, device_model: modem}\n"
      "campaigns:\n"
      "  - {name: c, kind: write-card, population: nb, at: 5min, imsi_prefix: '46008'}\n",
      "t.yaml");
  const twinsim::PopulationSpec& usim = s.populations[0];
  EXPECT_EQ(usim.device_model, twinsim::DeviceModel::Usim);
  EXPECT_EQ(usim.connected_s, 10);
  EXPECT_EQ(usim.pin, "");
  EXPECT_TRUE(usim.card_off_in_psm);

  const twinsim::PopulationSpec& cat1 = s.populations[1];
  EXPECT_EQ(cat1.device_model, twinsim::DeviceModel::Modem);
  EXPECT_EQ(cat1.connected_s, 10);
  EXPECT_EQ(cat1.pin, "");
  const PowerSavingProfile& p = cat1.power_saving;
  EXPECT_EQ(p.mode, S1Mode::WbS1);
  EXPECT_EQ(p.paging.channel, PagingChannel::Pdcch);
  EXPECT_EQ(p.paging.drx_cycle_frames, 128u);
  EXPECT_EQ(p.paging.nb_log2, 0);
  EXPECT_EQ(p.t3324, NasTimerValue::off());
  EXPECT_EQ(p.t3412, NasTimerValue::of(54 * kMinute));
  EXPECT_FALSE(p.edrx.has_value());
  EXPECT_FALSE(p.psm());
  EXPECT_TRUE(p.periodic_tau());

  EXPECT_EQ(s.populations[2].power_saving.mode, S1Mode::NbS1);
  EXPECT_EQ(s.populations[2].power_saving.paging.channel, PagingChannel::Npdcch);
  EXPECT_EQ(s.populations[2].power_saving.t3412, NasTimerValue::of(54 * kMinute));
  EXPECT_EQ(s.populations[3].power_saving.mode, S1Mode::WbS1);
  EXPECT_EQ(s.populations[3].power_saving.paging.channel, PagingChannel::Pdcch);

  const SmscConfig smsc_defaults;
  EXPECT_EQ(s.network.smsc.config.retry_schedule, smsc_defaults.retry_schedule);
  EXPECT_EQ(s.network.smsc.config.rate_per_second, smsc_defaults.rate_per_second);
  EXPECT_EQ(s.network.smsc.config.burst, smsc_defaults.burst);
  EXPECT_EQ(s.network.smsc.config.default_validity, 24 * kHour);
  EXPECT_EQ(s.network.smsc.config.max_validity, 7 * 24 * kHour);
  EXPECT_EQ(s.network.smsc.address, "8613800100500");
  EXPECT_EQ(s.network.smsc.delivery_latency_s, 0.5);
  const RanCellConfig ran_defaults;
  EXPECT_EQ(s.network.ran.cell.rrc_setups_per_second, ran_defaults.rrc_setups_per_second);
  EXPECT_EQ(s.network.ran.cell.burst, ran_defaults.burst);
  EXPECT_EQ(s.network.ran.cell.max_admission_delay, kSecond);
  EXPECT_EQ(s.network.ran.cell.reject_wait_time, 10 * kSecond);
  EXPECT_EQ(s.network.ran.cell.backoff_indicator, 7);
  EXPECT_EQ(s.network.ran.cells, 1);

  EXPECT_FALSE(s.network.mme_congestion.has_value());  // the MME admits every attach

  ASSERT_EQ(s.campaigns.size(), 1u);
  EXPECT_EQ(s.campaigns[0].population, 2);
  EXPECT_EQ(s.campaigns[0].over_s, 0);
  EXPECT_FALSE(s.campaigns[0].validity_s.has_value());
  EXPECT_EQ(s.campaigns[0].refresh_mode, cardcore::cat::Refresh::kUiccReset);
  EXPECT_EQ(s.campaigns[0].line, 8);
  EXPECT_EQ(s.campaigns[0].batch_size, 0u);
  const twinmodels::ota::WriteModuleConfig write_defaults;
  EXPECT_EQ(s.write_module.host, "write-module");
  EXPECT_EQ(s.write_module.config.workers, write_defaults.workers);
  EXPECT_EQ(s.write_module.config.service_time, write_defaults.service_time);
  EXPECT_EQ(s.write_module.config.submit_rate, write_defaults.submit_rate);
  EXPECT_EQ(s.write_module.config.submit_burst, write_defaults.submit_burst);
  EXPECT_EQ(s.write_module.config.max_attempts, write_defaults.max_attempts);
  EXPECT_EQ(s.write_module.config.retry_after, write_defaults.retry_after);
}

TEST(ScenarioModem, TheCardInPsmIsOffUnlessKeptOn) {
  const Scenario s = twinsim::parse_scenario(
      "general: {stop: 1h}\n"
      "populations:\n"
      "  - {name: off, count: 2, device_model: modem, power_saving: {t3324: 1min, card: off}}\n"
      "  - {name: on, count: 2, device_model: modem, power_saving: {t3324: 1min, card: on}}\n",
      "t.yaml");
  EXPECT_TRUE(s.populations[0].card_off_in_psm);
  EXPECT_FALSE(s.populations[1].card_off_in_psm);
}

TEST(ScenarioModem, TimersTakeEveryEncodableForm) {
  const auto profile = [](const std::string& modem, const std::string& power_saving) {
    return twinsim::parse_scenario("general: {stop: 1h}\npopulations:\n  - {name: a, count: 1, device_model: modem, modem: " +
                                       modem + ", power_saving: " + power_saving + "}\n",
                                   "t.yaml")
        .populations[0]
        .power_saving;
  };
  // GPRS timer 2 units: 2 s, 1 min, decihours; 0 is a zero-length active time.
  EXPECT_EQ(profile("lte-m", "{t3324: 62s}").t3324, NasTimerValue::of(62 * kSecond));
  EXPECT_EQ(profile("lte-m", "{t3324: 0s}").t3324, NasTimerValue::of(0));
  EXPECT_EQ(profile("lte-m", "{t3324: 186min}").t3324, NasTimerValue::of(186 * kMinute));
  // T3412: deactivated (no periodic TAU), or the extended value (GPRS timer
  // 3) when the GPRS timer cannot say it: 50 min is 5 x 10 min.
  EXPECT_FALSE(profile("lte-m", "{t3412: off}").periodic_tau());
  EXPECT_EQ(profile("lte-m", "{t3412: 50min}").t3412, NasTimerValue::of(50 * kMinute));
  EXPECT_EQ(profile("lte-m", "{t3412: 9920h}").t3412, NasTimerValue::of(9920 * kHour));
  // NB-IoT pages with cycles up to 10.24 s; the 5.12 s eDRX cycle (WB-S1) is
  // not a whole number of hyperframes.
  EXPECT_EQ(profile("nb-iot", "{drx_cycle: 10.24s}").paging.drx_cycle_frames, 1024u);
  EXPECT_EQ(profile("lte-m", "{drx_cycle: 320ms}").paging.drx_cycle_frames, 32u);
  const PowerSavingProfile short_edrx = profile("lte-m", "{edrx: {cycle: 5.12s, ptw: 1.28s}}");
  ASSERT_TRUE(short_edrx.edrx.has_value());
  EXPECT_EQ(short_edrx.edrx->cycle, 5120 * kMs);
  EXPECT_EQ(short_edrx.edrx->cycle_hyperframes, 0u);
  EXPECT_EQ(profile("nb-iot", "{edrx: {cycle: 10485.76s, ptw: 40.96s}}").edrx->cycle_hyperframes, 1024u);
}

// 46009 + device 10 is 460090000000010, 460091 + device 0 460091000000000:
// prefixes that start one another share IMSIs only from 10^9 devices on.
TEST(ScenarioModem, OverlappingPrefixesLoadWhenNoImsiIsShared) {
  const Scenario s = twinsim::parse_scenario(
      "general: {stop: 1h}\n"
      "populations:\n"
      "  - {name: a, count: 10, imsi_prefix: '460091'}\n"
      "  - {name: b, count: 5, device_model: modem}\n"
      "campaigns:\n  - {name: c, kind: write-card, population: b, at: 1h, imsi_prefix: '46009'}\n",
      "t.yaml");
  EXPECT_EQ(s.campaigns.at(0).imsi_prefix, "46009");
}

// The examples of docs/SCENARIOS.md, put together.
TEST(ScenarioModem, DocumentedExamplesLoad) {
  const Scenario s = twinsim::parse_scenario(R"(general: {stop: 1h}
populations:
  - name: meters
    count: 5000
    modem: nb-iot
    device_model: modem
    connected: 20s
    pin: "1234"
    power_saving:
      t3324: 1min          # active time, then PSM
      t3412: 24h           # periodic TAU: sent as the T3412 extended value
      edrx: {cycle: 20.48s, ptw: 5.12s}
      drx_cycle: 2.56s
network:
  smsc:
    rate: 30                 # attempts per second towards the network
    burst: 30
    retry: [2min, 5min, 10min, 30min]
    validity: 1d
    max_validity: 7d
    address: "+8613800100500"
    delivery_latency: 500ms
  ran: {rrc_setups_per_second: 100, burst: 20, max_admission_delay: 1s, reject_wait: 10s, backoff_indicator: 7, cells: 3}
campaigns:
  - name: renumber-meters
    kind: write-card
    population: meters
    at: 10min
    over: 2h
    imsi_prefix: "46008"
    validity: 1d
    refresh: uicc-reset
)",
                                             "t.yaml");
  EXPECT_EQ(s.populations[0].pin, "1234");
  EXPECT_EQ(s.network.ran.cells, 3);
  EXPECT_EQ(s.campaigns.at(0).validity_s, 86400.0);
  EXPECT_EQ(s.campaigns.at(0).over_s, 7200);
}

TEST(ScenarioModem, NetworkMmeSetsTheNasCongestionControl) {
  const Scenario s = twinsim::parse_scenario(
      "general: {stop: 1h}\n"
      "populations:\n"
      "  - {name: nb, count: 2, device_model: modem}\n"
      "network:\n"
      "  mme: {attaches_per_second: 12.5, burst: 20, t3346_min: 1min, t3346_max: 2min}\n",
      "t.yaml");
  ASSERT_TRUE(s.network.mme_congestion.has_value());
  const NasCongestionConfig& c = *s.network.mme_congestion;
  EXPECT_EQ(c.attaches_per_second, 12.5);
  EXPECT_EQ(c.burst, 20u);
  EXPECT_EQ(c.t3346_min, kMinute);
  EXPECT_EQ(c.t3346_max, 2 * kMinute);
  NasCongestionControl accepted(c);  // the model takes what the loader let through
  EXPECT_EQ(accepted.config().t3346_max, 2 * kMinute);

  // An empty map: congestion control with the model's defaults; up to 186min.
  const Scenario d = twinsim::parse_scenario(
      "general: {stop: 1h}\npopulations:\n  - {name: nb, count: 2, device_model: modem}\nnetwork: {mme: {}}\n", "t.yaml");
  ASSERT_TRUE(d.network.mme_congestion.has_value());
  const NasCongestionConfig defaults;
  EXPECT_EQ(d.network.mme_congestion->attaches_per_second, defaults.attaches_per_second);
  EXPECT_EQ(d.network.mme_congestion->burst, defaults.burst);
  EXPECT_EQ(d.network.mme_congestion->t3346_min, 15 * kMinute);
  EXPECT_EQ(d.network.mme_congestion->t3346_max, 30 * kMinute);
  const Scenario longest = twinsim::parse_scenario(
      "general: {stop: 1h}\npopulations:\n  - {name: nb, count: 2, device_model: modem}\n"
      "network: {mme: {t3346_max: 186min}}\n",
      "t.yaml");
  EXPECT_EQ(longest.network.mme_congestion->t3346_max, 186 * kMinute);
}

const std::string kGen = "general:\n  stop: 1h\n";
// A modem population: its keys continue on line 7, column 5.
const std::string kModem = "populations:\n  - name: meters\n    count: 10\n    device_model: modem\n";
const std::string kUsim = "populations:\n  - name: meters\n    count: 10\n";
const std::string kTrackers = "  - {name: trackers, count: 5, modem: lte-m, device_model: modem, imsi_prefix: '46007'}\n";

INSTANTIATE_TEST_SUITE_P(
    ScenarioModemBroken, ScenarioErrors,
    ::testing::Values(
        // populations[i]: device_model and the modem-only keys.
        BrokenCase{"DeviceModelUnknown", kGen + kUsim + "    device_model: mdoem\n",
                   "t.yaml:6:19: populations[0].device_model: unknown device model 'mdoem'; did you mean 'modem'? "
                   "(allowed: usim, modem)"},
        BrokenCase{"PowerSavingForUsim", kGen + kUsim + "    power_saving: {t3324: 1min}\n",
                   "t.yaml:6:19: populations[0].power_saving: applies to device_model modem only (the usim model has "
                   "no modem, RAN, PSM or PIN entry)"},
        BrokenCase{"PinForUsim", kGen + kUsim + "    pin: '1234'\n",
                   "t.yaml:6:10: populations[0].pin: applies to device_model modem only"},
        BrokenCase{"ConnectedForExplicitUsim", kGen + kUsim + "    device_model: usim\n    connected: 5s\n",
                   "t.yaml:7:16: populations[0].connected: applies to device_model modem only"},
        BrokenCase{"PinTooShort", kGen + kModem + "    pin: '123'\n",
                   "t.yaml:7:10: populations[0].pin: expected 4 to 8 digits (TS 102 221 §9.5.2), found '123'"},
        BrokenCase{"PinTooLong", kGen + kModem + "    pin: '123456789'\n",
                   "t.yaml:7:10: populations[0].pin: expected 4 to 8 digits (TS 102 221 §9.5.2), found '123456789'"},
        BrokenCase{"PinNotDigits", kGen + kModem + "    pin: 12a4\n",
                   "t.yaml:7:10: populations[0].pin: expected 4 to 8 digits (TS 102 221 §9.5.2), found '12a4'"},
        BrokenCase{"ConnectedZero", kGen + kModem + "    connected: 0s\n",
                   "t.yaml:7:16: populations[0].connected: the RRC connection must last longer than 0s after the last "
                   "activity, found 0s"},
        BrokenCase{"PowerSavingUnknownKey", kGen + kModem + "    power_saving: {t3342: 1min}\n",
                   "t.yaml:7:20: populations[0].power_saving.t3342: unknown key; did you mean 't3324'?"},
        BrokenCase{"PowerSavingNotAMap", kGen + kModem + "    power_saving: psm\n",
                   "t.yaml:7:19: populations[0].power_saving: expected a map of keys (t3324, t3412, edrx, drx_cycle, "
                   "card), found the text 'psm'"},
        BrokenCase{"PsmCardWord", kGen + kModem + "    power_saving: {card: kept}\n",
                   "t.yaml:7:26: populations[0].power_saving.card: unknown card in PSM 'kept'"},
        BrokenCase{"T3324NotEncodable", kGen + kModem + "    power_saving: {t3324: 3s}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3324: '3s' cannot be granted: T3324 is a GPRS timer 2 "
                   "(TS 24.008 §10.5.7.4), 0 to 31 times 2s, 1min or 6min (at most 3h6min) [GPRS timer: 3000000 us is "
                   "not a whole number (0..31) of any unit]"},
        BrokenCase{"T3324TooLong", kGen + kModem + "    power_saving: {t3324: 4h}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3324: '4h' cannot be granted: T3324 is a GPRS timer 2"},
        BrokenCase{"T3324Word", kGen + kModem + "    power_saving: {t3324: of}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3324: expected a duration (e.g. 10s) or 'off' "
                   "(deactivated), found 'of'"},
        BrokenCase{"T3324Negative", kGen + kModem + "    power_saving: {t3324: -2s}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3324: '-2s': a duration cannot be negative"},
        BrokenCase{"T3412NotEncodable", kGen + kModem + "    power_saving: {t3412: 7s}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3412: '7s' cannot be granted: T3412 is a GPRS timer (0 "
                   "to 31 times 2s, 1min or 6min, TS 24.008 §10.5.7.3) or a T3412 extended value (0 to 31 times 2s, "
                   "30s, 1min, 10min, 1h, 10h or 320h, §10.5.7.4a) [GPRS timer 3: 7000000 us is not a whole number "
                   "(0..31) of any unit]"},
        BrokenCase{"T3412NoUnit", kGen + kModem + "    power_saving: {t3412: 3600}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3412: '3600': a duration needs a unit"},
        BrokenCase{"EdrxForGsm", kGen + kModem + "    modem: gsm\n    power_saving: {edrx: {cycle: 20.48s, ptw: 2.56s}}\n",
                   "t.yaml:8:26: populations[0].power_saving.edrx: eDRX is modelled for E-UTRA only (S1 mode); modem "
                   "gsm has none"},
        BrokenCase{"EdrxCycleNotInNbS1", kGen + kModem + "    power_saving: {edrx: {cycle: 5.12s, ptw: 2.56s}}\n",
                   "t.yaml:7:34: populations[0].power_saving.edrx.cycle: no eDRX cycle of 5.12s in NB-S1 (nb-iot) mode "
                   "(TS 24.008 §10.5.5.32; allowed: 20.48s, 40.96s, 81.92s, 163.84s, 327.68s, 655.36s, 1310.72s, "
                   "2621.44s, 5242.88s, 10485.76s)"},
        BrokenCase{"EdrxCycleNotInWbS1", kGen + kModem + "    modem: lte-m\n    power_saving: {edrx: {cycle: 10485.76s, ptw: 2.56s}}\n",
                   "t.yaml:8:34: populations[0].power_saving.edrx.cycle: no eDRX cycle of 10485.76s in WB-S1 mode "
                   "(TS 24.008 §10.5.5.32; allowed: 5.12s, 10.24s, 20.48s, 40.96s, 61.44s, 81.92s, 102.4s, 122.88s, "
                   "143.36s, 163.84s, 327.68s, 655.36s, 1310.72s, 2621.44s)"},
        BrokenCase{"EdrxPtwNotInMode", kGen + kModem + "    modem: lte-m\n    power_saving: {edrx: {cycle: 20.48s, ptw: 1s}}\n",
                   "t.yaml:8:47: populations[0].power_saving.edrx.ptw: no paging time window of 1s in WB-S1 mode (TS "
                   "24.008 §10.5.5.32: 1.28s to 20.48s in steps of 1.28s)"},
        BrokenCase{"EdrxPtwLongerThanCycle",
                   kGen + kModem + "    modem: lte-m\n    power_saving: {edrx: {cycle: 10.24s, ptw: 12.8s}}\n",
                   "t.yaml:8:47: populations[0].power_saving.edrx.ptw: the paging time window 12.8s is longer than the "
                   "eDRX cycle 10.24s"},
        BrokenCase{"EdrxPtwShorterThanDrx",
                   kGen + kModem + "    modem: lte-m\n    power_saving: {drx_cycle: 2.56s, edrx: {cycle: 20.48s, ptw: 1.28s}}\n",
                   "t.yaml:8:65: populations[0].power_saving.edrx.ptw: the paging time window 1.28s is shorter than the "
                   "DRX cycle 2.56s: some devices would have no paging occasion in it (TS 36.304 §7.3)"},
        BrokenCase{"EdrxMissingPtw", kGen + kModem + "    power_saving: {edrx: {cycle: 20.48s}}\n",
                   "t.yaml:7:26: populations[0].power_saving.edrx.ptw: required key is missing"},
        BrokenCase{"DrxCycleNbIotOnly", kGen + kModem + "    modem: lte-m\n    power_saving: {drx_cycle: 5.12s}\n",
                   "t.yaml:8:31: populations[0].power_saving.drx_cycle: no paging cycle of 5.12s (TS 36.331 "
                   "defaultPagingCycle; allowed: 0.32s, 0.64s, 1.28s, 2.56s; 5.12s and 10.24s with nb-iot only)"},
        BrokenCase{"DrxCycleUndefined", kGen + kModem + "    power_saving: {drx_cycle: 1s}\n",
                   "t.yaml:7:31: populations[0].power_saving.drx_cycle: no paging cycle of 1s (TS 36.331 "
                   "defaultPagingCycle; allowed: 0.32s, 0.64s, 1.28s, 2.56s, 5.12s, 10.24s)"},
        BrokenCase{"DurationFinerThanMicroseconds", kGen + kModem + "    power_saving: {t3324: 0.0000001s}\n",
                   "t.yaml:7:27: populations[0].power_saving.t3324: '0.0000001s': finer than a microsecond"},
        // network.smsc
        BrokenCase{"SmscRateZero", kGen + kModem + "network:\n  smsc: {rate: 0}\n",
                   "t.yaml:8:16: network.smsc.rate: expected a number above 0 and at most 1000000 (decimal digits, e.g. "
                   "30 or 2.5), found '0'"},
        BrokenCase{"SmscRateWithUnit", kGen + kModem + "network:\n  smsc: {rate: 30/s}\n",
                   "t.yaml:8:16: network.smsc.rate: expected a number above 0 and at most 1000000 (decimal digits, e.g. "
                   "30 or 2.5), found '30/s'"},
        BrokenCase{"SmscBurstZero", kGen + kModem + "network:\n  smsc: {burst: 0}\n",
                   "t.yaml:8:17: network.smsc.burst: expected a whole number from 1 to 4294967295, found 0"},
        BrokenCase{"SmscRetryEmpty", kGen + kModem + "network:\n  smsc: {retry: []}\n",
                   "t.yaml:8:17: network.smsc.retry: needs at least one wait (the last one repeats)"},
        BrokenCase{"SmscRetryZero", kGen + kModem + "network:\n  smsc: {retry: [1min, 0s]}\n",
                   "t.yaml:8:24: network.smsc.retry[1]: a retry wait must be longer than 0s, found 0s"},
        BrokenCase{"SmscRetryNotAList", kGen + kModem + "network:\n  smsc: {retry: 5min}\n",
                   "t.yaml:8:17: network.smsc.retry: expected a list, found the text '5min'"},
        BrokenCase{"SmscValidityZero", kGen + kModem + "network:\n  smsc: {validity: 0s}\n",
                   "t.yaml:8:20: network.smsc.validity: the default validity must be longer than 0s, found 0s"},
        BrokenCase{"SmscMaxBelowValidity", kGen + kModem + "network:\n  smsc: {validity: 2d, max_validity: 1d}\n",
                   "t.yaml:8:38: network.smsc.max_validity: the maximum validity 1d is shorter than the default "
                   "validity 2d"},
        BrokenCase{"SmscMaxBelowDefaultValidity", kGen + kModem + "network:\n  smsc: {max_validity: 12h}\n",
                   "t.yaml:8:24: network.smsc.max_validity: the maximum validity 12h is shorter than the default "
                   "validity (24h by default)"},
        BrokenCase{"SmscValidityAboveDefaultMax", kGen + kModem + "network:\n  smsc: {validity: 8d}\n",
                   "t.yaml:8:20: network.smsc.validity: the default validity 8d is longer than the maximum validity (7d "
                   "by default)"},
        BrokenCase{"SmscAddressNotDigits", kGen + kModem + "network:\n  smsc: {address: '86-138'}\n",
                   "t.yaml:8:19: network.smsc.address: expected an E.164 number: 1 to 15 digits, optionally after '+' "
                   "(ITU-T E.164 §6), found '86-138'"},
        BrokenCase{"SmscAddressTooLong", kGen + kModem + "network:\n  smsc: {address: '+8613800100500123'}\n",
                   "t.yaml:8:19: network.smsc.address: expected an E.164 number: 1 to 15 digits, optionally after '+' "
                   "(ITU-T E.164 §6), found '+8613800100500123'"},
        BrokenCase{"SmscAddressOnlyPlus", kGen + kModem + "network:\n  smsc: {address: '+'}\n",
                   "t.yaml:8:19: network.smsc.address: expected an E.164 number"},
        BrokenCase{"SmscUnknownKey", kGen + kModem + "network:\n  smsc: {rety: [1min]}\n",
                   "t.yaml:8:10: network.smsc.rety: unknown key; did you mean 'retry'?"},
        BrokenCase{"SmscNegativeLatency", kGen + kModem + "network:\n  smsc: {delivery_latency: -1s}\n",
                   "t.yaml:8:28: network.smsc.delivery_latency: '-1s': a duration cannot be negative"},
        // network.ran
        BrokenCase{"RanRejectWaitTooLong", kGen + kModem + "network:\n  ran: {reject_wait: 17s}\n",
                   "t.yaml:8:22: network.ran.reject_wait: expected whole seconds from 1s to 16s (TS 36.331 "
                   "RRCConnectionReject waitTime), found 17s"},
        BrokenCase{"RanRejectWaitFraction", kGen + kModem + "network:\n  ran: {reject_wait: 1.5s}\n",
                   "t.yaml:8:22: network.ran.reject_wait: expected whole seconds from 1s to 16s (TS 36.331 "
                   "RRCConnectionReject waitTime), found 1.5s"},
        BrokenCase{"RanRejectWaitZero", kGen + kModem + "network:\n  ran: {reject_wait: 0s}\n",
                   "t.yaml:8:22: network.ran.reject_wait: expected whole seconds from 1s to 16s"},
        BrokenCase{"RanBackoffReserved", kGen + kModem + "network:\n  ran: {backoff_indicator: 13}\n",
                   "t.yaml:8:28: network.ran.backoff_indicator: expected a whole number from 0 to 12, found 13"},
        BrokenCase{"RanNoCells", kGen + kModem + "network:\n  ran: {cells: 0}\n",
                   "t.yaml:8:16: network.ran.cells: expected a whole number from 1 to 65535, found 0"},
        BrokenCase{"RanNoCapacity", kGen + kModem + "network:\n  ran: {rrc_setups_per_second: 0.0}\n",
                   "t.yaml:8:32: network.ran.rrc_setups_per_second: expected a number above 0 and at most 1000000"},
        BrokenCase{"RanBurstZero", kGen + kModem + "network:\n  ran: {burst: 0}\n",
                   "t.yaml:8:16: network.ran.burst: expected a whole number from 1 to 4294967295, found 0"},
        BrokenCase{"RanUnknownKey", kGen + kModem + "network:\n  ran: {cell: 2}\n",
                   "t.yaml:8:9: network.ran.cell: unknown key; did you mean 'cells'?"},
        // network.mme
        BrokenCase{"MmeRateZero", kGen + kModem + "network:\n  mme: {attaches_per_second: 0}\n",
                   "t.yaml:8:30: network.mme.attaches_per_second: expected a number above 0 and at most 1000000 "
                   "(decimal digits, e.g. 30 or 2.5), found '0'"},
        BrokenCase{"MmeBurstZero", kGen + kModem + "network:\n  mme: {burst: 0}\n",
                   "t.yaml:8:16: network.mme.burst: expected a whole number from 1 to 4294967295, found 0"},
        BrokenCase{"MmeT3346NotWholeMinutes", kGen + kModem + "network:\n  mme: {t3346_min: 90s}\n",
                   "t.yaml:8:20: network.mme.t3346_min: expected whole minutes from 1min to 186min (T3346 is a GPRS "
                   "timer 2, TS 24.008 §10.5.7.4), found 90s"},
        BrokenCase{"MmeT3346Zero", kGen + kModem + "network:\n  mme: {t3346_min: 0s}\n",
                   "t.yaml:8:20: network.mme.t3346_min: expected whole minutes from 1min to 186min"},
        BrokenCase{"MmeT3346TooLong", kGen + kModem + "network:\n  mme: {t3346_max: 187min}\n",
                   "t.yaml:8:20: network.mme.t3346_max: expected whole minutes from 1min to 186min (T3346 is a GPRS "
                   "timer 2, TS 24.008 §10.5.7.4), found 187min"},
        BrokenCase{"MmeT3346MaxBelowMin", kGen + kModem + "network:\n  mme: {t3346_min: 10min, t3346_max: 5min}\n",
                   "t.yaml:8:38: network.mme.t3346_max: t3346_max 5min is shorter than t3346_min 10min"},
        BrokenCase{"MmeT3346MinAboveDefaultMax", kGen + kModem + "network:\n  mme: {t3346_min: 40min}\n",
                   "t.yaml:8:20: network.mme.t3346_min: t3346_min 40min is longer than t3346_max (30min by default)"},
        BrokenCase{"MmeT3346MaxBelowDefaultMin", kGen + kModem + "network:\n  mme: {t3346_max: 10min}\n",
                   "t.yaml:8:20: network.mme.t3346_max: t3346_max 10min is shorter than t3346_min (15min by default)"},
        BrokenCase{"MmeUnknownKey", kGen + kModem + "network:\n  mme: {attaches_per_secnd: 5}\n",
                   "t.yaml:8:9: network.mme.attaches_per_secnd: unknown key; did you mean 'attaches_per_second'?"},
        BrokenCase{"MmeNotAMap", kGen + kModem + "network:\n  mme: 20\n",
                   "t.yaml:8:8: network.mme: expected a map of keys (attaches_per_second, burst, t3346_min, "
                   "t3346_max), found the text '20'"},
        // campaigns
        BrokenCase{"CampaignsNotAList", kGen + kModem + "campaigns: {name: c}\n",
                   "t.yaml:7:12: campaigns: expected a list, found a map"},
        BrokenCase{"CampaignUnknownKey",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', refrsh: none}\n",
                   "t.yaml:8:83: campaigns[0].refrsh: unknown key; did you mean 'refresh'?"},
        BrokenCase{"CampaignMissingName",
                   kGen + kModem + "campaigns:\n  - {kind: write-card, population: meters, at: 1h, imsi_prefix: '46008'}\n",
                   "t.yaml:8:5: campaigns[0].name: required key is missing"},
        BrokenCase{"CampaignMissingAt",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, imsi_prefix: '46008'}\n",
                   "t.yaml:8:5: campaigns[0].at: required key is missing"},
        BrokenCase{"CampaignMissingImsiPrefix",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h}\n",
                   "t.yaml:8:5: campaigns[0].imsi_prefix: required key is missing"},
        BrokenCase{"CampaignKindUnknown",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-cards, population: meters, at: 1h, "
                   "imsi_prefix: '46008'}\n",
                   "t.yaml:8:21: campaigns[0].kind: unknown campaign kind 'write-cards'; did you mean 'write-card'? "
                   "(allowed: write-card, enable-profile, disable-profile, delete-profile, set-fallback, audit-eis, set-emergency, download-profile, get-eis, smsr-change, chip-suspend, chip-resume, chip-deactivate, chip-scrap, onelink-query, update-policy-rules)"},
        BrokenCase{"CampaignNoSuchPopulation",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: cars, at: 1h, "
                   "imsi_prefix: '46008'}\n",
                   "t.yaml:8:45: campaigns[0].population: no population named 'cars' (the populations: meters)"},
        BrokenCase{"CampaignUsimPopulation",
                   kGen + kUsim + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008'}\n",
                   "t.yaml:7:45: campaigns[0].population: population 'meters' has device_model usim; a write-card "
                   "campaign needs device_model modem"},
        BrokenCase{"CampaignDuplicateName",
                   kGen + kModem + kTrackers +
                       "campaigns:\n"
                       "  - {name: c, kind: write-card, population: meters, at: 1h, imsi_prefix: '46008'}\n"
                       "  - {name: c, kind: write-card, population: trackers, at: 1h, imsi_prefix: '46008'}\n",
                   "t.yaml:10:12: campaigns[1].name: campaign 'c' is defined twice (first as campaigns[0], line 9)"},
        BrokenCase{"CampaignRenumberingNotAfterTheFirst",
                   kGen + kModem +
                       "campaigns:\n"
                       "  - {name: c, kind: write-card, population: meters, at: 1h, imsi_prefix: '46008'}\n"
                       "  - {name: d, kind: write-card, population: meters, at: 1h, imsi_prefix: '46009'}\n",
                   "t.yaml:9:57: campaigns[1].at: a write-card campaign on population 'meters' must start after "
                   "write-card campaign 'c' (campaigns[0], line 8) on it: the cards take the writes in the campaigns' order"},
        BrokenCase{"CampaignRenumberingWithTheFirstsPrefix",
                   kGen + kModem +
                       "campaigns:\n"
                       "  - {name: c, kind: write-card, population: meters, at: 1h, imsi_prefix: '46008'}\n"
                       "  - {name: d, kind: write-card, population: meters, at: 2h, imsi_prefix: '46008'}\n",
                   "t.yaml:9:74: campaigns[1].imsi_prefix: '46008' is the IMSI prefix of write-card campaign 'c' on the same "
                   "population: a re-numbering needs new IMSIs"},
        BrokenCase{"CampaignImsiPrefixOfAPopulation",
                   kGen + kModem + kTrackers +
                       "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, imsi_prefix: '46007'}\n",
                   "t.yaml:9:74: campaigns[0].imsi_prefix: '46007' is the IMSI prefix of population 'trackers': the "
                   "new IMSIs must not collide with those the cards have"},
        // Device 10^9 + e of a 5-digit prefix has the IMSI of device e under
        // that prefix and one more digit 1.
        BrokenCase{"CampaignImsiCollidesWithALongerPrefix",
                   kGen +
                       "populations:\n"
                       "  - {name: a, count: 10, imsi_prefix: '460091'}\n"
                       "  - {name: b, count: 1000000000, device_model: modem}\n"
                       "campaigns:\n  - {name: c, kind: write-card, population: b, at: 1h, imsi_prefix: '46009'}\n",
                   "t.yaml:7:69: campaigns[0].imsi_prefix: '46009' gives some devices the IMSI a device of population "
                   "'a' has (its prefix 460091)"},
        BrokenCase{"CampaignImsiCollidesWithACampaign",
                   kGen +
                       "populations:\n"
                       "  - {name: a, count: 10, device_model: modem}\n"
                       "  - {name: b, count: 1000000000, device_model: modem}\n"
                       "campaigns:\n"
                       "  - {name: c, kind: write-card, population: a, at: 1h, imsi_prefix: '460091'}\n"
                       "  - {name: d, kind: write-card, population: b, at: 1h, imsi_prefix: '46009'}\n",
                   "t.yaml:8:69: campaigns[1].imsi_prefix: '46009' gives some devices the new IMSI campaign 'c' gives "
                   "a device (its prefix 460091)"},
        BrokenCase{"CampaignImsiPrefixTooShortForDevices",
                   kGen + "populations:\n  - {name: a, count: 1000000001, device_model: modem}\n"
                   "campaigns:\n  - {name: c, kind: write-card, population: a, at: 1h, imsi_prefix: '460091'}\n",
                   "t.yaml:6:69: campaigns[0].imsi_prefix: a 6-digit IMSI prefix leaves 9 digits for device numbers, "
                   "too few for devices 0 to 1000000000"},
        BrokenCase{"CampaignImsiPrefixLength",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '4600'}\n",
                   "t.yaml:8:74: campaigns[0].imsi_prefix: expected 5 or 6 digits (MCC and MNC), found '4600'"},
        BrokenCase{"CampaignValidityNotRelative",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', validity: 7min}\n",
                   "t.yaml:8:93: campaigns[0].validity: '7min' is no relative validity period (TS 23.040 §9.2.3.12.1: "
                   "5min steps to 12h, 30min steps to 24h, whole days to 30d, whole weeks to 63 weeks)"},
        BrokenCase{"CampaignValidityAboveSmscMax",
                   kGen + kModem + "network: {smsc: {max_validity: 1d}}\ncampaigns:\n  - {name: c, kind: write-card, "
                   "population: meters, at: 1h, imsi_prefix: '46008', validity: 2d}\n",
                   "t.yaml:9:93: campaigns[0].validity: '2d' is longer than network.smsc.max_validity: the SMSC would "
                   "cut it"},
        BrokenCase{"CampaignRefreshUnknown",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', refresh: uicc_reset}\n",
                   "t.yaml:8:92: campaigns[0].refresh: unknown refresh mode 'uicc_reset'; did you mean 'uicc-reset'? "
                   "(allowed: naa-init-full-file-change, naa-init, uicc-reset, naa-application-reset, "
                   "naa-session-reset, none)"},
        BrokenCase{"CampaignRefreshWithFileList",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', refresh: file-change}\n",
                   "t.yaml:8:92: campaigns[0].refresh: unknown refresh mode 'file-change' (allowed: "},
        BrokenCase{"CampaignOverAndBatches",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', over: 1h, batch_size: 5, batch_interval: 1min}\n",
                   "t.yaml:8:105: campaigns[0].batch_size: give either `over` (a uniform spread) or `batch_size` with `batch_interval`, not both"},
        BrokenCase{"CampaignBatchWithoutInterval",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', batch_size: 5}\n",
                   "t.yaml:8:95: campaigns[0].batch_size: `batch_size` needs `batch_interval`: the time between two batches"},
        BrokenCase{"CampaignIntervalWithoutBatch",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', batch_interval: 5min}\n",
                   "t.yaml:8:99: campaigns[0].batch_interval: `batch_interval` needs `batch_size`: the devices of one batch"},
        BrokenCase{"CampaignBatchIntervalZero",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', batch_size: 5, batch_interval: 0s}\n",
                   "t.yaml:8:114: campaigns[0].batch_interval: the time between two batches must be longer than 0s, found 0s"},
        BrokenCase{"CampaignBatchSizeZero",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008', batch_size: 0, batch_interval: 1min}\n",
                   "t.yaml:8:95: campaigns[0].batch_size: expected a whole number (1 or more), found 0"},
        // platforms.write_module
        BrokenCase{"WriteModuleNoWorkers", kGen + kModem + "platforms:\n  write_module: {workers: 0}\n", "t.yaml:8:27: platforms.write_module.workers: expected a whole number from 1 to 100000, found 0"},
        BrokenCase{"WriteModuleHostOfTheHss", kGen + kModem + "platforms:\n  write_module: {host: hss}\n", "t.yaml:8:24: platforms.write_module.host: 'hss' is the HSS's host name: the run file keeps one table per name"},
        BrokenCase{"WriteModuleTooManyAttempts", kGen + kModem + "platforms:\n  write_module: {max_attempts: 256}\n", "t.yaml:8:32: platforms.write_module.max_attempts: expected a whole number from 1 to 255, found 256"},
        BrokenCase{"WriteModuleNegativeService", kGen + kModem + "platforms:\n  write_module: {service_time: -1s}\n", "t.yaml:8:32: platforms.write_module.service_time: '-1s': a duration cannot be negative"},
        BrokenCase{"WriteModuleRateZero", kGen + kModem + "platforms:\n  write_module: {submit_rate: 0}\n", "t.yaml:8:31: platforms.write_module.submit_rate: expected a number above 0 and at most 1000000 (decimal digits, e.g. 30 or 2.5), found '0'"},
        BrokenCase{"WriteModuleUnknownKey", kGen + kModem + "platforms:\n  write_module: {worker: 2}\n", "t.yaml:8:18: platforms.write_module.worker: unknown key; did you mean 'workers'?"},
        BrokenCase{"WriteModuleFaultWithoutCampaigns",
                   kGen + kModem + "faults:\n  - {at: 1min, target: write-module, action: outage}\n", "t.yaml:8:24: faults[0].target: 'write-module': the write module runs only with write-card campaigns; this scenario has none"},
        BrokenCase{"WriteModuleFaultDegrade",
                   kGen + kModem + "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 1h, "
                   "imsi_prefix: '46008'}\nfaults:\n  - {at: 1min, target: write-module, action: degrade}\n", "t.yaml:10:46: faults[0].action: unknown action for the write module 'degrade' (allowed: outage, crash, restore-backup, clock-skew)"}),
    [](const ::testing::TestParamInfo<BrokenCase>& info) { return std::string(info.param.name); });

}  // namespace test_scenario_modem
