#pragma once
// Scenario text of the engine tests with international cards
// (test_sm_sr_runs.cpp, test_onelink_runs.cpp, test_sm_dp_runs.cpp) and of
// the loader tests with them.
#include <string>

namespace twinsim::testing {

// populations[i] `name`: `count` LTE-M trackers with the eUICC profiles
// `profiles` (list items, one per line), up in the first minute, PSM after
// `t3324` with a periodic TAU every `t3412`, their RRC connection released
// 20 s after the last exchange; `extra` continues the population's map.
inline std::string lte_m_trackers(const std::string& name, int count, const std::string& profiles,
                                  const std::string& t3324, const std::string& t3412, const std::string& extra = "") {
  return "  - name: " + name + "\n"
         "    count: " + std::to_string(count) + "\n"
         "    card: international\n"
         "    profile: " ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof\n"
         "    euicc:\n"
         "      platform: " ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof\n"
         "      profiles:\n" + profiles + extra +
         "    modem: lte-m\n"
         "    device_model: modem\n"
         "    power_saving: {t3324: " + t3324 + ", t3412: " + t3412 + "}\n"
         "    connected: 20s\n"
         "    start: {profile: uniform, at: 0s, over: 1min}\n"
         "    activity: {period: 24h, jitter: 1h}\n";
}

// populations[i] `trackers`: lte_m_trackers with China Mobile's profile
// enabled (fall-back) and a German operator's (DE-MNO) disabled.
inline std::string trackers_population(int count, const std::string& t3324, const std::string& t3412) {
  return lte_m_trackers("trackers", count,
                        "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
                        "        - {operator: DE-MNO, imsi_prefix: '26202'}\n",
                        t3324, t3412);
}

// campaigns[i]: the German profile enabled on the trackers from 5 min, 10
// a minute; `extra` continues the map (", validity: 5min").
inline std::string switch_trackers_campaign(const std::string& extra = "") {
  return "  - {name: local, kind: enable-profile, population: trackers, profile: DE-MNO, at: 5min, "
         "batch_size: 10, batch_interval: 1min" + extra + "}\n";
}

// populations[i] `importers`: lte_m_trackers made for China Mobile (its
// profile enabled) to which the SM-DP downloads a German operator's profile
// (DE-MNO, not installed, the partner-eu SAIP package, whose PIN1 is 1234);
// no PSM in the first 10 min after an exchange, so that each SMS of a
// download reaches them at once.
inline std::string importers_population(int count) {
  return lte_m_trackers("importers", count,
                        "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
                        "        - {operator: DE-MNO, imsi_prefix: '26202', state: not-installed, package: " ESIMTWIN_SOURCE_DIR
                        "/profiles/saip/partner-eu.der}\n",
                        "10min", "20min", "    pin: '1234'\n");
}

// The scenario files of the loader tests (test_scenario_euicc.cpp,
// test_scenario_sm_dp.cpp): `general` and a population `trackers` of 10
// international cards whose profiles list opens on line 9.
inline const std::string kLoaderGeneral = "general:\n  stop: 1h\n";
inline const std::string kLoaderCards =
    "populations:\n"
    "  - name: trackers\n"
    "    count: 10\n"
    "    card: international\n"
    "    device_model: modem\n"
    "    euicc:\n"
    "      profiles:\n";
// The profiles list of those files (lines 10-11): China Mobile's enabled
// (fall-back), a German operator's not installed (package p.der).
inline const std::string kLoaderProfiles =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202', state: not-installed, package: p.der}\n";

// network.topology of the engine tests with platforms far apart
// (test_platform_latency_runs.cpp, test_platform_notification_runs.cpp):
// the HSS (where the SMSC sits) and the devices' RAN site in Beijing, China
// Mobile's SM-SR (node sr-bj) 20 ms from the core; a German SM-SR (sr-fra)
// and SM-DP (dp-fra) in Frankfurt, 154 ms and 155 ms from the core: 175 ms
// between the German SM-DP and China Mobile's SM-SR.
inline const std::string kBeijingFrankfurt =
    "network:\n"
    "  topology:\n"
    "    nodes:\n"
    "      - {name: ran, kind: ran_mme}\n"
    "      - {name: core, kind: core_router}\n"
    "      - {name: hss, kind: hss}\n"
    "      - {name: sr-bj, kind: sm_sr}\n"
    "      - {name: fra, kind: core_router}\n"
    "      - {name: sr-fra, kind: sm_sr}\n"
    "      - {name: dp-fra, kind: platform}\n"
    "    links:\n"
    "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
    "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
    "      - {name: core-sr, from: core, to: sr-bj, latency: 20ms}\n"
    "      - {name: intl, from: core, to: fra, latency: 150ms}\n"
    "      - {name: fra-sr, from: fra, to: sr-fra, latency: 4ms}\n"
    "      - {name: fra-dp, from: fra, to: dp-fra, latency: 5ms}\n";

}  // namespace twinsim::testing
