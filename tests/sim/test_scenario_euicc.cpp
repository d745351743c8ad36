// Scenario files with international cards (card international, SGP.02
// eUICCs), the SM-SR (platforms.sm_sr) and enable-profile campaigns: what
// loads, and the message every mistake gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_euicc {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// An international population; its profiles list starts on line 9.
const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
const std::string kTwo =
    "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
    "        - {operator: DE-MNO, imsi_prefix: '26202'}\n";
const std::string kEnable =
    "campaigns:\n  - {name: c, kind: enable-profile, population: trackers, at: 10min, profile: DE-MNO}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

TEST(ScenarioEuicc, AnInternationalPopulationKeepsItsProfilesInOrder) {
  const twinsim::Scenario s = load(kGen + kCards + kTwo + kEnable);
  const twinsim::PopulationSpec& p = s.populations.at(0);
  EXPECT_EQ(p.card, "international");
  ASSERT_EQ(p.euicc_profiles.size(), 2u);
  EXPECT_EQ(p.euicc_profiles[0].operator_name, "CMCC");
  EXPECT_TRUE(p.euicc_profiles[0].enabled);
  EXPECT_TRUE(p.euicc_profiles[0].fallback);
  EXPECT_EQ(p.euicc_profiles[1].imsi_prefix, "26202");
  EXPECT_FALSE(p.euicc_profiles[1].enabled);
  EXPECT_FALSE(p.euicc_profiles[1].fallback);
  // The population's IMSI prefix is its first profile's.
  EXPECT_EQ(p.imsi_prefix, "46000");
  ASSERT_EQ(s.campaigns.size(), 1u);
  EXPECT_EQ(s.campaigns[0].kind, twinsim::CampaignKind::EnableProfile);
  EXPECT_EQ(s.campaigns[0].profile, 1);
}

// subscribers: none: the HSS has none for the profile's IMSIs (hss, the
// default: one per device).
TEST(ScenarioEuicc, AProfileMayHaveNoSubscribersAtTheHss) {
  const twinsim::Scenario s = load(kGen + kCards +
                                   "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, subscribers: hss}\n"
                                   "        - {operator: DE-MNO, imsi_prefix: '26202', subscribers: none}\n"
                                   "        - {operator: FR-MNO, imsi_prefix: '20801'}\n" +
                                   kEnable);
  const twinsim::PopulationSpec& p = s.populations.at(0);
  ASSERT_EQ(p.euicc_profiles.size(), 3u);
  EXPECT_TRUE(p.euicc_profiles[0].hss_subscribers);
  EXPECT_FALSE(p.euicc_profiles[1].hss_subscribers);
  EXPECT_TRUE(p.euicc_profiles[2].hss_subscribers);
}

TEST(ScenarioEuicc, TheSmSrTakesARestoreOfItsRecordsFromABackup) {
  const twinsim::Scenario s =
      load(kGen + kCards + kTwo + kEnable +
           "faults:\n  - {at: 20min, target: sm-sr, action: restore-backup, backup_at: 10min}\n");
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::SmSr);
  EXPECT_EQ(s.faults[0].action, twinsim::FaultAction::RestoreBackup);
  EXPECT_EQ(s.faults[0].at_s, 1200);
  EXPECT_EQ(s.faults[0].backup_at_s, 600);
}

TEST(ScenarioEuicc, TheSmSrTakesItsServerKeys) {
  const twinsim::Scenario s = load(kGen + kCards + kTwo +
                                   "platforms:\n  sm_sr: {host: smsr-1, address: '8613900200888', max_attempts: 5, "
                                   "workers: 2, service_time: 250ms, queue_limit: 40, admission_rate: 5, burst: 10, "
                                   "failure_ratio: 0.25}\n" +
                                   kEnable + "faults:\n  - {at: 20min, target: sm-sr, action: outage, for: 5min}\n");
  EXPECT_EQ(s.sm_srs[0].host, "smsr-1");
  EXPECT_EQ(s.sm_srs[0].address, "8613900200888");
  EXPECT_EQ(s.sm_srs[0].max_attempts, 5u);
  EXPECT_EQ(s.sm_srs[0].server.workers, 2u);
  EXPECT_EQ(s.sm_srs[0].server.default_service, 250 * twinmodels::kMs);
  EXPECT_EQ(s.sm_srs[0].server.queue_limit, 40u);
  ASSERT_TRUE(s.sm_srs[0].server.admission);
  EXPECT_EQ(s.sm_srs[0].server.admission->per_second, 5);
  EXPECT_EQ(s.sm_srs[0].server.admission->burst, 10u);
  EXPECT_EQ(s.sm_srs[0].server.failure_ratio, 0.25);
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::SmSr);
}

