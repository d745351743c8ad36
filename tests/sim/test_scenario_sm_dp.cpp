// Scenario files with the SM-DP: eUICC profiles with state not-installed
// (the SM-DP's stock, their SAIP package), platforms.sm_dp and
// download-profile campaigns: what loads, and the message every mistake
// gets (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_sm_dp {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

// An international population; its profiles list starts on line 9.
const std::string& kGen = twinsim::testing::kLoaderGeneral;
const std::string& kCards = twinsim::testing::kLoaderCards;
const std::string kTwo =
    "        - {operator: DE-MNO, imsi_prefix: '26202', state: enabled}\n"
    "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed, package: p.der}\n";
const std::string kDownload =
    "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: 10min, profile: CMCC}\n";

twinsim::Scenario load(const std::string& text) { return twinsim::parse_scenario(text, "t.yaml"); }

TEST(ScenarioSmDp, ANotInstalledProfileIsTheSmDpsStock) {
  const twinsim::Scenario s = load(kGen + kCards + kTwo + kDownload);
  const twinsim::PopulationSpec& p = s.populations.at(0);
  ASSERT_EQ(p.euicc_profiles.size(), 2u);
  EXPECT_TRUE(p.euicc_profiles[0].installed);
  EXPECT_FALSE(p.euicc_profiles[1].installed);
  EXPECT_FALSE(p.euicc_profiles[1].enabled);
  EXPECT_EQ(p.euicc_profiles[1].package, "p.der");
  ASSERT_EQ(s.campaigns.size(), 1u);
  EXPECT_EQ(s.campaigns[0].kind, twinsim::CampaignKind::DownloadProfile);
  EXPECT_EQ(s.campaigns[0].profile, 1);
  EXPECT_TRUE(s.campaigns[0].enable);  // ES2.DownloadProfile's EnableProfile, by default
}

