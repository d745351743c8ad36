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

namespace {

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

}  // namespace

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

TEST(HttpsRuns, ARunOverHttpsRepeatsItself) {
  const Outcome a = run(trackers(10, true), "https-a");
  const Outcome b = run(trackers(10, true), "https-b");
  EXPECT_EQ(a.metrics, b.metrics);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].t, b.events[i].t) << i;
    EXPECT_EQ(a.events[i].kind, b.events[i].kind) << i;
    EXPECT_EQ(a.events[i].value, b.events[i].value) << i;
  }
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
        BrokenCase{"AdminServerAddressTwice",
                   kGen + kCards + kProfiles +
                       "platforms:\n  sm_sr:\n"
                       "    - {id: A, https: {address: 192.0.2.3, host: a.example}}\n"
                       "    - {id: B, host: b, address: '4917', https: {address: 192.0.2.3, host: b.example}}\n",
                   "t.yaml:15:48: platforms.sm_sr[1].https: the admin server's address is that of SM-SR 'A'"}));