TEST(ScenarioEuicc, OneLinkFollowsThePopulationsItNames) {
  const twinsim::Scenario s = load(kGen + kCards + kTwo +
                                   "  - {name: meters, count: 5, device_model: modem}\n"
                                   "platforms:\n  onelink: {populations: [meters, trackers], offline_alert: 2h, history: 8}\n");
  ASSERT_EQ(s.onelink.populations.size(), 2u);
  EXPECT_EQ(s.onelink.populations[0], 1);
  EXPECT_EQ(s.onelink.populations[1], 0);
  ASSERT_TRUE(s.onelink.offline_alert_s);
  EXPECT_EQ(*s.onelink.offline_alert_s, 7200);
  EXPECT_EQ(s.onelink.history, 8u);
  // The customer's queries at OneLink (the source document §3.2.1).
  const twinsim::Scenario q = load(kGen + kCards + kTwo + "platforms:\n  onelink: {populations: [trackers]}\n"
                                   "campaigns:\n  - {name: q, kind: onelink-query, population: trackers, at: 1min, over: 1h}\n");
  ASSERT_EQ(q.campaigns.size(), 1u);
  EXPECT_EQ(q.campaigns[0].kind, twinsim::CampaignKind::OneLinkQuery);
  EXPECT_EQ(q.campaigns[0].over_s, 3600.0);
  EXPECT_FALSE(twinsim::carried_by_sm_sr(twinsim::CampaignKind::OneLinkQuery));
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioEuiccBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"EuiccOnDomesticCard",
                   kGen + "populations:\n  - name: meters\n    count: 10\n    euicc: {profiles: []}\n",
                   "t.yaml:6:12: populations[0].euicc: applies to card international only"},
        BrokenCase{"InternationalWithImsiPrefix", kGen + kCards + kTwo + "    imsi_prefix: '46004'\n",
                   "t.yaml:12:18: populations[0].imsi_prefix: an international card's IMSI prefixes are its "
                   "profiles' (euicc.profiles[k].imsi_prefix)"},
        BrokenCase{"InternationalUsim",
                   kGen + "populations:\n  - name: trackers\n    count: 10\n    card: international\n"
                          "    euicc:\n      profiles:\n" + kTwo,
                   "t.yaml:6:11: populations[0].card: card international needs device_model modem (the usim "
                   "model drives a USIM only)"},
        BrokenCase{"NoProfiles", kGen + kCards.substr(0, kCards.size() - 1) + " []\n",
                   "t.yaml:9:17: populations[0].euicc.profiles: needs at least one profile"},
        BrokenCase{"NoProfileEnabled", kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46000'}\n",
                   "t.yaml:10:9: populations[0].euicc.profiles: no profile has state: enabled (SGP.02: one "
                   "profile is enabled)"},
        BrokenCase{"TwoEnabled",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46000', state: enabled}\n"
                                   "        - {operator: DE-MNO, imsi_prefix: '26202', state: enabled}\n",
                   "t.yaml:11:59: populations[0].euicc.profiles[1].state: a second enabled profile (SGP.02: "
                   "one profile is enabled)"},
        BrokenCase{"TwoFallback",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46000', state: enabled, fallback: true}\n"
                                   "        - {operator: DE-MNO, imsi_prefix: '26202', fallback: true}\n",
                   "t.yaml:11:62: populations[0].euicc.profiles[1].fallback: a second profile with the "
                   "fall-back attribute (SGP.02 §3.4: at most one)"},
        BrokenCase{"SameOperatorTwice",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46000', state: enabled}\n"
                                   "        - {operator: CMCC, imsi_prefix: '46002'}\n",
                   "t.yaml:11:22: populations[0].euicc.profiles[1].operator: operator 'CMCC' has a profile on "
                   "the card already"},
        BrokenCase{"SamePrefixTwice",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46000', state: enabled}\n"
                                   "        - {operator: CMHK, imsi_prefix: '46000'}\n",
                   "t.yaml:11:41: populations[0].euicc.profiles[1].imsi_prefix: '46000' is the IMSI prefix of "
                   "the profile of 'CMCC' already"},
        BrokenCase{"BadSubscribers",
                   kGen + kCards + kTwo.substr(0, kTwo.size() - 2) + ", subscribers: nobody}\n",
                   "t.yaml:11:65: populations[0].euicc.profiles[1].subscribers: unknown subscribers at the HSS 'nobody'"},
        BrokenCase{"EmptySubscribers",
                   kGen + kCards + kTwo.substr(0, kTwo.size() - 2) + ", subscribers: ''}\n",
                   "t.yaml:11:65: populations[0].euicc.profiles[1].subscribers: unknown subscribers at the HSS ''"},
        BrokenCase{"BadProfileState",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46000', state: on}\n",
                   "t.yaml:10:57: populations[0].euicc.profiles[0].state: unknown profile state 'on'"},
        BrokenCase{"EnableOnDomestic",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n" + kCards.substr(13) +
                       kTwo + "campaigns:\n  - {name: c, kind: enable-profile, population: meters, at: 10min, "
                              "profile: DE-MNO}\n",
                   "t.yaml:14:49: campaigns[0].population: population 'meters' has card domestic; the SM-SR's "
                   "campaigns need card international"},
        BrokenCase{"WriteCardOnInternational",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: write-card, population: trackers, at: "
                                          "10min, imsi_prefix: '46008'}\n",
                   "t.yaml:13:45: campaigns[0].population: population 'trackers' has card international; a "
                   "write-card campaign needs card domestic"},
        BrokenCase{"EnableUnknownProfile",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: enable-profile, population: trackers, at: "
                                          "10min, profile: FR-MNO}\n",
                   "t.yaml:13:79: campaigns[0].profile: population 'trackers' has no profile of operator "
                   "'FR-MNO' (its profiles: CMCC, DE-MNO)"},
        BrokenCase{"EnableWithImsiPrefix",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: enable-profile, population: trackers, at: "
                                          "10min, profile: DE-MNO, imsi_prefix: '46008'}\n",
                   "t.yaml:13:100: campaigns[0].imsi_prefix: applies to write-card campaigns only"},
        BrokenCase{"EnableWithoutProfile",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: enable-profile, population: trackers, at: "
                                          "10min}\n",
                   "t.yaml:13:5: campaigns[0].profile: required key is missing"},
        BrokenCase{"AuditWithProfile",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: audit-eis, population: trackers, at: "
                                          "10min, profile: CMCC}\n",
                   "t.yaml:13:74: campaigns[0].profile: an audit names no profile: it reads them all"},
        BrokenCase{"DisableOnDomestic",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n"
                          "campaigns:\n  - {name: c, kind: disable-profile, population: meters, at: 10min, profile: X}\n",
                   "t.yaml:6:50: campaigns[0].population: population 'meters' has card domestic; the SM-SR's "
                   "campaigns need card international"},
        BrokenCase{"SetFallbackWithoutProfile",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: set-fallback, population: trackers, at: 10min}\n",
                   "t.yaml:13:5: campaigns[0].profile: required key is missing"},
        BrokenCase{"SmSrBadAddress", kGen + kCards + kTwo + "platforms:\n  sm_sr: {address: '+8613900'}\n",
                   "t.yaml:13:20: platforms.sm_sr.address: expected an E.164 number of 1 to 15 digits, found "
                   "'+8613900'"},
        BrokenCase{"SmSrBurstWithoutRate", kGen + kCards + kTwo + "platforms:\n  sm_sr: {burst: 10}\n",
                   "t.yaml:13:18: platforms.sm_sr.burst: `burst` needs `admission_rate`: the requests per second "
                   "it admits"},
        BrokenCase{"SmSrFailureRatio", kGen + kCards + kTwo + "platforms:\n  sm_sr: {failure_ratio: 1.5}\n",
                   "t.yaml:13:26: platforms.sm_sr.failure_ratio: expected a share from 0 to 1, found '1.5'"},
        BrokenCase{"SmSrSameHostAsHss", kGen + kCards + kTwo + "platforms:\n  sm_sr: {host: hss}\n",
                   "t.yaml:13:17: platforms.sm_sr.host: 'hss' is the host name of another platform: the run file "
                   "keeps one table per name"},
        BrokenCase{"SmSrFaultWithoutCampaign",
                   kGen + kCards + kTwo + "faults:\n  - {at: 20min, target: sm-sr, action: outage, for: 5min}\n",
                   "t.yaml:13:25: faults[0].target: 'sm-sr': the SM-SRs run only with their campaigns (enable-profile, "
                   "...); this scenario has none"},
        BrokenCase{"QueryWithoutOneLink",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: q, kind: onelink-query, population: trackers, at: 1min}\n",
                   "t.yaml:13:21: campaigns[0].kind: 'onelink-query' is the customers' query at OneLink, which runs "
                   "only with platforms.onelink; this scenario has none"},
        BrokenCase{"QueryNotFollowed",
                   kGen + kCards + kTwo + "  - {name: meters, count: 5, device_model: modem}\n"
                                          "platforms:\n  onelink: {populations: [trackers]}\n"
                                          "campaigns:\n  - {name: q, kind: onelink-query, population: meters, at: 1min}\n",
                   "t.yaml:16:48: campaigns[0].population: population 'meters' is not one platforms.onelink follows "
                   "(it follows: trackers)"},
        BrokenCase{"QueryProfile",
                   kGen + kCards + kTwo + "platforms:\n  onelink: {populations: [trackers]}\n"
                                          "campaigns:\n  - {name: q, kind: onelink-query, population: trackers, at: 1min, "
                                          "profile: DE-MNO}\n",
                   "t.yaml:15:77: campaigns[0].profile: an onelink-query campaign takes name, kind, population, at, over, "
                   "batch_size, batch_interval and cards_per_request only"},
        BrokenCase{"OneLinkUnknownPopulation", kGen + kCards + kTwo + "platforms:\n  onelink: {populations: [cars]}\n",
                   "t.yaml:13:27: platforms.onelink.populations[0]: no population named 'cars' (the populations: "
                   "trackers)"},
        BrokenCase{"OneLinkUsimPopulation",
                   kGen + kCards + kTwo + "  - {name: meters, count: 5}\nplatforms:\n  onelink: {populations: [meters]}\n",
                   "t.yaml:14:27: platforms.onelink.populations[0]: population 'meters' has device_model usim; "
                   "OneLink follows device_model modem populations"},
        BrokenCase{"OneLinkTwice",
                   kGen + kCards + kTwo + "platforms:\n  onelink: {populations: [trackers, trackers]}\n",
                   "t.yaml:13:37: platforms.onelink.populations[1]: population 'trackers' is listed twice"},
        BrokenCase{"OneLinkNoPopulations", kGen + kCards + kTwo + "platforms:\n  onelink: {offline_alert: 1h}\n",
                   "t.yaml:13:12: platforms.onelink.populations: required key is missing"},
        BrokenCase{"OneLinkZeroAlert",
                   kGen + kCards + kTwo + "platforms:\n  onelink: {populations: [trackers], offline_alert: 0s}\n",
                   "t.yaml:13:53: platforms.onelink.offline_alert: an offline limit must be longer than 0s"},
        BrokenCase{"SmSrRestoreWithoutItsBackup",
                   kGen + kCards + kTwo + kEnable + "faults:\n  - {at: 20min, target: sm-sr, action: restore-backup}\n",
                   "t.yaml:15:5: faults[0].backup_at: required key is missing"},
        BrokenCase{"SmSrRestoreOfALaterBackup",
                   kGen + kCards + kTwo + kEnable +
                       "faults:\n  - {at: 20min, target: sm-sr, action: restore-backup, backup_at: 30min}\n",
                   "t.yaml:15:67: faults[0].backup_at: the backup must be older than the restore (at 20min)"},
        BrokenCase{"SmSrFaultAction",
                   kGen + kCards + kTwo + kEnable + "faults:\n  - {at: 20min, target: sm-sr, action: degrade}\n",
                   "t.yaml:15:40: faults[0].action: unknown action for the SM-SR 'degrade'"}));

}  // namespace test_scenario_euicc
