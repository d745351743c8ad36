#pragma once
// Scenario text of the engine tests with international cards
// (test_sm_sr_runs.cpp, test_onelink_runs.cpp, test_sm_dp_runs.cpp).
#include <string>

namespace twinsim::testing {

// populations[i] `trackers`: `count` LTE-M trackers with China Mobile's
// profile enabled (fall-back) and a German operator's (DE-MNO) disabled, up
// in the first minute, PSM after `t3324` with a periodic TAU every `t3412`,
// their RRC connection released 20 s after the last exchange.
inline std::string trackers_population(int count, const std::string& t3324, const std::string& t3412) {
  return "  - name: trackers\n"
         "    count: " + std::to_string(count) + "\n"
         "    card: international\n"
         "    profile: " ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof\n"
         "    euicc:\n"
         "      platform: " ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof\n"
         "      profiles:\n"
         "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
         "        - {operator: DE-MNO, imsi_prefix: '26202'}\n"
         "    modem: lte-m\n"
         "    device_model: modem\n"
         "    power_saving: {t3324: " + t3324 + ", t3412: " + t3412 + "}\n"
         "    connected: 20s\n"
         "    start: {profile: uniform, at: 0s, over: 1min}\n"
         "    activity: {period: 24h, jitter: 1h}\n";
}

// campaigns[i]: the German profile enabled on the trackers from 5 min, 10
// a minute; `extra` continues the map (", validity: 5min").
inline std::string switch_trackers_campaign(const std::string& extra = "") {
  return "  - {name: local, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, "
         "batch_size: 10, batch_interval: 1min" + extra + "}\n";
}

// populations[i] `importers`: `count` LTE-M trackers made for China Mobile
// (its profile enabled) to which the SM-DP downloads a German operator's
// profile (DE-MNO, not installed, the partner-eu SAIP package, whose PIN1
// is 1234); no PSM in the first 10 min after an exchange, so that each SMS
// of a download reaches them at once.
inline std::string importers_population(int count) {
  return "  - name: importers\n"
         "    count: " + std::to_string(count) + "\n"
         "    card: international\n"
         "    profile: " ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof\n"
         "    euicc:\n"
         "      platform: " ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof\n"
         "      profiles:\n"
         "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
         "        - {operator: DE-MNO, imsi_prefix: '26202', state: not-installed, package: " ESIMTWIN_SOURCE_DIR
         "/profiles/saip/partner-eu.der}\n"
         "    pin: '1234'\n"
         "    modem: lte-m\n"
         "    device_model: modem\n"
         "    power_saving: {t3324: 10min, t3412: 20min}\n"
         "    connected: 20s\n"
         "    start: {profile: uniform, at: 0s, over: 1min}\n"
         "    activity: {period: 24h, jitter: 1h}\n";
}

}  // namespace twinsim::testing
