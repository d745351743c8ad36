// ES5 over HTTPS in engine runs (SGP.02 §2.4.4; GP Amendment B;
// sim/twinsim/engine/bip_links.hpp, docs/SCENARIOS.md euicc.scp81): the
// SM-SR's push SMS makes each eUICC open a BIP channel to the SM-SR's
// admin server; the TLS-PSK session carries the function's script and its
// R-APDUs; the tracker switches to the German profile, restarts on it and
// its notification comes back. The same run over SMS needs more SMS; a run
// repeats itself, TLS records included; the loader's checks.
#include <gtest/gtest.h>

#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_https_runs {

using namespace twinsim::testing;

const std::string kProfiles =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";

// `count` trackers (PSM after 10 min, TAU every 20 min), the German profile
// enabled from 5 min, 10 a minute; with `https` the eUICCs have SCP81 keys
// and the SM-SR an admin server.
twinsim::Scenario trackers(int count, bool https) {
  const std::string text =
      "general: {name: https-runs, seed: 21, stop: 40min}\npopulations:\n" +
      lte_m_trackers("trackers", count, kProfiles, "10min", "20min", https ? "      scp81: true\n" : "") +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr: {workers: 4, service_time: 50ms" +
      std::string(https ? ", https: {address: 192.0.2.10, host: smsr.cmcc.example}" : "") + "}\n" +
      "campaigns:\n" + switch_trackers_campaign();
  return twinsim::parse_scenario(text, "https-runs.yaml");
}

TEST(HttpsRuns, EnableProfileGoesOverTheEuiccsHttpsSessions) {
  const Outcome r = run(trackers(20, true), "https-enable");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 20);
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("smsr.expired"), 0);
  EXPECT_EQ(m.at("smsr.notifications"), 20);
  EXPECT_EQ(m.at("refreshes"), 20);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("devices_registered"), 20);
  // Per tracker one session for the SM-SR's address and EnableProfile
  // (queued together: they share the session), one for the notification's
  // confirmation; each opened by a push of one SMS.
  EXPECT_EQ(m.at("https.sessions"), 40);
  EXPECT_EQ(m.at("https.unreachable"), 0);
  EXPECT_EQ(m.at("sms.submitted"), 40);
  EXPECT_GT(m.at("https.bytes_up"), 20 * 1000);
  EXPECT_GT(m.at("https.bytes_down"), 20 * 1000);
  // Over SMS: three SMS per tracker (the address, EnableProfile, the
  // confirmation), no session.
  const Outcome sms = run(trackers(20, false), "sms-enable");
  EXPECT_EQ(sms.metrics.at("smsr.done"), 20);
  EXPECT_EQ(sms.metrics.at("sms.submitted"), 60);
  EXPECT_EQ(sms.metrics.at("https.sessions"), 0);
}

// `count` trackers on HTTPS with China Mobile's SM-SR handed to a German
// one from 5 min (10 a minute), which enables the German profile from 20
// min; with `german_https` the German SM-SR has an admin server too.
twinsim::Scenario handed_over(int count, bool german_https) {
  const std::string text =
      "general: {name: https-change, seed: 23, stop: 40min}\npopulations:\n" +
      lte_m_trackers("trackers", count, kProfiles, "10min", "20min", "      scp81: true\n") +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', https: {address: 192.0.2.10, host: smsr.cmcc.example}}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777'" +
      std::string(german_https ? ", https: {address: 198.51.100.20, host: smsr.de.example}" : "") + "}\n" +
      "campaigns:\n"
      "  - {name: hand-over, kind: smsr-change, population: trackers, to: SM-SR-DE, at: 5min, batch_size: 10, "
      "batch_interval: 1min}\n"
      "  - {name: german, kind: enable-profile, population: trackers, profile: DE-MNO, at: 20min}\n";
  return twinsim::parse_scenario(text, "https-change.yaml");
}

