// Scenario::device_count adds up the populations.
#include <gtest/gtest.h>

#include "twinsim/scenario/scenario.hpp"

namespace test_scenario_count {

TEST(ScenarioStruct, DeviceCountIsTheSumOfThePopulations) {
  twinsim::Scenario s;
  EXPECT_EQ(s.device_count(), 0u);
  s.populations.resize(3);
  s.populations[0].count = 10;
  s.populations[1].count = 0;
  s.populations[2].count = 5'000'000'000ull;
  EXPECT_EQ(s.device_count(), 5'000'000'010ull);
}

}  // namespace test_scenario_count
