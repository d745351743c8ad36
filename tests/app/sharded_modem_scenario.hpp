#pragma once
// Small scenarios of the modem model for sharded runs' tests (docs/SCALING.md,
// "Sharded runs"): on four multiplexers, NB-IoT meters in PSM and LTE-M
// trackers with eDRX and their own MO SMS, usim sensors beside them,
// cells and MMEs that reject in a storm; a regional power cut at 10 min,
// an HSS outage at 12 min, an SMSC crash at 15 min and an exception-report
// burst at 16 min; devices 10 and 301 traced.
#include <string>

#include "esimtwin_process.hpp"

namespace esimtwin::testing {

inline std::string sharded_modem_scenario() {
  return esimtwin::testing::write_temp(
      "sharded-modems.yaml",
      "general: {name: sharded-modems, seed: 31, stop: 25min}\n"
      "populations:\n"
      "  - {name: meters, count: 300, modem: nb-iot, device_model: modem, region: cn-east, "
      "start: {profile: uniform, at: 0s, over: 4min}, activity: {period: 10min, jitter: 1min}, "
      "power_saving: {t3324: 1min, t3412: 30min}}\n"
      "  - {name: trackers, count: 200, modem: lte-m, device_model: modem, region: cn-east, activity_sms: 2, "
      "start: {profile: uniform, at: 0s, over: 4min}, activity: {period: 5min, jitter: 30s}, "
      "power_saving: {edrx: {cycle: 20.48s, ptw: 5.12s}}}\n"
      "  - {name: sensors, count: 100, region: cn-north, start: {profile: uniform, at: 0s, over: 4min}, "
      "activity: {period: 10min, jitter: 1min}}\n"
      "platforms:\n  hss: {cores: 1, flops_per_vector: 10Mf}\n"
      "network:\n"
      "  ran: {rrc_setups_per_second: 10, burst: 5, max_admission_delay: 1s, reject_wait: 5s, backoff_indicator: 9, "
      "cells: 2}\n"
      "  mme: {attaches_per_second: 5, burst: 5, t3346_min: 1min, t3346_max: 3min}\n"
      "engine: {multiplexers: 4}\n"
      "trace: {devices: [10, 301]}\n"
      "faults:\n"
      "  - {at: 10min, target: region:cn-east, action: power-cycle, over: 5s}\n"
      "  - {at: 12min, target: hss, action: outage, for: 30s}\n"
      "  - {at: 15min, target: smsc, action: crash, restart: 1min}\n"
      "  - {at: 16min, target: population:trackers, action: exception-report, over: 30s}\n"
      "expectations:\n"
      "  - \"power_cycles == 500\"\n"
      "  - \"rrc_rejected > 0\"\n"
      "  - \"mme.congestion_rejects > 0\"\n"
      "  - \"sms.mo > 0\"\n"
      "  - \"sms.mo_refused > 0\"\n"
      "  - \"exception_reports == 200\"\n"
      "  - \"devices_registered == 500\"\n");
}

// Modem devices followed by OneLink (data and SMS usage, their alerts, an
// offline alert, the customer's queries of its API while the trackers
// power-cycle), OneNET (data points) and the chip management platform
// (the meters suspended at 59 min, most in PSM, and resumed at 80 min; the
// trackers deactivated at about 95 min), on four multiplexers: the
// trackers power-cycled at 1 h, device 7 switched off at 60 min.
inline std::string sharded_platforms_scenario() {
  return esimtwin::testing::write_temp(
      "sharded-platforms.yaml",
      "general: {name: sharded-platforms, seed: 44, stop: 2h}\n"
      "populations:\n"
      "  - {name: meters, count: 200, modem: nb-iot, device_model: modem, region: cn-north, imsi_prefix: \"46004\", "
      "power_saving: {t3324: 1min, t3412: 2h}, connected: 10s, start: {profile: uniform, at: 0s, over: 10min}, "
      "activity: {period: 30min, jitter: 2min}, activity_data: 2kB, activity_sms: 1}\n"
      "  - {name: trackers, count: 100, modem: lte-m, device_model: modem, region: cn-east, imsi_prefix: \"46008\", "
      "start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min, jitter: 1min}, activity_data: 6kB}\n"
      "platforms:\n"
      "  onelink: {populations: [meters, trackers], data_alert: 10kB, billing_period: 1d, sms_alert: 2, "
      "offline_alert: 40min, workers: 1, service_time: 20s}\n"
      "  onenet: {populations: [meters]}\n"
      "  chip_management: {populations: [meters, trackers], workers: 1, service_time: 200ms}\n"
      "engine: {multiplexers: 4}\n"
      "campaigns:\n"
      "  - {name: ask, kind: onelink-query, population: trackers, at: 50min, over: 20min, cards_per_request: 4}\n"
      "  - {name: stop, kind: chip-suspend, population: meters, at: 59min, over: 1min}\n"
      "  - {name: start, kind: chip-resume, population: meters, at: 80min, over: 1min}\n"
      "  - {name: close, kind: chip-deactivate, population: trackers, at: 5680s, over: 30s}\n"
      "faults:\n"
      "  - {at: 1h, target: population:trackers, action: power-cycle, over: 10s}\n"
      "  - {at: 60min, target: device:7, action: power-off}\n"
      "expectations:\n"
      "  - \"onelink.data_bytes > 0\"\n"
      "  - \"onelink.usage_alerts > 0\"\n"
      "  - \"onelink.sms_mo > 0\"\n"
      "  - \"onelink.sms_alerts > 0\"\n"
      "  - \"onelink.alerts > 0\"\n"
      "  - \"onenet.datapoints > 0\"\n"
      "  - \"onenet.devices_offline > 0\"\n"
      "  - \"onelink.query_requests_answered > 0\"\n"
      "  - \"chip.detaches > 0\"\n"
      "  - \"chip.detaches_local > 0\"\n"
      "  - \"chip.isd_lifts > 0\"\n"
      "  - \"chip.attaches_barred > 0\"\n");
}

// The shipped import of China Mobile's profile (a download by SMS through
// the SM-DP and the SM-SR, chip management and OneLink following) with 30
// eUICCs in eDRX on two multiplexers for 40 min, tracker 3 traced.
inline std::string sharded_euicc_scenario() {
  std::string text =
      "general:\n"
      "  name: sharded-euicc\n"
      "  seed: 2027\n"
      "  stop: 40min\n"
      "populations:\n"
      "  - name: imported\n"
      "    count: 30\n"
      "    card: international\n"
      "    euicc:\n"
      "      profiles:\n"
      "        - {operator: DE-MNO, imsi_prefix: \"26202\", state: enabled, fallback: true}\n"
      "        - {operator: CMCC, imsi_prefix: \"46004\", state: not-installed, package: " ESIMTWIN_SOURCE_DIR "/profiles/saip/cmcc-m2m.der}\n"
      "    pin: \"1234\"\n"
      "    grade: industrial\n"
      "    modem: lte-m\n"
      "    device_model: modem\n"
      "    power_saving: {edrx: {cycle: 20.48s, ptw: 5.12s}}\n"
      "    connected: 20s\n"
      "    start: {profile: uniform, at: 0s, over: 5min}\n"
      "    activity: {period: 24h, jitter: 2h}\n"
      "platforms:\n"
      "  sm_dp: {workers: 2, service_time: 200ms, admission_rate: 10, burst: 30}\n"
      "  sm_sr: {workers: 4, service_time: 50ms, max_attempts: 3}\n"
      "  onelink: {populations: [imported], offline_alert: 1h}\n"
      "  chip_management: {populations: [imported], workers: 2, service_time: 100ms}\n"
      "network:\n"
      "  smsc: {rate: 100, burst: 100, validity: 1d}\n"
      "campaigns:\n"
      "  - name: china-mobile\n"
      "    kind: download-profile\n"
      "    population: imported\n"
      "    profile: CMCC\n"
      "    enable: true\n"
      "    at: 10min\n"
      "    batch_size: 30\n"
      "    batch_interval: 1min\n"
      "engine: {multiplexers: 2}\n"
      "trace:\n"
      "  devices: [3]\n"
      "expectations:\n"
      "  - \"handover.done == devices\"\n"
      "  - \"smdp.done == devices\"\n"
      "  - \"chip.profiles_downloaded == devices\"\n";
  return esimtwin::testing::write_temp("sharded-euicc.yaml", text);
}

}  // namespace esimtwin::testing