// `count` importers (euicc_run_scenarios.hpp) downloading the German
// profile from 5 min, 10 a minute; with `https` over the SM-SR's admin
// server.
twinsim::Scenario https_importers(int count, bool https) {
  const std::string text =
      "general: {name: https-download, seed: 25, stop: 40min}\npopulations:\n" +
      lte_m_trackers("importers", count,
                     "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
                     "        - {operator: DE-MNO, imsi_prefix: '26202', state: not-installed, package: " ESIMTWIN_SOURCE_DIR
                     "/profiles/saip/partner-eu.der}\n",
                     "10min", "20min", std::string(https ? "      scp81: true\n" : "") + "    pin: '1234'\n") +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr: {workers: 4, service_time: 50ms" +
      std::string(https ? ", https: {address: 192.0.2.10, host: smsr.cmcc.example}" : "") + "}\n" +
      "campaigns:\n"
      "  - {name: import, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, batch_size: 10, "
      "batch_interval: 1min}\n";
  return twinsim::parse_scenario(text, "https-download.yaml");
}

// The SM-DP's download to eUICCs its SM-SR reaches over HTTPS goes in the
// SCP03t form (SGP.02 §4.1.3.3: the ISD-P's session by TLVs, the package in
// '86' segments) through the SM-SR's HTTPS sessions; the profile installs,
// is enabled and the trackers attach with it. Over SMS the same campaign
// takes no session.
TEST(HttpsRuns, ADownloadGoesOverHttpsWithScp03t) {
  const Outcome r = run(https_importers(10, true), "https-download");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smdp.done"), 10);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  EXPECT_EQ(m.at("refreshes"), 10);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("devices_registered"), 10);
  // Per tracker: CreateISDP, the key establishment's two scripts, '84',
  // '85' and the segments (answers over the channel's 1024 bytes come in
  // pieces), EnableProfile, the notification's confirmation: sessions, each
  // opened by one push SMS (the push for the first SendData to the new
  // ISD-P is acknowledged by the ISD-R's PoR too: not pushed again).
  EXPECT_GE(m.at("https.sessions"), 10 * 8);
  EXPECT_EQ(m.at("https.unreachable"), 0);
  EXPECT_EQ(m.at("https.refused"), 0);
  EXPECT_EQ(m.at("sms.submitted"), m.at("https.sessions"));
  EXPECT_EQ(m.at("smsr.notifications"), 10);
  // Over SMS: the STORE DATA form, no session.
  const Outcome sms = run(https_importers(10, false), "sms-download");
  EXPECT_EQ(sms.metrics.at("smdp.done"), 10);
  EXPECT_EQ(sms.metrics.at("devices_registered"), 10);
  EXPECT_EQ(sms.metrics.at("https.sessions"), 0);
}

TEST(HttpsRuns, AnSmSrChangeGivesTheNewSmSrItsOwnPskAndHttpsSessions) {
  const Outcome both = run(handed_over(10, true), "https-change");
  const Outcome sms_after = run(handed_over(10, false), "https-change-sms");
  for (const Outcome* r : {&both, &sms_after}) {
    EXPECT_EQ(r->metrics.at("smsr.changes_done"), 10);
    EXPECT_EQ(r->metrics.at("smsr.changes_failed"), 0);
    EXPECT_EQ(r->metrics.at("smsr.done"), 10);  // the German SM-SR's EnableProfile
    EXPECT_EQ(r->metrics.at("smsr.notifications"), 10);
    EXPECT_EQ(r->metrics.at("refreshes"), 10);
    EXPECT_EQ(r->metrics.at("https.unreachable"), 0);
  }
  // Per tracker, with both admin servers: China Mobile's session for its
  // address, four for the two key establishments' SendData (the SCP80 key
  // set and the German SM-SR's PSK, '41'); the German SM-SR's for
  // FinaliseISDRhandover, UpdateConnectivityParameters, EnableProfile and
  // the notification's confirmation; each session opened by a push SMS.
  EXPECT_EQ(both.metrics.at("https.sessions"), 90);
  EXPECT_EQ(both.metrics.at("sms.submitted"), 90);
  // Without the German admin server: no PSK for it, China Mobile's three
  // sessions (address, two SendData) and pushes, the German SM-SR's four
  // scripts over SMS.
  EXPECT_EQ(sms_after.metrics.at("https.sessions"), 30);
  EXPECT_EQ(sms_after.metrics.at("sms.submitted"), 70);
}

TEST(HttpsRuns, AnAdminServerAtItsMostSessionsRefusesTheNextConnection) {
  // One session at a time for 20 trackers, 10 a minute: the connections
  // that meet a session under way are refused, the link drops, and the
  // SM-SR sends the push again (an attempt failed, as a lost PoR).
  twinsim::Scenario s = trackers(20, true);
  s.sm_srs[0].https->max_sessions = 1;
  const Outcome r = run(s, "https-busy");
  const auto& m = r.metrics;
  EXPECT_GT(m.at("https.refused"), 0);
  EXPECT_EQ(m.at("https.unreachable"), 0);
  EXPECT_EQ(m.at("smsr.done") + m.at("smsr.expired") + m.at("smsr.failed"), 20);
  EXPECT_GT(m.at("smsr.done"), 0);
  // The pushes sent again: more SMS than one per session.
  EXPECT_GT(m.at("sms.submitted"), m.at("https.sessions"));
}

// The SM-SR's process dies at `at_s` and is up 40 s later, before the
// second batch (6 min).
void crash_sm_sr(twinsim::Scenario& s, double at_s) {
  twinsim::FaultSpec crash;
  crash.at_s = at_s;
  crash.target = twinsim::FaultTarget::SmSr;
  crash.action = twinsim::FaultAction::Crash;
  crash.restart_s = 40;
  s.faults.push_back(crash);
}

// Every call done, each profile enabled once; the connections the crash
// refused or cut, the sessions and the SMS.
void expect_every_call_done_once(const Outcome& r, double crashed, double sessions, double submitted) {
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("https.crashed"), crashed);
  EXPECT_EQ(m.at("https.sessions"), sessions);
  EXPECT_EQ(m.at("sms.submitted"), submitted);
  EXPECT_EQ(m.at("smsr.done"), 20);
  EXPECT_EQ(m.at("smsr.failed"), 0);
  EXPECT_EQ(m.at("smsr.expired"), 0);
  EXPECT_EQ(m.at("refreshes"), 20) << "each profile enabled once";
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("https.unreachable"), 0);
}

