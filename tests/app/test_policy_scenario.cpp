// The shipped POL2 scenario (scenarios/policy-auto-delete.yaml): 200
// trackers switched to the German profile, its POL2 set to DISABLE
// Auto-Delete by its MNO (ES4.UpdatePolicyRules), the profile disabled when
// the contract ends: the SM-SR deletes it from every tracker after the
// fall-back's notification, and the German operator is told of each
// deletion (HandleProfileDeletedNotification in the platform log).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_policy_scenario {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

TEST(PolicyScenario, ShippedAutoDeleteScenarioDeletesEveryGermanProfile) {
  const std::string out = temp_path("policy-auto-delete.h5");
  const std::string log = temp_path("policy-auto-delete.jsonl");
  const auto r = run_esimtwin("run scenarios/policy-auto-delete.yaml --no-progress -o " + out + " --platform-log " + log);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  std::ifstream in(log);
  std::size_t deleted = 0, to_german = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("HandleProfileDeletedNotification") == std::string::npos) continue;
    ++deleted;
    to_german += line.find("DE-MNO") != std::string::npos;
  }
  EXPECT_EQ(deleted, 200u);
  EXPECT_EQ(to_german, 200u);
}

}  // namespace test_policy_scenario