TEST(ScenarioSmDp, TheSmDpTakesItsServerKeysAndItsFaults) {
  const twinsim::Scenario s =
      load(kGen + kCards +
           "        - {operator: DE-MNO, imsi_prefix: '26202', state: enabled}\n"
           "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed}\n"
           "platforms:\n  sm_dp: {host: smdp-1, workers: 3, service_time: 1s, queue_limit: 50, admission_rate: 2, "
           "burst: 4, failure_ratio: 0.5}\n"
           "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: 10min, profile: CMCC, "
           "enable: false}\n"
           "faults:\n  - {at: 20min, target: sm-dp, action: outage, for: 5min}\n");
  EXPECT_EQ(s.populations[0].euicc_profiles[1].package, "profiles/saip/cmcc-m2m.der");
  EXPECT_EQ(s.sm_dps[0].host, "smdp-1");
  EXPECT_EQ(s.sm_dps[0].server.workers, 3u);
  EXPECT_EQ(s.sm_dps[0].server.default_service, twinmodels::kSecond);
  EXPECT_EQ(s.sm_dps[0].server.queue_limit, 50u);
  ASSERT_TRUE(s.sm_dps[0].server.admission);
  EXPECT_EQ(s.sm_dps[0].server.admission->per_second, 2);
  EXPECT_EQ(s.sm_dps[0].server.admission->burst, 4u);
  EXPECT_EQ(s.sm_dps[0].server.failure_ratio, 0.5);
  EXPECT_FALSE(s.campaigns[0].enable);
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, twinsim::FaultTarget::SmDp);
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioSmDpBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"FirstProfileNotInstalled",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed}\n",
                   "t.yaml:10:57: populations[0].euicc.profiles[0].state: the first profile is on the card from "
                   "the factory; not-installed needs a later one"},
        BrokenCase{"PackageOfAnInstalledProfile",
                   kGen + kCards + "        - {operator: CMCC, imsi_prefix: '46004', state: enabled, package: p.der}\n",
                   "t.yaml:10:75: populations[0].euicc.profiles[0].package: applies to profiles with state: "
                   "not-installed (the SM-DP's SAIP package)"},
        BrokenCase{"FallbackOfANotInstalledProfile",
                   kGen + kCards + "        - {operator: DE-MNO, imsi_prefix: '26202', state: enabled}\n"
                                   "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed, fallback: true}\n",
                   "t.yaml:11:82: populations[0].euicc.profiles[1].fallback: a profile not on the card has no "
                   "attributes there"},
        BrokenCase{"EmptyPackage",
                   kGen + kCards + "        - {operator: DE-MNO, imsi_prefix: '26202', state: enabled}\n"
                                   "        - {operator: CMCC, imsi_prefix: '46004', state: not-installed, package: ''}\n",
                   "t.yaml:11:81: populations[0].euicc.profiles[1].package: must name a SAIP package file"},
        BrokenCase{"DownloadAnInstalledProfile",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: "
                                          "10min, profile: DE-MNO}\n",
                   "t.yaml:13:81: campaigns[0].profile: the profile of 'DE-MNO' is on the cards from the factory; a "
                   "download needs one with state: not-installed"},
        BrokenCase{"DownloadWithoutProfile",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: "
                                          "10min}\n",
                   "t.yaml:13:5: campaigns[0].profile: required key is missing"},
        BrokenCase{"DownloadOnDomestic",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n"
                          "campaigns:\n  - {name: c, kind: download-profile, population: meters, at: 10min, profile: X}\n",
                   "t.yaml:6:51: campaigns[0].population: population 'meters' has card domestic; the SM-SR's "
                   "campaigns need card international"},
        BrokenCase{"BadEnable",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: download-profile, population: trackers, at: "
                                          "10min, profile: CMCC, enable: yes}\n",
                   "t.yaml:13:95: campaigns[0].enable: unknown enable 'yes'"},
        BrokenCase{"EnableOnAnEnableProfileCampaign",
                   kGen + kCards + kTwo + "campaigns:\n  - {name: c, kind: enable-profile, population: trackers, at: "
                                          "10min, profile: CMCC, enable: true}\n",
                   "t.yaml:13:93: campaigns[0].enable: applies to download-profile campaigns only"},
        BrokenCase{"EnableOnWriteCard",
                   kGen + "populations:\n  - {name: meters, count: 5, device_model: modem}\n"
                          "campaigns:\n  - {name: c, kind: write-card, population: meters, at: 10min, "
                          "imsi_prefix: '46008', enable: true}\n",
                   "t.yaml:6:94: campaigns[0].enable: applies to the SM-SR's and the SM-DP's campaigns only"},
        BrokenCase{"SmDpSameHostAsSmSr", kGen + kCards + kTwo + "platforms:\n  sm_dp: {host: sm-sr}\n",
                   "t.yaml:13:17: platforms.sm_dp.host: 'sm-sr' is the host name of SM-SR 'SM-SR': the run file "
                   "keeps one table per name"},
        BrokenCase{"SmDpFailureRatio", kGen + kCards + kTwo + "platforms:\n  sm_dp: {failure_ratio: -1}\n",
                   "t.yaml:13:26: platforms.sm_dp.failure_ratio: expected a share from 0 to 1, found '-1'"},
        BrokenCase{"SmDpUnknownKey", kGen + kCards + kTwo + "platforms:\n  sm_dp: {address: '8613900'}\n",
                   "t.yaml:13:11: platforms.sm_dp.address: unknown key"},
        BrokenCase{"SmDpFaultWithoutCampaign",
                   kGen + kCards + kTwo + "faults:\n  - {at: 20min, target: sm-dp, action: outage, for: 5min}\n",
                   "t.yaml:13:25: faults[0].target: 'sm-dp': the SM-DPs run only with download-profile campaigns; "
                   "this scenario has none"},
        BrokenCase{"SmDpFaultAction",
                   kGen + kCards + kTwo + kDownload + "faults:\n  - {at: 20min, target: sm-dp, action: degrade}\n",
                   "t.yaml:15:40: faults[0].action: unknown action for the SM-DP 'degrade'"}));

}  // namespace test_scenario_sm_dp