TEST(HttpsRuns, ConnectionsWhileTheSmSrIsCrashedFindNothingListeningAndTheRestartPushesAgain) {
  // The first batch's pushes reach the cards at about 301.5 s; their
  // connections (each bearer up 1.5 s later) reach the admin server while
  // the SM-SR is down (301.6 s to 341.6 s) and find nothing listening. At
  // the restart each function awaiting its session is pushed again.
  twinsim::Scenario s = trackers(20, true);
  crash_sm_sr(s, 301.6);
  // As without the crash (40 sessions, 40 pushes): the 10 refused are no
  // sessions; the 10 pushes again are.
  expect_every_call_done_once(run(s, "https-crash-down"), 10, 40, 50);
}

TEST(HttpsRuns, TheSmSrsCrashCutsTheSessionsUnderWayAndTheRestartPushesAgain) {
  // The SM-SR 300 ms from the core: each session's round trips stretch it
  // over 3.5 s from about 301.3 s. The crash at 303.5 s cuts the first
  // batch's sessions before their scripts: each card's next bytes meet a
  // reset and its channel drops. At the restart (343.5 s) each function is
  // pushed again, and its new session runs it.
  twinsim::Scenario s = twinsim::parse_scenario(
      "general: {name: https-cut, seed: 21, stop: 40min}\npopulations:\n" +
          lte_m_trackers("trackers", 20, kProfiles, "10min", "20min", "      scp81: true\n") +
          "engine: {multiplexers: 2}\n"
          "platforms:\n"
          "  sm_sr: {workers: 4, service_time: 50ms, node: sr, https: {address: 192.0.2.10, host: smsr.cmcc.example}}\n"
          "network:\n  topology:\n    nodes:\n"
          "      - {name: ran, kind: ran_mme}\n      - {name: core, kind: core_router}\n"
          "      - {name: hss, kind: hss}\n      - {name: sr, kind: sm_sr}\n"
          "    links:\n"
          "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
          "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
          "      - {name: core-sr, from: core, to: sr, latency: 300ms}\n"
          "campaigns:\n" + switch_trackers_campaign(),
      "https-cut.yaml");
  crash_sm_sr(s, 303.5);
  // The 10 cut, and each opened again: 50 sessions, 50 pushes.
  expect_every_call_done_once(run(s, "https-crash-cut"), 10, 50, 50);
}

TEST(HttpsRuns, ARunOverHttpsRepeatsItself) {
  const Outcome a = run(trackers(10, true), "https-a");
  expect_same_outcome(a, run(trackers(10, true), "https-b"));
}

const std::string& kGen = kLoaderGeneral;
const std::string& kCards = kLoaderCards;

INSTANTIATE_TEST_SUITE_P(
    HttpsRuns, ScenarioErrors,
    testing::Values(
        BrokenCase{"Scp81WithoutAdminServer",
                   kGen + kCards + kProfiles + "      scp81: true\nplatforms:\n  sm_sr: {workers: 2}\n",
                   "t.yaml:12:14: populations[0].euicc.scp81: the eUICCs' SCP81 defaults name their SM-SR's admin "
                   "server, and SM-SR 'SM-SR' has none (platforms.sm_sr[i].https)"},
        BrokenCase{"Scp81NotABoolean", kGen + kCards + kProfiles + "      scp81: yes\n",
                   "t.yaml:12:14: populations[0].euicc.scp81: "},
        BrokenCase{"AdminServerBadAddress",
                   kGen + kCards + kProfiles + "platforms:\n  sm_sr: {https: {address: 192.0.2.300, host: a.example}}\n",
                   "t.yaml:13:28: platforms.sm_sr.https.address: expected an IPv4 address in dotted decimal (192.0.2.10), "
                   "found '192.0.2.300'"},
        BrokenCase{"AdminServerWithoutHost",
                   kGen + kCards + kProfiles + "platforms:\n  sm_sr: {https: {address: 192.0.2.3}}\n",
                   "t.yaml:13:18: platforms.sm_sr.https.host: required key is missing"},
        BrokenCase{"AdminServerBadUri",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr: {https: {address: 192.0.2.3, host: a.example, uri: gp}}\n",
                   "t.yaml:13:61: platforms.sm_sr.https.uri: expected an absolute path starting with '/' (/gp/ram), found 'gp'"},
        BrokenCase{"AdminServerTooManySessions",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr: {https: {address: 192.0.2.3, host: a.example, max_sessions: 100001}}\n",
                   "t.yaml:13:70: platforms.sm_sr.https.max_sessions: expected a whole number from 1 to 100000, found 100001"},
        BrokenCase{"AdminServerAddressTwice",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr:\n"
                       "    - {id: A, https: {address: 192.0.2.3, host: a.example}}\n"
                       "    - {id: B, host: b, address: '4917', https: {address: 192.0.2.3, host: b.example}}\n",
                   "t.yaml:15:48: platforms.sm_sr[1].https: the admin server's address is that of SM-SR 'A'"}));

}  // namespace test_https_runs
