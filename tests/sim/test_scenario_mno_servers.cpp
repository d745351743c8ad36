// The MNOs' notification endpoints as servers in a scenario (platforms.mno;
// docs/SCENARIOS.md, "The platforms' notifications"; SGP.02 §5.1.3): what
// loads, and the message every mistake gets.
#include <gtest/gtest.h>

#include "euicc_run_scenarios.hpp"
#include "scenario_errors.hpp"

namespace test_scenario_mno_servers {

using twinsim::testing::BrokenCase;
using twinsim::testing::ScenarioErrors;

const std::string& kGen = twinsim::testing::kLoaderGeneral;
// The population (lines 3-11), platforms from line 12 on.
const std::string kPop = twinsim::testing::kLoaderCards + twinsim::testing::kLoaderProfiles;
const std::string kEnable = "campaigns:\n  - {name: e, kind: enable-profile, population: trackers, at: 10min, profile: DE-MNO}\n";

// The SM-SR on line 13, platforms.mno on line 14, its items from line 15.
std::string with_mnos(const std::string& items, const std::string& sm_sr = "{workers: 2}") {
  return kGen + kPop + "platforms:\n  sm_sr: " + sm_sr + "\n  mno:" + items + "\n" + kEnable;
}

TEST(ScenarioMnoServers, EachListedMnoIsAServer) {
  const twinsim::Scenario s = twinsim::parse_scenario(
      with_mnos("\n    - {operator: CMCC, workers: 2, service_time: 300ms, queue_limit: 5, admission_rate: 2, burst: 3, "
                "failure_ratio: 0.25}\n    - {operator: DE-MNO, host: de-endpoint}"),
      "t.yaml");
  ASSERT_EQ(s.mno_servers.size(), 2u);
  const twinsim::MnoServerSpec& cmcc = s.mno_servers[0];
  EXPECT_EQ(cmcc.operator_name, "CMCC");
  EXPECT_EQ(cmcc.host, "mno-CMCC");
  EXPECT_EQ(cmcc.server.workers, 2u);
  EXPECT_EQ(cmcc.server.default_service, 300 * twinmodels::kMs);
  EXPECT_EQ(cmcc.server.queue_limit, 5u);
  ASSERT_TRUE(cmcc.server.admission);
  EXPECT_EQ(cmcc.server.admission->per_second, 2);
  EXPECT_EQ(cmcc.server.admission->burst, 3u);
  EXPECT_EQ(cmcc.server.failure_ratio, 0.25);
  EXPECT_EQ(s.mno_servers[1].operator_name, "DE-MNO");
  EXPECT_EQ(s.mno_servers[1].host, "de-endpoint");
  EXPECT_FALSE(s.mno_servers[1].server.admission);
  EXPECT_TRUE(twinsim::parse_scenario(kGen + kPop + "platforms:\n  sm_sr: {workers: 2}\n" + kEnable, "t.yaml").mno_servers.empty());
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioMnoServersBroken, ScenarioErrors,
    ::testing::Values(
        BrokenCase{"NotAList", with_mnos(" {operator: CMCC}"), "t.yaml:14:8: platforms.mno: expected a list of MNOs, found a map"},
        BrokenCase{"EmptyList", with_mnos(" []"), "t.yaml:14:8: platforms.mno: needs at least one MNO"},
        BrokenCase{"NoOperator", with_mnos("\n    - {workers: 2}"),
                   "t.yaml:15:7: platforms.mno[0].operator: required key is missing"},
        BrokenCase{"UnknownOperator", with_mnos("\n    - {operator: XX}"),
                   "t.yaml:15:18: platforms.mno[0].operator: no MNO 'XX' among the populations' profiles (their "
                   "operators: CMCC, DE-MNO)"},
        BrokenCase{"OperatorTwice", with_mnos("\n    - {operator: CMCC}\n    - {operator: CMCC}"),
                   "t.yaml:16:18: platforms.mno[1].operator: MNO 'CMCC' is listed twice"},
        BrokenCase{"UnknownKey", with_mnos("\n    - {operator: CMCC, service_times: {a: 1s}}"),
                   "t.yaml:15:24: platforms.mno[0].service_times: unknown key; did you mean 'service_time'?"},
        BrokenCase{"HostOfTheSmSr", with_mnos("\n    - {operator: CMCC, host: sm-sr}"),
                   "t.yaml:15:30: platforms.mno[0].host: 'sm-sr' is the host name of another platform: the run file "
                   "keeps one table per name"},
        BrokenCase{"HostOfOneNetsServer",
                   with_mnos("\n    - {operator: CMCC, host: iot}", "{workers: 2}\n  onenet: {populations: [trackers], host: iot}"),
                   "t.yaml:16:30: platforms.mno[0].host: 'iot' is the host name of another platform: the run file "
                   "keeps one table per name"},
        BrokenCase{"HostTwice", with_mnos("\n    - {operator: CMCC, host: x}\n    - {operator: DE-MNO, host: x}"),
                   "t.yaml:16:32: platforms.mno[1].host: 'x' is the host name of MNO 'CMCC': the run file keeps one "
                   "table per name"},
        BrokenCase{"NoWorkers", with_mnos("\n    - {operator: CMCC, workers: 0}"),
                   "t.yaml:15:33: platforms.mno[0].workers: expected a whole number from 1 to 100000, found 0"},
        BrokenCase{"NegativeServiceTime", with_mnos("\n    - {operator: CMCC, service_time: -1s}"),
                   "t.yaml:15:38: platforms.mno[0].service_time: '-1s': a duration cannot be negative"},
        BrokenCase{"NoQueue", with_mnos("\n    - {operator: CMCC, queue_limit: 0}"),
                   "t.yaml:15:37: platforms.mno[0].queue_limit: expected a whole number (1 or more), found 0"},
        BrokenCase{"NoAdmissionRate", with_mnos("\n    - {operator: CMCC, admission_rate: 0}"),
                   "t.yaml:15:40: platforms.mno[0].admission_rate: expected a number above 0 and at most 1000000 (decimal digits, e.g. 30 or 2.5), "
                   "found '0'"},
        BrokenCase{"BurstWithoutRate", with_mnos("\n    - {operator: CMCC, burst: 4}"),
                   "t.yaml:15:31: platforms.mno[0].burst: `burst` needs `admission_rate`: the requests per second it "
                   "admits"},
        BrokenCase{"NoBurst", with_mnos("\n    - {operator: CMCC, admission_rate: 2, burst: 0}"),
                   "t.yaml:15:50: platforms.mno[0].burst: expected a whole number from 1 to 4294967295, found 0"},
        BrokenCase{"FailureRatioAboveOne", with_mnos("\n    - {operator: CMCC, failure_ratio: 1.5}"),
                   "t.yaml:15:39: platforms.mno[0].failure_ratio: expected a share from 0 to 1, found '1.5'"}),
    [](const ::testing::TestParamInfo<BrokenCase>& i) { return std::string(i.param.name); });

}  // namespace test_scenario_mno_servers
