#pragma once
// The write-card campaign of the platform-node tests (test_platform_node_runs.cpp,
// test_platform_links_runs.cpp): meters re-numbered by the write module,
// their chips followed by chip management, both far from the SMSC or not.
#include <string>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim::testing {

// Beijing: the RAN site, the HSS (where the SMSC sits), the write module
// 40 ms from the core (41 ms from the SMSC) and chip management 30 ms from
// it (70 ms from the write module, 31 ms from the HSS), behind
// `cm_bandwidth` (empty: the default core bandwidth, 100 MB/s).
inline std::string beijing_write_and_chips(const std::string& cm_bandwidth = "") {
  return "network:\n"
         "  topology:\n"
         "    nodes:\n"
         "      - {name: ran, kind: ran_mme}\n"
         "      - {name: core, kind: core_router}\n"
         "      - {name: hss, kind: hss}\n"
         "      - {name: wm-bj, kind: platform}\n"
         "      - {name: cm-bj, kind: platform}\n"
         "    links:\n"
         "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
         "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
         "      - {name: core-wm, from: core, to: wm-bj, latency: 40ms}\n"
         "      - {name: core-cm, from: core, to: cm-bj, latency: 30ms" +
         (cm_bandwidth.empty() ? std::string() : ", bandwidth: " + cm_bandwidth) + "}\n";
}

// `count` meters awake 10 s after each activity, re-numbered from 10 min,
// 10 a minute, their chips followed by chip management; with `far` the
// write module and chip management at their nodes of
// beijing_write_and_chips(cm_bandwidth), else with the SMSC; `extra`
// (top-level sections, such as faults) at the end.
inline twinsim::Scenario renumbered_meters(int count, bool far, const std::string& cm_bandwidth = "",
                                           const std::string& extra = "") {
  const std::string text =
      "general: {name: node-runs, seed: 5, stop: 40min}\n"
      "populations:\n"
      "  - {name: meters, count: " + std::to_string(count) + ", device_model: modem, modem: nb-iot, profile: "
      ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof, power_saving: {t3324: 2min, t3412: 5min}, connected: 10s, "
      "start: {profile: uniform, at: 0s, over: 2min}, activity: {period: 7min, jitter: 1min}}\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  write_module: {workers: 2" + std::string(far ? ", node: wm-bj" : "") + "}\n"
      "  chip_management: {populations: [meters]" + std::string(far ? ", node: cm-bj" : "") + "}\n" +
      beijing_write_and_chips(cm_bandwidth) +
      "campaigns:\n"
      "  - {name: renumber, kind: write-card, population: meters, at: 10min, batch_size: 10, batch_interval: 1min, "
      "imsi_prefix: '46008'}\n" +
      extra;
  return twinsim::parse_scenario(text, "node-runs.yaml");
}

}  // namespace twinsim::testing
